using System;
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
    /// A network's parameters in the weights JSON form, the file that the generator bakes into a network at compile time
    /// (<c>[Network(..., Weights = "x.weights.json")]</c> with the file among the project's AdditionalFiles): the tensors
    /// of <see cref="SafetensorsExtensions.SaveSafetensors(INetwork, Stream)"/> as JSON numbers.
    /// </summary>
    public static class WeightsJsonExtensions
    {
        private const string Format = "weights JSON";

        /// <summary>
        /// Writes the parameters as the weights JSON form: <c>__metadata__</c> as in the safetensors file, then per layer
        /// <c>"{2(l-1)}.weight"</c> (<c>[out, in]</c>, one array per row) and, unless the network has no biases,
        /// <c>"{2(l-1)}.bias"</c> (<c>[out]</c>; a shared bias repeated per neuron). Each value is the shortest decimal
        /// that parses back to the same double. UTF-8 without a byte order mark, lines ended by <c>\n</c>.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A writable stream; the file is written at its position, and the stream is left open.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be written.</exception>
        /// <exception cref="InvalidOperationException">A parameter is NaN or infinite, which JSON cannot hold; nothing is written.</exception>
        public static void SaveWeightsJson(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            StreamInput.CheckWritable(stream, nameof(stream));
            NetworkDescription description = network.Description;
            double[] parameters = StreamInput.Parameters(network);
            for (int i = 0; i < parameters.Length; i++)
            {
                if (double.IsNaN(parameters[i]) || double.IsInfinity(parameters[i]))
                {
                    throw new InvalidOperationException(
                        $"Parameter {i} (in the order of CopyParametersTo) is {Number(parameters[i])}; the weights JSON form holds finite numbers only.");
                }
            }

            var text = new StringBuilder();
            text.Append("{\n  \"__metadata__\": {");
            text.Append(string.Join(", ", SafetensorsExtensions.Metadata(description).Select(entry => Quote(entry.Key) + ": " + Quote(entry.Value))));
            text.Append('}');
            List<DenseLayer> layers = DenseLayer.FromParameters(description, parameters);
            for (int l = 0; l < layers.Count; l++)
            {
                DenseLayer layer = layers[l];
                string module = (2 * l).ToString(CultureInfo.InvariantCulture);
                text.Append(",\n  ").Append(Quote(module + ".weight")).Append(": [\n");
                for (int j = 0; j < layer.Outputs; j++)
                {
                    text.Append("    [").Append(string.Join(", ", layer.Weights.Skip(j * layer.Inputs).Take(layer.Inputs).Select(Number))).Append(']');
                    text.Append(j + 1 < layer.Outputs ? ",\n" : "\n");
                }

                text.Append("  ]");
                if (layer.Bias is double[] bias)
                {
                    text.Append(",\n  ").Append(Quote(module + ".bias")).Append(": [").Append(string.Join(", ", bias.Select(Number))).Append(']');
                }
            }

            text.Append("\n}\n");
            byte[] bytes = new UTF8Encoding(false).GetBytes(text.ToString());
            stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Writes the parameters in the weights JSON form to the file at <paramref name="path"/>, replacing it if it exists: as <see cref="SaveWeightsJson(INetwork, Stream)"/>, its content made in memory before the file is opened.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="InvalidOperationException">A parameter is NaN or infinite, which JSON cannot hold; the file is not touched.</exception>
        /// <exception cref="IOException">The file cannot be written (the exceptions of <see cref="File.WriteAllBytes"/>).</exception>
        public static void SaveWeightsJson(this INetwork network, string path) => StreamInput.SaveFile(network, path, SaveWeightsJson);

        /// <summary>
        /// Reads the parameters from a file in the weights JSON form: the file <see cref="SaveWeightsJson(INetwork, Stream)"/>
        /// writes and the generator bakes in, a JSON object whose members are the tensors of a PyTorch <c>nn.Sequential</c>
        /// of <c>Linear</c> layers (<c>"N.weight"</c> <c>[out, in]</c> as one array per row, <c>"N.bias"</c> <c>[out]</c>)
        /// under any key prefix, taken in module order, and an optional <c>__metadata__</c> object of strings. A shared
        /// bias is read only where a layer's values are all equal; where the metadata names BackpropGen's activations, they
        /// must be the network's. The file must fit the network; otherwise nothing changes and an exception says what was
        /// expected and found.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="stream">A readable stream positioned at the start of the file (UTF-8); read to its end.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read.</exception>
        /// <exception cref="InvalidDataException">The file is not valid JSON of that form, or does not fit the network.</exception>
        public static void LoadWeightsJson(this INetwork network, Stream stream)
        {
            StreamInput.CheckNetwork(network, nameof(network));
            byte[] file = StreamInput.ReadToEnd(stream, nameof(stream));
            NetworkDescription description = network.Description;
            List<NamedTensor> tensors = SafetensorsExtensions.TensorObject(
                file, maxDepth: 8, Format, "a JSON object of tensors", "a JSON object of tensors", description, property =>
                {
                    var shape = new List<long>();
                    var values = new List<double>();
                    Flatten(property.Name, property.Value, 0, shape, values);
                    double[] flat = values.ToArray();
                    return new NamedTensor(property.Name, shape.ToArray(), () => flat);
                });
            network.SetParameters(DenseLayer.ToParameters(description, DenseLayer.FromModules(tensors, Format), Format));
        }

        /// <summary>Reads the parameters from the weights JSON file at <paramref name="path"/>: as <see cref="LoadWeightsJson(INetwork, Stream)"/>, a file that does not fit the network changes nothing.</summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (and the other exceptions of <see cref="File.OpenRead"/>).</exception>
        /// <exception cref="InvalidDataException">The file is not valid, or does not fit the network.</exception>
        public static void LoadWeightsJson(this INetwork network, string path) => StreamInput.LoadFile(network, path, LoadWeightsJson);

        /// <summary>
        /// A tensor's values, row-major, and its shape, from a number or arrays nested to any depth that are rectangular
        /// (every array at one depth of the same length); every value a finite number.
        /// </summary>
        private static void Flatten(string key, JsonElement element, int depth, List<long> shape, List<double> values)
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (depth != shape.Count)
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected arrays nested {shape.Count} deep throughout (a rectangular tensor), found a number at depth {depth}");
                }

                if (!element.TryGetDouble(out double value) || double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw DenseLayer.Invalid(Format, $"tensor '{key}': expected finite numbers, found {element.GetRawText()}");
                }

                values.Add(value);
                return;
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw DenseLayer.Invalid(Format, $"tensor '{key}': expected a number or an array of numbers, found a JSON {element.ValueKind}");
            }

            int length = element.GetArrayLength();
            if (depth == shape.Count && values.Count == 0)
            {
                shape.Add(length); // the first array at this depth sets the tensor's size there
            }
            else if (depth >= shape.Count || shape[depth] != length)
            {
                string expected = depth >= shape.Count ? "a number" : $"an array of {shape[depth]}";
                throw DenseLayer.Invalid(Format, $"tensor '{key}': expected {expected} at depth {depth} (a rectangular tensor), found an array of {length}");
            }

            foreach (JsonElement item in element.EnumerateArray())
            {
                Flatten(key, item, depth + 1, shape, values);
            }
        }

        private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

        /// <summary>The shortest round-trip form ("R"), checked by parsing it back; 17 significant digits where "R" would not round-trip.</summary>
        private static string Number(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            bool exact = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double back)
                && BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(value);
            return exact ? text : value.ToString("G17", CultureInfo.InvariantCulture);
        }
    }
}
