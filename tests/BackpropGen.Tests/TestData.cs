using System;

namespace BackpropGen.Tests
{
    /// <summary>Seeded random parameters, inputs and targets that suit a network's output and loss.</summary>
    public static class TestData
    {
        public static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

        public static double[] Uniform(Random random, int count, double low, double high)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = Uniform(random, low, high);
            }

            return values;
        }

        /// <summary>Every parameter (biases included) uniform in [-1, 1].</summary>
        public static double[] Parameters(Random random, ZooNetwork network) => Uniform(random, network.ParameterCount, -1.0, 1.0);

        public static double[] Inputs(Random random, ZooNetwork network) => Uniform(random, network.InputCount, -1.0, 1.0);

        /// <summary>
        /// Targets the output can reach: a probability distribution (all entries positive, summing to 1) for a softmax,
        /// values in (0, 1) for a logistic output, in (-1, 1) for tanh, anything moderate otherwise.
        /// </summary>
        public static double[] Targets(Random random, ZooNetwork network) => Targets(random, network.OutputCount, network.OutputActivation);

        /// <summary><paramref name="count"/> targets an output layer of activation <paramref name="output"/> can reach (see the overload above).</summary>
        public static double[] Targets(Random random, int count, Activation output)
        {
            switch (output)
            {
                case Activation.Softmax:
                    double[] weights = Uniform(random, count, 0.05, 1.0);
                    double sum = 0.0;
                    foreach (double w in weights)
                    {
                        sum += w;
                    }

                    for (int k = 0; k < count; k++)
                    {
                        weights[k] /= sum;
                    }

                    return weights;
                case Activation.Logistic:
                    return Uniform(random, count, 0.05, 0.95);
                case Activation.Tanh:
                    return Uniform(random, count, -0.9, 0.9);
                default:
                    return Uniform(random, count, -1.0, 1.0);
            }
        }

        /// <summary>Concatenates rows into one span-shaped array (rows of samples).</summary>
        public static double[] Rows(double[][] rows)
        {
            int length = 0;
            foreach (double[] row in rows)
            {
                length += row.Length;
            }

            var result = new double[length];
            int offset = 0;
            foreach (double[] row in rows)
            {
                Array.Copy(row, 0, result, offset, row.Length);
                offset += row.Length;
            }

            return result;
        }
    }
}
