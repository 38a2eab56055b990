namespace BackpropGen.Tests
{
    /// <summary>The article's network, as its text prescribes (simultaneous update).</summary>
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

    /// <summary>The article's network updated the way its final figures were computed (output layer first).</summary>
    [Network(2, 2, 2, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst)]
    public partial class MazurNetworkOutputLayerFirst
    {
        public static MazurNetworkOutputLayerFirst FromArticle() => new()
        {
            w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
            w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
            b1 = 0.35, b2 = 0.60,
        };
    }

    /// <summary>The article's network in the vectorised shape, whose walkthrough the runtime builds from its Symbols table.</summary>
    [Network(2, 2, 2, Activation.Logistic, CodeShape = CodeShape.Vectorized)]
    public partial class MazurVectorized
    {
        /// <summary>The article's initial weights and biases, those of <see cref="MazurNetwork.FromArticle"/>.</summary>
        public static MazurVectorized FromArticle()
        {
            var network = new MazurVectorized();
            double[] parameters = new double[ParameterCount];
            MazurNetwork.FromArticle().CopyParametersTo(parameters);
            network.SetParameters(parameters);
            return network;
        }
    }
}
