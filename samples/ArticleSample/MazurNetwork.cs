using BackpropGen;

namespace ArticleSample
{
    /// <summary>The article's network: 2 inputs, 2 hidden neurons, 2 outputs, logistic activations, one bias per layer.</summary>
    /// <remarks>
    /// The default update rule, <see cref="UpdateRule.Simultaneous"/>, is the one the article's text describes: every
    /// gradient is taken from the weights before the step ("we use the original weights").
    /// </remarks>
    [Network(2, 2, 2, Activation.Logistic)]
    public partial class MazurNetwork : IArticleNetwork
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
    public partial class MazurNetworkAsPrinted : IArticleNetwork
    {
        /// <summary>The article's initial weights and biases.</summary>
        public static MazurNetworkAsPrinted FromArticle() => new()
        {
            w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
            w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
            b1 = 0.35, b2 = 0.60,
        };
    }

    /// <summary>The generated members the sample uses, shared by both networks so one helper can train either.</summary>
    internal interface IArticleNetwork
    {
        /// <summary>One training step (generated).</summary>
        double Train(double i1, double i2, double target_o1, double target_o2);

        /// <summary>The forward pass (generated).</summary>
        void Forward(double i1, double i2, out double out_o1, out double out_o2);

        /// <summary>E_total of the last forward pass, and its gradients; changes no weight (generated).</summary>
        double Backward(double target_o1, double target_o2);
    }
}
