using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Onnx;
using Google.Protobuf;
using Xunit;

namespace BackpropGen.Tests.Interop
{
    /// <summary>
    /// Files that do not fit the network, or are not what they claim: each is rejected with an exception whose message
    /// says what was expected and what was found, and the network's parameters are unchanged afterwards.
    /// </summary>
    public class BadFileTests
    {
        public sealed record BadFile(string Name, Func<INetwork> Network, Func<byte[]> File, string Format, Type Exception, string[] Message)
        {
            public override string ToString() => Name;
        }

        private static readonly Dictionary<string, BadFile> Cases = new BadFile[]
        {
            // safetensors
            Safetensors("empty file", "tanh_identity", _ => Array.Empty<byte>(), "expected an 8-byte little-endian header length", "found a file of 0 bytes"),
            Safetensors("truncated header length", "tanh_identity", f => f.Take(5).ToArray(), "expected an 8-byte", "found a file of 5 bytes"),
            Safetensors("header length past the end", "tanh_identity", f => WithHeaderLength(f, 1_000_000), "expected a header of at most", "found a header length of 1000000"),
            Safetensors("truncated header", "tanh_identity", f => f.Take(8 + 20).ToArray(), "expected a header of at most 20 bytes"),
            Safetensors("invalid JSON", "tanh_identity", f => ReplaceInHeader(f, "{\"", "[\""), "expected a JSON header, found invalid JSON"),
            Safetensors("truncated data", "tanh_identity", f => f.Take(f.Length - 8).ToArray(), "tensor '2.bias': expected data_offsets within the", "found [", "]"),
            Safetensors("wrong dtype", "tanh_identity", f => ReplaceInHeader(f, "\"F64\"", "\"I64\""), "expected dtype F64 or F32, found I64"),
            Safetensors("data size not the shape's", "tanh_identity", f => ReplaceInHeader(f, "\"shape\":[4,3]", "\"shape\":[4,2]"), "tensor '0.weight': expected 64 bytes of data for F64 of shape [4, 2], found data_offsets [0, 96] (96 bytes)"),
            Safetensors("overlapping offsets", "tanh_identity", f => ReplaceInHeader(f, "\"data_offsets\":[96,128]", "\"data_offsets\":[64,96] "), "overlapping", "expected data that no other tensor uses"),
            Safetensors("wrong shape for the network", "logistic_shared", _ => InteropTests.Fixture("tanh_identity.safetensors"), "layer 1 ('0.weight'): expected a weight matrix of shape [3, 2] ([out, in]) for the 2-3-2 network, found [4, 3]"),
            Safetensors("too few layers", "deep_f32", _ => InteropTests.Fixture("tanh_identity.safetensors"), "expected 3 fully-connected layers for the 3-4-4-2 network, found 2"),
            Safetensors("shared bias with unequal values", "logistic_shared", _ => StandInFile("logistic_shared", BiasMode.PerNeuron, onnx: false), "layer 1 ('0.weight'): expected one bias value shared by every neuron (BiasMode.SharedPerLayer), found different values (1 for neuron 1, 1.0625 for neuron 2)"),
            Safetensors("bias in a network without biases", "leaky_nobias", _ => StandInFile("leaky_nobias", BiasMode.PerNeuron, onnx: false), "expected no bias (BiasMode.None), found a bias of 3 values"),
            Safetensors("no bias where one is needed", "tanh_identity", _ => StandInFile("tanh_identity", BiasMode.None, onnx: false), "expected a bias of 4 values (BiasMode.PerNeuron), found none"),
            Safetensors("wrong activation in metadata", "tanh_identity", _ => ReplaceInHeader(Saved("tanh_identity", "safetensors"), "Tanh,Identity", "Tanh,Logistic"), "'backpropgen.activations': expected Tanh,Identity, found Tanh,Logistic"),
            Safetensors("unknown tensor", "tanh_identity", f => ReplaceInHeader(f, "\"2.bias\"", "\"2.gain\""), "tensor '2.gain': expected only the weights and biases of Linear layers"),
            Safetensors("negative offset", "tanh_identity", f => ReplaceInHeader(f, "\"data_offsets\":[0,96]", "\"data_offsets\":[-1,9]"), "expected non-negative integers in data_offsets, found -1"),

            // ONNX
            OnnxCase("not a protobuf", "tanh_identity", _ => Encoding.ASCII.GetBytes("this is not an ONNX model at all"), "expected an ONNX model (a ModelProto message), found bytes that do not parse"),
            OnnxCase("truncated model", "tanh_identity", f => f.Take(f.Length / 2).ToArray(), "expected an ONNX model"),
            OnnxCase("unknown operator", "tanh_identity", f => EditModel(f, m => m.Graph.Node[1].OpType = "Elu"), "found unknown operator 'Elu'", "expected one of the operators Gemm, MatMul"),
            OnnxCase("wrong activation", "tanh_identity", f => EditModel(f, m => m.Graph.Node[1].OpType = "Sigmoid"), "layer 1 (Gemm node 'layer1.gemm'): expected activation Tanh, found Logistic"),
            OnnxCase("missing initializer", "tanh_identity", f => EditModel(f, m => m.Graph.Initializer.RemoveAt(0)), "expected 'layer1.weight' to be an initializer or constant, found no initializer of that name"),
            OnnxCase("wrong dtype", "tanh_identity", f => EditModel(f, m => m.Graph.Initializer[0].DataType = (int)TensorProto.Types.DataType.Int64), "expected DOUBLE or FLOAT values, found INT64"),
            OnnxCase("truncated tensor data", "tanh_identity", f => EditModel(f, m => m.Graph.Initializer[0].RawData = ByteString.CopyFrom(m.Graph.Initializer[0].RawData.ToByteArray().Take(40).ToArray())), "tensor 'layer1.weight': expected 12 values for shape [4, 3], found 40 bytes"),
            OnnxCase("wrong shape for the network", "logistic_shared", _ => InteropTests.Fixture("tanh_identity.torch.onnx"), "layer 1 (Gemm node '/0/Gemm'): expected a weight matrix of shape [3, 2] ([out, in]) for the 2-3-2 network, found [4, 3]"),
            OnnxCase("LeakyRelu of another slope", "leaky_nobias", _ => EditModel(InteropTests.Fixture("leaky_nobias.torch.onnx"), m => m.Graph.Node.Single(n => n.OpType == "LeakyRelu").Attribute.Single(a => a.Name == "alpha").F = 0.2f), "expected alpha 0.01 (BackpropGen's LeakyReLU), found 0.2"),
            OnnxCase("max(x, a·x) of another slope", "leaky_nobias", f => EditModel(f, m => m.Graph.Initializer.Single(t => t.Name == "layer1.slope").RawData = ByteString.CopyFrom(BitConverter.GetBytes(0.2))), "node 'layer1.leakyrelu.scale' (Mul): expected a Mul only by 0.01, as in a leaky ReLU written max(x, 0.01·x) (BackpropGen's LeakyReLU), found 0.2"),
            OnnxCase("a Mul without its Max", "leaky_nobias", f => EditModel(f, m => { m.Graph.Node.RemoveAt(2); m.Graph.Node[2].Input[0] = "layer1.scaled"; }), "node 'layer2.gemm' (Gemm): expected a Max of 'layer1.net' and 'layer1.scaled' after the Mul by 0.01 (a leaky ReLU as max(x, 0.01·x)), found Gemm"),
            OnnxCase("a Max without its Mul", "leaky_nobias", f => EditModel(f, m => { m.Graph.Node.RemoveAt(1); m.Graph.Node[1].Input[1] = "layer1.net"; }), "node 'layer1.leakyrelu' (Max): expected a Max only as max(x, 0.01·x), of a layer's output x and the Mul of x by 0.01 before it, found inputs 'layer1.net', 'layer1.net'"),
            OnnxCase("shared bias with unequal values", "logistic_shared", _ => StandInFile("logistic_shared", BiasMode.PerNeuron, onnx: true), "expected one bias value shared by every neuron (BiasMode.SharedPerLayer), found different values"),
            OnnxCase("two graph inputs", "tanh_identity", f => EditModel(f, m => m.Graph.Input.Add(m.Graph.Input[0].Clone().Also(v => v.Name = "extra"))), "expected a graph with one input (besides initializers), found 2: 'input', 'extra'"),
            OnnxCase("output not the last layer's", "tanh_identity", f => EditModel(f, m => m.Graph.Output[0].Name = "elsewhere"), "expected the graph's output to be the last layer's ('output'), found output 'elsewhere'"),
            OnnxCase("a branch off the chain", "tanh_identity", f => EditModel(f, m => m.Graph.Node[2].Input[0] = "input"), "node 'layer2.gemm' (Gemm): expected it to take 'layer1.out'"),

            // the weights JSON form
            Json("invalid JSON", "tanh_identity", t => "[" + t.Substring(1), "weights JSON: expected a JSON object of tensors, found invalid JSON"),
            Json("not an object", "tanh_identity", _ => "[1, 2]", "weights JSON: expected a JSON object of tensors, found a JSON Array"),
            Json("a ragged weight matrix", "tanh_identity", t => Replace(t, "[0.1701667457818985, 0.39290285110473633, 0.5212386250495911]", "[0.1701667457818985, 0.39290285110473633]"), "tensor '0.weight': expected an array of 3 at depth 1 (a rectangular tensor), found an array of 2"),
            Json("a string for a number", "tanh_identity", t => Replace(t, "-0.1258978247642517", "\"x\""), "tensor '2.bias': expected a number or an array of numbers, found a JSON String"),
            Json("a number beyond double", "tanh_identity", t => Replace(t, "-0.1258978247642517", "1e400"), "tensor '2.bias': expected finite numbers, found 1e400"),
            Json("a bias of 2 dimensions", "tanh_identity", t => Replace(t, "[-0.1258978247642517, 0.18108201026916504]", "[[-0.1258978247642517, 0.18108201026916504]]"), "tensor '2.bias': expected a bias vector of 1 dimension [out], found shape [1, 2]"),
            Json("a key twice", "tanh_identity", t => Replace(t, "\"2.bias\":", "\"2.bias\": [0, 0],\n  \"2.bias\":"), "tensor '2.bias': expected each key once, found it twice"),
            Json("unknown tensor", "tanh_identity", t => Replace(t, "\"2.bias\"", "\"2.gain\""), "tensor '2.gain': expected only the weights and biases of Linear layers"),
            Json("wrong shape for the network", "logistic_shared", _ => Encoding.UTF8.GetString(InteropTests.Fixture("tanh_identity.weights.json")), "layer 1 ('0.weight'): expected a weight matrix of shape [3, 2] ([out, in]) for the 2-3-2 network, found [4, 3]"),
            Json("wrong activation in metadata", "tanh_identity", _ => Replace(Encoding.UTF8.GetString(Saved("tanh_identity", "weights JSON")), "Tanh,Identity", "Tanh,Logistic"), "'backpropgen.activations': expected Tanh,Identity, found Tanh,Logistic"),
        }.ToDictionary(c => c.Name);

