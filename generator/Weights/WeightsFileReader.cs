using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Weights
{
    /// <summary>
    /// Reads a weights file, the JSON form of a PyTorch state dict, into a <see cref="WeightsFile"/>:
    /// <c>{ "__metadata__": { "k": "v", ... }, "0.weight": [[0.15, 0.2], [0.25, 0.3]], "0.bias": [0.35, 0.35], ... }</c>.
    /// A tensor is a number, or nested arrays of numbers that are rectangular; its shape is the nesting. Every problem becomes
    /// the file's <see cref="WeightsFile.Error"/> with the line and column where it was found; nothing is thrown out of
    /// <see cref="Read"/>. A generator gets AdditionalFiles only as text, so a binary safetensors file cannot be read here.
    /// </summary>
    internal static class WeightsFileReader
    {
        /// <summary>How deep arrays and objects may nest (a tensor needs 2, the file 3); deeper is an error, never a stack overflow.</summary>
        private const int MaxDepth = 32;

        /// <summary>Whether <paramref name="path"/> is the file that one of <paramref name="names"/> means (see <see cref="Matches"/>).</summary>
        public static bool IsNamed(string path, EquatableArray<string> names)
        {
            foreach (string name in names)
            {
                if (Matches(path, name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the AdditionalFiles item at <paramref name="path"/> is the file <paramref name="name"/>: its path is the
        /// name, or ends with it after a directory separator (<c>"mazur.weights.json"</c> and
        /// <c>"weights/mazur.weights.json"</c> both name <c>/src/app/weights/mazur.weights.json</c>). Either separator.
        /// </summary>
        public static bool Matches(string path, string name)
        {
            string file = Normalize(path), wanted = Normalize(name);
            if (wanted.StartsWith("./", StringComparison.Ordinal))
            {
                wanted = wanted.Substring(2);
            }

            return wanted.Length > 0
                && (file == wanted || (file.EndsWith(wanted, StringComparison.Ordinal) && file[file.Length - wanted.Length - 1] == '/'));
        }

        private static string Normalize(string path) => path.Replace('\\', '/');

        /// <summary>Reads the file at <paramref name="path"/> whose text the compiler gave (null: it could not read it as text).</summary>
        public static WeightsFile Read(string path, SourceText? text, CancellationToken cancellationToken)
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                return Failed(path, "it is a binary safetensors file, which cannot reach a source generator intact (the compiler reads every AdditionalFiles item as text: a binary file is error CS2015, undecodable bytes become U+FFFD); write the JSON form instead (SaveWeightsJson, or write_weights_json in make_fixtures.py) and name that");
            }

            if (text is null)
            {
                return Failed(path, "the compiler could not read it as text (a binary file is error CS2015); a weights file is JSON text");
            }

            try
            {
                var parser = new Parser(text.ToString(), cancellationToken);
                return parser.ReadFile(path);
            }
            catch (FormatException e)
            {
                return Failed(path, e.Message);
            }
        }

        private static WeightsFile Failed(string path, string error) =>
            new(path, EquatableArray<WeightTensor>.Empty, EquatableArray<MetadataEntry>.Empty, error);

        /// <summary>A recursive-descent reader of the closed format; errors are <see cref="FormatException"/>s that say where.</summary>
        private sealed class Parser
        {
            private readonly string _text;
            private readonly CancellationToken _cancellationToken;
            private int _position;

            public Parser(string text, CancellationToken cancellationToken)
            {
                _text = text;
                _cancellationToken = cancellationToken;
            }

            public WeightsFile ReadFile(string path)
            {
                var tensors = new List<WeightTensor>();
                var metadata = new List<MetadataEntry>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                SkipWhiteSpace();
                if (_position < _text.Length && _text[_position] == '\uFEFF')
                {
                    _position++;
                    SkipWhiteSpace();
                }

                Expect('{', "a JSON object of tensors");
                SkipWhiteSpace();
                if (!TryTake('}'))
                {
                    do
                    {
                        SkipWhiteSpace();
                        int keyAt = _position;
                        string key = ReadString("a tensor's key (a string)");
                        if (!keys.Add(key))
                        {
                            throw Error($"the key \"{key}\" appears twice", keyAt);
                        }

                        SkipWhiteSpace();
                        Expect(':', "':' after the key");
                        SkipWhiteSpace();
                        if (key == "__metadata__")
                        {
                            ReadMetadata(metadata);
                        }
                        else
                        {
                            tensors.Add(ReadTensor(key));
                        }

                        SkipWhiteSpace();
                    }
                    while (TryTake(','));

                    Expect('}', "',' or '}' after a tensor");
                }

                SkipWhiteSpace();
                if (_position < _text.Length)
                {
                    throw Error("expected the end of the file after the JSON object");
                }

                return new WeightsFile(path, tensors.ToEquatableArray(), metadata.ToEquatableArray(), null);
            }

            private void ReadMetadata(List<MetadataEntry> metadata)
            {
                Expect('{', "__metadata__ to be an object of strings");
                SkipWhiteSpace();
                if (TryTake('}'))
                {
                    return;
                }

                do
                {
                    SkipWhiteSpace();
                    string key = ReadString("a __metadata__ key (a string)");
                    SkipWhiteSpace();
                    Expect(':', "':' after the key");
                    SkipWhiteSpace();
                    metadata.Add(new MetadataEntry(key, ReadString($"__metadata__ \"{key}\" to be a string")));
                    SkipWhiteSpace();
                }
                while (TryTake(','));

                Expect('}', "',' or '}' in __metadata__");
            }

            /// <summary>A tensor: a number, or rectangular nested arrays of numbers, row-major.</summary>
            private WeightTensor ReadTensor(string key)
            {
                var values = new List<double>();
                List<int>? shape = null;
                var dimensions = new List<int>();
                ReadElement(key, 0, values, dimensions, ref shape);
                return new WeightTensor(key, (shape ?? new List<int>()).ToEquatableArray(), values.ToEquatableArray());
            }

            /// <summary>
            /// Reads one element at nesting <paramref name="depth"/>. The first leaf fixes the tensor's shape (the lengths of the
            /// arrays on the way to it are checked when each closes); every later leaf must be at the same depth.
            /// </summary>
            private void ReadElement(string key, int depth, List<double> values, List<int> path, ref List<int>? shape)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int at = _position;
                if (!TryTake('['))
                {
                    if (shape is not null && shape.Count != depth)
                    {
                        throw Error($"tensor \"{key}\": expected an array of {shape.Count - depth} more dimension{(shape.Count - depth == 1 ? string.Empty : "s")} here (the tensor's shape is [{string.Join(", ", shape)}]), found a number", at);
                    }

                    values.Add(ReadNumber(key));
                    shape ??= new List<int>(path);
                    return;
                }

                if (depth + 1 > MaxDepth)
                {
                    throw Error($"tensor \"{key}\": arrays nested deeper than {MaxDepth}", at);
                }

                if (shape is not null && depth >= shape.Count)
                {
                    throw Error($"tensor \"{key}\": expected a number here (the tensor's shape is [{string.Join(", ", shape)}]), found an array", at);
                }

                int count = 0;
                SkipWhiteSpace();
                if (!TryTake(']'))
                {
                    do
                    {
                        SkipWhiteSpace();
                        path.Add(count);
                        ReadElement(key, depth + 1, values, path, ref shape);
                        path.RemoveAt(path.Count - 1);
                        count++;
                        SkipWhiteSpace();
                    }
                    while (TryTake(','));

                    Expect(']', "',' or ']' in the tensor \"" + key + "\"");
                }

                if (shape is null)
                {
                    throw Error($"tensor \"{key}\": expected numbers, found an empty array", at);
                }

                // The first leaf recorded the indices on its way down (all 0); the first array to close at each depth fixes
                // that dimension's length, and every other array at that depth must have the same.
                if (path.TrueForAll(index => index == 0) && shape[depth] == 0)
                {
                    shape[depth] = count;
                }
                else if (shape[depth] != count)
                {
                    throw Error($"tensor \"{key}\": expected rows of equal length ({shape[depth]} values, as the first), found {count}", at);
                }
            }

            private double ReadNumber(string key)
            {
                int start = _position;
                TryTake('-');
                if (!TakeDigits())
                {
                    throw Error($"tensor \"{key}\": expected a number{Found()}", start);
                }

                if (TryTake('.') && !TakeDigits())
                {
                    throw Error($"tensor \"{key}\": expected digits after the decimal point", start);
                }

                if (TryTake('e') || TryTake('E'))
                {
                    if (!TryTake('+'))
                    {
                        TryTake('-');
                    }

                    if (!TakeDigits())
                    {
                        throw Error($"tensor \"{key}\": expected digits in the exponent", start);
                    }
                }

                string lexeme = _text.Substring(start, _position - start);
                double value;
                try
                {
                    value = double.Parse(lexeme, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    value = double.PositiveInfinity;
                }

                if (double.IsInfinity(value))
                {
                    throw Error($"tensor \"{key}\": {lexeme} is beyond the range of a double", start);
                }

                return value;
            }

            private bool TakeDigits()
            {
                int start = _position;
                while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
                {
                    _position++;
                }

                return _position > start;
            }

            private string ReadString(string what)
            {
                int start = _position;
                if (!TryTake('"'))
                {
                    throw Error($"expected {what}{Found()}");
                }

                var builder = new System.Text.StringBuilder();
                while (true)
                {
                    if (_position >= _text.Length)
                    {
                        throw Error("a string that does not end", start);
                    }

                    char c = _text[_position++];
                    if (c == '"')
                    {
                        return builder.ToString();
                    }

                    if (c < ' ')
                    {
                        throw Error("a control character inside a string", _position - 1);
                    }

                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }

                    char escape = _position < _text.Length ? _text[_position++] : '\0';
                    switch (escape)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u' when _position + 4 <= _text.Length
                            && int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code):
                            builder.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            throw Error("an invalid escape in a string", _position - 2);
                    }
                }
            }

            private void SkipWhiteSpace()
            {
                while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
                {
                    _position++;
                }
            }

            private bool TryTake(char c)
            {
                if (_position < _text.Length && _text[_position] == c)
                {
                    _position++;
                    return true;
                }

                return false;
            }

            private void Expect(char c, string what)
            {
                if (!TryTake(c))
                {
                    throw Error($"expected {what}{Found()}");
                }
            }

            /// <summary>", found 'x'" or ", found the end of the file".</summary>
            private string Found()
            {
                if (_position >= _text.Length)
                {
                    return ", found the end of the file";
                }

                char c = _text[_position];
                return c < ' ' || c == '\u007F' ? $", found U+{(int)c:X4}" : $", found '{c}'";
            }

            private FormatException Error(string message, int? at = null)
            {
                int position = Math.Min(at ?? _position, _text.Length);
                int line = 1, column = 1;
                for (int i = 0; i < position; i++)
                {
                    if (_text[i] == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    else
                    {
                        column++;
                    }
                }

                return new FormatException($"line {line}, column {column}: {message}");
            }
        }
    }
}
