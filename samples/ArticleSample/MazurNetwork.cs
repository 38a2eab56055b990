using BackpropGen;

namespace ArticleSample
{
    /// <summary>The article's network: 2 inputs, 2 hidden neurons, 2 outputs, logistic activations, one bias per layer.</summary>
    [Network(2, 2, 2, Activation.Logistic)]
    public partial class MazurNetwork
    {
        /// <summary>The article's initial weights and biases.</summary>
        public static MazurNetwork FromArticle() => new()
        {
            w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
            w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
            b1 = 0.35, b2 = 0.60,
        };
    }

    /// <summary>
    /// The same network, updated the way the article computed its final figures: the output weights first, then the
    /// hidden layer back-propagated through the new ones (unlike the article's text).
    /// </summary>
    [Network(2, 2, 2, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst)]
    public partial class MazurNetworkAsPrinted
    {
        /// <summary>The article's initial weights and biases.</summary>
        public static MazurNetworkAsPrinted FromArticle() => new()
        {
            w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
            w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
            b1 = 0.35, b2 = 0.60,
        };
    }
}
