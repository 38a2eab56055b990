using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using BackpropGen.Interop;
using Google.Protobuf;
using Onnx;

namespace BackpropGen
{
    /// <summary>
    /// A network as an ONNX model: per layer a <c>Gemm</c> (<c>transB = 1</c>, the bias as <c>C</c>) and its activation
    /// node, input <c>[N, in]</c> and output <c>[N, out]</c> in double. Parsed and written with the official ONNX schema
    /// (<c>onnx.proto</c>) compiled by Google.Protobuf's tooling.
    /// </summary>
    public static class OnnxExtensions
    {
        private const string Format = "ONNX";

        /// <summary>The operator set the export uses (Softmax's <c>axis</c> names one axis from 13 on).</summary>
        private const long OpsetVersion = 13;

        /// <summary>ONNX IR version 7, which every ONNX Runtime since 1.6 reads and which opset 13 needs at least.</summary>
        private const long IrVersion = 7;

        private const float LeakyReluSlope = 0.01f;

        private const double DoubleLeakyReluSlope = 0.01;

        /// <summary>
        /// Writes the network as an ONNX model (IR 7, opset 13): input <c>"input"</c> <c>[N, in]</c> (double), per layer
        /// <c>l</c> a <c>Gemm</c> with initializers <c>"layer{l}.weight"</c> <c>[out, in]</c> (<c>transB = 1</c>) and
        /// <c>"layer{l}.bias"</c> <c>[out]</c> as <c>C</c> (a shared bias repeated per neuron; none without biases), then
        /// the activation (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>Softmax</c> on the last axis, no node for the identity;
        /// the leaky ReLU as <c>LeakyRelu</c> with alpha 0.01 in a Single network, and in a double one as its definition
        /// <c>Max(x, Mul(x, 0.01))</c>, because ONNX Runtime has no double <c>LeakyRelu</c> and ONNX's alpha is a float);
        /// output <c>"output"</c> <c>[N, out]</c>; tensors in double, or float in a Single network. ONNX Runtime gives what
        /// <see cref="INetwork.Forward"/> gives.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A writable stream; the model is written at its position.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be written.</exception>
        public static void SaveOnnx(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            StreamInput.CheckWritable(stream, nameof(stream));
            NetworkDescription description = network.Description;
            List<DenseLayer> layers = DenseLayer.FromParameters(description, StreamInput.Parameters(network));

            // A Single network's model computes in float (FLOAT tensors, input and output), as the network does.
            bool single = description.Precision == Precision.Single;
            var graph = new GraphProto { Name = "BackpropGen " + DenseLayer.Shape(description) };
            graph.Input.Add(Value("input", description.InputCount, single));
            graph.Output.Add(Value("output", description.OutputCount, single));
            string current = "input";
            for (int l = 1; l <= layers.Count; l++)
            {
                DenseLayer layer = layers[l - 1];
                string n = l.ToString(CultureInfo.InvariantCulture);
                bool last = l == layers.Count;
                Activation activation = description.ActivationOf(l);
                graph.Initializer.Add(Tensor($"layer{n}.weight", single, layer.Weights, layer.Outputs, layer.Inputs));
                var gemm = new NodeProto { Name = $"layer{n}.gemm", OpType = "Gemm" };
                gemm.Input.Add(current);
                gemm.Input.Add($"layer{n}.weight");
                if (layer.Bias is double[] bias)
                {
                    graph.Initializer.Add(Tensor($"layer{n}.bias", single, bias, bias.Length));
                    gemm.Input.Add($"layer{n}.bias");
                }

                gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                current = last && activation == Activation.Identity ? "output" : $"layer{n}.net";
                gemm.Output.Add(current);
                graph.Node.Add(gemm);
                if (activation == Activation.Identity)
                {
                    continue;
                }

                string output = last ? "output" : $"layer{n}.out";
                if (activation == Activation.LeakyReLU && !single)
                {
                    // ONNX Runtime has no double kernel for LeakyRelu, and its alpha is a float (0.01f is not 0.01): the
                    // operator's definition in double runs everywhere and gives what Forward gives, to the bit.
                    AddLeakyReluAsMax(graph, $"layer{n}", current, output);
                    current = output;
                    continue;
                }

                var node = new NodeProto { Name = $"layer{n}.{activation.ToString().ToLowerInvariant()}", OpType = OperatorOf(activation) };
                node.Input.Add(current);
                if (activation == Activation.LeakyReLU)
                {
                    node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = LeakyReluSlope });
                }
                else if (activation == Activation.Softmax)
                {
                    node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
                }

