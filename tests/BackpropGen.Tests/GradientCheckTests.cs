using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The generated gradients are the derivatives of the generated error: Backward's gradients (and a mini-batch
    /// Train's averaged ones) against central finite differences of E_total, computed from Forward's outputs with the
    /// loss formulas written out below.
    /// </summary>
    /// <remarks>
    /// The finite difference is the fourth-order central one, f'(x) ≈ [f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)] / 12h,
    /// with h = 1e-3. Its truncation error is h⁴/30·|f⁽⁵⁾| ≈ 3e-14·|f⁽⁵⁾|, and rounding contributes about
    /// 18·ε·|E|/(12h) ≈ 3e-12·|E| (ε = 2.2e-16): both orders of magnitude inside the tolerance,
    /// |g - fd| ≤ 1e-6·max(|g|, 1e-3), i.e. a relative 1e-6 with an absolute floor of 1e-9. (A second-order
    /// difference would need h ≈ 1e-5 and leave only a factor of about ten between rounding error and the floor.)
    /// ReLU and leaky ReLU have a kink at 0: each sample is drawn again until no rectified neuron's net input is
    /// within 0.05 of 0, and every evaluation checks that no rectified neuron has changed side, so the difference
    /// never straddles a kink.
    /// </remarks>
    public class GradientCheckTests
    {
        private const double H = 1e-3;
        private const double RelativeTolerance = 1e-6;
        private const double GradientFloor = 1e-3;
        private const double KinkMargin = 0.05;

        internal static int Seed(string name)
        {
            int seed = 17;
            foreach (char c in name)
            {
                seed = unchecked((seed * 31) + c);
            }

            return seed & 0x7fffffff;
        }

        /// <summary>E_total from outputs, with the loss formulas of the documentation (on outputs, not net inputs).</summary>
        internal static double LossOf(ZooNetwork zoo, double[] outputs, double[] targets)
        {
            double total = 0.0;
            for (int k = 0; k < outputs.Length; k++)
            {
                double o = outputs[k], t = targets[k];
                if (zoo.Loss == BackpropGen.Loss.SquaredError)
                {
                    total += 0.5 * (t - o) * (t - o);
                }
                else if (zoo.OutputActivation == Activation.Softmax)
                {
                    total -= t * Math.Log(o);
                }
                else
                {
                    total -= (t * Math.Log(o)) + ((1 - t) * Math.Log(1 - o));
                }
            }

            return total;
        }

        /// <summary>
        /// E_total at <paramref name="parameters"/>, by the loop-based reference, which takes the loss from the net inputs
        /// (ln of an output near 0 or 1, as <see cref="LossOf"/> takes it, loses digits that a finite difference divides
        /// by its small step).
        /// </summary>
        private static double LossAt(ZooNetwork zoo, double[] parameters, double[] inputs, double[] targets)
        {
            ReferenceNetwork reference = zoo.Reference();
            reference.SetParameters(parameters);
            return reference.Error(inputs, targets);
        }

        /// <summary>Which rectified neurons (ReLU or leaky ReLU layers) are on, by the reference's net inputs.</summary>
        private static string RectifierPattern(ZooNetwork zoo, double[] parameters, double[] inputs, out double smallestNet)
        {
            ReferenceNetwork reference = zoo.Reference();
            reference.SetParameters(parameters);
            ReferenceNetwork.Pass pass = reference.Forward(inputs);
            var pattern = new System.Text.StringBuilder();
            smallestNet = double.PositiveInfinity;
            for (int l = 1; l < zoo.Layers.Length; l++)
            {
                Activation activation = reference.ActivationOf(l);
                if (activation != Activation.ReLU && activation != Activation.LeakyReLU)
                {
                    continue;
                }

                foreach (double net in pass.Net[l])
                {
                    pattern.Append(net > 0 ? '1' : '0');
                    smallestNet = Math.Min(smallestNet, Math.Abs(net));
                }
            }

            return pattern.ToString();
        }

        /// <summary>A sample (parameters, inputs, targets) whose rectified neurons are all at least <see cref="KinkMargin"/> from their kink.</summary>
        private static (double[] Parameters, double[][] Inputs, double[][] Targets) Sample(ZooNetwork zoo, Random random, int samples)
        {
            for (int attempt = 0; attempt < 1000; attempt++)
            {
                double[] parameters = TestData.Parameters(random, zoo);
                var inputs = new double[samples][];
                var targets = new double[samples][];
                bool clear = true;
                for (int s = 0; s < samples; s++)
                {
                    inputs[s] = TestData.Inputs(random, zoo);
                    targets[s] = TestData.Targets(random, zoo);
                    RectifierPattern(zoo, parameters, inputs[s], out double smallest);
                    clear &= smallest >= KinkMargin;
                }

                if (clear)
                {
                    return (parameters, inputs, targets);
                }
            }

            throw new InvalidOperationException("No sample away from the ReLU kinks in 1000 attempts.");
        }

        /// <summary>The fourth-order central difference of <paramref name="f"/> in parameter <paramref name="index"/>.</summary>
        private static double Difference(Func<double[], double> f, double[] parameters, int index)
        {
            double At(double offset)
            {
                double[] shifted = (double[])parameters.Clone();
                shifted[index] += offset;
                return f(shifted);
            }

            return (At(-2 * H) - (8 * At(-H)) + (8 * At(H)) - At(2 * H)) / (12 * H);
        }

        private static void AssertGradient(ZooNetwork zoo, double[] expectedByDifference, double[] actual, string what)
        {
            for (int p = 0; p < actual.Length; p++)
            {
                double tolerance = RelativeTolerance * Math.Max(Math.Abs(actual[p]), GradientFloor);
                Assert.True(
                    Math.Abs(actual[p] - expectedByDifference[p]) <= tolerance,
                    $"{zoo.Name}, {what}, parameter {p} ({ParameterName(zoo, p)}): generated gradient {actual[p]:R}, finite difference {expectedByDifference[p]:R}, tolerance {tolerance:E2}.");
            }
        }

        internal static string ParameterName(ZooNetwork zoo, int index) =>
            index < zoo.WeightCount ? "w" + (index + 1) : "bias #" + (index - zoo.WeightCount + 1);

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void Backward_gradients_equal_central_finite_differences_of_E_total(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            var random = new Random(Seed(name));
            for (int trial = 0; trial < 3; trial++)
            {
                (double[] parameters, double[][] inputs, double[][] targets) = Sample(zoo, random, 1);
                double[] x = inputs[0], t = targets[0];
                string pattern = RectifierPattern(zoo, parameters, x, out _);

                var differences = new double[zoo.ParameterCount];
                for (int p = 0; p < differences.Length; p++)
                {
                    differences[p] = Difference(
                        shifted =>
                        {
                            Assert.Equal(pattern, RectifierPattern(zoo, shifted, x, out _));
                            return LossAt(zoo, shifted, x, t);
                        },
                        parameters,
                        p);
                }

                zoo.Network.SetParameters(parameters);
                double[] outputs = zoo.Forward(x);
                double error = zoo.Network.BackwardSpan(t);
                Assert.Equal(LossOf(zoo, outputs, t), error, 1e-10 * Math.Max(1, Math.Abs(error)));

                // The loop-based reference takes the loss from the net inputs, as the generated code does (ln of an
                // output near 0 or 1, as LossOf takes it, loses digits), and agrees more closely.
                ReferenceNetwork reference = zoo.Reference();
                reference.SetParameters(parameters);
                Assert.Equal(reference.Error(x, t), error, 1e-12 * Math.Max(1, Math.Abs(error)));
                AssertGradient(zoo, differences, zoo.Gradients(), "trial " + trial);

                // Backward changes no parameter.
                Assert.Equal(parameters, zoo.Parameters());
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void A_mini_batchs_gradients_equal_central_finite_differences_of_the_mean_E_total(string name) =>
            CheckMiniBatchGradients(name, 4, 1);

        /// <summary>Nine samples: a vectorised double network takes eight of them along the lanes (LanesKernel), the ninth alone.</summary>
        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void A_mini_batch_of_nine_samples_has_the_gradients_of_central_finite_differences_of_the_mean_E_total(string name) =>
            CheckMiniBatchGradients(name, 9, 2);

        private static void CheckMiniBatchGradients(string name, int samples, int seed)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            var random = new Random(Seed(name) + seed);
            (double[] parameters, double[][] inputs, double[][] targets) = Sample(zoo, random, samples);
            var patterns = inputs.Select(x => RectifierPattern(zoo, parameters, x, out _)).ToArray();

            double MeanLoss(double[] shifted)
            {
                double sum = 0.0;
                for (int s = 0; s < samples; s++)
                {
                    Assert.Equal(patterns[s], RectifierPattern(zoo, shifted, inputs[s], out _));
                    sum += LossAt(zoo, shifted, inputs[s], targets[s]);
                }

                return sum / samples;
            }

            var differences = new double[zoo.ParameterCount];
            for (int p = 0; p < differences.Length; p++)
            {
                differences[p] = Difference(MeanLoss, parameters, p);
            }

            double meanBefore = MeanLoss(parameters);
            zoo.Network.SetParameters(parameters);
            double meanError = zoo.Network.Train(TestData.Rows(inputs), TestData.Rows(targets));
            Assert.Equal(meanBefore, meanError, 1e-12 * Math.Max(1, Math.Abs(meanBefore)));
            AssertGradient(zoo, differences, zoo.Gradients(), $"mini-batch of {samples}");
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void The_reference_implementations_gradients_equal_central_finite_differences_of_its_error(string name)
        {
            // The reference is only a witness if it is right: its gradient (simultaneous, whatever the zoo network's
            // update rule) against finite differences of its own error, computed from net inputs.
            ZooNetwork zoo = ZooNetwork.Create(name);
            ReferenceNetwork reference = zoo.Reference();
            var random = new Random(Seed(name) + 2);
            (double[] parameters, double[][] inputs, double[][] targets) = Sample(zoo, random, 1);

            double ErrorAt(double[] shifted)
            {
                reference.SetParameters(shifted);
                return reference.Error(inputs[0], targets[0]);
            }

            var differences = new double[parameters.Length];
            for (int p = 0; p < differences.Length; p++)
            {
                differences[p] = Difference(ErrorAt, parameters, p);
            }

            reference.SetParameters(parameters);
            double[] gradient = reference.Gradient(inputs[0], targets[0], out _);
            AssertGradient(zoo, differences, gradient, "reference");
        }

        [Fact]
        public void The_loss_formulas_here_agree_with_the_references_net_input_forms()
        {
            // Two independent ways to the same E_total: from outputs (here) and from net inputs (the reference).
            foreach (object[] row in ZooNetwork.All())
            {
                ZooNetwork zoo = ZooNetwork.Create((string)row[0]);
                ReferenceNetwork reference = zoo.Reference();
                var random = new Random(Seed(zoo.Name) + 3);
                double[] parameters = TestData.Parameters(random, zoo);
                double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
                reference.SetParameters(parameters);
                ReferenceNetwork.Pass pass = reference.Forward(x);
                double fromOutputs = LossOf(zoo, pass.Outputs, t);
                Assert.Equal(reference.Error(pass, t), fromOutputs, 1e-12 * Math.Max(1, Math.Abs(fromOutputs)));
            }
        }

        [Fact]
        public void The_zoo_covers_every_activation_loss_pair_bias_mode_and_update_rule()
        {
            List<ZooNetwork> zoo = ZooNetwork.All().Select(row => ZooNetwork.Create((string)row[0])).ToList();
            foreach (Activation activation in Enum.GetValues<Activation>())
            {
                Assert.Contains(zoo, z => z.OutputActivation == activation || (z.HiddenActivation == activation && z.Layers.Length > 2));
            }

            foreach (Activation hidden in new[] { Activation.Logistic, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Identity })
            {
                Assert.Contains(zoo, z => z.HiddenActivation == hidden && z.Layers.Length > 2);
            }

            Assert.Contains(zoo, z => z.Loss == BackpropGen.Loss.CrossEntropy && z.OutputActivation == Activation.Softmax);
            Assert.Contains(zoo, z => z.Loss == BackpropGen.Loss.CrossEntropy && z.OutputActivation == Activation.Logistic);
            foreach (BiasMode bias in Enum.GetValues<BiasMode>())
            {
                Assert.Contains(zoo, z => z.Bias == bias && z.UpdateRule == UpdateRule.Simultaneous);
                Assert.Contains(zoo, z => z.Bias == bias && z.UpdateRule == UpdateRule.OutputLayerFirst);
            }

            Assert.Contains(zoo, z => z.TrainBiases && z.Bias == BiasMode.SharedPerLayer);
            Assert.Contains(zoo, z => z.TrainBiases && z.Bias == BiasMode.PerNeuron);
            Assert.Contains(zoo, z => !z.TrainBiases && z.Bias != BiasMode.None);
            Assert.Contains(zoo, z => z.DeclaredLearningRate != NetworkAttribute.DefaultLearningRate);
            for (int layers = 2; layers <= 5; layers++)
            {
                Assert.Contains(zoo, z => z.Layers.Length == layers);
            }

            Assert.Contains(zoo, z => z.Layers.Contains(1));
            Assert.Contains(zoo, z => z.Layers.Contains(16));
        }
    }
}
