using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace BackpropGen.Tests.Interop
{
    /// <summary>
    /// Weights in and out: PyTorch → here (the fixtures' outputs, computed by PyTorch), here → file → here (bit for bit),
    /// here → ONNX Runtime (against Forward), for every network of the zoo (every activation, bias mode and code shape).
    /// </summary>
    public class InteropTests
    {
        private const double Tolerance = 1e-12;

        private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "interop");

        public static IEnumerable<object[]> Fixtures() => new[]
        {
            new object[] { "logistic_shared" }, new object[] { "tanh_identity" }, new object[] { "relu_softmax" },
            new object[] { "leaky_nobias" }, new object[] { "deep_f32" },
        };

        internal static INetwork CreateFixtureNetwork(string name) => name switch
        {
            "logistic_shared" => new Fx_LogisticShared(),
            "tanh_identity" => new Fx_TanhIdentity(),
            "relu_softmax" => new Fx_ReluSoftmax(),
            "leaky_nobias" => new Fx_LeakyNoBias(),
            "deep_f32" => new Fx_Deep(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        internal static byte[] Fixture(string file) => File.ReadAllBytes(Path.Combine(FixtureDirectory, file));

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Description_matches_the_declaration_and_the_generated_names(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            NetworkDescription description = Assert.IsAssignableFrom<INetwork>(zoo.Instance).Description;
            Assert.Equal(zoo.Layers, description.LayerSizes);
            Assert.Equal(Enumerable.Range(1, zoo.Layers.Length - 1).Select(l => l == zoo.Layers.Length - 1 ? zoo.OutputActivation : zoo.HiddenActivation), description.Activations);
            Assert.Equal((zoo.Loss, zoo.Bias, zoo.TrainBiases), (description.Loss, description.Bias, description.TrainBiases));
            Assert.Equal((zoo.InputCount, zoo.OutputCount, zoo.WeightCount, zoo.BiasCount, zoo.ParameterCount),
                (description.InputCount, description.OutputCount, description.WeightCount, description.BiasCount, description.ParameterCount));

            // Each index names the parameter the generated property of the article's numbering names: w{index + 1}, and
            // the bias of the neuron by its name. Networks without properties (none in the zoo) would skip this.
            double[] values = Enumerable.Range(0, zoo.ParameterCount).Select(i => (double)i).ToArray();
            zoo.Network.SetParameters(values);
            var indices = new HashSet<int>();
            for (int l = 1; l < zoo.Layers.Length; l++)
            {
                for (int j = 0; j < zoo.Layers[l]; j++)
                {
                    for (int k = 0; k < zoo.Layers[l - 1]; k++)
                    {
                        int index = description.WeightIndex(l, j, k);
                        Assert.Equal(index, Property(zoo, "w" + (index + 1)));
                        indices.Add(index);
                    }

                    int bias = description.BiasIndex(l, j);
                    if (zoo.Bias == BiasMode.None)
                    {
                        Assert.Equal(-1, bias);
                        continue;
                    }

                    string neuron = l == zoo.Layers.Length - 1 ? "o" + (j + 1)
                        : zoo.Layers.Length == 3 ? "h" + (j + 1) : $"h{l}_{j + 1}";
                    Assert.Equal(bias, Property(zoo, zoo.Bias == BiasMode.SharedPerLayer ? "b" + l : "b_" + neuron));
                    indices.Add(bias);
                }
            }

            Assert.Equal(Enumerable.Range(0, zoo.ParameterCount), indices.OrderBy(i => i));
        }

        [Fact]
        public void A_member_of_the_users_named_Description_lives_beside_the_interfaces()
        {
            var network = new Fx_WithOwnDescription();
            Assert.Equal("a user's own member", network.Description);
            Assert.Equal("2-2-1, Logistic/Logistic, SquaredError, SharedPerLayer biases", ((INetwork)network).Description.ToString());
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Safetensors_round_trip_is_bit_exact(string name) => RoundTrip(name, (n, s) => n.SaveSafetensors(s), (n, s) => n.LoadSafetensors(s));

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Weights_json_round_trip_is_bit_exact(string name) =>
            RoundTrip(name, (n, s) => n.SaveWeightsJson(s), (n, s) => n.LoadWeightsJson(s), finiteOnly: true);

        [Fact]
        public void Every_format_saves_to_and_loads_from_a_path()
        {
            string directory = Path.Combine(Path.GetTempPath(), "backpropgen-paths-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var formats = new (string File, Action<INetwork, string> Save, Action<INetwork, string> Load)[]
                {
                    ("net.bpgn", (n, p) => n.Save(p), (n, p) => n.Load(p)),
                    ("net.safetensors", (n, p) => n.SaveSafetensors(p), (n, p) => n.LoadSafetensors(p)),
                    ("net.onnx", (n, p) => n.SaveOnnx(p), (n, p) => n.LoadOnnx(p)),
                    ("net.weights.json", (n, p) => n.SaveWeightsJson(p), (n, p) => n.LoadWeightsJson(p)),
                };
                foreach ((string file, Action<INetwork, string> save, Action<INetwork, string> load) in formats)
                {
                    string path = Path.Combine(directory, file);
                    INetwork source = CreateFixtureNetwork("tanh_identity");
                    source.LoadSafetensors(new MemoryStream(Fixture("tanh_identity.safetensors")));
                    File.WriteAllText(path, new string('x', 100_000)); // a longer file than the save writes: it is replaced, not overwritten in place
                    save(source, path);
                    INetwork target = CreateFixtureNetwork("tanh_identity");
                    load(target, path);
                    AssertOutputs(target, "tanh_identity");
                    Assert.Throws<FileNotFoundException>(() => load(target, Path.Combine(directory, "missing." + file)));
                    Assert.Throws<ArgumentNullException>(() => save(source, null!));
                }

                // A save that throws leaves the file as it was: the weights JSON form holds no NaN.
                string json = Path.Combine(directory, "net.weights.json");
                byte[] before = File.ReadAllBytes(json);
                INetwork bad = CreateFixtureNetwork("tanh_identity");
                bad.SetParameters(Enumerable.Repeat(double.NaN, bad.Description.ParameterCount).ToArray());
                Assert.Throws<InvalidOperationException>(() => bad.SaveWeightsJson(json));
                Assert.Equal(before, File.ReadAllBytes(json));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Onnx_round_trip_is_bit_exact(string name) => RoundTrip(name, (n, s) => n.SaveOnnx(s), (n, s) => n.LoadOnnx(s));

        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void Onnx_export_runs_in_OnnxRuntime_like_Forward(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            var network = (INetwork)zoo.Instance;
            zoo.Network.InitializeParameters(7);
            SetBiases(network, new Random(8));
            var stream = new MemoryStream();
            network.SaveOnnx(stream);

            const int Samples = 6;
            var random = new Random(9);
            double[] inputs = Enumerable.Range(0, Samples * zoo.InputCount).Select(_ => (4.0 * random.NextDouble()) - 2.0).ToArray();
            using var session = new InferenceSession(stream.ToArray());
            var tensor = new DenseTensor<double>(inputs, new[] { Samples, zoo.InputCount });
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", tensor) });
            DisposableNamedOnnxValue output = Assert.Single(results);
            Assert.Equal("output", output.Name);
            double[] actual = output.AsTensor<double>().ToArray();
            Assert.Equal(Samples * zoo.OutputCount, actual.Length);
            for (int s = 0; s < Samples; s++)
            {
                double[] expected = zoo.Forward(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount));
                AssertClose(expected, actual.AsSpan(s * zoo.OutputCount, zoo.OutputCount).ToArray(), $"{name}, sample {s}");
            }
        }

        [Fact]
        public void A_double_LeakyRelu_is_exported_as_its_definition_max_x_001x_in_double()
        {
            var network = new Fx_LeakyNoBias();
            var stream = new MemoryStream();
            network.SaveOnnx(stream);
            Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(stream.ToArray());
            Assert.Equal(new[] { "Gemm", "Mul", "Max", "Gemm", "Sigmoid" }, model.Graph.Node.Select(n => n.OpType));
            Assert.Equal(new[] { "layer1.net", "layer1.slope" }, model.Graph.Node[1].Input);
            Assert.Equal(new[] { "layer1.net", "layer1.scaled" }, model.Graph.Node[2].Input);
            Assert.Equal(new[] { "layer1.out" }, model.Graph.Node[2].Output);
            Onnx.TensorProto slope = model.Graph.Initializer.Single(t => t.Name == "layer1.slope");
            Assert.Equal((int)Onnx.TensorProto.Types.DataType.Double, slope.DataType);
            Assert.Empty(slope.Dims);
            Assert.Equal(0.01, BitConverter.ToDouble(slope.RawData.ToByteArray(), 0));
        }

        /// <summary>Each fixture in each file PyTorch wrote: its state dict as safetensors and as the weights JSON form, and its torch.onnx.export.</summary>
        public static IEnumerable<object[]> FixtureFiles() =>
            Fixtures().SelectMany(fixture => new[] { ".safetensors", ".weights.json", ".torch.onnx" }.Select(extension => new[] { fixture[0], extension }));

        [Theory]
        [MemberData(nameof(FixtureFiles))]
        public void PyTorchs_files_give_PyTorchs_outputs(string fixture, string extension)
        {
            INetwork network = CreateFixtureNetwork(fixture);
            var file = new MemoryStream(Fixture(fixture + extension));
            switch (extension)
            {
                case ".safetensors": network.LoadSafetensors(file); break;
                case ".weights.json": network.LoadWeightsJson(file); break;
                default: network.LoadOnnx(file); break;
            }

            AssertOutputs(network, fixture);
        }

        [Fact]
        public void Safetensors_under_a_key_prefix_load_in_module_order()
        {
            INetwork network = CreateFixtureNetwork("tanh_identity");
            network.LoadSafetensors(new MemoryStream(Fixture("tanh_identity.prefixed.safetensors")));
            AssertOutputs(network, "tanh_identity");
        }

        [Theory]
        [InlineData("tanh_identity")]
        [InlineData("leaky_nobias")]
        public void MatMul_and_Add_form_gives_PyTorch_outputs(string fixture)
        {
            INetwork network = CreateFixtureNetwork(fixture);
            network.LoadOnnx(new MemoryStream(Fixture(fixture + ".matmul.onnx")));
            AssertOutputs(network, fixture);
        }

        [Fact]
        public void A_file_saved_here_is_the_file_PyTorch_wrote_for_the_same_tensors()
        {
            // The fixture holds F64 tensors in PyTorch's keys, padded as the reference writer pads. Loading it and saving
            // it again must give the same tensors at the same offsets (the header adds BackpropGen's metadata).
            byte[] original = Fixture("tanh_identity.safetensors");
            INetwork network = CreateFixtureNetwork("tanh_identity");
            network.LoadSafetensors(new MemoryStream(original));
            var saved = new MemoryStream();
            network.SaveSafetensors(saved);
            (JsonElement header, byte[] data) = SplitSafetensors(saved.ToArray());
            (JsonElement originalHeader, byte[] originalData) = SplitSafetensors(original);
            Assert.Equal(originalData, data);
            foreach (string key in new[] { "0.weight", "0.bias", "2.weight", "2.bias" })
            {
                Assert.Equal(originalHeader.GetProperty(key).GetRawText(), header.GetProperty(key).GetRawText());
            }

            Assert.Equal("3-4-2", header.GetProperty("__metadata__").GetProperty("backpropgen.layers").GetString());
            Assert.Equal("Tanh,Identity", header.GetProperty("__metadata__").GetProperty("backpropgen.activations").GetString());
            Assert.Equal(0, (saved.Length - 8 - data.Length) % 8);
        }

        private static (JsonElement Header, byte[] Data) SplitSafetensors(byte[] file)
        {
            long length = BitConverter.ToInt64(file, 0);
            using JsonDocument document = JsonDocument.Parse(file.AsMemory(8, (int)length));
            return (document.RootElement.Clone(), file.AsSpan(8 + (int)length).ToArray());
        }

        private static void AssertOutputs(INetwork network, string fixture)
        {
            using JsonDocument document = JsonDocument.Parse(Fixture("expected.json"));
            JsonElement model = document.RootElement.GetProperty("models").GetProperty(fixture);
            double[][] inputs = model.GetProperty("inputs").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            double[][] outputs = model.GetProperty("outputs").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(5, inputs.Length);
            for (int s = 0; s < inputs.Length; s++)
            {
                double[] actual = new double[network.Description.OutputCount];
                network.Forward(inputs[s], actual);
                AssertClose(outputs[s], actual, $"{fixture}, sample {s}");
            }
        }

        /// <summary>Every value within 1e-12 of the largest magnitude among a sample's outputs (relative).</summary>
        internal static void AssertClose(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(expected.Max(Math.Abs), double.Epsilon);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= Tolerance * scale,
                    $"{what}, output {i}: expected {expected[i]:R}, found {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]) / scale:E2} relative)");
            }
        }

        private static void RoundTrip(string name, Action<INetwork, Stream> save, Action<INetwork, Stream> load, bool finiteOnly = false)
        {
            ZooNetwork source = ZooNetwork.Create(name);
            var network = (INetwork)source.Instance;
            source.Network.InitializeParameters(11);
            SetBiases(network, new Random(12));
            double[] values = source.Parameters();
            // Values a text format would lose: the smallest subnormal, -0, NaN with a payload, ±∞, and the extremes.
            // (A text format of finite numbers, JSON, gets the finite ones.)
            double[] special = finiteOnly
                ? new[] { double.Epsilon, -0.0, double.MaxValue, double.MinValue, 0.1, 1.0 / 3, -double.Epsilon, 5e-324 * 3 }
                : new[] { double.Epsilon, -0.0, BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_1234), double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, 0.1 };
            for (int i = 0; i < Math.Min(special.Length, source.WeightCount); i++)
            {
                values[i] = special[i];
            }

            network.SetParameters(values);
            var stream = new MemoryStream();
            save(network, stream);

            ZooNetwork target = ZooNetwork.Create(name);
            stream.Position = 0;
            load((INetwork)target.Instance, stream);
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), target.Parameters().Select(BitConverter.DoubleToInt64Bits));
        }

        /// <summary>Non-zero biases (InitializeParameters sets them to 0), one value per layer where they are shared.</summary>
        internal static void SetBiases(INetwork network, Random random)
        {
            NetworkDescription description = network.Description;
            double[] values = new double[description.ParameterCount];
            network.CopyParametersTo(values);
            for (int i = description.WeightCount; i < values.Length; i++)
            {
                values[i] = random.NextDouble() - 0.5;
            }

            network.SetParameters(values);
        }

        private static double Property(ZooNetwork zoo, string name) =>
            (double)(zoo.Type.GetProperty(name)?.GetValue(zoo.Instance) ?? throw new InvalidOperationException($"{zoo.Name} has no property {name}."));
    }
}
