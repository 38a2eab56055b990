namespace BackpropGen.Tests
{
    /// <summary>A network that is not the article's, for the walkthrough and diagram tests.</summary>
    [Network(2, 3, 2, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class SmallClassifier
    {
    }
}
