using System;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The gradients a training step leaves behind are those Backward computes for the same pass, however they are read.
    /// The vectorised Train keeps the weights' gradients factored (∂E_total/∂w = δ·out, in its deltas and its pass) and
    /// writes them only when they are read, or before the next Forward overwrites the pass; these tests read them every
    /// way (a gradient property through CopyGradientsTo, ApplyGradients, after a Forward, after a mini-batch) on every zoo
    /// network whose Backward gives the true gradient.
    /// </summary>
    public class TrainGradientsTests
    {
        private static (ZooNetwork Zoo, double[] Inputs, double[] Targets) Sample(string name, int seed)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(1);
            var random = new Random(seed);
            return (zoo, TestData.Inputs(random, zoo), TestData.Targets(random, zoo));
        }

        /// <summary>The gradients of Forward then Backward on the sample, from the same initial parameters.</summary>
        private static double[] BackwardGradients(string name, double[] inputs, double[] targets)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(1);
            zoo.Network.Forward(inputs, new double[zoo.OutputCount]);
            zoo.Network.BackwardSpan(targets);
            var gradients = new double[zoo.ParameterCount];
            zoo.Network.CopyGradientsTo(gradients);
            return gradients;
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void Train_leaves_the_gradients_of_Backward(string name)
        {
            (ZooNetwork zoo, double[] inputs, double[] targets) = Sample(name, 5);
            double[] expected = BackwardGradients(name, inputs, targets);
            zoo.Network.Train(inputs, targets);
            object? first = zoo.Type.GetProperty("dE_total_dw1")!.GetValue(zoo.Instance); // the first read: a weight's gradient
            Assert.Equal(expected[0], (double)first!);
            var gradients = new double[zoo.ParameterCount];
            zoo.Network.CopyGradientsTo(gradients);
            Assert.Equal(expected, gradients);
            Assert.Equal(expected, gradients);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void A_Forward_after_Train_keeps_the_gradients_of_the_step(string name)
        {
            (ZooNetwork zoo, double[] inputs, double[] targets) = Sample(name, 6);
            double[] expected = BackwardGradients(name, inputs, targets);
            zoo.Network.Train(inputs, targets);
            double[] other = TestData.Uniform(new Random(7), zoo.InputCount, -1.0, 1.0);
            zoo.Network.Forward(other, new double[zoo.OutputCount]); // a new pass: the step's gradients stay
            var gradients = new double[zoo.ParameterCount];
            zoo.Network.CopyGradientsTo(gradients);
            Assert.Equal(expected, gradients);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void ApplyGradients_after_Train_applies_the_gradients_of_the_step(string name)
        {
            (ZooNetwork zoo, double[] inputs, double[] targets) = Sample(name, 8);
            ZooNetwork twice = ZooNetwork.Create(name);
            twice.Network.InitializeParameters(1);
            twice.Network.Forward(inputs, new double[zoo.OutputCount]);
            twice.Network.BackwardSpan(targets);
            twice.Network.ApplyGradients();
            twice.Network.ApplyGradients(); // w - η·g - η·g

            zoo.Network.Train(inputs, targets);
            zoo.Network.ApplyGradients();

            var expected = new double[zoo.ParameterCount];
            var parameters = new double[zoo.ParameterCount];
            twice.Network.CopyParametersTo(expected);
            zoo.Network.CopyParametersTo(parameters);
            Assert.Equal(expected, parameters);
        }

        /// <summary>
        /// ApplyGradients applies the gradients of the last Backward: straight after it (where the vectorised shape updates
        /// from their factors in its pass, as Train does), and after a Forward of another sample has replaced that pass
        /// (where it updates from the stored gradients). Expected: w - η·∂E_total/∂w worked here from CopyGradientsTo, the
        /// untrained biases unchanged; the two orders of rounding agree to a few units in the last place.
        /// </summary>
        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void ApplyGradients_applies_the_last_Backward_with_or_without_a_Forward_in_between(string name)
        {
            foreach (bool forwardInBetween in new[] { false, true })
            {
                (ZooNetwork zoo, double[] inputs, double[] targets) = Sample(name, 11);
                zoo.Network.Forward(inputs, new double[zoo.OutputCount]);
                zoo.Network.BackwardSpan(targets);
                var before = new double[zoo.ParameterCount];
                var gradients = new double[zoo.ParameterCount];
                zoo.Network.CopyParametersTo(before);
                zoo.Network.CopyGradientsTo(gradients);
                if (forwardInBetween)
                {
                    zoo.Network.Forward(TestData.Uniform(new Random(12), zoo.InputCount, -1.0, 1.0), new double[zoo.OutputCount]);
                }

                zoo.Network.ApplyGradients();

                var after = new double[zoo.ParameterCount];
                zoo.Network.CopyParametersTo(after);
                for (int i = 0; i < after.Length; i++)
                {
                    bool trained = i < zoo.WeightCount || zoo.TrainBiases;
                    double expected = trained ? before[i] - (zoo.Network.LearningRate * gradients[i]) : before[i];
                    Assert.True(
                        Math.Abs(after[i] - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)),
                        $"{name}, {(forwardInBetween ? "a Forward in between" : "straight after Backward")}: parameter {i} is {after[i]:R}, expected {expected:R}.");
                }
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.Simultaneous), MemberType = typeof(ZooNetwork))]
        public void A_mini_batch_after_Train_leaves_its_own_gradients(string name)
        {
            (ZooNetwork zoo, double[] inputs, double[] targets) = Sample(name, 9);
            zoo.Network.Train(inputs, targets);
            var parameters = new double[zoo.ParameterCount];
            zoo.Network.CopyParametersTo(parameters);
            var random = new Random(10);
            double[] batchInputs = TestData.Uniform(random, 3 * zoo.InputCount, -1.0, 1.0);
            double[] batchTargets = TestData.Rows(new[] { TestData.Targets(random, zoo), TestData.Targets(random, zoo), TestData.Targets(random, zoo) });
            zoo.Network.Train(batchInputs, batchTargets);

            ZooNetwork fresh = ZooNetwork.Create(name);
            fresh.Network.SetParameters(parameters);
            fresh.Network.Train(batchInputs, batchTargets);

            var expected = new double[zoo.ParameterCount];
            var gradients = new double[zoo.ParameterCount];
            fresh.Network.CopyGradientsTo(expected);
            zoo.Network.CopyGradientsTo(gradients);
            Assert.Equal(expected, gradients);
        }
    }
}