                current = output;
                node.Output.Add(current);
                graph.Node.Add(node);
            }

            var model = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = "BackpropGen",
                ProducerVersion = typeof(OnnxExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? string.Empty,
                Graph = graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "backpropgen.layers", Value = DenseLayer.Shape(description) });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "backpropgen.activations", Value = string.Join(",", description.Activations) });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "backpropgen.loss", Value = description.Loss.ToString() });
            model.MetadataProps.Add(new StringStringEntryProto { Key = "backpropgen.bias", Value = description.Bias.ToString() });
            model.WriteTo(stream);
        }

        /// <summary>Writes the network as an ONNX model to the file at <paramref name="path"/>, replacing it if it exists: as <see cref="SaveOnnx(INetwork, Stream)"/>, its content made in memory before the file is opened.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="IOException">The file cannot be written (the exceptions of <see cref="File.WriteAllBytes"/>).</exception>
        public static void SaveOnnx(this INetwork network, string path) => StreamInput.SaveFile(network, path, SaveOnnx);

        /// <summary>
        /// Reads the parameters from an ONNX model of fully-connected layers: the form <see cref="SaveOnnx(INetwork, Stream)"/> writes
        /// (<c>Gemm</c> with <c>transB</c> 0 or 1, the bias as <c>C</c>), <c>MatMul</c> (weights <c>[in, out]</c>) followed
        /// by an <c>Add</c> of the bias, and what <c>torch.onnx.export</c> writes for an <c>nn.Sequential</c> of
        /// <c>Linear</c> layers and activations; each followed by its activation node (none for the identity) and
        /// <c>Identity</c> nodes anywhere; a leaky ReLU also as <c>Max(x, Mul(x, 0.01))</c>. Weights in double or float, as initializers or <c>Constant</c> nodes. The layers,
        /// shapes, activations and biases must fit the network; otherwise nothing changes and an exception says what
        /// was expected and found.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A readable stream positioned at the start of the model; read to its end.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read.</exception>
        /// <exception cref="InvalidDataException">The model cannot be parsed, has an operator other than those above, or does not fit the network.</exception>
        public static void LoadOnnx(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            byte[] file = StreamInput.ReadToEnd(stream, nameof(stream));
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(file);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new InvalidDataException($"{Format}: expected an ONNX model (a ModelProto message), found bytes that do not parse ({e.Message}).", e);
            }

            if (model.Graph is null)
            {
                throw DenseLayer.Invalid(Format, "expected a model with a graph, found none");
            }

            NetworkDescription description = network.Description;
            double[] parameters = DenseLayer.ToParameters(description, new GraphReader(model.Graph).Layers(), Format);
            network.SetParameters(parameters);
        }

        /// <summary>Reads the parameters from an ONNX model from the file at <paramref name="path"/>: as <see cref="LoadOnnx(INetwork, Stream)"/>, a file that does not fit the network changes nothing.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (and the other exceptions of <see cref="File.OpenRead"/>).</exception>
        /// <exception cref="InvalidDataException">The file is not valid, or does not fit the network.</exception>
        public static void LoadOnnx(this INetwork network, string path) => StreamInput.LoadFile(network, path, LoadOnnx);

        /// <summary>
        /// The leaky ReLU of a double network as <c>Max(x, Mul(x, 0.01))</c>, the slope a double scalar initializer
        /// <c>"{layer}.slope"</c>: for every x (±0, subnormals and NaN included) the value Forward computes,
        /// <c>x &gt; 0 ? x : 0.01·x</c>.
        /// </summary>
        private static void AddLeakyReluAsMax(GraphProto graph, string layer, string input, string output)
        {
            graph.Initializer.Add(Tensor($"{layer}.slope", single: false, new[] { DoubleLeakyReluSlope }));
            var scaled = new NodeProto { Name = $"{layer}.leakyrelu.scale", OpType = "Mul" };
            scaled.Input.Add(input);
            scaled.Input.Add($"{layer}.slope");
            scaled.Output.Add($"{layer}.scaled");
            var max = new NodeProto { Name = $"{layer}.leakyrelu", OpType = "Max" };
            max.Input.Add(input);
            max.Input.Add($"{layer}.scaled");
            max.Output.Add(output);
            graph.Node.Add(scaled);
            graph.Node.Add(max);
        }

        /// <summary>A float's IEEE 754 bits (netstandard2.0 has no BitConverter.SingleToInt32Bits).</summary>
        private static int SingleBits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

        private static string OperatorOf(Activation activation) => activation switch
        {
            Activation.Logistic => "Sigmoid",
            Activation.Tanh => "Tanh",
            Activation.ReLU => "Relu",
            Activation.LeakyReLU => "LeakyRelu",
            _ => "Softmax",
        };

        private static ValueInfoProto Value(string name, int width, bool single)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)(single ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double), Shape = shape } },
            };
        }

        private static TensorProto Tensor(string name, bool single, double[] values, params long[] dimensions)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)(single ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double) };
            tensor.Dims.Add(dimensions);
            byte[] raw = new byte[values.Length * (single ? 4 : 8)];
            for (int i = 0; i < values.Length; i++)
            {
                if (single)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(i * 4), SingleBits((float)values[i]));
                }
                else
                {
                    BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), BitConverter.DoubleToInt64Bits(values[i]));
                }
            }

            tensor.RawData = ByteString.CopyFrom(raw);
            return tensor;
        }

        /// <summary>Walks a graph's nodes from its input, one chain of layers and activations.</summary>
        private sealed class GraphReader
        {
            private static readonly string Expected = "Gemm, MatMul, Add, Sigmoid, Tanh, Relu, LeakyRelu, Mul and Max (max(x, 0.01·x)), Softmax, Identity or Constant";

            private readonly GraphProto _graph;
            private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
            private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

            public GraphReader(GraphProto graph)
            {
                _graph = graph;
                foreach (TensorProto initializer in graph.Initializer)
                {
                    _constants[initializer.Name] = initializer;
                }
            }

            public List<DenseLayer> Layers()
            {
                string[] inputs = _graph.Input.Select(i => i.Name).Where(name => !_constants.ContainsKey(name)).ToArray();
                if (inputs.Length != 1)
                {
                    throw DenseLayer.Invalid(Format, $"expected a graph with one input (besides initializers), found {inputs.Length}{(inputs.Length == 0 ? string.Empty : ": " + string.Join(", ", inputs.Select(n => "'" + n + "'")))}");
                }

                string current = inputs[0];
                var layers = new List<DenseLayer>();
                DenseLayer? open = null;   // the last layer, while its bias may still be added
                bool biasAllowed = false;
                string? scaledFrom = null; // after a Mul by the leaky ReLU's slope: its input, which the Max must take too
                foreach (NodeProto node in _graph.Node)
                {
                    if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
                    {
                        throw DenseLayer.Invalid(Format, $"node '{node.Name}': expected an operator of the default domain, found '{node.OpType}' of domain '{node.Domain}'");
                    }

                    switch (node.OpType)
                    {
                        case "Constant":
                            _constants[Single(node.Output, node, "output")] = ConstantValue(node);
                            continue;
                        case "Identity":
                            string source = Resolve(Single(node.Input, node, "input"));
                            if (_constants.TryGetValue(source, out TensorProto? constant))
                            {
                                _constants[Single(node.Output, node, "output")] = constant;
                            }
                            else
                            {
                                _aliases[Single(node.Output, node, "output")] = source;
                            }

                            continue;
                    }

                    RequireInput(node, current);
                    if (scaledFrom is not null && node.OpType != "Max")
                    {
                        throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected a Max of '{scaledFrom}' and '{current}' after the Mul by 0.01 (a leaky ReLU as max(x, 0.01·x)), found {node.OpType}");
                    }

                    switch (node.OpType)
                    {
                        case "Mul":
                            RequireActivationPlace(node, open);
                            RequireSlope(node, current);
                            scaledFrom = current;
                            biasAllowed = false;
                            break;
                        case "Max":
                            if (scaledFrom is null || node.Input.Count != 2 || !node.Input.Any(input => Resolve(input) == scaledFrom))
                            {
                                throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Max): expected a Max only as max(x, 0.01·x), of a layer's output x and the Mul of x by 0.01 before it, found inputs {string.Join(", ", node.Input.Select(n => "'" + n + "'"))}");
                            }

                            open!.Activation = Activation.LeakyReLU;
                            scaledFrom = null;
                            break;
                        case "Gemm":
                            open = Gemm(node);
                            biasAllowed = false;
                            layers.Add(open);
                            break;
                        case "MatMul":
                            open = MatMul(node);
                            biasAllowed = true;
                            layers.Add(open);
                            break;
                        case "Add":
                            if (open is null || !biasAllowed)
                            {
                                throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Add): expected an Add only right after a MatMul, to add its bias; found it {(open is null ? "before any layer" : "after " + (open.Activation is null ? "a layer that has its bias" : "an activation"))}");
                            }

                            string other = Resolve(node.Input[0]) == current ? node.Input[1] : node.Input[0];
                            open.Bias = Vector(Constant(other, node), open.Outputs, node, "bias");
                            biasAllowed = false;
                            break;
                        default:
                            Activation activation = ActivationOf(node);
                            RequireActivationPlace(node, open);
                            open!.Activation = activation;
                            biasAllowed = false;
                            break;
                    }

                    current = Single(node.Output, node, "output");
                }

                if (scaledFrom is not null)
                {
                    throw DenseLayer.Invalid(Format, $"expected a Max of '{scaledFrom}' and '{current}' after the Mul by 0.01 (a leaky ReLU as max(x, 0.01·x)), found the end of the graph");
                }

                string[] outputs = _graph.Output.Select(o => o.Name).ToArray();
                if (!outputs.Any(name => Resolve(name) == current))
                {
                    throw DenseLayer.Invalid(Format, $"expected the graph's output to be the last layer's ('{current}'), found output{(outputs.Length == 1 ? string.Empty : "s")} {string.Join(", ", outputs.Select(n => "'" + n + "'"))}");
                }

                foreach (DenseLayer layer in layers)
                {
                    layer.Activation ??= Activation.Identity;
                }

                return layers;
            }

            private static void RequireActivationPlace(NodeProto node, DenseLayer? open)
            {
                if (open is null || open.Activation is not null)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected an activation only after a layer (Gemm or MatMul), found it {(open is null ? "before any layer" : "after another activation")}");
                }
            }

            /// <summary>The Mul of a leaky ReLU written as max(x, 0.01·x): by one value, 0.01 in double or in float.</summary>
            private void RequireSlope(NodeProto node, string current)
            {
                if (node.Input.Count != 2)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Mul): expected 2 inputs, found {node.Input.Count}");
                }

                TensorProto tensor = Constant(Resolve(node.Input[0]) == current ? node.Input[1] : node.Input[0], node);
                double[] values = Values(tensor, node);
                if (values.Length != 1 || !(values[0] == DoubleLeakyReluSlope || values[0] == LeakyReluSlope))
                {
                    string found = values.Length == 1 ? values[0].ToString("R", CultureInfo.InvariantCulture) : $"a tensor of shape [{string.Join(", ", tensor.Dims)}]";
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Mul): expected a Mul only by 0.01, as in a leaky ReLU written max(x, 0.01·x) (BackpropGen's LeakyReLU), found {found}");
                }
            }

            private void RequireInput(NodeProto node, string current)
            {
                if (node.Input.Count == 0 || !node.Input.Any(input => Resolve(input) == current))
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected it to take '{current}', the output of the node before it (a chain of layers and activations), found input{(node.Input.Count == 1 ? string.Empty : "s")} {string.Join(", ", node.Input.Select(n => "'" + n + "'"))}");
                }
            }

            private string Resolve(string name)
            {
                while (_aliases.TryGetValue(name, out string? source))
                {
                    name = source;
                }

                return name;
            }

            private DenseLayer Gemm(NodeProto node)
            {
                if (node.Input.Count < 2 || node.Input.Count > 3)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Gemm): expected 2 or 3 inputs (A, B, C), found {node.Input.Count}");
                }

                long transA = IntAttribute(node, "transA", 0), transB = IntAttribute(node, "transB", 0);
                float alpha = FloatAttribute(node, "alpha", 1f), beta = FloatAttribute(node, "beta", 1f);
                if (transA != 0 || alpha != 1f || beta != 1f)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Gemm): expected transA = 0, alpha = 1 and beta = 1, found transA = {transA}, alpha = {alpha.ToString("R", CultureInfo.InvariantCulture)}, beta = {beta.ToString("R", CultureInfo.InvariantCulture)}");
                }

                TensorProto b = Constant(node.Input[1], node);
                DenseLayer layer = Matrix(b, transposed: transB == 0, node);
                if (node.Input.Count == 3 && node.Input[2].Length > 0)
                {
                    layer.Bias = Vector(Constant(node.Input[2], node), layer.Outputs, node, "C");
                }

                return layer;
            }

            private DenseLayer MatMul(NodeProto node)
            {
                if (node.Input.Count != 2)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' (MatMul): expected 2 inputs, found {node.Input.Count}");
                }

                return Matrix(Constant(node.Input[1], node), transposed: true, node);
            }

            /// <summary>A weight matrix as <c>[out, in]</c>, from <c>[out, in]</c>, or from <c>[in, out]</c> when transposed.</summary>
            private static DenseLayer Matrix(TensorProto tensor, bool transposed, NodeProto node)
            {
                if (tensor.Dims.Count != 2)
                {
                    throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected a weight matrix of 2 dimensions, found '{tensor.Name}' of shape [{string.Join(", ", tensor.Dims)}]");
                }

                double[] values = Values(tensor, node);
                int rows = (int)tensor.Dims[0], columns = (int)tensor.Dims[1];
                if (!transposed)
                {
                    return new DenseLayer($"{node.OpType} node '{node.Name}'", rows, columns, values, null);
                }

                double[] weights = new double[values.Length];
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        weights[(j * rows) + i] = values[(i * columns) + j];
                    }
                }

                return new DenseLayer($"{node.OpType} node '{node.Name}'", columns, rows, weights, null);
            }

            /// <summary>A bias of <paramref name="outputs"/> values: <c>[out]</c>, <c>[1, out]</c>, or one value broadcast.</summary>
            private static double[] Vector(TensorProto tensor, int outputs, NodeProto node, string role)
            {
                double[] values = Values(tensor, node);
                bool fits = (tensor.Dims.Count == 1 && tensor.Dims[0] == outputs) || (tensor.Dims.Count == 2 && tensor.Dims[0] == 1 && tensor.Dims[1] == outputs);
                if (fits)
                {
                    return values;
                }

                if (values.Length == 1 && tensor.Dims.All(d => d == 1))
                {
                    return Enumerable.Repeat(values[0], outputs).ToArray();
                }

                throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected a {role} of shape [{outputs}], found '{tensor.Name}' of shape [{string.Join(", ", tensor.Dims)}]");
            }

            private TensorProto Constant(string name, NodeProto node) =>
                _constants.TryGetValue(Resolve(name), out TensorProto? tensor)
                    ? tensor
                    : throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected '{name}' to be an initializer or constant, found no initializer of that name");

            private static double[] Values(TensorProto tensor, NodeProto node)
            {
                if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{tensor.Name}': expected its data inside the model, found external data");
                }

                long count = 1;
                foreach (long dimension in tensor.Dims)
                {
                    count = dimension < 0 || dimension > int.MaxValue ? -1 : count * dimension;
                    if (count < 0 || count > int.MaxValue)
                    {
                        throw DenseLayer.Invalid(Format, $"tensor '{tensor.Name}': expected a small tensor, found shape [{string.Join(", ", tensor.Dims)}]");
                    }
                }

                var type = (TensorProto.Types.DataType)tensor.DataType;
                int size = type switch
                {
                    TensorProto.Types.DataType.Double => 8,
                    TensorProto.Types.DataType.Float => 4,
                    _ => throw DenseLayer.Invalid(Format, $"tensor '{tensor.Name}' of node '{node.Name}': expected DOUBLE or FLOAT values, found {type.ToString().ToUpperInvariant()}"),
                };
                int stored = !tensor.RawData.IsEmpty ? tensor.RawData.Length / size : size == 8 ? tensor.DoubleData.Count : tensor.FloatData.Count;
                if (stored != count || (!tensor.RawData.IsEmpty && tensor.RawData.Length % size != 0))
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{tensor.Name}': expected {count} values for shape [{string.Join(", ", tensor.Dims)}], found {(tensor.RawData.IsEmpty ? stored.ToString(CultureInfo.InvariantCulture) + " values" : tensor.RawData.Length.ToString(CultureInfo.InvariantCulture) + " bytes")}");
                }

                double[] values = new double[count];
                ReadOnlySpan<byte> raw = tensor.RawData.Span;
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = !tensor.RawData.IsEmpty
                        ? size == 8
                            ? BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8)))
                            : FloatOf(BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4)))
                        : size == 8 ? tensor.DoubleData[i] : tensor.FloatData[i];
                }

                return values;
            }

            private static double FloatOf(int bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);

            private static Activation ActivationOf(NodeProto node)
            {
                switch (node.OpType)
                {
                    case "Sigmoid":
                        return Activation.Logistic;
                    case "Tanh":
                        return Activation.Tanh;
                    case "Relu":
                        return Activation.ReLU;
                    case "LeakyRelu":
                        float alpha = FloatAttribute(node, "alpha", LeakyReluSlope);
                        if (alpha != LeakyReluSlope)
                        {
                            throw DenseLayer.Invalid(Format, $"node '{node.Name}' (LeakyRelu): expected alpha 0.01 (BackpropGen's LeakyReLU), found {alpha.ToString("R", CultureInfo.InvariantCulture)}");
                        }

                        return Activation.LeakyReLU;
                    case "Softmax":
                        long axis = IntAttribute(node, "axis", -1);
                        if (axis != -1 && axis != 1)
                        {
                            throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Softmax): expected the last axis (-1 or 1 for [N, out]), found axis {axis}");
                        }

                        return Activation.Softmax;
                    default:
                        throw DenseLayer.Invalid(Format, $"node '{node.Name}': expected one of the operators {Expected}, found unknown operator '{node.OpType}'");
                }
            }

            private static TensorProto ConstantValue(NodeProto node)
            {
                AttributeProto? value = node.Attribute.FirstOrDefault(a => a.Name == "value");
                return value?.T ?? throw DenseLayer.Invalid(Format, $"node '{node.Name}' (Constant): expected a tensor 'value', found {(node.Attribute.Count == 0 ? "no attribute" : "attributes " + string.Join(", ", node.Attribute.Select(a => a.Name)))}");
            }

            private static string Single(IList<string> names, NodeProto node, string what) =>
                names.Count == 1 ? names[0] : throw DenseLayer.Invalid(Format, $"node '{node.Name}' ({node.OpType}): expected one {what}, found {names.Count}");

            private static long IntAttribute(NodeProto node, string name, long fallback) =>
                node.Attribute.FirstOrDefault(a => a.Name == name) is AttributeProto a ? a.I : fallback;

            private static float FloatAttribute(NodeProto node, string name, float fallback) =>
                node.Attribute.FirstOrDefault(a => a.Name == name) is AttributeProto a ? a.F : fallback;
        }
    }
}
