using System.ComponentModel;
using System.Globalization;

namespace BackpropGen.Runtime
{
    /// <summary>The number formatting of the generated walkthrough (<c>Explain</c>) and diagram (<c>ToMermaid</c>). For generated code, not meant to be called directly.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Walkthrough
    {
        /// <summary>A number with 9 significant digits in the invariant culture, an exponent written in LaTeX as <c>\times 10^{n}</c>.</summary>
        /// <param name="value">The number.</param>
        /// <returns>E.g. "0.298371109", "-1.5 \times 10^{-7}", "NaN".</returns>
        public static string Number(double value)
        {
            string text = value.ToString("G9", CultureInfo.InvariantCulture);
            int exponent = text.IndexOf('E');
            return exponent < 0
                ? text
                : text.Substring(0, exponent) + @" \times 10^{" + int.Parse(text.Substring(exponent + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "}";
        }

        /// <summary>A number inside a formula: <see cref="Number"/>, a negative number in parentheses.</summary>
        /// <param name="value">The number.</param>
        /// <returns>E.g. "0.15", "(-0.2)".</returns>
        public static string Operand(double value) => value < 0 ? "(" + Number(value) + ")" : Number(value);
    }
}