        public static IEnumerable<object[]> Names() => Cases.Keys.Select(name => new object[] { name });

        [Fact]
        public void The_table_has_at_least_15_cases_of_each_format_together() =>
            Assert.True(Cases.Count >= 15 && Cases.Values.Count(c => c.Format == "ONNX") >= 5 && Cases.Values.Count(c => c.Format == "safetensors") >= 10 && Cases.Values.Count(c => c.Format == "weights JSON") >= 8, $"{Cases.Count} cases");

        [Theory]
        [MemberData(nameof(Names))]
        public void Bad_file_is_rejected_with_what_was_expected_and_found_and_the_parameters_are_unchanged(string name)
        {
            BadFile bad = Cases[name];
            INetwork network = bad.Network();
            double[] before = Known(network);
            byte[] file = bad.File();
            Exception e = Assert.Throws(bad.Exception, () => Load(network, bad.Format, new MemoryStream(file)));
            foreach (string part in bad.Message)
            {
                Assert.Contains(part, e.Message, StringComparison.Ordinal);
            }

            Assert.Contains("expected", e.Message, StringComparison.Ordinal);
            Assert.Contains("found", e.Message, StringComparison.Ordinal);
            double[] after = new double[before.Length];
            network.CopyParametersTo(after);
            Assert.Equal(before, after);
        }

