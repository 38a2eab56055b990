using BackpropGen;

namespace XorSample
{
    /// <summary>
    /// XOR with a hidden layer of three: logistic neurons and squared error as in the article, a trained bias per
    /// neuron, η = 2. The generator names everything the article's way: inputs i1, i2; hidden neurons h1..h3; output o1;
    /// weights w1..w6 into the hidden layer and w7..w9 into the output; biases b_h1..b_h3 and b_o1.
    /// </summary>
    [Network(2, 3, 1, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 2.0)]
    public partial class XorNetwork
    {
    }
}
