using System;
using System.ComponentModel;
using System.Text;
using System.IO;
using System.Globalization;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The generated walkthrough (<c>Explain</c>): writes it from a template rendered from the model of the step, and the
    /// values the traced step recorded; and the number formatting it and the diagram
    /// (<c>ToMermaid</c>) use. For generated code, not meant to be called directly.
    /// </summary>
    /// <remarks>
    /// The template is Markdown, one paragraph a line (the walkthrough separates them by blank lines), with these marks: <c>«k»</c> is value <c>k</c> as an operand (a negative number in
    /// parentheses), <c>‹k›</c> value <c>k</c> as a number, <c>‹after›</c> the error after the step. A formula line
    /// <c>$$name¦formula¦substituted¦result$$</c> is written as <c>$$name = formula = substituted = result$$</c>, leaving out
    /// the formula where it is empty and a side that only repeats its neighbour. A line that starts with <c>&gt; </c> (a note
    /// on the article's errata) is written only for the article's numbers.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Walkthrough
    {
        /// <summary>Writes the walkthrough.</summary>
        /// <param name="writer">Receives the Markdown.</param>
        /// <param name="template">The template (see the remarks), rendered from the model of the step or over a <c>Symbols</c> table.</param>
        /// <param name="values">The values the template refers to by position (a generated <c>Symbols</c>' values).</param>
        /// <param name="errorAfter">E_total after the step: the error of the updated parameters on the same sample.</param>
        /// <param name="articleNumbers">Whether the step had the article's numbers, so that its errata notes apply.</param>
        public static void Write(TextWriter writer, string template, double[] values, double errorAfter, bool articleNumbers)
        {
            if (writer is null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            if (template is null)
            {
                throw new ArgumentNullException(nameof(template));
            }

            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            bool first = true;
            foreach (string line in template.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.Length == 0 || (line.StartsWith("> ", StringComparison.Ordinal) && !articleNumbers))
                {
                    continue;
                }

                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                writer.WriteLine(line.StartsWith("$$", StringComparison.Ordinal) && line.IndexOf('¦') >= 0
                    ? Formula(line.Substring(2, line.Length - 4), values, errorAfter)
                    : Fill(line, values, errorAfter));
            }
        }

        /// <summary>
        /// Writes the walkthrough of an unrolled network's step (its <c>Explain</c>): the template rendered from the model of
        /// the step (the generator's formulas, compiled into this assembly), filled with the values its traced step recorded.
        /// </summary>
        /// <param name="writer">Receives the Markdown.</param>
        /// <param name="network">The network class's name, for the title.</param>
        /// <param name="description">Its layers, activations, loss, biases and precision.</param>
        /// <param name="updateRule">Its update rule.</param>
        /// <param name="optimizer">The optimizer its update runs; null for the article's update (SGD without weight decay).</param>
        /// <param name="values">The values the step recorded, in the order of the network's <c>Symbols</c>.</param>
        /// <param name="errorAfter">E_total after the step: the error of the updated parameters on the same sample.</param>
        public static void Write(TextWriter writer, string network, NetworkDescription description, UpdateRule updateRule, Optimizer? optimizer, double[] values, double errorAfter)
        {
            if (network is null)
            {
                throw new ArgumentNullException(nameof(network));
            }

            if (description is null)
            {
                throw new ArgumentNullException(nameof(description));
            }

            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            (string template, bool isArticleNetwork) = WalkthroughTemplate.Build(network, description, updateRule, optimizer);
            Write(writer, template, values, errorAfter, isArticleNetwork && HasArticleNumbers(values));
        }

        /// <summary>
        /// Writes the walkthrough of a step recorded in a table (the <c>Explain</c> of a network in vectorised kernels or in
        /// parts): the same template as an unrolled network's, from the same model of the step, with the symbols the table
        /// does not keep computed from those it keeps by the step's own formulas.
        /// </summary>
        /// <param name="writer">Receives the Markdown.</param>
        /// <param name="network">The network class's name, for the title.</param>
        /// <param name="symbols">The table the step was recorded in; its description is the network's.</param>
        /// <param name="updateRule">Its update rule.</param>
        /// <param name="optimizer">The optimizer its update runs; null for the article's update (SGD without weight decay).</param>
        /// <param name="optimizerInputs">
        /// With an optimizer, what its update reads besides the table, before the step: its hyperparameters after η, this
        /// step's count t (from 1), the state of each trained parameter, in the order of an unrolled network's Symbols;
        /// null to leave the update's numbers out.
        /// </param>
        /// <param name="errorAfter">E_total after the step: the error of the updated parameters on the same sample.</param>
        public static void Write(TextWriter writer, string network, StepSymbols symbols, UpdateRule updateRule, Optimizer? optimizer, double[]? optimizerInputs, double errorAfter)
        {
            if (network is null)
            {
                throw new ArgumentNullException(nameof(network));
            }

            if (symbols is null)
            {
                throw new ArgumentNullException(nameof(symbols));
            }

            (string template, bool isArticleNetwork, double[] values) = WalkthroughTemplate.BuildOverTable(network, symbols, updateRule, optimizer, optimizerInputs);
            Write(writer, template, values, errorAfter, isArticleNetwork && HasArticleNumbers(values));
        }

        /// <summary>The article's inputs, targets, parameters and η, in the order the article network's Symbols start with.</summary>
        private static readonly double[] ArticleNumbers = { 0.05, 0.1, 0.01, 0.99, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.35, 0.6, 0.5 };

        /// <summary>Whether the article network's step started from the article's numbers, so that its errata notes apply.</summary>
        private static bool HasArticleNumbers(double[] values)
        {
            if (values.Length < ArticleNumbers.Length)
            {
                return false;
            }

            for (int i = 0; i < ArticleNumbers.Length; i++)
            {
                if (values[i] != ArticleNumbers[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A number with 9 significant digits in the invariant culture, an exponent written in LaTeX as <c>\times 10^{n}</c>.</summary>
        /// <param name="value">The number.</param>
        /// <returns>E.g. "0.298371109", "-1.5 \times 10^{-7}", "NaN"; "0" for -0.</returns>
        public static string Number(double value)
        {
            string text = value == 0.0 ? "0" : value.ToString("G9", CultureInfo.InvariantCulture); // -0 as 0
            int exponent = text.IndexOf('E');
            return exponent < 0
                ? text
                : text.Substring(0, exponent) + @" \times 10^{" + int.Parse(text.Substring(exponent + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "}";
        }

        /// <summary>A number inside a formula: <see cref="Number"/>, a negative number in parentheses.</summary>
        /// <param name="value">The number.</param>
        /// <returns>E.g. "0.15", "(-0.2)".</returns>
        public static string Operand(double value) => value < 0 ? "(" + Number(value) + ")" : Number(value);

        private static string Formula(string line, double[] values, double errorAfter)
        {
            string[] parts = line.Split('¦');
            if (parts.Length != 4)
            {
                throw new FormatException("A formula line of the walkthrough template has " + parts.Length + " parts, not 4: " + line);
            }

            string formula = parts[1];
            string substituted = Fill(parts[2], values, errorAfter);
            string result = Fill(parts[3], values, errorAfter);
            var text = new StringBuilder("$$").Append(parts[0]);
            if (formula.Length > 0)
            {
                text.Append(" = ").Append(formula);
            }

            if (substituted != formula && substituted.Trim('(', ')') != result)
            {
                text.Append(" = ").Append(substituted);
            }

            if (result != formula)
            {
                text.Append(" = ").Append(result);
            }

            return text.Append("$$").ToString();
        }

        /// <summary>The line with each «k», ‹k› and ‹after› replaced by its number.</summary>
        private static string Fill(string line, double[] values, double errorAfter)
        {
            if (line.IndexOf('«') < 0 && line.IndexOf('‹') < 0)
            {
                return line;
            }

            var text = new StringBuilder(line.Length + 32);
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                char close = c == '«' ? '»' : c == '‹' ? '›' : '\0';
                int end = close == '\0' ? -1 : line.IndexOf(close, i + 1);
                if (end < 0)
                {
                    text.Append(c);
                    i++;
                    continue;
                }

                string key = line.Substring(i + 1, end - i - 1);
                double value = key == "after" ? errorAfter : values[int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture)];
                text.Append(c == '«' ? Operand(value) : Number(value));
                i = end + 1;
            }

            return text.ToString();
        }
    }
}
