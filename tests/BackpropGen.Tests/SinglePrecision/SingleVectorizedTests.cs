using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace BackpropGen.Tests.SinglePrecision
{
    /// <summary>
    /// Precision.Single networks of the vectorised shape (the kernels over Vector256&lt;float&gt;, eight lanes): Forward,
    /// ForwardBatch, online steps, mini-batches (two samples at a time and an odd one alone) and TrainOnline agree with the
    /// double reference implementation within float tolerance; they compute in float; the steps allocate nothing.
    /// </summary>
    public class SingleVectorizedTests
    {
        /// <summary>
        /// How far a float network may be from the double reference, relative to the largest magnitude of the compared
        /// vector (at least 1 for parameters and outputs; see <see cref="AssertClose"/>). A float operation rounds to 2^-24
        /// (6e-8) relative; a dot product of up to 136 terms, an activation and a few steps that feed each other add up a few
        /// hundred of those at worst (measured: see <see cref="Largest_differences_from_the_reference"/>, under 8e-7 over
        /// these networks). A wrong formula, a wrong lane or a lost padding is off by far more.
        /// </summary>
        private const double Tolerance = 2e-5;

        private const int Steps = 5;

        private readonly ITestOutputHelper _output;

        public SingleVectorizedTests(ITestOutputHelper output) => _output = output;

        private static readonly Dictionary<string, Func<ISingleVectorizedNetwork>> Networks = new()
        {
            [nameof(SingleVec_3_5_2_Tanh_Logistic)] = () => new SingleVec_3_5_2_Tanh_Logistic(),
            [nameof(SingleVec_10_9_3_ReLU_Softmax)] = () => new SingleVec_10_9_3_ReLU_Softmax(),
            [nameof(SingleVec_12_24_24_4_LeakyReLU_Identity)] = () => new SingleVec_12_24_24_4_LeakyReLU_Identity(),
            [nameof(SingleVec_64_64_10_Logistic_Softmax)] = () => new SingleVec_64_64_10_Logistic_Softmax(),
            [nameof(SingleVec_5_7_1_Logistic_CrossEntropy)] = () => new SingleVec_5_7_1_Logistic_CrossEntropy(),
            [nameof(SingleVec_130_17_9_Tanh)] = () => new SingleVec_130_17_9_Tanh(),
            [nameof(SingleVec_6_11_4_Tanh_Adam)] = () => new SingleVec_6_11_4_Tanh_Adam(),
            [nameof(SingleVec_9_13_5_ReLU_Momentum)] = () => new SingleVec_9_13_5_ReLU_Momentum(),
            [nameof(SingleVec_7_3_Logistic_WeightDecay)] = () => new SingleVec_7_3_Logistic_WeightDecay(),
            [nameof(SingleVec_1_1_1_Identity)] = () => new SingleVec_1_1_1_Identity(),
        };

        public static IEnumerable<object[]> All() => Networks.Keys.Select(name => new object[] { name });

        /// <summary>Every network but the 1-1-1 identity, whose few roundings (two products, one difference) stay within an ulp of the double reference's results.</summary>
        public static IEnumerable<object[]> WithEnoughArithmetic() => All().Where(row => (string)row[0] != nameof(SingleVec_1_1_1_Identity));

        private static NetworkAttribute Declaration(Type type) => type.GetCustomAttribute<NetworkAttribute>()!;

        /// <summary>One network, its double reference (and optimizer) from the same declaration, the same float-exact parameters in both.</summary>
        private sealed class Pair
        {
            public Pair(string name, int seed)
            {
                Net = Networks[name]();
                Name = name;
                NetworkAttribute declaration = Declaration(Net.GetType());
                Output = declaration.OutputActivation;
                Reference = new ReferenceNetwork(
                    declaration.Layers.ToArray(), declaration.Activation, declaration.OutputActivation, declaration.Loss, declaration.Bias,
                    declaration.TrainBiases, (float)declaration.LearningRate, declaration.UpdateRule);
                if (declaration.Optimizer != BackpropGen.Optimizer.Sgd || declaration.WeightDecay != 0)
                {
                    Optimizer = new ReferenceOptimizer(Reference, declaration, Reference.WeightCount)
                    {
                        // The network holds its hyperparameters as floats: the reference takes the same values.
                        LearningRate = (float)declaration.LearningRate,
                        Momentum = (float)declaration.Momentum,
                        Beta1 = (float)declaration.Beta1,
                        Beta2 = (float)declaration.Beta2,
                        Epsilon = (float)declaration.Epsilon,
                        WeightDecay = (float)declaration.WeightDecay,
                    };
                }

                Random = new Random(seed);
                float[] parameters = Floats(TestData.Uniform(Random, Reference.ParameterCount, -1.0, 1.0));
                Net.SetParameters(parameters);
                Reference.SetParameters(Widen(parameters));
            }

            public string Name { get; }

            public ISingleVectorizedNetwork Net { get; }

            public ReferenceNetwork Reference { get; }

            public ReferenceOptimizer? Optimizer { get; }

            public Random Random { get; }

            public Activation Output { get; }

            public float[] Inputs() => Floats(TestData.Uniform(Random, Reference.InputCount, -1.0, 1.0));

            /// <summary>Targets the output can reach: a distribution for a softmax, (0, 1) for a logistic, (-1, 1) for tanh.</summary>
            public float[] Targets() => Floats(TestData.Targets(Random, Reference.OutputCount, Output));

            public double[] Parameters()
            {
                var values = new float[Reference.ParameterCount];
                Net.CopyParametersTo(values);
                return Widen(values);
            }

            public double[] Gradients()
            {
                var values = new float[Reference.ParameterCount];
                Net.CopyGradientsTo(values);
                return Widen(values);
            }

            public double[] Forward(float[] inputs)
            {
                var outputs = new float[Reference.OutputCount];
                Net.Forward(inputs, outputs);
                return Widen(outputs);
            }

            /// <summary>One step of the reference (its optimizer's, if it has one); the sample's gradients and error.</summary>
            public double ReferenceStep(float[] inputs, float[] targets, out double[] gradients)
            {
                if (Optimizer is null)
                {
                    return Reference.Train(Widen(inputs), Widen(targets), out gradients);
                }

                gradients = Reference.Gradient(Widen(inputs), Widen(targets), out double error);
                Optimizer.Apply(gradients);
                return error;
            }

            /// <summary>One mini-batch step of the reference; the averaged gradients and the mean error.</summary>
            public double ReferenceBatch(float[][] inputs, float[][] targets, out double[] gradients)
            {
                double[][] x = inputs.Select(Widen).ToArray(), t = targets.Select(Widen).ToArray();
                if (Optimizer is null)
                {
                    return Reference.TrainBatch(x, t, out gradients);
                }

                gradients = new double[Reference.ParameterCount];
                double error = 0.0;
                for (int s = 0; s < x.Length; s++)
                {
                    double[] g = Reference.Gradient(x[s], t[s], out double e);
                    error += e;
                    for (int p = 0; p < g.Length; p++)
                    {
                        gradients[p] += g[p];
                    }
                }

                for (int p = 0; p < gradients.Length; p++)
                {
                    gradients[p] /= x.Length;
                }

                Optimizer.Apply(gradients);
                return error / x.Length;
            }
        }

        private static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();

        private static double[] Widen(float[] values) => values.Select(v => (double)v).ToArray();

        private static float[] Rows(float[][] rows) => rows.SelectMany(row => row).ToArray();

        /// <summary>
        /// The largest difference between <paramref name="expected"/> and <paramref name="actual"/>, relative to the
        /// largest magnitude in <paramref name="expected"/> (but at least <paramref name="floor"/>): float rounding errors
        /// scale with the values they are made from, so a gradient near 0 next to large ones is held to the large ones' scale.
        /// </summary>
        private static double Difference(double[] expected, double[] actual, double floor)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(floor, expected.Max(Math.Abs));
            double largest = 0.0;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(double.IsFinite(actual[i]), $"[{i}] is {actual[i]}");
                largest = Math.Max(largest, Math.Abs(expected[i] - actual[i]) / scale);
            }

            return largest;
        }

        /// <summary>Outputs and parameters against a scale of at least 1; gradients and errors against their own (at least 1e-6).</summary>
        private static void AssertClose(double[] expected, double[] actual, string what, double floor = 1.0)
        {
            double difference = Difference(expected, actual, floor);
            Assert.True(difference <= Tolerance, $"{what}: {difference:G3} from the reference (allowed {Tolerance:G3}); reference [{string.Join(", ", expected.Take(6).Select(v => v.ToString("G9")))}...], float network [{string.Join(", ", actual.Take(6).Select(v => v.ToString("G9")))}...].");
        }

        private static void AssertClose(double expected, double actual, string what) => AssertClose(new[] { expected }, new[] { actual }, what, 1e-6);

        // ---- Forward ----

        [Theory]
        [MemberData(nameof(All))]
        public void Forward_agrees_with_the_reference(string name)
        {
            var pair = new Pair(name, 10);
            for (int sample = 0; sample < 10; sample++)
            {
                float[] x = Floats(TestData.Uniform(pair.Random, pair.Reference.InputCount, -2.0, 2.0));
                AssertClose(pair.Reference.Forward(Widen(x)).Outputs, pair.Forward(x), $"{name} outputs of sample {sample}");
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void ForwardBatch_is_Forward_sample_by_sample_bit_for_bit(string name)
        {
            var pair = new Pair(name, 11);
            float[][] x = Enumerable.Range(0, 5).Select(_ => pair.Inputs()).ToArray();
            var outputs = new float[5 * pair.Reference.OutputCount];
            pair.Net.ForwardBatch(Rows(x), outputs);
            for (int s = 0; s < 5; s++)
            {
                double[] one = pair.Forward(x[s]);
                Assert.Equal(one, Widen(outputs.AsSpan(s * one.Length, one.Length).ToArray()));
                AssertClose(pair.Reference.Forward(Widen(x[s])).Outputs, one, $"{name} outputs of sample {s}");
            }
        }

        // ---- Training ----

        [Theory]
        [MemberData(nameof(All))]
        public void Online_steps_agree_with_the_reference(string name)
        {
            var pair = new Pair(name, 20);
            for (int step = 0; step < Steps; step++)
            {
                float[] x = pair.Inputs(), t = pair.Targets();
                double expected = pair.ReferenceStep(x, t, out double[] gradients);
                float actual = pair.Net.Train(x, t);
                AssertClose(expected, actual, $"{name} E_total of step {step}");
                AssertClose(gradients, pair.Gradients(), $"{name} gradients of step {step}", 1e-6);
                AssertClose(pair.Reference.GetParameters(), pair.Parameters(), $"{name} parameters after step {step}");
            }
        }

        /// <summary>
        /// Batches of 1 to 5 samples: the kernels take a batch's samples two at a time (AccumulatePairKernel) and an odd batch's
        /// last one alone; of 8, 11, 16 and 19: eight at a time along the lanes of a Vector256&lt;float&gt; (LanesKernel) where
        /// the network has it, the rest as before.
        /// </summary>
        [Theory]
        [MemberData(nameof(All))]
        public void Mini_batches_agree_with_the_reference(string name)
        {
            var pair = new Pair(name, 30);
            foreach (int samples in new[] { 4, 1, 2, 3, 5, 4, 8, 11, 16, 19 })
            {
                float[][] x = Enumerable.Range(0, samples).Select(_ => pair.Inputs()).ToArray();
                float[][] t = Enumerable.Range(0, samples).Select(_ => pair.Targets()).ToArray();
                double expected = pair.ReferenceBatch(x, t, out double[] gradients);
                float actual = pair.Net.Train(Rows(x), Rows(t));
                AssertClose(expected, actual, $"{name} a batch of {samples}: mean E_total");
                AssertClose(gradients, pair.Gradients(), $"{name} a batch of {samples}: averaged gradients", 1e-6);
                AssertClose(pair.Reference.GetParameters(), pair.Parameters(), $"{name} a batch of {samples}: parameters after it");
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Online_training_over_3_samples_for_2_epochs_agrees_with_the_reference(string name)
        {
            var pair = new Pair(name, 60);
            float[][] x = Enumerable.Range(0, 3).Select(_ => pair.Inputs()).ToArray();
            float[][] t = Enumerable.Range(0, 3).Select(_ => pair.Targets()).ToArray();
            double lastEpoch = 0.0;
            double[] gradients = Array.Empty<double>();
            for (int epoch = 0; epoch < 2; epoch++)
            {
                lastEpoch = 0.0;
                for (int s = 0; s < 3; s++)
                {
                    lastEpoch += pair.ReferenceStep(x[s], t[s], out gradients);
                }
            }

            float actual = pair.Net.TrainOnline(Rows(x), Rows(t), epochs: 2);
            AssertClose(lastEpoch / 3, actual, $"{name} mean E_total of the last epoch");
            AssertClose(gradients, pair.Gradients(), $"{name} gradients of the last step", 1e-6);
            AssertClose(pair.Reference.GetParameters(), pair.Parameters(), $"{name} parameters after 2 epochs");
        }

        // ---- It computes in float ----

        /// <summary>
        /// The outputs and gradients are not the double reference's rounded once to float (which is within half a float ulp
        /// of it): somewhere they are more than one ulp, and more than 1e-9 relative, away, as float arithmetic through the
        /// layers leaves them; and still within <see cref="Tolerance"/>. (A double network agrees with the reference to
        /// ~1e-15.) The outputs of 20 samples, then the gradients of one step from the same parameters as the reference's;
        /// values under 1e-3 of the largest are left out of the count.
        /// </summary>
        [Theory]
        [MemberData(nameof(WithEnoughArithmetic))]
        public void It_computes_in_float(string name)
        {
            var pair = new Pair(name, 40);
            double largestUlps = 0.0, largestRelative = 0.0;
            void Measure(double[] expected, double[] actual)
            {
                double scale = expected.Max(Math.Abs);
                for (int k = 0; k < expected.Length; k++)
                {
                    if (Math.Abs(expected[k]) < 1e-3 * scale)
                    {
                        continue; // a value near 0 next to large ones carries their rounding errors, not its own
                    }

                    float magnitude = MathF.Abs((float)expected[k]);
                    double ulp = MathF.BitIncrement(magnitude) - magnitude;
                    largestUlps = Math.Max(largestUlps, Math.Abs(actual[k] - expected[k]) / ulp);
                    largestRelative = Math.Max(largestRelative, Math.Abs(actual[k] - expected[k]) / Math.Abs(expected[k]));
                }
            }

            for (int sample = 0; sample < 20; sample++)
            {
                float[] x = pair.Inputs();
                double[] expected = pair.Reference.Forward(Widen(x)).Outputs, actual = pair.Forward(x);
                AssertClose(expected, actual, $"{name} outputs of sample {sample}");
                Measure(expected, actual);
            }

            float[] inputs = pair.Inputs(), targets = pair.Targets();
            pair.ReferenceStep(inputs, targets, out double[] gradients);
            pair.Net.Train(inputs, targets);
            AssertClose(gradients, pair.Gradients(), $"{name} gradients", 1e-6);
            Measure(gradients, pair.Gradients());

            _output.WriteLine($"{name}: the outputs and gradients are up to {largestUlps:F1} float ulps ({largestRelative:G3} relative) from the double reference.");
            Assert.True(largestUlps > 1.0, $"{name}: the outputs and gradients are within {largestUlps:F2} ulps of the double reference: not float arithmetic.");
            Assert.True(largestRelative >= 1e-9, $"{name}: {largestRelative:G3}");
            Assert.Equal(typeof(float), pair.Net.GetType().GetMethod("Train", new[] { typeof(ReadOnlySpan<float>), typeof(ReadOnlySpan<float>) })!.ReturnType);
        }

        /// <summary>Reports how far each network gets from the reference over the online and mini-batch steps above (the measurement behind <see cref="Tolerance"/>).</summary>
        [Fact]
        public void Largest_differences_from_the_reference()
        {
            foreach (string name in Networks.Keys)
            {
                var pair = new Pair(name, 20);
                double outputs = 0.0, parameters = 0.0, gradients = 0.0, errors = 0.0;
                for (int step = 0; step < Steps; step++)
                {
                    float[] sample = pair.Inputs();
                    outputs = Math.Max(outputs, Difference(pair.Reference.Forward(Widen(sample)).Outputs, pair.Forward(sample), 1.0));
                    float[][] x = Enumerable.Range(0, step + 1).Select(_ => pair.Inputs()).ToArray();
                    float[][] t = Enumerable.Range(0, step + 1).Select(_ => pair.Targets()).ToArray();
                    double expected = pair.ReferenceBatch(x, t, out double[] g);
                    float actual = pair.Net.Train(Rows(x), Rows(t));
                    errors = Math.Max(errors, Difference(new[] { expected }, new double[] { actual }, 1e-6));
                    gradients = Math.Max(gradients, Difference(g, pair.Gradients(), 1e-6));
                    parameters = Math.Max(parameters, Difference(pair.Reference.GetParameters(), pair.Parameters(), 1.0));
                }

                _output.WriteLine($"{name}: outputs {outputs:G3}, E_total {errors:G3}, gradients {gradients:G3}, parameters {parameters:G3}");
                Assert.True(Math.Max(Math.Max(outputs, errors), Math.Max(gradients, parameters)) <= Tolerance, name);
            }
        }

        // ---- Allocation ----

        private static Dictionary<string, Action> Calls(ISingleVectorizedNetwork net, int inputCount, int outputCount)
        {
            net.InitializeParameters(1);
            net.LearningRate = 1e-6f; // keep thousands of steps from going anywhere interesting; the code path is the same
            var random = new Random(3);
            float[] inputs = Floats(TestData.Uniform(random, 11 * inputCount, -1, 1));
            float[] targets = Floats(TestData.Uniform(random, 11 * outputCount, 0.1, 0.3));
            var outputs = new float[11 * outputCount];
            return new Dictionary<string, Action>
            {
                ["Train(span, span) of one sample"] = () => net.Train(inputs.AsSpan(0, inputCount), targets.AsSpan(0, outputCount)),
                ["Train(span, span) of a batch of 5"] = () => net.Train(inputs.AsSpan(0, 5 * inputCount), targets.AsSpan(0, 5 * outputCount)),
                ["Train(span, span) of a batch of 11"] = () => net.Train(inputs, targets),
                ["TrainOnline(span, span, 2) over 5 samples"] = () => net.TrainOnline(inputs.AsSpan(0, 5 * inputCount), targets.AsSpan(0, 5 * outputCount), 2),
                ["Forward(span, span)"] = () => net.Forward(inputs.AsSpan(0, inputCount), outputs.AsSpan(0, outputCount)),
                ["ForwardBatch(span, span) of 5 samples"] = () => net.ForwardBatch(inputs.AsSpan(0, 5 * inputCount), outputs.AsSpan(0, 5 * outputCount)),
            };
        }

        public static IEnumerable<object[]> AllocationCases() =>
            new[] { nameof(SingleVec_10_9_3_ReLU_Softmax), nameof(SingleVec_6_11_4_Tanh_Adam) }
                .SelectMany(name => new[] { "Train(span, span) of one sample", "Train(span, span) of a batch of 5", "Train(span, span) of a batch of 11", "TrainOnline(span, span, 2) over 5 samples", "Forward(span, span)", "ForwardBatch(span, span) of 5 samples" }
                    .Select(call => new object[] { name, call }));

        /// <summary>After a warm-up, 2,000 calls allocate exactly 0 bytes in one of up to 5 rounds (the runtime may allocate while it tiers a method up; a call that allocates does so in every round).</summary>
        [Theory]
        [MemberData(nameof(AllocationCases))]
        public void Allocates_nothing(string name, string call)
        {
            ISingleVectorizedNetwork net = Networks[name]();
            NetworkAttribute declaration = Declaration(net.GetType());
            Action action = Calls(net, declaration.Layers[0], declaration.Layers[declaration.Layers.Length - 1])[call];
            long allocated = SteadyAllocation.Of(action);

            Assert.True(allocated == 0, $"{name} {call}: {allocated} bytes in 2,000 calls.");
        }
    }
}