        [Fact]
        public void An_unreadable_stream_is_an_ArgumentException_and_the_parameters_are_unchanged()
        {
            var network = new Fx_TanhIdentity();
            double[] before = Known(network);
            var closed = new MemoryStream(InteropTests.Fixture("tanh_identity.safetensors"));
            closed.Dispose();
            ArgumentException e = Assert.Throws<ArgumentException>(() => network.LoadSafetensors(closed));
            Assert.Contains("expected a readable stream, found one that cannot be read", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Throws<ArgumentException>(() => network.LoadOnnx(closed));
            Assert.Throws<ArgumentNullException>(() => network.LoadOnnx((Stream)null!));
            Assert.Throws<ArgumentException>(() => network.SaveOnnx(new MemoryStream(new byte[16], writable: false)));
            double[] after = new double[before.Length];
            network.CopyParametersTo(after);
            Assert.Equal(before, after);
        }

        /// <summary>Sets recognisable parameters, and returns them.</summary>
        private static double[] Known(INetwork network)
        {
            double[] values = Enumerable.Range(1, network.Description.ParameterCount).Select(i => i / 8.0).ToArray();
            network.SetParameters(values);
            return values;
        }

        private static BadFile Safetensors(string name, string fixture, Func<byte[], byte[]> edit, params string[] message) =>
            new("safetensors: " + name, () => InteropTests.CreateFixtureNetwork(fixture), () => edit(InteropTests.Fixture(fixture + ".safetensors")), "safetensors", typeof(InvalidDataException), message);

        private static BadFile OnnxCase(string name, string fixture, Func<byte[], byte[]> edit, params string[] message) =>
            new("ONNX: " + name, () => InteropTests.CreateFixtureNetwork(fixture), () => edit(Saved(fixture, "ONNX")), "ONNX", typeof(InvalidDataException), message);

        /// <summary>A case of the weights JSON form: the fixture's file (PyTorch's tensors, as make_fixtures.py wrote them), edited as text.</summary>
        private static BadFile Json(string name, string fixture, Func<string, string> edit, params string[] message) =>
            new("weights JSON: " + name, () => InteropTests.CreateFixtureNetwork(fixture), () => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(InteropTests.Fixture(fixture + ".weights.json")))), "weights JSON", typeof(InvalidDataException), message);

