namespace BackpropGen.Tests.Interop
{
    // The networks of the PyTorch fixtures (Fixtures/interop/make_fixtures.py), declared as the script builds them.

    /// <summary>nn.Sequential(Linear(2, 3), Sigmoid(), Linear(3, 2), Sigmoid()), each layer's biases equal.</summary>
    [Network(2, 3, 2, Activation.Logistic)]
    public partial class Fx_LogisticShared { }

    /// <summary>nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2)).</summary>
    [Network(3, 4, 2, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron)]
    public partial class Fx_TanhIdentity { }

    /// <summary>nn.Sequential(Linear(4, 5), ReLU(), Linear(5, 3), Softmax(dim=-1)).</summary>
    [Network(4, 5, 3, Activation.ReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron)]
    public partial class Fx_ReluSoftmax { }

    /// <summary>nn.Sequential(Linear(2, 3, bias=False), LeakyReLU(0.01), Linear(3, 1, bias=False), Sigmoid()).</summary>
    [Network(2, 3, 1, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Bias = BiasMode.None)]
    public partial class Fx_LeakyNoBias { }

    /// <summary>nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 4), Tanh(), Linear(4, 2), Sigmoid()), in the vectorised shape.</summary>
    [Network(3, 4, 4, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Vectorized)]
    public partial class Fx_Deep { }

    /// <summary>A network with a member of its own named Description: INetwork.Description is implemented explicitly, so both exist.</summary>
    [Network(2, 2, 1, Activation.Logistic)]
    public partial class Fx_WithOwnDescription
    {
        public string Description => "a user's own member";
    }
}
