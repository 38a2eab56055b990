using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>The generated ForwardBatch, implemented by the zoo networks that have it (declared in <see cref="VectorTests"/>).</summary>
    public interface IBatchForward
    {
        void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs);
    }

    // The zoo networks that get the vector methods: a step in one method, and samples independent of each other.
    public partial class MazurNetwork : IBatchForward { }
    public partial class Zoo_2_3_Logistic : IBatchForward { }
    public partial class Zoo_3_4_2_Tanh_PerNeuron : IBatchForward { }
    public partial class Zoo_4_8_6_1_ReLU_Identity : IBatchForward { }
    public partial class Zoo_2_5_5_5_3_LeakyReLU_Tanh : IBatchForward { }
    public partial class Zoo_4_6_3_Tanh_Softmax : IBatchForward { }
    public partial class Zoo_3_5_2_Logistic_CrossEntropy : IBatchForward { }
    public partial class Zoo_1_1_1_Identity : IBatchForward { }
    public partial class Zoo_5_4_Softmax : IBatchForward { }
    public partial class Zoo_2_3_3_1_ReLU_Logistic_CrossEntropy : IBatchForward { }
    public partial class Zoo_3_4_2_Identity_LeakyReLU : IBatchForward { }
    public partial class Zoo_2_16_Tanh : IBatchForward { }
    public partial class Zoo_3_2_Logistic_OutputLayerFirst : IBatchForward { }

    // The vectorised networks (CodeShape.Vectorized, or Auto at their size) all have ForwardBatch.
    public partial class Zoo_16_16_4_Logistic_Softmax : IBatchForward { }
    public partial class Zoo_Vec_3_5_7_2_Logistic : IBatchForward { }
    public partial class Zoo_Vec_4_6_3_Tanh_Softmax : IBatchForward { }
    public partial class Zoo_Vec_3_5_2_Logistic_CrossEntropy : IBatchForward { }
    public partial class Zoo_Vec_4_9_6_1_ReLU_Identity : IBatchForward { }
    public partial class Zoo_Vec_2_5_5_5_3_LeakyReLU_Tanh : IBatchForward { }
    public partial class Zoo_Vec_3_4_2_Identity_LeakyReLU : IBatchForward { }
    public partial class Zoo_Vec_5_4_Softmax : IBatchForward { }
    public partial class Zoo_Vec_3_2_Logistic_OutputLayerFirst : IBatchForward { }
    public partial class Zoo_Vec_6_7_5_9_4_3_2_Tanh_Identity : IBatchForward { }
    public partial class Zoo_Vec_33_64_30_5_Logistic : IBatchForward { }
    public partial class Zoo_Vec_20_7_3_Tanh : IBatchForward { }
    public partial class Zoo_Vec_18_5_2_Logistic_CrossEntropy : IBatchForward { }

    /// <summary>A 1-1 tanh network without bias: with w1 = 1 its output is tanh(i1), lane by lane in ForwardBatch.</summary>
    [Network(1, 1, Activation.Tanh, Bias = BiasMode.None)]
    public partial class TanhProbe : IBatchForward { }

    /// <summary>
    /// A theory about the vector methods in hardware: reported skipped, not passed, on a host where
    /// <see cref="Vector256.IsHardwareAccelerated"/> is false (there the mini-batch Train takes the scalar loop, and
    /// Vector256 is emulated in software).
    /// </summary>
    public sealed class VectorTheoryAttribute : TheoryAttribute
    {
        public VectorTheoryAttribute()
        {
            if (!Vector256.IsHardwareAccelerated)
            {
                Skip = "Vector256 is not hardware-accelerated on this host (no AVX2): the vector path cannot run.";
            }
        }
    }

    /// <summary>The private vector step of a generated network (StepVector256 in one mode), called directly.</summary>
    public delegate double VectorStep(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> outputs, int samples);

    /// <summary>
    /// The vector methods (four samples per Vector256&lt;double&gt;): ForwardBatch against the scalar Forward, the
    /// vectorised mini-batch Train against the loop-based reference for batches that do and do not fill the lanes, and
    /// the vector tanh against Math.Tanh; that the public methods take the vector path on a host with AVX2 (skipped
    /// elsewhere), and the scalar mini-batch loop on its own. Vector256.Exp and Log are not Math.Exp and Log, so the
    /// comparisons allow a few units in the last place, not bit equality: 1e-12 relative to the largest magnitude of
    /// the values compared together (the outputs of a sample, the gradients of a batch, the parameters), so that a
    /// value much smaller than the others of its kind is held to the same absolute error as they are.
    /// </summary>
    public class VectorTests
    {
        private const double Tolerance = 1e-12;

        /// <summary>|expected - actual| ≤ 1e-12 · max |expected| over the vector, element by element.</summary>
        private static void AssertClose(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            double tolerance = Tolerance * expected.Max(Math.Abs);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what} {i}: expected {expected[i]:R}, vector {actual[i]:R} (tolerance {tolerance:R}).");
            }
        }

        /// <summary>|expected - actual| ≤ 1e-12 · |expected|.</summary>
        private static void AssertClose(double expected, double actual, string what) =>
            AssertClose(new[] { expected }, new[] { actual }, what);

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void A_network_has_the_vector_step_exactly_when_its_step_is_one_method_and_its_samples_are_independent_and_every_network_has_ForwardBatch(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
            bool inParts = zoo.Type.GetMethod("ForwardPart1", Private) is not null;
            bool oneSampleAtATime = zoo.UpdateRule == UpdateRule.OutputLayerFirst && zoo.Layers.Length > 2;
            bool vectorized = zoo.Type.GetMethod("ForwardKernel", Private) is not null;
            bool vectorStep = zoo.Type.GetMethod("StepVector256", Private) is not null;
            Assert.Equal(!vectorized && !inParts && !oneSampleAtATime, vectorStep);
            Assert.NotNull(zoo.Type.GetMethod("ForwardBatch")); // without a vector path, one sample after another (ForwardBatchTests)
            Assert.Equal(vectorized || vectorStep, zoo.Network is IBatchForward);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void ForwardBatch_equals_Forward_sample_by_sample_for_1_to_9_samples(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            if (zoo.Network is not IBatchForward batch)
            {
                return; // no vector path (see the test above); ForwardBatchTests covers the others
            }

            var random = new Random(GradientCheckTests.Seed(name) + 80);
            zoo.Network.SetParameters(TestData.Parameters(random, zoo));
            for (int samples = 1; samples <= 9; samples++)
            {
                double[] inputs = TestData.Uniform(random, samples * zoo.InputCount, -2.0, 2.0);
                var outputs = new double[samples * zoo.OutputCount];
                batch.ForwardBatch(inputs, outputs);
                for (int s = 0; s < samples; s++)
                {
                    double[] expected = zoo.Forward(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount).ToArray());
                    AssertClose(expected, outputs.AsSpan(s * zoo.OutputCount, zoo.OutputCount).ToArray(), $"{name}, {samples} samples, sample {s}, output");
                }
            }
        }

        private static void AssertBatchesEqualTheReference(string name, int fewest, int most)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            ReferenceNetwork reference = zoo.Reference();
            var random = new Random(GradientCheckTests.Seed(name) + 90);
            double[] parameters = TestData.Parameters(random, zoo);
            zoo.Network.SetParameters(parameters);
            reference.SetParameters(parameters);
            for (int samples = fewest; samples <= most; samples++)
            {
                double[][] inputs = Enumerable.Range(0, samples).Select(_ => TestData.Inputs(random, zoo)).ToArray();
                double[][] targets = Enumerable.Range(0, samples).Select(_ => TestData.Targets(random, zoo)).ToArray();
                double expected = reference.TrainBatch(inputs, targets, out double[] gradients);
                double actual = zoo.Network.Train(TestData.Rows(inputs), TestData.Rows(targets));
                AssertClose(expected, actual, $"{name}, batch of {samples}: mean E_total");
                AssertClose(gradients, zoo.Gradients(), $"{name}, batch of {samples}: gradient");
                AssertClose(reference.GetParameters(), zoo.Parameters(), $"{name}, batch of {samples}: parameter");
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void Mini_batches_of_4_to_9_samples_equal_the_reference(string name)
        {
            // With AVX2, the vector path (the test below proves it is the one taken); without, the scalar loop.
            AssertBatchesEqualTheReference(name, 4, 9);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.BatchTrainable), MemberType = typeof(ZooNetwork))]
        public void The_scalar_mini_batch_loop_equals_the_reference_on_every_host(string name)
        {
            // Batches of 2 and 3 samples take the scalar loop on every host: the loop that batches of 4 or more take
            // where Vector256 is not hardware-accelerated.
            AssertBatchesEqualTheReference(name, 2, 3);
        }

        [VectorTheory]
        [MemberData(nameof(ZooNetwork.FourSamplesAtOnce), MemberType = typeof(ZooNetwork))]
        public void With_AVX2_a_mini_batch_of_4_or_more_takes_the_vector_path(string name)
        {
            Assert.True(Vector256.IsHardwareAccelerated);
            ZooNetwork zoo = ZooNetwork.Create(name), copy = ZooNetwork.Create(name);
            MethodInfo method = zoo.Type.GetMethod("StepVector256", BindingFlags.NonPublic | BindingFlags.Instance)!;
            Assert.NotNull(method);

            // The vector step in its training mode: the mini-batch's forward and backward passes and the averaged update
            var vectorTrain = (VectorStep)method.MakeGenericMethod(typeof(BackpropGen.Runtime.StepMode.Train)).CreateDelegate(typeof(VectorStep), copy.Network);
            var random = new Random(GradientCheckTests.Seed(name) + 95);
            double[] parameters = TestData.Parameters(random, zoo);
            zoo.Network.SetParameters(parameters);
            copy.Network.SetParameters(parameters);
            for (int samples = 4; samples <= 9; samples++)
            {
                double[] inputs = TestData.Rows(Enumerable.Range(0, samples).Select(_ => TestData.Inputs(random, zoo)).ToArray());
                double[] targets = TestData.Rows(Enumerable.Range(0, samples).Select(_ => TestData.Targets(random, zoo)).ToArray());

                // The public Train gives, bit for bit, what the private vector method gives
                double viaTrain = zoo.Network.Train(inputs, targets);
                double viaVector = vectorTrain(inputs, targets, default, samples);
                Assert.Equal(BitConverter.DoubleToInt64Bits(viaVector), BitConverter.DoubleToInt64Bits(viaTrain));
                ArticleValueTests.AssertBitEqual(copy.Gradients(), zoo.Gradients());
                ArticleValueTests.AssertBitEqual(copy.Parameters(), zoo.Parameters());
            }
        }

        [VectorTheory]
        [MemberData(nameof(ZooNetwork.FourSamplesAtOnce), MemberType = typeof(ZooNetwork))]
        public void With_AVX2_ForwardBatch_runs_in_hardware_and_differs_from_Forward_in_the_last_bits_where_it_takes_exponentials(string name)
        {
            Assert.True(Vector256.IsHardwareAccelerated);
            ZooNetwork zoo = ZooNetwork.Create(name);
            IBatchForward batch = Assert.IsAssignableFrom<IBatchForward>(zoo.Network);

            // Vector256.Exp is not Math.Exp: where a layer takes exponentials, some output of 36 samples differs from the
            // scalar Forward's in its last bits; a scalar fallback would give Forward's bits exactly. (Piecewise-linear
            // networks compute the same products and sums in both, so they can agree bit for bit.)
            bool exponentials = new[] { zoo.HiddenActivation, zoo.OutputActivation }.Any(a => a is Activation.Logistic or Activation.Tanh or Activation.Softmax);
            var random = new Random(GradientCheckTests.Seed(name) + 85);
            zoo.Network.SetParameters(TestData.Parameters(random, zoo));
            const int Samples = 36;
            double[] inputs = TestData.Uniform(random, Samples * zoo.InputCount, -2.0, 2.0);
            var outputs = new double[Samples * zoo.OutputCount];
            batch.ForwardBatch(inputs, outputs);
            int differing = 0;
            for (int s = 0; s < Samples; s++)
            {
                double[] scalar = zoo.Forward(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount).ToArray());
                differing += scalar.Where((value, o) => BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(outputs[(s * zoo.OutputCount) + o])).Count();
            }

            if (exponentials)
            {
                Assert.True(differing > 0, $"{name}: every output of ForwardBatch equals Forward's bit for bit.");
            }
        }

        [Fact]
        public void The_vector_tanh_equals_Math_Tanh_to_a_few_ulps_from_tiny_to_saturated_inputs()
        {
            var net = new TanhProbe { w1 = 1.0 };
            var x = new[] { 0.0, 1e-300, -1e-300, 1e-17, 1e-9, -3e-5, 0.01, -0.1, 0.124999, 0.125, -0.125001, 0.2, 0.5, -0.9, 1.0, 2.5, -7.0, 19.0, 20.0, 50.0, -354.0, 400.0, -1000.0 }
                .Concat(Enumerable.Range(-400, 801).Select(i => i / 100.0))
                .ToArray();
            var y = new double[x.Length];
            net.ForwardBatch(x, y);
            for (int i = 0; i < x.Length; i++)
            {
                double expected = Math.Tanh(x[i]);
                double tolerance = 1e-15 * Math.Abs(expected); // a few units in the last place
                Assert.True(Math.Abs(expected - y[i]) <= tolerance, $"tanh({x[i]:R}): Math.Tanh {expected:R}, vector {y[i]:R}.");
            }
        }

        [Fact]
        public void ForwardBatch_rejects_spans_of_different_sample_counts()
        {
            var net = MazurNetwork.FromArticle();
            Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.ForwardBatch(new double[3], new double[2])).ParamName);
            Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => net.ForwardBatch(new double[4], new double[2])).ParamName);
            net.ForwardBatch(ReadOnlySpan<double>.Empty, Span<double>.Empty); // no samples, nothing to do
        }
    }
}
