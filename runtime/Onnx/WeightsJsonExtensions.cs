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
    /// of <see cref="SafetensorsExtensions.SaveSafetensors"/> as JSON numbers.
    /// </summary>
    public static class WeightsJsonExtensions
    {
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
