using System;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Training steps of every zoo network against <see cref="ReferenceNetwork"/> built from the same declaration: the
    /// returned error, the parameters after each step and the gradients agree to 1e-12 (relative to the value, or
    /// absolute below 1).
    /// </summary>
    public class ReferenceTrainingTests
    {
        private const double Tolerance = 1e-12;
        private const int Steps = 5;

        internal static void AssertClose(double expected, double actual, string what)
        {
            double tolerance = Tolerance * Math.Max(1.0, Math.Abs(expected));
            Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: reference {expected:R}, generated {actual:R}.");
        }

        private static void AssertClose(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], actual[i], $"{what}[{i}]");
            }
        }

        /// <summary>A zoo network and its reference, with the same random parameters, and the random source that drew them.</summary>
        internal static (ZooNetwork Zoo, ReferenceNetwork Reference, Random Random) Start(string name, int salt)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            ReferenceNetwork reference = zoo.Reference();
            var random = new Random(GradientCheckTests.Seed(name) + salt);
            double[] parameters = TestData.Parameters(random, zoo);
            zoo.Network.SetParameters(parameters);
            reference.SetParameters(parameters);
            return (zoo, reference, random);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void The_parameter_counts_are_the_references(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            ReferenceNetwork reference = zoo.Reference();
            Assert.Equal(reference.InputCount, zoo.InputCount);
            Assert.Equal(reference.OutputCount, zoo.OutputCount);
            Assert.Equal(reference.WeightCount, zoo.WeightCount);
            Assert.Equal(reference.BiasCount, zoo.BiasCount);
            Assert.Equal(reference.ParameterCount, zoo.ParameterCount);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Forward_equals_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 10);
            for (int sample = 0; sample < 10; sample++)
            {
                double[] x = TestData.Uniform(random, zoo.InputCount, -2.0, 2.0);
                AssertClose(reference.Forward(x).Outputs, zoo.Forward(x), $"{name} outputs of sample {sample}");
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void The_learning_rate_starts_as_declared(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            Assert.Equal(zoo.DeclaredLearningRate, zoo.Network.LearningRate);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Single_sample_training_steps_equal_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 20);
            for (int step = 0; step < Steps; step++)
            {
                double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
                double expected = reference.Train(x, t, out double[] gradients);
                double actual = zoo.Network.Train(x, t);
                AssertClose(expected, actual, $"{name} E_total of step {step}");
                AssertClose(gradients, zoo.Gradients(), $"{name} gradients of step {step}");
                AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name} parameters after step {step}");
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void Mini_batch_training_steps_of_4_samples_equal_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 30);
            for (int step = 0; step < Steps; step++)
            {
                TrainBatchAndCompare(zoo, reference, random, 4, $"{name} batch {step}");
            }
        }

        /// <summary>Batches of 1, 2, 3 and 5 samples: the vectorised shape takes a batch's samples two at a time and an odd batch's last one alone.</summary>
        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void Mini_batches_of_odd_and_even_sizes_equal_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 31);
            foreach (int samples in new[] { 1, 2, 3, 5 })
            {
                TrainBatchAndCompare(zoo, reference, random, samples, $"{name} a batch of {samples}");
            }
        }

        /// <summary>
        /// Batches of 8, 11, 16 and 19 samples: a vectorised double network takes eight samples at a time along the lanes
        /// (LanesKernel), then the rest two at a time and an odd batch's last one alone; every other network as usual.
        /// </summary>
        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void Mini_batches_of_eight_samples_and_more_equal_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 32);
            foreach (int samples in new[] { 8, 11, 16, 19 })
            {
                TrainBatchAndCompare(zoo, reference, random, samples, $"{name} a batch of {samples}");
            }
        }

        /// <summary>
        /// A one-sample step, nothing read, then a batch of 8: a network whose step leaves the first layer's update pending
        /// (a wide first layer) must apply it before the batch reads those weights along the lanes.
        /// </summary>
        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void A_mini_batch_of_eight_right_after_a_training_step_equals_the_reference(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 33);
            for (int step = 0; step < 2; step++)
            {
                double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
                reference.Train(x, t, out _);
                zoo.Network.Train(x, t);
                TrainBatchAndCompare(zoo, reference, random, 8, $"{name} a batch of 8 after step {step}");
            }
        }

        /// <summary>One mini-batch of random samples through the network and the reference: the mean E_total, the averaged gradients and the parameters after it agree.</summary>
        private static void TrainBatchAndCompare(ZooNetwork zoo, ReferenceNetwork reference, Random random, int samples, string what)
        {
            var inputs = new double[samples][];
            var targets = new double[samples][];
            for (int s = 0; s < samples; s++)
            {
                inputs[s] = TestData.Inputs(random, zoo);
                targets[s] = TestData.Targets(random, zoo);
            }

            double expected = reference.TrainBatch(inputs, targets, out double[] gradients);
            double actual = zoo.Network.Train(TestData.Rows(inputs), TestData.Rows(targets));
            AssertClose(expected, actual, $"{what}: mean E_total");
            AssertClose(gradients, zoo.Gradients(), $"{what}: averaged gradients");
            AssertClose(reference.GetParameters(), zoo.Parameters(), $"{what}: parameters after it");
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Online_training_over_3_samples_for_2_epochs_equals_the_reference_trained_sample_by_sample(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 60);
            var inputs = new double[3][];
            var targets = new double[3][];
            for (int s = 0; s < 3; s++)
            {
                inputs[s] = TestData.Inputs(random, zoo);
                targets[s] = TestData.Targets(random, zoo);
            }

            double lastEpoch = 0.0;
            double[] gradients = Array.Empty<double>();
            for (int epoch = 0; epoch < 2; epoch++)
            {
                lastEpoch = 0.0;
                for (int s = 0; s < 3; s++)
                {
                    lastEpoch += reference.Train(inputs[s], targets[s], out gradients);
                }
            }

            double actual = zoo.Network.TrainOnline(TestData.Rows(inputs), TestData.Rows(targets), epochs: 2);
            AssertClose(lastEpoch / 3, actual, $"{name} mean E_total of the last epoch");
            AssertClose(gradients, zoo.Gradients(), $"{name} gradients of the last step");
            AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name} parameters after 2 epochs");
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Online_training_is_bit_for_bit_the_one_sample_Train_in_turn(string name)
        {
            (ZooNetwork zoo, _, Random random) = Start(name, 70);
            double[] start = zoo.Parameters();
            double[] inputs = TestData.Uniform(random, 3 * zoo.InputCount, -1, 1);
            double[] targets = TestData.Rows(new[] { TestData.Targets(random, zoo), TestData.Targets(random, zoo), TestData.Targets(random, zoo) });
            double sum = 0.0;
            for (int epoch = 0; epoch < 2; epoch++)
            {
                sum = 0.0;
                for (int s = 0; s < 3; s++)
                {
                    sum += zoo.Network.Train(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount), targets.AsSpan(s * zoo.OutputCount, zoo.OutputCount));
                }
            }

            double[] byTrain = zoo.Parameters(), gradientsByTrain = zoo.Gradients();
            zoo.Network.SetParameters(start);
            Assert.Equal(sum / 3, zoo.Network.TrainOnline(inputs, targets, 2));
            Assert.Equal(byTrain, zoo.Parameters());
            Assert.Equal(gradientsByTrain, zoo.Gradients());
        }

        [Fact]
        public void Online_training_rejects_bad_arguments_and_changes_nothing()
        {
            var net = new Zoo_3_4_2_Tanh_PerNeuron();
            net.InitializeParameters(5);
            var before = new double[Zoo_3_4_2_Tanh_PerNeuron.ParameterCount];
            net.CopyParametersTo(before);
            double[] inputs = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, targets = { 1, 0, 0, 1 };
            ArgumentOutOfRangeException epochs = Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainOnline(inputs, targets, 0));
            Assert.Equal("epochs", epochs.ParamName);
            Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.TrainOnline(inputs.AsSpan(0, 5), targets)).ParamName);
            Assert.Equal("targets", Assert.Throws<ArgumentException>(() => net.TrainOnline(inputs, targets.AsSpan(0, 3))).ParamName);
            var after = new double[before.Length];
            net.CopyParametersTo(after);
            Assert.Equal(before, after);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void A_changed_learning_rate_is_used_by_the_next_step(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = Start(name, 40);
            zoo.Network.LearningRate = 0.037;
            reference.LearningRate = 0.037;
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
            AssertClose(reference.Train(x, t), zoo.Network.Train(x, t), name + " E_total");
            AssertClose(reference.GetParameters(), zoo.Parameters(), name + " parameters");
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.OutputLayerFirstWithHiddenLayers), MemberType = typeof(ZooNetwork))]
        public void OutputLayerFirst_refuses_a_batch_of_several_samples_and_changes_nothing(string name)
        {
            (ZooNetwork zoo, _, Random random) = Start(name, 50);
            double[] before = zoo.Parameters();
            double[] inputs = TestData.Uniform(random, 2 * zoo.InputCount, -1, 1);
            double[] targets = TestData.Rows(new[] { TestData.Targets(random, zoo), TestData.Targets(random, zoo) });
            Assert.Throws<NotSupportedException>(() => zoo.Network.Train(inputs, targets));
            Assert.Equal(before, zoo.Parameters());
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Forward_Backward_ApplyGradients_is_bit_for_bit_Train(string name)
        {
            (ZooNetwork zoo, _, Random random) = Start(name, 60);
            ZooNetwork stepwise = ZooNetwork.Create(name);
            stepwise.Network.SetParameters(zoo.Parameters());
            for (int step = 0; step < 3; step++)
            {
                double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
                double trained = zoo.Network.Train(x, t);
                stepwise.Forward(x);
                double error = stepwise.Network.BackwardSpan(t);
                stepwise.Network.ApplyGradients();
                Assert.Equal(BitConverter.DoubleToInt64Bits(trained), BitConverter.DoubleToInt64Bits(error));
                ArticleValueTests.AssertBitEqual(zoo.Gradients(), stepwise.Gradients());
                ArticleValueTests.AssertBitEqual(zoo.Parameters(), stepwise.Parameters());
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Without_TrainBiases_a_step_leaves_every_bias_as_it_was(string name)
        {
            (ZooNetwork zoo, _, Random random) = Start(name, 70);
            double[] before = zoo.Parameters();
            zoo.Network.Train(TestData.Inputs(random, zoo), TestData.Targets(random, zoo));
            double[] after = zoo.Parameters();
            double[] gradients = zoo.Gradients();
            Assert.Equal(zoo.ParameterCount - zoo.WeightCount, zoo.BiasCount);
            for (int p = zoo.WeightCount; p < zoo.ParameterCount; p++)
            {
                if (zoo.TrainBiases)
                {
                    Assert.Equal(before[p] - (zoo.DeclaredLearningRate * gradients[p]), after[p], 1e-15);
                }
                else
                {
                    Assert.Equal(before[p], after[p]);
                }
            }
        }

        [Fact]
        public void The_reference_reproduces_the_articles_printed_values()
        {
            // The reference is built from the article's declaration alone; checking it against the article's figures
            // shows that it is a witness independent of the generator.
            var reference = new ReferenceNetwork(
                new[] { 2, 2, 2 }, Activation.Logistic, Activation.Logistic, Loss.SquaredError, BiasMode.SharedPerLayer,
                trainBiases: false, learningRate: 0.5, UpdateRule.Simultaneous);
            reference.SetParameters(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 });
            double[] x = { 0.05, 0.10 }, t = { 0.01, 0.99 };
            ReferenceNetwork.Pass pass = reference.Forward(x);
            ArticleValueTests.AssertPrinted("0.3775", pass.Net[1][0], "net_h1");
            ArticleValueTests.AssertPrinted("0.593269992", pass.Out[1][0], "out_h1");
            ArticleValueTests.AssertPrinted("0.596884378", pass.Out[1][1], "out_h2");
            ArticleValueTests.AssertPrinted("1.105905967", pass.Net[2][0], "net_o1");
            ArticleValueTests.AssertPrinted("0.75136507", pass.Out[2][0], "out_o1");
            ArticleValueTests.AssertPrinted("0.772928465", pass.Out[2][1], "out_o2");
            ArticleValueTests.AssertPrinted("0.298371109", reference.Train(x, t, out double[] g), "E_total");
            ArticleValueTests.AssertPrinted("0.082167041", g[4], "dE_total_dw5");
            ArticleValueTests.AssertPrinted("0.000438568", g[0], "dE_total_dw1");
            double[] p = reference.GetParameters();
            string[] printed = { "0.149780716", "0.19956143", "0.24975114", "0.29950229", "0.35891648", "0.408666186", "0.511301270", "0.561370121" };
            for (int i = 0; i < printed.Length; i++)
            {
                ArticleValueTests.AssertPrinted(printed[i], p[i], "w" + (i + 1) + "_plus");
            }

            Assert.Equal(0.35, p[8]);
            Assert.Equal(0.60, p[9]);
            ArticleValueTests.AssertPrinted("0.291027774", reference.Error(x, t), "E_total after one step");
        }
    }
}
