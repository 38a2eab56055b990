using BackpropGen;

namespace InteropSample
{
    /// <summary>The network of PyTorch's nn.Sequential(Linear(1, 8), Tanh(), Linear(8, 1)): a regressor of sin(x).</summary>
    [Network(1, 8, 1, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05)]
    public partial class SineNetwork { }
}
