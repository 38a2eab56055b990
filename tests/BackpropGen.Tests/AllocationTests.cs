using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Every step and parameter method allocates nothing: after a warm-up, 10,000 calls leave
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> exactly where it was, in one of up to 5 rounds (the runtime
    /// may allocate on the thread while it tiers a method up; a call that allocates does so in every round). (Counts
    /// bytes, not time.)
    /// </summary>
    public class AllocationTests
    {
        private const int Calls = 10000;

        /// <summary>The bytes that <paramref name="call"/> allocates on this thread in <see cref="Calls"/> calls, after warming it up.</summary>
        private static long AllocatedBy(Action call)
        {
            for (int i = 0; i < 200; i++)
            {
                call();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                call();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <summary>The calls to measure, by name; each closure and its buffers are made once, before measuring.</summary>
        private static Dictionary<string, Action> ArticleNetworkCalls()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.LearningRate = 1e-6; // keep 10,000 steps from going anywhere interesting; the code path is the same
            var symbols = new MazurNetwork.Symbols();
            double[] inputs = { 0.05, 0.10 }, targets = { 0.01, 0.99 };
            double[] batchInputs = { 0.05, 0.10, 0.2, 0.3, -0.1, 0.4, 0.9, 0.0 };
            double[] batchTargets = { 0.01, 0.99, 0.5, 0.5, 0.2, 0.8, 0.7, 0.3 };
            double[] fiveInputs = batchInputs.Concat(new[] { 0.3, -0.3 }).ToArray(), fiveTargets = batchTargets.Concat(new[] { 0.6, 0.4 }).ToArray();
            var outputs = new double[MazurNetwork.OutputCount];
            var batchOutputs = new double[4 * MazurNetwork.OutputCount];
            var parameters = new double[MazurNetwork.ParameterCount];
            var gradients = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(parameters);
            double o1 = 0, o2 = 0;
            net.Forward(0.05, 0.10, out o1, out o2);

            return new Dictionary<string, Action>
            {
                ["Train(i1, i2, target_o1, target_o2)"] = () => net.Train(0.05, 0.10, 0.01, 0.99),
                ["Train(..., Symbols)"] = () => net.Train(0.05, 0.10, 0.01, 0.99, symbols),
                ["Train(span, span) of one sample"] = () => net.Train(inputs, targets),
                ["Train(span, span) of a batch of 4"] = () => net.Train(batchInputs, batchTargets),
                ["TrainOnline(span, span, 3) over 4 samples"] = () => net.TrainOnline(batchInputs, batchTargets, 3),
                ["Forward(i1, i2, out, out)"] = () => net.Forward(0.05, 0.10, out o1, out o2),
                ["Forward(span, span)"] = () => net.Forward(inputs, outputs),
                ["ForwardBatch(span, span) of 4 samples"] = () => net.ForwardBatch(batchInputs, batchOutputs),
                ["Evaluate(span, span) of 4 samples"] = () => net.Evaluate(batchInputs, batchTargets),
                ["Train(span, span) of a batch of 3 (the scalar loop: fewer than 4 samples)"] = () => net.Train(batchInputs.AsSpan(0, 6), batchTargets.AsSpan(0, 6)),
                ["Train(span, span) of a batch of 5 (with AVX2: vector lanes partly filled)"] = () => net.Train(fiveInputs, fiveTargets),
                ["Backward(target_o1, target_o2)"] = () => net.Backward(0.01, 0.99),
                ["ApplyGradients()"] = () => net.ApplyGradients(),
                ["CopyParametersTo(span)"] = () => net.CopyParametersTo(parameters),
                ["SetParameters(span)"] = () => net.SetParameters(parameters),
                ["CopyGradientsTo(span)"] = () => net.CopyGradientsTo(gradients),
            };
        }

        private static Dictionary<string, Action> OutputLayerFirstCalls()
        {
            MazurNetworkOutputLayerFirst net = MazurNetworkOutputLayerFirst.FromArticle();
            net.LearningRate = 1e-6;
            var symbols = new MazurNetworkOutputLayerFirst.Symbols();
            double[] inputs = { 0.05, 0.10 }, targets = { 0.01, 0.99 };
            double[] batchInputs = { 0.05, 0.10, 0.3, -0.2, 1.5, 0.25 }, batchOutputs = new double[6];
            net.Forward(0.05, 0.10, out _, out _);
            return new Dictionary<string, Action>
            {
                ["Train(i1, i2, target_o1, target_o2)"] = () => net.Train(0.05, 0.10, 0.01, 0.99),
                ["Train(..., Symbols)"] = () => net.Train(0.05, 0.10, 0.01, 0.99, symbols),
                ["Train(span, span) of one sample"] = () => net.Train(inputs, targets),
                ["ForwardBatch(span, span) of 3 samples, one after another"] = () => net.ForwardBatch(batchInputs, batchOutputs),
                ["Backward(target_o1, target_o2)"] = () => net.Backward(0.01, 0.99),
                ["ApplyGradients()"] = () => net.ApplyGradients(),
            };
        }

        /// <summary>A network whose step the generator writes in parts (private methods), with a softmax output.</summary>
        private static Dictionary<string, Action> PartsCalls()
        {
            var net = new Zoo_Parts_16_16_16_16_4_Tanh_Softmax();
            net.InitializeParameters(1);
            net.LearningRate = 1e-6;
            var random = new Random(2);
            double[] inputs = TestData.Uniform(random, Zoo_Parts_16_16_16_16_4_Tanh_Softmax.InputCount, -1, 1);
            double[] targets = { 0.1, 0.2, 0.3, 0.4 };
            double[] batchInputs = TestData.Uniform(random, 4 * Zoo_Parts_16_16_16_16_4_Tanh_Softmax.InputCount, -1, 1);
            double[] batchTargets = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };
            var outputs = new double[Zoo_Parts_16_16_16_16_4_Tanh_Softmax.OutputCount];
            var batchOutputs = new double[4 * Zoo_Parts_16_16_16_16_4_Tanh_Softmax.OutputCount];
            var parameters = new double[Zoo_Parts_16_16_16_16_4_Tanh_Softmax.ParameterCount];
            var gradients = new double[Zoo_Parts_16_16_16_16_4_Tanh_Softmax.ParameterCount];
            var symbols = new Zoo_Parts_16_16_16_16_4_Tanh_Softmax.Symbols();
            net.CopyParametersTo(parameters);
            net.Forward(inputs, outputs);

            return new Dictionary<string, Action>
            {
                ["Train(span, span) of one sample"] = () => net.Train(inputs, targets),
                ["Train(span, span) of a batch of 4"] = () => net.Train(batchInputs, batchTargets),
                ["TrainOnline(span, span, 2) over 4 samples"] = () => net.TrainOnline(batchInputs, batchTargets, 2),
                ["Train(i1..i16, targets)"] = () => net.Train(
                    inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6], inputs[7], inputs[8], inputs[9],
                    inputs[10], inputs[11], inputs[12], inputs[13], inputs[14], inputs[15], 0.1, 0.2, 0.3, 0.4),
                ["Train(i1..i16, targets, symbols)"] = () => net.Train(
                    inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6], inputs[7], inputs[8], inputs[9],
                    inputs[10], inputs[11], inputs[12], inputs[13], inputs[14], inputs[15], 0.1, 0.2, 0.3, 0.4, symbols),
                ["Forward(span, span)"] = () => net.Forward(inputs, outputs),
                ["ForwardBatch(span, span) of 4 samples, one after another"] = () => net.ForwardBatch(batchInputs, batchOutputs),
                ["Evaluate(span, span) of 4 samples, in parts"] = () => net.Evaluate(batchInputs, batchTargets),
                ["Backward(targets)"] = () => net.Backward(0.1, 0.2, 0.3, 0.4),
                ["ApplyGradients()"] = () => net.ApplyGradients(),
                ["CopyParametersTo(span)"] = () => net.CopyParametersTo(parameters),
                ["SetParameters(span)"] = () => net.SetParameters(parameters),
                ["CopyGradientsTo(span)"] = () => net.CopyGradientsTo(gradients),
            };
        }

        /// <summary>A vectorised network (CodeShape.Vectorized): the kernels, with padded rows and a tanh layer.</summary>
        private static Dictionary<string, Action> VectorizedCalls()
        {
            var net = new Zoo_Vec_4_6_3_Tanh_Softmax();
            net.InitializeParameters(1);
            net.LearningRate = 1e-6;
            var random = new Random(3);
            double[] inputs = TestData.Uniform(random, Zoo_Vec_4_6_3_Tanh_Softmax.InputCount, -1, 1);
            double[] targets = { 0.2, 0.3, 0.5 };
            double[] batchInputs = TestData.Uniform(random, 5 * Zoo_Vec_4_6_3_Tanh_Softmax.InputCount, -1, 1);
            double[] batchTargets = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0 };
            double[] elevenInputs = TestData.Uniform(random, 11 * Zoo_Vec_4_6_3_Tanh_Softmax.InputCount, -1, 1);
            double[] elevenTargets = Enumerable.Range(0, 11 * 3).Select(i => i % 3 == (i / 3) % 3 ? 1.0 : 0.0).ToArray();
            var outputs = new double[Zoo_Vec_4_6_3_Tanh_Softmax.OutputCount];
            var batchOutputs = new double[5 * Zoo_Vec_4_6_3_Tanh_Softmax.OutputCount];
            var parameters = new double[Zoo_Vec_4_6_3_Tanh_Softmax.ParameterCount];
            var gradients = new double[Zoo_Vec_4_6_3_Tanh_Softmax.ParameterCount];
            var symbols = new Zoo_Vec_4_6_3_Tanh_Softmax.Symbols();
            net.CopyParametersTo(parameters);
            net.Forward(inputs, outputs);

            return new Dictionary<string, Action>
            {
                ["Train(i1..i4, targets)"] = () => net.Train(inputs[0], inputs[1], inputs[2], inputs[3], 0.2, 0.3, 0.5),
                ["Train(i1..i4, targets, symbols)"] = () => net.Train(inputs[0], inputs[1], inputs[2], inputs[3], 0.2, 0.3, 0.5, symbols),
                ["Train(span, span) of one sample"] = () => net.Train(inputs, targets),
                ["Train(span, span) of a batch of 5"] = () => net.Train(batchInputs, batchTargets),
                ["Train(span, span) of a batch of 11 (eight along the lanes, then the rest)"] = () => net.Train(elevenInputs, elevenTargets),
                ["TrainOnline(span, span, 2) over 5 samples"] = () => net.TrainOnline(batchInputs, batchTargets, 2),
                ["Forward(span, span)"] = () => net.Forward(inputs, outputs),
                ["ForwardBatch(span, span) of 5 samples"] = () => net.ForwardBatch(batchInputs, batchOutputs),
                ["Evaluate(span, span) of 5 samples, through the kernels"] = () => net.Evaluate(batchInputs, batchTargets),
                ["Backward(targets)"] = () => net.Backward(0.2, 0.3, 0.5),
                ["ApplyGradients()"] = () => net.ApplyGradients(),
                ["CopyParametersTo(span)"] = () => net.CopyParametersTo(parameters),
                ["SetParameters(span)"] = () => net.SetParameters(parameters),
                ["CopyGradientsTo(span)"] = () => net.CopyGradientsTo(gradients),
            };
        }

        private static readonly Dictionary<string, Func<Dictionary<string, Action>>> Networks = new()
        {
            [nameof(Zoo_Vec_4_6_3_Tanh_Softmax)] = VectorizedCalls,
            [nameof(MazurNetwork)] = ArticleNetworkCalls,
            [nameof(MazurNetworkOutputLayerFirst)] = OutputLayerFirstCalls,
            [nameof(Zoo_Parts_16_16_16_16_4_Tanh_Softmax)] = PartsCalls,
        };

        public static IEnumerable<object[]> NetworkCalls() =>
            Networks.SelectMany(network => network.Value().Keys.Select(call => new object[] { network.Key, call }));

        [Theory]
        [MemberData(nameof(NetworkCalls))]
        public void Allocates_nothing(string network, string call)
        {
            // The runtime itself may allocate on this thread while it tiers a method up (once, during warm-up or the first
            // rounds); a call that allocates would allocate in every round. So: up to 5 rounds, and one must be zero.
            Action action = Networks[network]()[call];
            var rounds = new List<long>();
            for (int round = 0; round < 5 && (rounds.Count == 0 || rounds[rounds.Count - 1] != 0); round++)
            {
                rounds.Add(AllocatedBy(action));
            }

            Assert.True(rounds[rounds.Count - 1] == 0, $"{network}.{call}: {string.Join(", ", rounds)} bytes in rounds of {Calls} calls.");
        }

        [Fact]
        public void The_measurement_sees_an_allocation()
        {
            // The witness works: a call that allocates 10,000 small arrays is seen.
            object? keep = null;
            long allocated = AllocatedBy(() => keep = new double[4]);
            Assert.True(allocated >= Calls * 4 * sizeof(double), $"{allocated} bytes.");
            Assert.NotNull(keep);
        }
    }
}
