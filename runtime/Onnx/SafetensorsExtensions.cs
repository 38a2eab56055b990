using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BackpropGen.Interop;

namespace BackpropGen
{
    /// <summary>
    /// A network's parameters as a safetensors file (the format of PyTorch and Hugging Face weights): the state dict of a
    /// PyTorch <c>nn.Sequential(Linear, activation, Linear, activation, ...)</c>, keys <c>"0.weight"</c> <c>[out, in]</c>,
    /// <c>"0.bias"</c> <c>[out]</c>, <c>"2.weight"</c>, ... (the module index of each <c>Linear</c>).
    /// </summary>
    public static class SafetensorsExtensions
    {
        private const string Format = "safetensors";

        /// <summary>The largest header read (the reference implementation's limit, 100 MB).</summary>
        private const long MaxHeaderLength = 100_000_000;

        /// <summary>
        /// Writes the parameters as a safetensors file: per layer <c>"{2(l-1)}.weight"</c> (F64, or F32 for a
        /// <c>Precision.Single</c> network; <c>[out, in]</c>) and, unless the network has no biases, <c>"{2(l-1)}.bias"</c>
        /// (the same dtype, <c>[out]</c>; a shared bias repeated per neuron),
        /// and <c>__metadata__</c> describing the network (<c>backpropgen.layers</c>, <c>.activations</c>, <c>.loss</c>,
        /// <c>.bias</c>). PyTorch loads it into the matching <c>nn.Sequential</c> with <c>load_state_dict</c>.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A writable stream; the file is written at its position.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be written.</exception>
        public static void SaveSafetensors(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            StreamInput.CheckWritable(stream, nameof(stream));
            NetworkDescription description = network.Description;
            List<DenseLayer> layers = DenseLayer.FromParameters(description, StreamInput.Parameters(network));

            var tensors = new List<(string Key, int[] Shape, double[] Values)>();
            for (int l = 0; l < layers.Count; l++)
            {
                string module = (2 * l).ToString(CultureInfo.InvariantCulture);
                tensors.Add((module + ".weight", new[] { layers[l].Outputs, layers[l].Inputs }, layers[l].Weights));
                if (layers[l].Bias is double[] bias)
                {
                    tensors.Add((module + ".bias", new[] { bias.Length }, bias));
                }
            }

            // A Single network's values are floats: written as F32, which holds them exactly.
            bool single = description.Precision == Precision.Single;
            int size = single ? 4 : 8;
            using var header = new MemoryStream();
            using (var json = new Utf8JsonWriter(header))
            {
                json.WriteStartObject();
                json.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> entry in Metadata(description))
                {
                    json.WriteString(entry.Key, entry.Value);
                }

                json.WriteEndObject();
                long offset = 0;
                foreach ((string key, int[] shape, double[] values) in tensors)
                {
                    json.WriteStartObject(key);
                    json.WriteString("dtype", single ? "F32" : "F64");
                    json.WriteStartArray("shape");
                    foreach (int dimension in shape)
                    {
                        json.WriteNumberValue(dimension);
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("data_offsets");
                    json.WriteNumberValue(offset);
                    json.WriteNumberValue(offset += values.Length * (long)size);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            // The header is padded with spaces to a multiple of 8 bytes, as the reference writer does, so the data is aligned.
            while (header.Length % 8 != 0)
            {
                header.WriteByte((byte)' ');
            }

            byte[] buffer = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)header.Length);
            stream.Write(buffer, 0, 8);
            header.Position = 0;
            header.CopyTo(stream);
            foreach ((_, _, double[] values) in tensors)
            {
                foreach (double value in values)
                {
                    if (single)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(buffer, new SingleBits { Value = (float)value }.Bits);
                    }
                    else
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(buffer, BitConverter.DoubleToInt64Bits(value));
                    }

                    stream.Write(buffer, 0, size);
                }
            }
        }

        /// <summary>Writes the parameters as a safetensors file to the file at <paramref name="path"/>, replacing it if it exists: as <see cref="SaveSafetensors(INetwork, Stream)"/>, its content made in memory before the file is opened.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="IOException">The file cannot be written (the exceptions of <see cref="File.WriteAllBytes"/>).</exception>
        public static void SaveSafetensors(this INetwork network, string path) => StreamInput.SaveFile(network, path, SaveSafetensors);

        /// <summary>
        /// Reads the parameters from a safetensors file of a PyTorch <c>nn.Sequential</c> of <c>Linear</c> layers and
        /// activations: tensors <c>"N.weight"</c> <c>[out, in]</c> and <c>"N.bias"</c> <c>[out]</c>, F64 or F32, under any
        /// key prefix (<c>"model.0.weight"</c>), taken in module order. A shared bias is read only where a layer's values are
        /// all equal. Where the file's <c>__metadata__</c> names BackpropGen's activations, they must be the network's.
        /// The file must fit the network; otherwise nothing changes and an exception says what was expected and found.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A readable stream positioned at the start of the file; read to its end.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid safetensors file, or does not fit the network.</exception>
        public static void LoadSafetensors(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            byte[] file = StreamInput.ReadToEnd(stream, nameof(stream));
            NetworkDescription description = network.Description;
            double[] parameters = DenseLayer.ToParameters(description, Read(file, description), Format);
            network.SetParameters(parameters);
        }

        /// <summary>Reads the parameters from a safetensors file from the file at <paramref name="path"/>: as <see cref="LoadSafetensors(INetwork, Stream)"/>, a file that does not fit the network changes nothing.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (and the other exceptions of <see cref="File.OpenRead"/>).</exception>
        /// <exception cref="InvalidDataException">The file is not valid, or does not fit the network.</exception>
        public static void LoadSafetensors(this INetwork network, string path) => StreamInput.LoadFile(network, path, LoadSafetensors);

        internal static Dictionary<string, string> Metadata(NetworkDescription description) => new()
        {
            ["format"] = "pt",
            ["backpropgen.layers"] = DenseLayer.Shape(description),
            ["backpropgen.activations"] = string.Join(",", description.Activations),
            ["backpropgen.loss"] = description.Loss.ToString(),
            ["backpropgen.bias"] = description.Bias.ToString(),
        };

        /// <summary>The file's tensors as layers in module order, after checking the format.</summary>
        private static List<DenseLayer> Read(byte[] file, NetworkDescription description)
        {
            if (file.Length < 8)
            {
                throw DenseLayer.Invalid(Format, $"expected an 8-byte little-endian header length, found a file of {file.Length} byte{(file.Length == 1 ? string.Empty : "s")}");
            }

            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
            if (headerLength > (ulong)(file.Length - 8) || headerLength > MaxHeaderLength)
            {
                throw DenseLayer.Invalid(Format, $"expected a header of at most {Math.Min(file.Length - 8, MaxHeaderLength)} bytes (the rest of the file), found a header length of {headerLength}");
            }

            int dataStart = 8 + (int)headerLength;
            int dataLength = file.Length - dataStart;
            List<Tensor> tensors = TensorObject(
                new ReadOnlyMemory<byte>(file, 8, (int)headerLength), maxDepth: 0, Format, "a JSON header", "a JSON object as header", description, property => Tensor.Parse(property, dataLength));
            CheckOverlaps(tensors);
            return Layers(tensors, file, dataStart);
        }

        /// <summary>
        /// A JSON object of tensors, as a safetensors header and the weights JSON form are: every member but
        /// <c>__metadata__</c> (checked by <see cref="CheckMetadata"/>) read by <paramref name="parse"/>, in the file's order.
        /// Invalid JSON is "expected <paramref name="json"/>", another JSON value "expected <paramref name="objectOf"/>".
        /// </summary>
        internal static List<T> TensorObject<T>(
            ReadOnlyMemory<byte> text, int maxDepth, string format, string json, string objectOf, NetworkDescription description, Func<JsonProperty, T> parse)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = maxDepth });
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{format}: expected {json}, found invalid JSON ({e.Message}).", e);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw DenseLayer.Invalid(format, $"expected {objectOf}, found a JSON {document.RootElement.ValueKind}");
                }

                var tensors = new List<T>();
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (property.Name == "__metadata__")
                    {
                        CheckMetadata(property.Value, description, format);
                        continue;
                    }

                    tensors.Add(parse(property));
                }

                return tensors;
            }
        }

        /// <summary>A file's <c>__metadata__</c>: an object of strings; where it names BackpropGen's activations, the network's.</summary>
        internal static void CheckMetadata(JsonElement metadata, NetworkDescription description, string format)
        {
            if (metadata.ValueKind != JsonValueKind.Object)
            {
                throw DenseLayer.Invalid(format, $"expected __metadata__ to be an object of strings, found a JSON {metadata.ValueKind}");
            }

            foreach (JsonProperty entry in metadata.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw DenseLayer.Invalid(format, $"expected __metadata__ value '{entry.Name}' to be a string, found a JSON {entry.Value.ValueKind}");
                }
            }

            // Files written here say how the network computes; a file from elsewhere usually does not (PyTorch keeps the
            // activations in code), and then nothing is checked. The bias mode is not compared: the tensors decide (a
            // per-neuron file whose biases are equal in each layer fits a shared-bias network).
            const string Key = "backpropgen.activations";
            string expected = Metadata(description)[Key];
            if (metadata.TryGetProperty(Key, out JsonElement found) && found.GetString() != expected)
            {
                throw DenseLayer.Invalid(format, $"__metadata__ '{Key}': expected {expected}, found {found.GetString()}");
            }
        }

        private static void CheckOverlaps(List<Tensor> tensors)
        {
            Tensor? previous = null;
            foreach (Tensor tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
            {
                if (previous is not null && tensor.Begin < previous.End)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{tensor.Key}': expected data that no other tensor uses, found bytes [{tensor.Begin}, {tensor.End}) overlapping '{previous.Key}' at [{previous.Begin}, {previous.End})");
                }

                previous = tensor;
            }
        }

        /// <summary>The tensors grouped by module (the key without <c>.weight</c>/<c>.bias</c>), in module order.</summary>
        private static List<DenseLayer> Layers(List<Tensor> tensors, byte[] file, int dataStart) =>
            DenseLayer.FromModules(tensors.Select(tensor => new NamedTensor(tensor.Key, tensor.Shape, () => tensor.Values(file, dataStart))), Format);

        /// <summary>One entry of the header, checked against the data's length.</summary>
        private sealed class Tensor
        {
            private Tensor(string key, string dtype, long[] shape, long begin, long end)
            {
                Key = key;
                DType = dtype;
                Shape = shape;
                Begin = begin;
                End = end;
            }

            public string Key { get; }

            public string DType { get; }

            public long[] Shape { get; }

            public long Begin { get; }

            public long End { get; }

            public static Tensor Parse(JsonProperty property, int dataLength)
            {
                string key = property.Name;
                JsonElement entry = property.Value;
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array
                    || !entry.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected an object with \"dtype\" (a string), \"shape\" and \"data_offsets\" (arrays), found {Describe(entry)}");
                }

                string type = dtype.GetString()!;
                if (type != "F64" && type != "F32")
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected dtype F64 or F32, found {type}");
                }

                long[] dimensions = shape.EnumerateArray().Select(d => Integer(d, key, "shape")).ToArray();
                long[] range = offsets.EnumerateArray().Select(d => Integer(d, key, "data_offsets")).ToArray();
                if (range.Length != 2)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected data_offsets [begin, end], found {range.Length} value{(range.Length == 1 ? string.Empty : "s")}");
                }

                if (range[0] > range[1] || range[1] > dataLength)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected data_offsets within the {dataLength} bytes of data with begin <= end, found [{range[0]}, {range[1]}]");
                }

                long elements = 1;
                foreach (long dimension in dimensions)
                {
                    elements = dimension > int.MaxValue ? long.MaxValue / 16 : Math.Min(elements * dimension, long.MaxValue / 16);
                }

                long bytes = elements * (type == "F64" ? 8 : 4);
                if (range[1] - range[0] != bytes)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected {bytes} bytes of data for {type} of shape [{string.Join(", ", dimensions)}], found data_offsets [{range[0]}, {range[1]}] ({range[1] - range[0]} bytes)");
                }

                return new Tensor(key, type, dimensions, range[0], range[1]);
            }

            public double[] Values(byte[] file, int dataStart)
            {
                int size = DType == "F64" ? 8 : 4;
                var values = new double[(End - Begin) / size];
                for (int i = 0; i < values.Length; i++)
                {
                    ReadOnlySpan<byte> bytes = new(file, dataStart + (int)Begin + (i * size), size);
                    values[i] = size == 8
                        ? BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(bytes))
                        : Single(BinaryPrimitives.ReadInt32LittleEndian(bytes));
                }

                return values;
            }

            private static double Single(int bits) => new SingleBits { Bits = bits }.Value;

            private static long Integer(JsonElement element, string key, string field)
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value) || value < 0)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected non-negative integers in {field}, found {Describe(element)}");
                }

                return value;
            }

            private static string Describe(JsonElement element)
            {
                string text = element.GetRawText();
                return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
            }
        }

        /// <summary>A float's bits (netstandard2.0 has no <c>BitConverter.Int32BitsToSingle</c> or <c>SingleToInt32Bits</c>).</summary>
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
        private struct SingleBits
        {
            [System.Runtime.InteropServices.FieldOffset(0)]
            public int Bits;

            [System.Runtime.InteropServices.FieldOffset(0)]
            public float Value;
        }
    }
}
