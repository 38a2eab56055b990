using System;
using System.ComponentModel;

namespace BackpropGen.Runtime
{
    /// <summary>The generated <c>InitializeParameters</c>'s draw. For generated code, not meant to be called directly.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Initialization
    {
        /// <summary>
        /// Initial parameters of the network <paramref name="description"/> describes, in parameter order: each layer's
        /// weights drawn from <paramref name="random"/>, in parameter order, uniformly within ±√(6 / (fan-in + fan-out))
        /// (Xavier/Glorot) for logistic, tanh, identity and softmax layers and ±√(6 / fan-in) (He) for ReLU and leaky ReLU
        /// layers, as <c>limit · (2·NextDouble() - 1)</c>; every bias 0.
        /// </summary>
        /// <param name="description">The network.</param>
        /// <param name="random">The source of the random values.</param>
        /// <returns>A new array of <see cref="NetworkDescription.ParameterCount"/> values.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static double[] Draw(NetworkDescription description, Random random)
        {
            Check.NotNull(description, nameof(description));
            Check.NotNull(random, nameof(random));
            var values = new double[description.ParameterCount];
            int p = 0;
            for (int l = 1; l < description.LayerCount; l++)
            {
                int fanIn = description.LayerSizes[l - 1], fanOut = description.LayerSizes[l];
                Activation activation = description.Activations[l - 1];
                double limit = activation is Activation.ReLU or Activation.LeakyReLU
                    ? Math.Sqrt(6.0 / fanIn)
                    : Math.Sqrt(6.0 / (fanIn + fanOut));
                for (int w = 0; w < fanIn * fanOut; w++)
                {
                    values[p++] = limit * (2.0 * random.NextDouble() - 1.0);
                }
            }

            return values;
        }
    }
}