        private static string Replace(string text, string from, string to)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            return text.Replace(from, to, StringComparison.Ordinal);
        }

        private static void Load(INetwork network, string format, Stream stream)
        {
            switch (format)
            {
                case "ONNX": network.LoadOnnx(stream); break;
                case "safetensors": network.LoadSafetensors(stream); break;
                default: network.LoadWeightsJson(stream); break;
            }
        }

        /// <summary>The fixture's network (with the PyTorch weights) as SaveOnnx or SaveSafetensors writes it.</summary>
        private static byte[] Saved(string fixture, string format)
        {
            INetwork network = InteropTests.CreateFixtureNetwork(fixture);
            network.LoadSafetensors(new MemoryStream(InteropTests.Fixture(fixture + ".safetensors")));
            return Write(network, format);
        }

        private static byte[] EditModel(byte[] file, Action<ModelProto> edit)
        {
            ModelProto model = ModelProto.Parser.ParseFrom(file);
            edit(model);
            return model.ToByteArray();
        }

        /// <summary>
        /// A file of the fixture's shape and activations written by a network of another bias mode, its parameters
        /// 0.25, 0.3125, ... in parameter order (so per-neuron biases differ).
        /// </summary>
        private static byte[] StandInFile(string fixture, BiasMode bias, bool onnx)
        {
            var standIn = new StandIn(InteropTests.CreateFixtureNetwork(fixture).Description, bias);
            standIn.SetParameters(Enumerable.Range(0, standIn.Description.ParameterCount).Select(i => 0.25 + (i / 16.0)).ToArray());
            return Write(standIn, onnx ? "ONNX" : "safetensors");
        }

        private static byte[] Write(INetwork network, string format)
        {
            var stream = new MemoryStream();
            switch (format)
            {
                case "ONNX": network.SaveOnnx(stream); break;
                case "safetensors": network.SaveSafetensors(stream); break;
                default: network.SaveWeightsJson(stream); break;
            }

            return stream.ToArray();
        }

        private static byte[] WithHeaderLength(byte[] file, long length)
        {
            byte[] copy = (byte[])file.Clone();
            BitConverter.GetBytes(length).CopyTo(copy, 0);
            return copy;
        }

        /// <summary>Replaces text in the JSON header, keeping the header's length (the replacement is padded with spaces or must be as long).</summary>
        private static byte[] ReplaceInHeader(byte[] file, string from, string to)
        {
            int length = (int)BitConverter.ToInt64(file, 0);
            string header = Encoding.UTF8.GetString(file, 8, length);
            Assert.Contains(from, header, StringComparison.Ordinal);
            Assert.True(to.Length <= from.Length, "a replacement may not lengthen the header");
            string edited = header.Replace(from, to.PadRight(from.Length), StringComparison.Ordinal);
            byte[] copy = (byte[])file.Clone();
            Encoding.UTF8.GetBytes(edited).CopyTo(copy, 8);
            return copy;
        }

        /// <summary>
        /// A hand-written INetwork of any description that only holds parameters, to write the files that a network of
        /// another bias mode would write.
        /// </summary>
        private sealed class StandIn : Infrastructure.HandWrittenNetwork
        {
            private readonly double[] _parameters;

            public StandIn(NetworkDescription shape, BiasMode bias)
            {
                Description = new NetworkDescription(shape.LayerSizes.ToArray(), shape.Activations.ToArray(), shape.Loss, bias, trainBiases: false);
                _parameters = new double[Description.ParameterCount];
            }

            public override NetworkDescription Description { get; }

            public override void Forward(ReadOnlySpan<double> inputs, Span<double> outputs) => throw new NotSupportedException();

            public override double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets) => throw new NotSupportedException();

            public override void CopyParametersTo(Span<double> destination) => _parameters.CopyTo(destination);

            public override void SetParameters(ReadOnlySpan<double> source) => source.CopyTo(_parameters);

            public override void CopyGradientsTo(Span<double> destination) => destination.Clear();

        }
    }

    internal static class ObjectExtensions
    {
        public static T Also<T>(this T value, Action<T> action)
        {
            action(value);
            return value;
        }
    }
}
