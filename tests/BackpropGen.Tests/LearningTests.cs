using System;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>XOR, as in the article's squared-error logistic setting, with a hidden layer of 3 and trained per-neuron biases.</summary>
    [Network(2, 3, 1, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 2.0)]
    public partial class XorNetwork
    {
    }

    /// <summary>Three classes of points in the plane: tanh hidden layer, softmax output, cross-entropy.</summary>
    [Network(2, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class ThreeClassNetwork
    {
    }

    /// <summary>The generated networks learn: fixed seeds, a bounded number of epochs, no timing.</summary>
    public class LearningTests
    {
        private static readonly double[] XorInputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
        private static readonly double[] XorTargets = { 0, 1, 1, 0 };

        [Fact]
        public void Xor_is_learned_to_a_mean_squared_error_below_0_01()
        {
            const int MaxEpochs = 20000;
            var net = new XorNetwork();
            net.InitializeParameters(7);
            double error = MeanXorError(net);
            Assert.True(error > 0.05, $"The initial weights should not solve XOR already (mean E_total {error}).");
            for (int epoch = 0; epoch < MaxEpochs && error >= 0.01; epoch++)
            {
                net.Train(XorInputs, XorTargets); // one full-batch step over the four samples
                error = MeanXorError(net);
            }

            Assert.True(error < 0.01, $"Mean E_total after {MaxEpochs} epochs: {error}.");
            for (int s = 0; s < 4; s++)
            {
                net.Forward(XorInputs[2 * s], XorInputs[(2 * s) + 1], out double output);
                Assert.Equal(XorTargets[s], Math.Round(output));
            }
        }

        /// <summary>The mean over the four XOR samples of ½(target - out)², from Forward.</summary>
        private static double MeanXorError(XorNetwork net)
        {
            double sum = 0.0;
            for (int s = 0; s < 4; s++)
            {
                net.Forward(XorInputs[2 * s], XorInputs[(2 * s) + 1], out double output);
                sum += 0.5 * (XorTargets[s] - output) * (XorTargets[s] - output);
            }

            return sum / 4;
        }

        /// <summary>30 points, 10 per class, uniform in discs of radius 0.6 around three centres 2.4 apart: separable.</summary>
        internal static (double[] Inputs, double[] Targets, int[] Labels) Clusters(int seed)
        {
            double[,] centres = { { 0.0, 1.4 }, { -1.2, -0.7 }, { 1.2, -0.7 } };
            var random = new Random(seed);
            var inputs = new double[60];
            var targets = new double[90];
            var labels = new int[30];
            for (int i = 0; i < 30; i++)
            {
                int label = i % 3;
                double radius = 0.6 * Math.Sqrt(random.NextDouble());
                double angle = 2 * Math.PI * random.NextDouble();
                inputs[2 * i] = centres[label, 0] + (radius * Math.Cos(angle));
                inputs[(2 * i) + 1] = centres[label, 1] + (radius * Math.Sin(angle));
                targets[(3 * i) + label] = 1.0;
                labels[i] = label;
            }

            return (inputs, targets, labels);
        }

        private static int Correct(ThreeClassNetwork net, double[] inputs, int[] labels)
        {
            int correct = 0;
            var outputs = new double[3];
            for (int i = 0; i < labels.Length; i++)
            {
                net.Forward(inputs.AsSpan(2 * i, 2), outputs);
                int best = 0;
                for (int k = 1; k < 3; k++)
                {
                    if (outputs[k] > outputs[best])
                    {
                        best = k;
                    }
                }

                correct += best == labels[i] ? 1 : 0;
            }

            return correct;
        }

        /// <summary>The mean cross-entropy -ln(out of the right class) over the points, from Forward.</summary>
        private static double MeanCrossEntropy(ThreeClassNetwork net, double[] inputs, int[] labels)
        {
            double sum = 0.0;
            var outputs = new double[3];
            for (int i = 0; i < labels.Length; i++)
            {
                net.Forward(inputs.AsSpan(2 * i, 2), outputs);
                sum -= Math.Log(outputs[labels[i]]);
            }

            return sum / labels.Length;
        }

        [Fact]
        public void Three_separable_clusters_are_classified_without_a_mistake_by_softmax_and_cross_entropy()
        {
            const int MaxEpochs = 500;
            (double[] inputs, double[] targets, int[] labels) = Clusters(2024);
            var net = new ThreeClassNetwork();
            net.InitializeParameters(4);
            Assert.True(Correct(net, inputs, labels) < labels.Length, "The initial weights must not classify every point already.");
            double initialError = MeanCrossEntropy(net, inputs, labels);

            int correct = 0;
            for (int epoch = 0; epoch < MaxEpochs && correct < labels.Length; epoch++)
            {
                // Mini-batches of 5 in a fixed order.
                for (int start = 0; start < labels.Length; start += 5)
                {
                    net.Train(inputs.AsSpan(2 * start, 10), targets.AsSpan(3 * start, 15));
                }

                correct = Correct(net, inputs, labels);
            }

            Assert.Equal(labels.Length, correct);
            Assert.True(MeanCrossEntropy(net, inputs, labels) < initialError);

            // The outputs are probabilities.
            var outputs = new double[3];
            net.Forward(inputs.AsSpan(0, 2), outputs);
            Assert.Equal(1.0, outputs[0] + outputs[1] + outputs[2], 1e-12);
        }

        [Fact]
        public void Training_the_clusters_longer_drives_the_mean_cross_entropy_below_0_05()
        {
            const int MaxEpochs = 200;
            (double[] inputs, double[] targets, int[] labels) = Clusters(2024);
            var net = new ThreeClassNetwork();
            net.InitializeParameters(4);
            double error = MeanCrossEntropy(net, inputs, labels);
            for (int epoch = 0; epoch < MaxEpochs && error >= 0.05; epoch++)
            {
                for (int start = 0; start < labels.Length; start += 5)
                {
                    net.Train(inputs.AsSpan(2 * start, 10), targets.AsSpan(3 * start, 15));
                }

                error = MeanCrossEntropy(net, inputs, labels);
            }

            Assert.True(error < 0.05, $"Mean cross-entropy after {MaxEpochs} epochs: {error}.");
        }
    }
}
