using System;
using System.IO;
using System.Linq;
using BackpropGen.Tests.SinglePrecision;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Evaluate on every zoo network, through INetwork: the mean E_total of the reference implementation (which takes a
    /// cross-entropy from the net inputs), finite where an output has saturated, and nothing changed by it.
    /// </summary>
    public class EvaluateTests
    {
        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Evaluate_is_the_mean_E_total_of_the_reference_implementation(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(5);
            SetBiases(zoo, new Random(6));
            var random = new Random(7);
            const int Samples = 9;
            double[] inputs = Enumerable.Range(0, Samples * zoo.InputCount).Select(_ => (4.0 * random.NextDouble()) - 2.0).ToArray();
            double[] targets = Targets(zoo.OutputCount, Samples, zoo.OutputActivation, random);

            ReferenceNetwork reference = zoo.Reference();
            reference.SetParameters(zoo.Parameters());
            double expected = Enumerable.Range(0, Samples)
                .Select(s => reference.Error(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount).ToArray(), targets.AsSpan(s * zoo.OutputCount, zoo.OutputCount).ToArray()))
                .Average();
            ReferenceTrainingTests.AssertClose(expected, ((INetwork)zoo.Instance).Evaluate(inputs, targets), name);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Evaluate_changes_nothing(string name)
        {
            // After a Forward and a training step (whose gradients the vectorised shape keeps factored, and whose update of
            // the first layer it may leave pending), Evaluate leaves the parameters, the gradients, the saved file and the
            // pass Backward differentiates as they were: a twin that never evaluated agrees bit for bit.
            ZooNetwork zoo = ZooNetwork.Create(name), twin = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(8);
            twin.Network.SetParameters(zoo.Parameters());
            var random = new Random(9);
            double[] x = Enumerable.Range(0, zoo.InputCount).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] t = Targets(zoo.OutputCount, 1, zoo.OutputActivation, random);
            double[] inputs = Enumerable.Range(0, 5 * zoo.InputCount).Select(_ => (2.0 * random.NextDouble()) - 1.0).ToArray();
            double[] targets = Targets(zoo.OutputCount, 5, zoo.OutputActivation, random);
            foreach (ZooNetwork network in new[] { zoo, twin })
            {
                network.Network.Train(x, t);
            }

            ((INetwork)zoo.Instance).Evaluate(inputs, targets);
            ArticleValueTests.AssertBitEqual(twin.Gradients(), zoo.Gradients());
            ArticleValueTests.AssertBitEqual(twin.Parameters(), zoo.Parameters());
            Assert.Equal(Saved(twin), Saved(zoo));

            foreach (ZooNetwork network in new[] { zoo, twin })
            {
                network.Forward(x);
            }

            ((INetwork)zoo.Instance).Evaluate(inputs, targets);
            Assert.Equal(((IZooNetwork)twin.Instance).BackwardSpan(t), ((IZooNetwork)zoo.Instance).BackwardSpan(t));
            ArticleValueTests.AssertBitEqual(twin.Gradients(), zoo.Gradients());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_saturated_output_gives_the_finite_loss_of_its_net_input(bool softmax)
        {
            // A logistic output at net = 40 rounds to 1 (a softmax output 800 below the largest to 0): ln of the output
            // is -∞, but the loss from the net input is finite, about the net input itself. The trainer reports the same.
            INetwork network = softmax ? new TrainerClassifier() : new TrainerBinary();
            var parameters = new double[network.Description.ParameterCount];
            network.SetParameters(parameters);
            int outputs = network.Description.OutputCount;

            // Only the output layer's biases: every output's net input is its bias, whatever the inputs.
            double[] bias = softmax ? new[] { 400.0, -400.0, 0.0 } : new[] { 40.0, -40.0 };
            for (int k = 0; k < outputs; k++)
            {
                parameters[network.Description.BiasIndex(network.Description.LayerCount - 1, k)] = bias[k];
            }

            network.SetParameters(parameters);
            double[] x = new double[network.Description.InputCount];
            double[] t = softmax ? new[] { 0.0, 1.0, 0.0 } : new[] { 0.0, 1.0 };
            double[] outs = new double[outputs];
            network.Forward(x, outs);
            Assert.Equal(softmax ? 0.0 : 1.0, softmax ? outs[1] : outs[0]); // saturated

            // Independent expectations: -ln(1 - σ(40)) - ln σ(-40) = 2·(40 + ln(1 + e^-40)); -ln softmax_2 = 800 + ln(1 + e^-400 + e^-800)
            double expected = softmax ? 800.0 + Math.Log(1.0 + Math.Exp(-400.0)) : 2.0 * (40.0 + Math.Log(1.0 + Math.Exp(-40.0)));
            Assert.Equal(expected, network.Evaluate(x, t), 12);
            Assert.Equal(expected, new Trainer(network).Evaluate(x, t, out double accuracy), 12);
            Assert.Equal(0.0, accuracy);
        }

        [Fact]
        public void A_single_network_evaluates_in_float_through_the_double_view()
        {
            var network = new Single_3_5_2_Logistic_CrossEntropy();
            network.InitializeParameters(4);
            var random = new Random(5);
            double[] inputs = Enumerable.Range(0, 4 * 3).Select(_ => (float)((2.0 * random.NextDouble()) - 1.0)).Select(v => (double)v).ToArray();
            double[] targets = Enumerable.Range(0, 4 * 2).Select(_ => (double)random.Next(2)).ToArray();
            var parameters = new double[((INetwork)network).Description.ParameterCount];
            ((INetwork)network).CopyParametersTo(parameters);
            var reference = new ReferenceNetwork(new[] { 3, 5, 2 }, Activation.Logistic, Activation.Logistic, Loss.CrossEntropy, BiasMode.None, false, 0.5, UpdateRule.Simultaneous);
            reference.SetParameters(parameters);
            double expected = Enumerable.Range(0, 4).Select(s => reference.Error(inputs[(s * 3)..((s * 3) + 3)], targets[(s * 2)..((s * 2) + 2)])).Average();
            double evaluated = ((INetwork)network).Evaluate(inputs, targets);
            Assert.True(Math.Abs(evaluated - expected) <= 1e-5 * Math.Abs(expected), $"float {evaluated:R}, reference {expected:R}");
            Assert.Equal(evaluated, network.Evaluate(inputs.Select(v => (float)v).ToArray(), targets.Select(v => (float)v).ToArray()));
        }

        private static double[] Targets(int outputs, int samples, Activation output, Random random)
        {
            var targets = new double[outputs * samples];
            for (int s = 0; s < samples; s++)
            {
                if (output == Activation.Softmax)
                {
                    targets[(s * outputs) + random.Next(outputs)] = 1.0;
                    continue;
                }

                for (int k = 0; k < outputs; k++)
                {
                    targets[(s * outputs) + k] = random.NextDouble();
                }
            }

            return targets;
        }

        /// <summary>Random biases, where the network has them (InitializeParameters sets them to 0).</summary>
        private static void SetBiases(ZooNetwork zoo, Random random)
        {
            double[] parameters = zoo.Parameters();
            for (int i = zoo.WeightCount; i < parameters.Length; i++)
            {
                parameters[i] = random.NextDouble() - 0.5;
            }

            zoo.Network.SetParameters(parameters);
        }

        private static byte[] Saved(ZooNetwork zoo)
        {
            var stream = new MemoryStream();
            zoo.Network.Save(stream);
            return stream.ToArray();
        }
    }
}
