using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The vectorised networks whose first layer's rows are wide leave Train's update of that layer pending, for the next
    /// forward pass to apply as it reads the weights. Whatever reads or writes the parameters next must see the network as
    /// if the update had been made in the step: each reader is the first call after one Train here, on a network of its
    /// own, and is compared with <see cref="ReferenceNetwork"/> after the same step (1e-12), or, for a writer, with exactly
    /// what was written.
    /// </summary>
    public class PendingUpdateTests
    {
        /// <summary>The zoo networks that leave an update pending: those with the generated ApplyPendingUpdate.</summary>
        public static IEnumerable<object[]> Deferring() =>
            ZooNetwork.All().Select(row => (string)row[0]).Where(Defers).Select(name => new object[] { name });

        private static bool Defers(string name) =>
            ZooNetwork.Create(name).Type.GetMethod("ApplyPendingUpdate", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

        [Fact]
        public void The_zoo_has_networks_that_leave_the_update_pending_and_networks_that_do_not()
        {
            // Wide first layers (more than four vectors of doubles a row) under plain SGD; never a narrow one
            Assert.True(Defers(nameof(Zoo_Vec_33_64_30_5_Logistic)));
            Assert.True(Defers(nameof(Zoo_Vec_20_7_3_Tanh)));
            Assert.True(Defers(nameof(Zoo_Vec_18_5_2_Logistic_CrossEntropy)));
            Assert.False(Defers(nameof(Zoo_Vec_3_5_7_2_Logistic)));
            Assert.False(Defers(nameof(Zoo_16_16_4_Logistic_Softmax)));
            Assert.False(Defers(nameof(MazurNetwork)));
        }

        /// <summary>A zoo network and its reference after one Train on the same random sample, and the parameters before it.</summary>
        private static (ZooNetwork Zoo, ReferenceNetwork Reference, double[] Before, double[] Gradients, Random Random) AfterOneStep(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = ReferenceTrainingTests.Start(name, 40);
            double[] before = reference.GetParameters();
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
            reference.Train(x, t, out double[] gradients);
            zoo.Network.Train(x, t);
            return (zoo, reference, before, gradients, random);
        }

        private static void AssertClose(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                ReferenceTrainingTests.AssertClose(expected[i], actual[i], $"{what}[{i}]");
            }
        }

        private static string ToMermaid(ZooNetwork zoo) => (string)zoo.Type.GetMethod("ToMermaid")!.Invoke(zoo.Instance, null)!;

        private static PropertyInfo Property(ZooNetwork zoo, string name) =>
            zoo.Type.GetProperty(name) ?? throw new InvalidOperationException(zoo.Name + " has no property " + name + ".");

        /// <summary>The first and the last weight of the first layer (w1, and w of the last neuron's last input), by their parameter index.</summary>
        private static int[] FirstLayerWeights(ZooNetwork zoo) => new[] { 0, (zoo.Layers[0] * zoo.Layers[1]) - 1 };

        [Theory]
        [MemberData(nameof(Deferring))]
        public void The_first_layers_weight_properties_read_the_updated_weights(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, double[] before, _, _) = AfterOneStep(name);
            double[] expected = reference.GetParameters();
            foreach (int i in FirstLayerWeights(zoo))
            {
                double value = (double)Property(zoo, "w" + (i + 1)).GetValue(zoo.Instance)!;
                Assert.NotEqual(before[i], value); // the step moved it
                ReferenceTrainingTests.AssertClose(expected[i], value, $"{name} w{i + 1}");
            }
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void CopyParametersTo_Save_and_ToMermaid_read_the_updated_weights(string name)
        {
            (ZooNetwork first, ReferenceNetwork reference, _, _, _) = AfterOneStep(name);
            AssertClose(reference.GetParameters(), first.Parameters(), $"{name} CopyParametersTo");

            (ZooNetwork saved, _, _, _, _) = AfterOneStep(name);
            using var stream = new MemoryStream();
            saved.Network.Save(stream);
            stream.Position = 0;
            ZooNetwork loaded = ZooNetwork.Create(name);
            loaded.Network.Load(stream);
            AssertClose(reference.GetParameters(), loaded.Parameters(), $"{name} Save, then Load into another network");

            // ToMermaid first, against ToMermaid of a network whose update CopyParametersTo applied first (checked above)
            (ZooNetwork drawn, _, _, _, _) = AfterOneStep(name);
            string diagram = ToMermaid(drawn);
            (ZooNetwork copied, _, _, _, _) = AfterOneStep(name);
            copied.Parameters();
            Assert.Equal(ToMermaid(copied), diagram);
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void Forward_and_ForwardBatch_use_the_updated_weights(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, _, Random random) = AfterOneStep(name);
            double[] x = TestData.Inputs(random, zoo);
            AssertClose(reference.Forward(x).Outputs, zoo.Forward(x), $"{name} Forward after Train");

            (ZooNetwork batch, _, _, _, _) = AfterOneStep(name);
            var outputs = new double[zoo.OutputCount];
            ((IBatchForward)batch.Network).ForwardBatch(x, outputs);
            AssertClose(reference.Forward(x).Outputs, outputs, $"{name} ForwardBatch after Train");
            AssertClose(reference.GetParameters(), batch.Parameters(), $"{name} parameters after ForwardBatch");
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void Train_with_Symbols_after_Train_records_and_steps_from_the_updated_weights(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, _, Random random) = AfterOneStep(name);
            double[] afterFirst = reference.GetParameters();
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
            double expectedError = reference.Train(x, t);
            StepSymbols symbols = SymbolsTableTests.NewSymbols(zoo.Type);
            double error = SymbolsTableTests.TrainWithSymbols(zoo.Instance, symbols, x, t);
            foreach (int i in FirstLayerWeights(zoo))
            {
                ReferenceTrainingTests.AssertClose(afterFirst[i], symbols["w" + (i + 1)], $"{name} w{i + 1} before the second step");
            }

            ReferenceTrainingTests.AssertClose(expectedError, error, $"{name} E_total of the second step");
            AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name} after Train, then Train(..., Symbols)");
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void ApplyGradients_after_Train_applies_the_steps_gradients_once_more(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, double[] gradients, _) = AfterOneStep(name);
            zoo.Network.ApplyGradients();
            double[] after = reference.GetParameters();
            int trained = zoo.TrainBiases ? zoo.ParameterCount : zoo.WeightCount;
            double[] expected = after.Select((p, i) => i < trained ? p - (zoo.Network.LearningRate * gradients[i]) : p).ToArray();
            AssertClose(expected, zoo.Parameters(), $"{name} Train, then ApplyGradients");
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void A_mini_batch_after_Train_starts_from_the_updated_weights(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, _, Random random) = AfterOneStep(name);
            double[][] x = { TestData.Inputs(random, zoo), TestData.Inputs(random, zoo), TestData.Inputs(random, zoo) };
            double[][] t = { TestData.Targets(random, zoo), TestData.Targets(random, zoo), TestData.Targets(random, zoo) };
            reference.TrainBatch(x, t, out _);
            zoo.Network.Train(x.SelectMany(v => v).ToArray(), t.SelectMany(v => v).ToArray());
            AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name} Train, then a mini-batch of 3");
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void Setting_a_first_layer_weight_after_Train_keeps_the_value_set_and_the_others_updated(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, _, _) = AfterOneStep(name);
            Property(zoo, "w1").SetValue(zoo.Instance, 0.25);
            double[] expected = reference.GetParameters();
            expected[0] = 0.25;
            double[] actual = zoo.Parameters();
            Assert.Equal(0.25, actual[0]);
            AssertClose(expected, actual, $"{name} after Train and w1 = 0.25");
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void SetParameters_Load_and_InitializeParameters_after_Train_replace_every_weight(string name)
        {
            (ZooNetwork set, _, double[] before, _, _) = AfterOneStep(name);
            set.Network.SetParameters(before);
            Assert.Equal(before, set.Parameters()); // exactly: no update applied on top

            (ZooNetwork loaded, _, _, _, _) = AfterOneStep(name);
            ZooNetwork source = ZooNetwork.Create(name);
            source.Network.SetParameters(before);
            using var stream = new MemoryStream();
            source.Network.Save(stream);
            stream.Position = 0;
            loaded.Network.Load(stream);
            Assert.Equal(before, loaded.Parameters());

            (ZooNetwork initialised, _, _, _, _) = AfterOneStep(name);
            initialised.Network.InitializeParameters(5);
            ZooNetwork fresh = ZooNetwork.Create(name);
            fresh.Network.InitializeParameters(5);
            Assert.Equal(fresh.Parameters(), initialised.Parameters());
        }

        [Theory]
        [MemberData(nameof(Deferring))]
        public void Steps_after_a_change_of_learning_rate_update_by_the_rate_of_each_step(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, _, _, Random random) = AfterOneStep(name);
            // The first step's update is still pending when the rate changes: it must keep the first step's rate
            zoo.Network.LearningRate = reference.LearningRate = 0.03;
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
            reference.Train(x, t);
            zoo.Network.Train(x, t);
            AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name} two steps, η changed between them");
        }
    }
}
