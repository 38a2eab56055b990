using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// What a network remembers between calls: every change of the parameters forgets the forward pass that Backward
    /// differentiates (Backward then throws until the next Forward), and LearningRate accepts only learning rates.
    /// </summary>
    public class StateTests
    {
        /// <summary>The ways to change a network's parameters, each applied to a zoo network.</summary>
        public static IEnumerable<object[]> ParameterChanges()
        {
            string[] networks = { nameof(MazurNetwork), nameof(Zoo_3_4_2_Tanh_PerNeuron), nameof(Zoo_Parts_12_16_12_3_ReLU_OutputLayerFirst), nameof(Zoo_Vec_3_5_7_2_Logistic) };
            string[] changes = { "SetParameters", "Load", "InitializeParameters(int)", "InitializeParameters(Random)", "ApplyGradients", "Train", "Train(span)", "TrainOnline" };
            return networks.SelectMany(network => changes.Select(change => new object[] { network, change }));
        }

        private static void Change(ZooNetwork zoo, string change)
        {
            IZooNetwork net = zoo.Network;
            var values = new double[zoo.ParameterCount];
            net.CopyParametersTo(values);
            double[] inputs = new double[zoo.InputCount], targets = new double[zoo.OutputCount];
            switch (change)
            {
                case "SetParameters":
                    net.SetParameters(values);
                    break;
                case "Load":
                    using (var stream = new MemoryStream())
                    {
                        net.Save(stream);
                        stream.Position = 0;
                        net.Load(stream);
                    }

                    break;
                case "InitializeParameters(int)":
                    net.InitializeParameters(3);
                    break;
                case "InitializeParameters(Random)":
                    net.InitializeParameters(new Random(3));
                    break;
                case "ApplyGradients":
                    net.ApplyGradients();
                    break;
                case "Train(span)":
                    net.Train(inputs, targets);
                    break;
                case "TrainOnline":
                    net.TrainOnline(inputs, targets);
                    break;
                default:
                    Assert.Equal("Train", change);
                    net.Train(inputs, targets); // one sample: the one-sample Train
                    break;
            }
        }

        [Theory]
        [MemberData(nameof(ParameterChanges))]
        public void Changing_the_parameters_makes_Backward_need_a_new_Forward(string name, string change)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(1);
            double[] inputs = TestData.Uniform(new Random(2), zoo.InputCount, -1.0, 1.0);
            double[] targets = new double[zoo.OutputCount];
            targets[0] = 1.0;
            var outputs = new double[zoo.OutputCount];
            zoo.Network.Forward(inputs, outputs);
            zoo.Network.BackwardSpan(targets); // a pass is remembered: Backward works, and works again

            Change(zoo, change);

            Assert.Throws<InvalidOperationException>(() => zoo.Network.BackwardSpan(targets));
            zoo.Network.Forward(inputs, outputs);
            zoo.Network.BackwardSpan(targets);
        }

        [Theory]
        [InlineData(nameof(MazurNetwork))]
        [InlineData(nameof(Zoo_3_4_2_Tanh_PerNeuron))]
        [InlineData(nameof(Zoo_Parts_12_16_12_3_ReLU_OutputLayerFirst))]
        public void Each_parameter_setter_makes_Backward_need_a_new_Forward(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            List<string> parameters = ParametersTests.ExpectedParameterNames(zoo);
            double[] inputs = TestData.Uniform(new Random(2), zoo.InputCount, -1.0, 1.0);
            double[] targets = new double[zoo.OutputCount];
            var outputs = new double[zoo.OutputCount];
            foreach (string parameter in parameters)
            {
                PropertyInfo property = zoo.Network.GetType().GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance)!;
                zoo.Network.Forward(inputs, outputs);
                property.SetValue(zoo.Network, 0.25);
                Assert.Equal(0.25, (double)property.GetValue(zoo.Network)!);
                Assert.Throws<InvalidOperationException>(() => zoo.Network.BackwardSpan(targets));
            }

            // Reading parameters and gradients, or a forward pass over a batch, forgets nothing
            zoo.Network.Forward(inputs, outputs);
            _ = parameters.Select(p => zoo.Network.GetType().GetProperty(p)!.GetValue(zoo.Network)).ToList();
            zoo.Network.CopyParametersTo(new double[zoo.ParameterCount]);
            zoo.Network.CopyGradientsTo(new double[zoo.ParameterCount]);
            zoo.Network.LearningRate = 0.125;
            zoo.Network.BackwardSpan(targets);
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(double.NegativeInfinity)]
        [InlineData(0.0)]
        [InlineData(-0.5)]
        public void LearningRate_rejects_NaN_infinities_zero_and_negatives_and_keeps_its_value(double value)
        {
            var net = new MazurNetwork { LearningRate = 0.25 };
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => net.LearningRate = value);
            Assert.Equal("value", error.ParamName);
            Assert.Equal(0.25, net.LearningRate);
        }

        [Fact]
        public void LearningRate_accepts_any_positive_finite_value_and_starts_at_the_declared_one()
        {
            Assert.Equal(0.5, new MazurNetwork().LearningRate);
            Assert.Equal(0.1, ZooNetwork.Create(nameof(Zoo_3_4_2_Tanh_PerNeuron)).Network.LearningRate);
            var net = new MazurNetwork();
            foreach (double value in new[] { double.Epsilon, 1e-300, 1.0, 1e300, double.MaxValue })
            {
                net.LearningRate = value;
                Assert.Equal(value, net.LearningRate);
            }
        }
    }
}
