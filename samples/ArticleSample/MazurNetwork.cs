using BackpropGen;

namespace ArticleSample
{
    /// <summary>The article's network: 2 inputs, 2 hidden neurons, 2 outputs, logistic activations, shared biases.</summary>
    [Network(2, 2, 2, Activation.Logistic)]
    public partial class MazurNetwork
    {
    }
}
