namespace BackpropGen.Tests
{
    /// <summary>A network that is not the article's, for the walkthrough and diagram tests.</summary>
    [Network(2, 3, 2, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class SmallClassifier
    {
    }
}

namespace BackpropGen.Tests
{
    /// <summary>Rectifiers in both layers (ReLU hidden, leaky ReLU out) and untrained shared biases, for the walkthrough's notation.</summary>
    [Network(2, 2, 2, Activation.ReLU, OutputActivation = Activation.LeakyReLU)]
    public partial class SmallRectifier
    {
    }
}
