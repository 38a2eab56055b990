using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The parameter members: the documented parameter order, span length checks, the parameter file format,
    /// initialisation, and numerical stability at extreme net inputs.
    /// </summary>
    public class ParametersTests
    {
        // ---------------------------------------------------------------- parameter order

        /// <summary>
        /// The names of the parameters in the documented order (README.md): w1..wN, then the biases layer by layer,
        /// neuron by neuron: b1, b2, ... (shared), or b_h1.. / b_h{layer}_{n}.. and b_o1.. (per neuron).
        /// </summary>
        internal static List<string> ExpectedParameterNames(ZooNetwork zoo)
        {
            int[] layers = zoo.Layers;
            var names = new List<string>();
            int weights = 0;
            for (int l = 1; l < layers.Length; l++)
            {
                weights += layers[l - 1] * layers[l];
            }

            for (int n = 1; n <= weights; n++)
            {
                names.Add("w" + n);
            }

            for (int l = 1; l < layers.Length; l++)
            {
                if (zoo.Bias == BiasMode.SharedPerLayer)
                {
                    names.Add("b" + l);
                }
                else if (zoo.Bias == BiasMode.PerNeuron)
                {
                    for (int j = 1; j <= layers[l]; j++)
                    {
                        string neuron = l == layers.Length - 1 ? "o" + j : layers.Length == 3 ? "h" + j : "h" + l + "_" + j;
                        names.Add("b_" + neuron);
                    }
                }
            }

            return names;
        }

        private static double Property(object instance, string name)
        {
            PropertyInfo property = instance.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{instance.GetType().Name} has no public property {name}.");
            return (double)property.GetValue(instance)!;
        }

        [Fact]
        public void SetParameters_fills_w1_to_w8_then_b1_b2_of_the_articles_network()
        {
            var net = new MazurNetwork();
            net.SetParameters(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
            Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, new[] { net.w1, net.w2, net.w3, net.w4, net.w5, net.w6, net.w7, net.w8, net.b1, net.b2 });
        }

        [Fact]
        public void CopyParametersTo_reads_w1_to_w8_then_b1_b2_of_the_articles_network()
        {
            var values = new double[MazurNetwork.ParameterCount];
            MazurNetwork.FromArticle().CopyParametersTo(values);
            Assert.Equal(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 }, values);
        }

        [Fact]
        public void The_per_neuron_biases_of_several_hidden_layers_follow_the_weights_layer_by_layer()
        {
            // 2-4-3-2: 8 + 12 + 6 = 26 weights, then b_h1_1..b_h1_4, b_h2_1..b_h2_3, b_o1, b_o2.
            var net = new Zoo_2_4_3_2_Tanh_Logistic_OutputLayerFirst();
            double[] values = Enumerable.Range(1, 35).Select(i => (double)i).ToArray();
            net.SetParameters(values);
            Assert.Equal(1.0, net.w1);
            Assert.Equal(26.0, net.w26);
            Assert.Equal(new[] { 27.0, 28, 29, 30, 31, 32, 33, 34, 35 }, new[] { net.b_h1_1, net.b_h1_2, net.b_h1_3, net.b_h1_4, net.b_h2_1, net.b_h2_2, net.b_h2_3, net.b_o1, net.b_o2 });
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void SetParameters_and_CopyParametersTo_follow_the_documented_order_of_the_named_properties(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            List<string> names = ExpectedParameterNames(zoo);
            Assert.Equal(names.Count, zoo.ParameterCount);

            double[] values = names.Select((_, i) => 1.0 + i + (0.25 * i * i)).ToArray();
            zoo.Network.SetParameters(values);
            for (int i = 0; i < names.Count; i++)
            {
                Assert.True(values[i] == Property(zoo.Instance, names[i]), $"{name}: parameter {i} should be {names[i]}.");
            }

            // And back: set each named property, read the span.
            for (int i = 0; i < names.Count; i++)
            {
                zoo.Instance.GetType().GetProperty(names[i])!.SetValue(zoo.Instance, -values[i]);
            }

            Assert.Equal(values.Select(v => -v).ToArray(), zoo.Parameters());
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void CopyGradientsTo_follows_the_order_of_the_named_gradients(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            var random = new Random(GradientCheckTests.Seed(name) + 80);
            zoo.Network.SetParameters(TestData.Parameters(random, zoo));
            zoo.Network.Train(TestData.Inputs(random, zoo), TestData.Targets(random, zoo));
            double[] gradients = zoo.Gradients();
            List<string> names = ExpectedParameterNames(zoo);
            for (int i = 0; i < names.Count; i++)
            {
                Assert.Equal(Property(zoo.Instance, "dE_total_d" + names[i]), gradients[i]);
            }

            Assert.Contains(gradients, g => g != 0.0);
        }

        // ---------------------------------------------------------------- span lengths

        private static void AssertLengthError(Action call, string parameter, int expectedLength)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(call);
            Assert.Equal(parameter, error.ParamName);
            Assert.True(
                Regex.IsMatch(error.Message, $@"(?<![\w.]){expectedLength}(?![\w.])"),
                $"The message should name the expected length {expectedLength}: {error.Message}");
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Spans_of_the_wrong_length_throw_ArgumentException_naming_the_expected_length(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            IZooNetwork net = zoo.Network;
            int n = zoo.ParameterCount, inputs = zoo.InputCount, outputs = zoo.OutputCount;

            AssertLengthError(() => net.SetParameters(new double[n - 1]), "source", n);
            AssertLengthError(() => net.SetParameters(new double[n + 1]), "source", n);
            AssertLengthError(() => net.CopyParametersTo(new double[n - 1]), "destination", n);
            AssertLengthError(() => net.CopyParametersTo(new double[n + 1]), "destination", n);
            AssertLengthError(() => net.CopyGradientsTo(new double[n - 1]), "destination", n);
            AssertLengthError(() => net.CopyGradientsTo(new double[n + 1]), "destination", n);
            AssertLengthError(() => net.Forward(new double[inputs + 1], new double[outputs]), "inputs", inputs);
            AssertLengthError(() => net.Forward(new double[inputs - 1], new double[outputs]), "inputs", inputs);
            AssertLengthError(() => net.Forward(new double[inputs], new double[outputs + 1]), "outputs", outputs);
            AssertLengthError(() => net.Forward(new double[inputs], new double[outputs - 1]), "outputs", outputs);

            // A batch: the inputs must be a positive multiple of InputCount, the targets OutputCount per sample.
            Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.Train(Array.Empty<double>(), Array.Empty<double>())).ParamName);
            if (inputs > 1)
            {
                AssertLengthError(() => net.Train(new double[(2 * inputs) + 1], new double[2 * outputs]), "inputs", inputs);
            }

            AssertLengthError(() => net.Train(new double[3 * inputs], new double[(3 * outputs) + 1]), "targets", 3 * outputs);
            AssertLengthError(() => net.Train(new double[3 * inputs], new double[(2 * outputs)]), "targets", 3 * outputs);
        }

        [Fact]
        public void A_rejected_SetParameters_changes_nothing()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            Assert.Throws<ArgumentException>(() => net.SetParameters(new double[11]));
            var values = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(values);
            Assert.Equal(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 }, values);
        }

        // ---------------------------------------------------------------- Save and Load

        /// <summary>
        /// CRC-32 (IEEE) computed bit by bit from its definition, independently of the runtime's table-driven
        /// <c>Crc32</c>: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
        /// </summary>
        internal static uint BitwiseCrc32(IEnumerable<byte> bytes)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in bytes)
            {
                crc ^= b;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        /// <summary>
        /// A parameter file written by hand from README.md's description of the format: for version 2 (and any version
        /// but 1) with the CRC-32 of everything before it at the end, as Save writes it.
        /// </summary>
        internal static byte[] FileBytes(int magic, int version, int[] layers, int biasMode, int parameterCount, double[] parameters)
        {
            var bytes = new List<byte>();
            void Int(int value)
            {
                var buffer = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
                bytes.AddRange(buffer);
            }

            Int(magic);
            Int(version);
            Int(layers.Length);
            foreach (int size in layers)
            {
                Int(size);
            }

            Int(biasMode);
            Int(parameterCount);
            foreach (double value in parameters)
            {
                var buffer = new byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(buffer, value);
                bytes.AddRange(buffer);
            }

            if (version != 1)
            {
                Int(unchecked((int)BitwiseCrc32(bytes)));
            }

            return bytes.ToArray();
        }

        private const int Magic = 0x4E475042; // "BPGN" read as a little-endian int32

        private static int BiasModeCode(BiasMode bias) => bias switch
        {
            BiasMode.SharedPerLayer => 0,
            BiasMode.PerNeuron => 1,
            _ => 2,
        };

        private static byte[] Saved(IZooNetwork net)
        {
            using var stream = new MemoryStream();
            net.Save(stream);
            return stream.ToArray();
        }

        /// <summary>Parameters that exercise every bit: signed zero, subnormals, extremes, ordinary values.</summary>
        private static double[] AwkwardParameters(ZooNetwork zoo)
        {
            double[] special = { -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-300, Math.PI, -1.0 / 3.0 };
            var random = new Random(GradientCheckTests.Seed(zoo.Name) + 90);
            double[] values = TestData.Parameters(random, zoo);
            for (int i = 0; i < values.Length && i < special.Length; i++)
            {
                values[(i * 7) % values.Length] = special[i];
            }

            return values;
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Save_writes_the_documented_format(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            double[] values = AwkwardParameters(zoo);
            zoo.Network.SetParameters(values);
            byte[] expected = FileBytes(Magic, 2, zoo.Layers, BiasModeCode(zoo.Bias), zoo.ParameterCount, values);
            Assert.Equal(expected, Saved(zoo.Network));
            Assert.Equal((byte)'B', expected[0]);
            Assert.Equal((byte)'N', expected[3]);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Save_then_Load_restores_every_parameter_bit_for_bit(string name)
        {
            ZooNetwork source = ZooNetwork.Create(name);
            double[] values = AwkwardParameters(source);
            source.Network.SetParameters(values);
            ZooNetwork copy = ZooNetwork.Create(name);
            using (var stream = new MemoryStream(Saved(source.Network)))
            {
                copy.Network.Load(stream);
                Assert.Equal(stream.Length, stream.Position);
            }

            ArticleValueTests.AssertBitEqual(values, copy.Parameters());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Load_reads_a_file_written_by_hand_from_the_documented_format_of_each_version(int version)
        {
            double[] values = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
            var net = new MazurNetwork();
            byte[] file = FileBytes(Magic, version, new[] { 2, 2, 2 }, 0, 10, values);
            Assert.Equal((4 * 8) + (8 * 10) + (version == 2 ? 4 : 0), file.Length);
            using var stream = new MemoryStream(file);
            net.Load(stream);
            Assert.Equal(file.Length, stream.Position);
            Assert.Equal(values, new[] { net.w1, net.w2, net.w3, net.w4, net.w5, net.w6, net.w7, net.w8, net.b1, net.b2 });
        }

        [Fact]
        public void Every_single_bit_flip_of_a_saved_file_is_rejected_and_changes_nothing()
        {
            MazurNetwork source = MazurNetwork.FromArticle();
            byte[] file = Saved(source);
            Assert.Equal((4 * 8) + (8 * 10) + 4, file.Length);
            var net = new MazurNetwork();
            net.InitializeParameters(5);
            double[] before = Parameters(net);
            int rejected = 0;
            for (int bit = 0; bit < 8 * file.Length; bit++)
            {
                byte[] flipped = (byte[])file.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.Throws<InvalidDataException>(() => net.Load(new MemoryStream(flipped)));
                ArticleValueTests.AssertBitEqual(before, Parameters(net));
                rejected++;
            }

            Assert.Equal(8 * 116, rejected);
            net.Load(new MemoryStream(file)); // unflipped, it loads
            ArticleValueTests.AssertBitEqual(Parameters(source), Parameters(net));
        }

        [Fact]
        public void NaN_and_infinities_round_trip_through_Save_and_Load_bit_for_bit()
        {
            // Save writes the parameters as they are and Load reads back what Save wrote, whatever the values.
            double[] values = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)), 0.5, -0.0, 7, 8, double.NaN, 10 };
            var source = new MazurNetwork();
            source.SetParameters(values);
            var copy = new MazurNetwork();
            copy.Load(new MemoryStream(Saved(source)));
            ArticleValueTests.AssertBitEqual(values, Parameters(copy));

            // A version-1 file (written before the checksum) with non-finite values loads too
            var old = new MazurNetwork();
            old.Load(new MemoryStream(FileBytes(Magic, 1, new[] { 2, 2, 2 }, 0, 10, values)));
            ArticleValueTests.AssertBitEqual(values, Parameters(old));
        }

        [Fact]
        public void A_file_of_a_newer_format_version_is_rejected_with_a_message_that_says_so()
        {
            // Version 4 (with an optimizer's state) is the newest this BackpropGen writes
            byte[] file = FileBytes(Magic, 5, new[] { 2, 2, 2 }, 0, 10, new double[10]);
            InvalidDataException error = Assert.Throws<InvalidDataException>(() => new MazurNetwork().Load(new MemoryStream(file)));
            Assert.Contains("version 5", error.Message, StringComparison.Ordinal);
            Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        }

        private static double[] Parameters(MazurNetwork net)
        {
            var values = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(values);
            return values;
        }

        [Fact]
        public void Several_networks_saved_into_one_stream_load_back_in_turn()
        {
            MazurNetwork first = MazurNetwork.FromArticle();
            var second = new MazurNetwork();
            second.InitializeParameters(3);
            using var stream = new MemoryStream();
            first.Save(stream);
            second.Save(stream);
            stream.Position = 0;

            var a = new MazurNetwork();
            var b = new MazurNetwork();
            a.Load(stream);
            b.Load(stream);
            Assert.Equal(first.w8, a.w8);
            Assert.Equal(first.b2, a.b2);
            Assert.Equal(second.w1, b.w1);
            Assert.Equal(second.w8, b.w8);
        }

        /// <summary>Invalid files for the article's 2-2-2 network, shared biases, 10 parameters.</summary>
        public static IEnumerable<object[]> InvalidFiles()
        {
            double[] ten = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
            yield return new object[] { "wrong magic", FileBytes(0x4D475042, 2, new[] { 2, 2, 2 }, 0, 10, ten) };
            yield return new object[] { "empty", Array.Empty<byte>() };
            yield return new object[] { "format version 3", FileBytes(Magic, 3, new[] { 2, 2, 2 }, 0, 10, ten) };
            yield return new object[] { "format version 0", FileBytes(Magic, 0, new[] { 2, 2, 2 }, 0, 10, ten) };
            foreach (int version in new[] { 1, 2 })
            {
                yield return new object[] { $"v{version}: another shape, 2-3-2", FileBytes(Magic, version, new[] { 2, 3, 2 }, 0, 17, new double[17]) };
                yield return new object[] { $"v{version}: another depth, 2-2", FileBytes(Magic, version, new[] { 2, 2 }, 0, 5, new double[5]) };
                yield return new object[] { $"v{version}: another depth, 2-2-2-2", FileBytes(Magic, version, new[] { 2, 2, 2, 2 }, 0, 15, new double[15]) };
                yield return new object[] { $"v{version}: per-neuron biases", FileBytes(Magic, version, new[] { 2, 2, 2 }, 1, 12, new double[12]) };
                yield return new object[] { $"v{version}: no biases", FileBytes(Magic, version, new[] { 2, 2, 2 }, 2, 8, new double[8]) };
                yield return new object[] { $"v{version}: a parameter count that does not fit", FileBytes(Magic, version, new[] { 2, 2, 2 }, 0, 11, new double[11]) };
                yield return new object[] { $"v{version}: a corrupt layer count", FileBytes(Magic, version, new[] { 2, 2, 2 }, 0, 10, ten).Select((b, i) => i == 8 ? (byte)99 : b).ToArray() };
                yield return new object[] { $"v{version}: a negative layer count", FileBytes(Magic, version, new[] { 2, 2, 2 }, 0, 10, ten).Select((b, i) => i is >= 8 and < 12 ? (byte)0xFF : b).ToArray() };
            }

            yield return new object[] { "v2: a wrong checksum", FileBytes(Magic, 2, new[] { 2, 2, 2 }, 0, 10, ten).Select((b, i) => i == 112 ? (byte)(b + 1) : b).ToArray() };
            yield return new object[] { "v2: a value changed after the checksum was written", FileBytes(Magic, 2, new[] { 2, 2, 2 }, 0, 10, ten).Select((b, i) => i == 40 ? (byte)(b ^ 0x80) : b).ToArray() };
        }

        private static void AssertLoadFailsAndChangesNothing(byte[] file, string what)
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.InitializeParameters(5);
            net.b1 = 0.125;
            net.b2 = -0.5;
            var before = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(before);

            Assert.Throws<InvalidDataException>(() => net.Load(new MemoryStream(file)));

            var after = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(after);
            Assert.True(before.SequenceEqual(after), what + ": a failed Load must leave the parameters as they were.");
        }

        [Theory]
        [MemberData(nameof(InvalidFiles))]
        public void Load_of_an_invalid_file_throws_InvalidDataException_and_changes_nothing(string what, byte[] file)
        {
            AssertLoadFailsAndChangesNothing(file, what);
        }

        [Fact]
        public void Load_of_a_truncated_file_throws_InvalidDataException_and_changes_nothing_wherever_it_is_cut()
        {
            // Written by hand (not by Save), so that this tests Load alone: 8 int32s (magic, version, layer count,
            // 3 sizes, bias mode, parameter count), then 10 doubles, then (version 2) the checksum.
            foreach (int version in new[] { 1, 2 })
            {
                byte[] file = FileBytes(Magic, version, new[] { 2, 2, 2 }, 0, 10, new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
                new MazurNetwork().Load(new MemoryStream(file)); // whole, it loads
                for (int length = 0; length < file.Length; length++)
                {
                    AssertLoadFailsAndChangesNothing(file.Take(length).ToArray(), $"version {version}, cut at {length} bytes");
                }
            }
        }

        [Fact]
        public void Load_of_a_file_saved_by_another_network_throws_InvalidDataException()
        {
            // Other shapes (a mismatched bias layout of the same shape is among InvalidFiles).
            AssertLoadFailsAndChangesNothing(Saved(ZooNetwork.Create(nameof(Zoo_2_3_Logistic)).Network), "a 2-3 network's file");
            AssertLoadFailsAndChangesNothing(Saved(ZooNetwork.Create(nameof(Zoo_3_4_2_Tanh_PerNeuron)).Network), "a 3-4-2 network's file");
            AssertLoadFailsAndChangesNothing(Saved(ZooNetwork.Create(nameof(Zoo_2_3_3_1_ReLU_Logistic_CrossEntropy)).Network), "a 2-3-3-1 network's file");
        }

        [Fact]
        public void A_file_saved_by_the_article_network_with_the_other_update_rule_loads()
        {
            // Same shape and bias layout; the update rule is not part of the file.
            using var stream = new MemoryStream();
            MazurNetworkOutputLayerFirst.FromArticle().Save(stream);
            stream.Position = 0;
            var net = new MazurNetwork();
            net.Load(stream);
            var values = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(values);
            Assert.Equal(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 }, values);
        }

        [Fact]
        public void Save_and_Load_reject_a_null_stream()
        {
            var net = new MazurNetwork();
            Assert.Throws<ArgumentNullException>(() => net.Save(null!));
            Assert.Throws<ArgumentNullException>(() => net.Load(null!));
        }

        // ---------------------------------------------------------------- InitializeParameters

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void InitializeParameters_is_deterministic_for_a_seed_and_differs_between_seeds(string name)
        {
            ZooNetwork a = ZooNetwork.Create(name), b = ZooNetwork.Create(name);
            a.Network.InitializeParameters(42);
            b.Network.SetParameters(Enumerable.Repeat(7.0, b.ParameterCount).ToArray());
            b.Network.InitializeParameters(42);
            ArticleValueTests.AssertBitEqual(a.Parameters(), b.Parameters());

            b.Network.InitializeParameters(new Random(42));
            ArticleValueTests.AssertBitEqual(a.Parameters(), b.Parameters());

            b.Network.InitializeParameters(43);
            Assert.NotEqual(a.Parameters()[..a.WeightCount], b.Parameters()[..b.WeightCount]);
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void InitializeParameters_draws_each_layer_within_its_Xavier_or_He_limit_and_zeroes_the_biases(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            ReferenceNetwork reference = zoo.Reference();
            foreach (int seed in new[] { 1, 2, 3 })
            {
                zoo.Network.SetParameters(Enumerable.Repeat(9.0, zoo.ParameterCount).ToArray());
                zoo.Network.InitializeParameters(seed);
                double[] values = zoo.Parameters();
                int p = 0;
                for (int l = 1; l < zoo.Layers.Length; l++)
                {
                    int fanIn = zoo.Layers[l - 1], fanOut = zoo.Layers[l];
                    Activation activation = reference.ActivationOf(l);
                    double limit = activation is Activation.ReLU or Activation.LeakyReLU
                        ? Math.Sqrt(6.0 / fanIn)                // He uniform
                        : Math.Sqrt(6.0 / (fanIn + fanOut));    // Xavier/Glorot uniform
                    double largest = 0.0;
                    for (int w = 0; w < fanIn * fanOut; w++, p++)
                    {
                        Assert.True(Math.Abs(values[p]) <= limit, $"{name}, layer {l}, w{p + 1} = {values[p]} outside ±{limit}.");
                        largest = Math.Max(largest, Math.Abs(values[p]));
                    }

                    if (fanIn * fanOut >= 8)
                    {
                        Assert.True(largest > limit / 2, $"{name}, layer {l}: the weights use too little of ±{limit} (largest {largest}).");
                    }
                }

                for (; p < values.Length; p++)
                {
                    Assert.Equal(0.0, values[p]);
                }

                Assert.Equal(zoo.WeightCount, values.Take(zoo.WeightCount).Distinct().Count());
            }
        }

        [Fact]
        public void InitializeParameters_rejects_a_null_Random()
        {
            Assert.Throws<ArgumentNullException>(() => new MazurNetwork().InitializeParameters(null!));
        }

        // ---------------------------------------------------------------- numerical stability

        [Fact]
        public void Logistic_outputs_at_net_inputs_of_plus_and_minus_1000_are_finite_and_cross_entropy_is_taken_from_net()
        {
            // 3-5-2, no biases. With zero first-layer weights every hidden output is σ(0) = ½ exactly, so output weights
            // of ±400 give net_o1 = 5·½·400 = 1000 and net_o2 = -1000.
            var net = new Zoo_3_5_2_Logistic_CrossEntropy();
            var values = new double[Zoo_3_5_2_Logistic_CrossEntropy.ParameterCount];
            for (int k = 15; k < 20; k++)
            {
                values[k] = 400;   // w16..w20: h1..h5 → o1
                values[k + 5] = -400; // w21..w25: h1..h5 → o2
            }

            net.SetParameters(values);
            net.Forward(0.3, -0.2, 0.9, out double o1, out double o2);
            Assert.True(double.IsFinite(o1) && double.IsFinite(o2));
            Assert.Equal(1.0, o1, 1e-15);
            Assert.Equal(0.0, o2, 1e-15);

            // Wrong way round, out_o1 = 1 for a target of 0 and out_o2 = 0 for 1: ln 0 would be -∞, but the error is
            // -ln(1 - σ(1000)) - ln σ(-1000) = 2·(1000 + ln(1 + e^-1000)) = 2000.
            Assert.Equal(2000.0, net.Backward(0, 1), 1e-9);
            Assert.All(Gradients(net), g => Assert.True(double.IsFinite(g)));

            // The right way round the error is 2·ln(1 + e^-1000) = 0 to double precision.
            net.Forward(0.3, -0.2, 0.9, out _, out _);
            Assert.Equal(0.0, net.Backward(1, 0), 1e-12);

            // A training step from there stays finite.
            double error = net.Train(0.3, -0.2, 0.9, 0, 1);
            Assert.Equal(2000.0, error, 1e-9);
            var after = new double[Zoo_3_5_2_Logistic_CrossEntropy.ParameterCount];
            net.CopyParametersTo(after);
            Assert.All(after, v => Assert.True(double.IsFinite(v)));
        }

        private static double[] Gradients(Zoo_3_5_2_Logistic_CrossEntropy net)
        {
            var values = new double[Zoo_3_5_2_Logistic_CrossEntropy.ParameterCount];
            net.CopyGradientsTo(values);
            return values;
        }

        [Fact]
        public void Softmax_outputs_at_net_inputs_of_plus_and_minus_1000_are_finite_and_cross_entropy_never_takes_ln_0()
        {
            // 5-4 softmax with per-neuron biases: zero weights, biases 1000, -1000, 0, 500 are the net inputs.
            var net = new Zoo_5_4_Softmax();
            var values = new double[Zoo_5_4_Softmax.ParameterCount];
            values[20] = 1000;
            values[21] = -1000;
            values[22] = 0;
            values[23] = 500;
            net.SetParameters(values);
            Assert.Equal(1000.0, net.b_o1);
            Assert.Equal(-1000.0, net.b_o2);

            var outputs = new double[4];
            net.Forward(new double[5], outputs);
            Assert.All(outputs, o => Assert.True(double.IsFinite(o) && o >= 0));
            Assert.Equal(1.0, outputs[0], 1e-15);
            Assert.Equal(1.0, outputs.Sum(), 1e-15);

            // -ln out_o2 = logsumexp(net) - net_o2 = 1000 + ln(1 + e^-1000 + e^-2000 + e^-500) + 1000 = 2000, though out_o2 is 0.
            Assert.Equal(2000.0, net.Backward(0, 1, 0, 0), 1e-9);
            Assert.Equal(1000.0, net.Backward(0, 0, 1, 0), 1e-9);
            Assert.Equal(0.0, net.Backward(1, 0, 0, 0), 1e-12);

            double error = net.Train(new double[5], new[] { 0.0, 1, 0, 0 });
            Assert.Equal(2000.0, error, 1e-9);
            var after = new double[Zoo_5_4_Softmax.ParameterCount];
            net.CopyParametersTo(after);
            Assert.All(after, v => Assert.True(double.IsFinite(v)));
        }

        [Fact]
        public void Squared_error_with_saturated_logistic_neurons_stays_finite()
        {
            // Net inputs of about ±1000 in both layers: every σ is exactly 0 or 1.
            var net = new MazurNetwork
            {
                w1 = 10000, w2 = 10000, w3 = -10000, w4 = -10000,
                w5 = 1000, w6 = 1000, w7 = -1000, w8 = -1000,
                b1 = 0, b2 = 0,
            };
            net.Forward(0.05, 0.1, out double o1, out double o2);
            Assert.Equal(1.0, o1);
            Assert.Equal(0.0, o2, 1e-300);
            double error = net.Train(0.05, 0.1, 0.01, 0.99);
            Assert.Equal((0.5 * 0.99 * 0.99) + (0.5 * 0.99 * 0.99), error, 1e-12);
            var after = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(after);
            Assert.All(after, v => Assert.True(double.IsFinite(v)));
        }
    }
}
