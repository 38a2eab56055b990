using System;
using System.Globalization;
using System.Text;

namespace BackpropGen.Generator.Helpers
{
    /// <summary>Writes C# text with indentation; <see cref="Block"/> opens a brace that the returned scope closes.</summary>
    internal sealed class CodeWriter
    {
        private const string IndentUnit = "    ";

        private readonly StringBuilder _text = new();
        private int _indent;
        private bool _atBlockStart;
        private bool _afterBlock;

        /// <summary>A blank line, except right after an opening brace (where it would only add noise).</summary>
        public void Line()
        {
            if (!_atBlockStart)
            {
                _text.Append('\n');
            }

            _afterBlock = false;
            _atBlockStart = true;
        }

        public void Line(string line)
        {
            if (_afterBlock && !line.StartsWith("}", StringComparison.Ordinal) && !line.StartsWith("else", StringComparison.Ordinal))
            {
                _text.Append('\n');
            }

            _afterBlock = false;
            _atBlockStart = line == "{";
            for (int i = 0; i < _indent; i++)
            {
                _text.Append(IndentUnit);
            }

            _text.Append(line).Append('\n');
        }

        /// <summary>
        /// Writes <paramref name="text"/>, which may span lines (a verbatim string): only its first line is indented, the
        /// others are written as they are, since indenting them would change the string.
        /// </summary>
        public void LineRaw(string text) => Line(text);

        /// <summary>Writes <paramref name="statement"/>, then <c>// comment</c>.</summary>
        public void Line(string statement, string comment) => Line(statement + " // " + comment);

        /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result writes the closing brace.</summary>
        public Scope Block(string header, string closing = "}")
        {
            if (header.Length > 0)
            {
                Line(header);
            }

            Line("{");
            _indent++;
            return new Scope(this, closing);
        }

        /// <summary>
        /// Writes a guard of one statement: <c>if (condition)</c>, then the statement indented on its own line, without
        /// braces (as dotnet/runtime writes a single-line block); like a block, it is set off from what follows.
        /// </summary>
        public void Guard(string condition, string statement)
        {
            Line($"if ({condition})");
            _indent++;
            Line(statement);
            _indent--;
            _afterBlock = true;
        }

        public void Indent() => _indent++;

        public void Unindent() => _indent--;

        public override string ToString() => _text.ToString();

        /// <summary>A number as C# source that round-trips exactly, in the invariant culture, always with a decimal point.</summary>
        public static string Number(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        public readonly struct Scope : IDisposable
        {
            private readonly CodeWriter _writer;
            private readonly string _closing;

            public Scope(CodeWriter writer, string closing)
            {
                _writer = writer;
                _closing = closing;
            }

            public void Dispose()
            {
                _writer._indent--;
                _writer.Line(_closing);
                _writer._afterBlock = true;
            }
        }
    }
}
