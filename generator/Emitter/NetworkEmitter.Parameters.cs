using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The parameters as a whole: copying, initialising, saving and loading.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>"BPGN" as a little-endian int32: the first four bytes of a parameter file.</summary>
        private const int FileMagic = 0x4E475042;

        private const int FileFormatVersion = 1;

        private void WriteParameterMethods()
        {
            if (_facts.HasSpan)
            {
                WriteCopy("CopyParametersTo", "Copies the parameters into <paramref name=\"destination\"/>: the weights in the article's numbering, then the biases layer by layer.", p => p);
                WriteCopy("CopyGradientsTo", "Copies the gradients of the last Backward or Train into <paramref name=\"destination\"/>, in the order of CopyParametersTo.", Naming.Gradient);
                WriteSetParameters();
            }

            WriteInitialize();
            WriteSaveLoad();
        }

        private void WriteCopy(string name, string summary, System.Func<string, string> value)
        {
            _w.Line();
            Summary(summary);
            _w.Line("/// <param name=\"destination\">A span of exactly ParameterCount values.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The span's length is not ParameterCount.</exception>");
            GeneratedCode();
            using (_w.Block($"public void {name}({Span} destination)"))
            {
                WriteParameterLengthCheck("destination");
                int i = 0;
                foreach (string parameter in Parameters)
                {
                    _w.Line($"destination[{Count(i++)}] = {value(parameter)};");
                }
            }
        }

        private void WriteParameterLengthCheck(string span) =>
            WriteLengthCheck(span, $"{span}.Length != {Count(_layout.ParameterCount)}", $"{span} must have length {Count(_layout.ParameterCount)} (ParameterCount: {Range(_layout.Weights)}{(_layout.Biases.Count > 0 ? ", then " + Range(_layout.Biases) : string.Empty)}), not {{{span}.Length}}.");

        private void WriteSetParameters()
        {
            _w.Line();
            Summary("Sets every parameter from <paramref name=\"source\"/>, in the order of CopyParametersTo.");
            _w.Line("/// <param name=\"source\">A span of exactly ParameterCount values.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The span's length is not ParameterCount.</exception>");
            GeneratedCode();
            using (_w.Block($"public void SetParameters({ReadOnlySpan} source)"))
            {
                WriteParameterLengthCheck("source");
                int i = 0;
                foreach (string parameter in Parameters)
                {
                    _w.Line($"{parameter} = source[{Count(i++)}];");
                }
            }
        }

        private void WriteInitialize()
        {
            _w.Line();
            Summary("Initialises the weights at random, deterministically for a seed (Xavier/Glorot uniform for logistic, tanh, identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0.");
            _w.Line("/// <param name=\"seed\">The seed of the <see cref=\"global::System.Random\"/> that draws the weights.</param>");
            GeneratedCode();
            _w.Line("public void InitializeParameters(int seed) => InitializeParameters(new global::System.Random(seed));");

            _w.Line();
            Summary("Initialises the weights with values drawn from <paramref name=\"random\"/> (Xavier/Glorot uniform for logistic, tanh, identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0.");
            _w.Line("/// <param name=\"random\">The source of the random values.</param>");
            GeneratedCode();
            using (_w.Block("public void InitializeParameters(global::System.Random random)"))
            {
                using (_w.Block("if (random is null)"))
                {
                    _w.Line("throw new global::System.ArgumentNullException(\"random\");");
                }

                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    int fanIn = _layout.Sizes[l - 1], fanOut = _layout.Sizes[l];
                    bool he = _layout.ActivationOf(l) is ActivationKind.ReLU or ActivationKind.LeakyReLU;
                    string limit = "limit" + Count(l);
                    _w.Line();
                    _w.Line(he
                        ? $"double {limit} = global::System.Math.Sqrt(6.0 / {Count(fanIn)});"
                        : $"double {limit} = global::System.Math.Sqrt(6.0 / ({Count(fanIn)} + {Count(fanOut)}));",
                        he ? $"He uniform for the {_layout.LayerTitle(l)}: ±√(6 / fan-in)" : $"Xavier/Glorot uniform for the {_layout.LayerTitle(l)}: ±√(6 / (fan-in + fan-out))");
                    for (int j = 0; j < _layout.Sizes[l]; j++)
                    {
                        for (int k = 0; k < _layout.Sizes[l - 1]; k++)
                        {
                            _w.Line($"{_layout.Weight(l, j, k)} = {limit} * (2.0 * random.NextDouble() - 1.0);");
                        }
                    }
                }

                if (_layout.Biases.Count > 0)
                {
                    _w.Line();
                    WriteStores(_layout.Biases, string.Empty, _ => "0.0");
                }
            }
        }

        private void WriteSaveLoad()
        {
            string shape = string.Join(", ", _layout.Sizes.Select(Count));
            int headerLength = 4 * (5 + _layout.LayerCount); // magic, version, layer count, the sizes, bias mode, parameter count

            _w.Line();
            Summary($"Writes the parameters to <paramref name=\"stream\"/> in BackpropGen's parameter format: \"BPGN\", format version {Count(FileFormatVersion)}, the layer count and sizes, the bias mode and the parameter count as little-endian int32, then the parameters (in the order of CopyParametersTo) as little-endian IEEE 754 doubles.");
            _w.Line("/// <param name=\"stream\">A writable stream.</param>");
            GeneratedCode();
            using (_w.Block("public void Save(global::System.IO.Stream stream)"))
            {
                using (_w.Block("if (stream is null)"))
                {
                    _w.Line("throw new global::System.ArgumentNullException(\"stream\");");
                }

                _w.Line("double[] values = { " + string.Join(", ", Parameters) + " };");
                _w.Line($"byte[] data = new byte[{Count(headerLength)} + (8 * values.Length)];");
                _w.Line("int[] header = FileHeader();");
                using (_w.Block("for (int i = 0; i < header.Length; i++)"))
                {
                    _w.Line("WriteInt64(data, 4 * i, header[i], 4);");
                }

                using (_w.Block("for (int i = 0; i < values.Length; i++)"))
                {
                    _w.Line($"WriteInt64(data, {Count(headerLength)} + (8 * i), global::System.BitConverter.DoubleToInt64Bits(values[i]), 8);");
                }

                _w.Line("stream.Write(data, 0, data.Length);");
            }

            _w.Line();
            Summary("Reads parameters written by <c>Save</c>. The file must describe a network of this shape and bias mode and hold finite values; otherwise nothing changes and an exception says why.");
            _w.Line("/// <param name=\"stream\">A readable stream positioned at the start of a parameter file.</param>");
            _w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">The file is not a BackpropGen parameter file, is of another network, is truncated, or holds a value that is not finite.</exception>");
            GeneratedCode();
            using (_w.Block("public void Load(global::System.IO.Stream stream)"))
            {
                using (_w.Block("if (stream is null)"))
                {
                    _w.Line("throw new global::System.ArgumentNullException(\"stream\");");
                }

                _w.Line("int[] expected = FileHeader();");
                _w.Line("byte[] start = ReadExactly(stream, 12, \"its header\");");
                using (_w.Block($"if (ReadInt32(start, 0) != {Count(FileMagic)})"))
                {
                    _w.Line("throw new global::System.IO.InvalidDataException(\"Not a BackpropGen parameter file: it does not start with \\\"BPGN\\\".\");");
                }

                using (_w.Block($"if (ReadInt32(start, 4) != {Count(FileFormatVersion)})"))
                {
                    _w.Line($"throw new global::System.IO.InvalidDataException(\"The parameter file has format version \" + ReadInt32(start, 4) + \", but this network reads version {Count(FileFormatVersion)}.\");");
                }

                _w.Line("int layers = ReadInt32(start, 8);");
                using (_w.Block("if (layers < 2 || layers > 8)"))
                {
                    _w.Line("throw new global::System.IO.InvalidDataException(\"The parameter file is corrupt: it claims \" + layers + \" layers.\");");
                }

                _w.Line("byte[] rest = ReadExactly(stream, 4 * (layers + 2), \"its header\");");
                _w.Line("string fileShape = \"\";");
                using (_w.Block("for (int l = 0; l < layers; l++)"))
                {
                    _w.Line("fileShape += (l == 0 ? \"\" : \"-\") + ReadInt32(rest, 4 * l);");
                }

                _w.Line($"string shape = \"{string.Join("-", _layout.Sizes.Select(Count))}\";");
                using (_w.Block("if (fileShape != shape)"))
                {
                    _w.Line($"throw new global::System.IO.InvalidDataException(\"The parameter file holds a \" + fileShape + \" network, but {_model.Type.Name} is \" + shape + \".\");");
                }

                using (_w.Block("if (ReadInt32(rest, 4 * layers) != expected[3 + layers])"))
                {
                    _w.Line($"throw new global::System.IO.InvalidDataException(\"The parameter file's biases are laid out as BiasMode \" + ReadInt32(rest, 4 * layers) + \", but {_model.Type.Name} uses BiasMode.{_model.Bias} (\" + expected[3 + layers] + \").\");");
                }

                using (_w.Block($"if (ReadInt32(rest, 4 * (layers + 1)) != ParameterCount)"))
                {
                    _w.Line("throw new global::System.IO.InvalidDataException(\"The parameter file is corrupt: it claims \" + ReadInt32(rest, 4 * (layers + 1)) + \" parameters where this network has \" + ParameterCount + \".\");");
                }

                _w.Line("byte[] data = ReadExactly(stream, 8 * ParameterCount, \"its \" + ParameterCount + \" parameters\");");
                _w.Line("double[] values = new double[ParameterCount];");
                using (_w.Block("for (int i = 0; i < values.Length; i++)"))
                {
                    _w.Line("values[i] = global::System.BitConverter.Int64BitsToDouble(ReadInt64(data, 8 * i));");
                    using (_w.Block("if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))"))
                    {
                        _w.Line("throw new global::System.IO.InvalidDataException(\"The parameter file holds \" + values[i].ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" for parameter \" + (i + 1) + \" of \" + ParameterCount + \"; every parameter must be finite.\");");
                    }
                }

                _w.Line();
                _w.Line("// Every check passed: only now change the network");
                int index = 0;
                foreach (string parameter in Parameters)
                {
                    _w.Line($"{parameter} = values[{Count(index++)}];");
                }
            }

            _w.Line();
            _w.Line($"private static int[] FileHeader() => new int[] {{ {Count(FileMagic)}, {Count(FileFormatVersion)}, {Count(_layout.LayerCount)}, {shape}, {Count((int)_model.Bias)}, ParameterCount }};");
            _w.Line();
            using (_w.Block("private static byte[] ReadExactly(global::System.IO.Stream stream, int count, string what)"))
            {
                _w.Line("byte[] buffer = new byte[count];");
                _w.Line("int read = 0;");
                using (_w.Block("while (read < count)"))
                {
                    _w.Line("int n = stream.Read(buffer, read, count - read);");
                    using (_w.Block("if (n <= 0)"))
                    {
                        _w.Line("throw new global::System.IO.InvalidDataException(\"The parameter file is truncated: it ends inside \" + what + \".\");");
                    }

                    _w.Line("read += n;");
                }

                _w.Line("return buffer;");
            }

            _w.Line();
            using (_w.Block("private static void WriteInt64(byte[] data, int offset, long value, int bytes)"))
            {
                using (_w.Block("for (int b = 0; b < bytes; b++)"))
                {
                    _w.Line("data[offset + b] = (byte)(value >> (8 * b));");
                }
            }

            _w.Line();
            _w.Line("private static int ReadInt32(byte[] data, int offset) => (int)ReadInt64(data, offset, 4);");
            _w.Line();
            _w.Line("private static long ReadInt64(byte[] data, int offset) => ReadInt64(data, offset, 8);");
            _w.Line();
            using (_w.Block("private static long ReadInt64(byte[] data, int offset, int bytes)"))
            {
                _w.Line("long value = 0;");
                using (_w.Block("for (int b = bytes - 1; b >= 0; b--)"))
                {
                    _w.Line("value = (value << 8) | data[offset + b];");
                }

                _w.Line("return value;");
            }
        }
    }
}
