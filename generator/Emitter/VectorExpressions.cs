using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Rewrites a step's scalar expressions (as <see cref="Formulas"/> writes them) over <c>Vector256&lt;double&gt;</c>
    /// locals of the same names, one sample per lane: operators stay, numbers become named vector constants, <c>Math</c>
    /// functions become their <c>Vector256</c> counterparts, and the rectifiers' <c>x &gt; 0.0 ? a : b</c> becomes a
    /// lane-wise select.
    /// </summary>
    internal static class VectorExpressions
    {
        public const string Vector = "global::System.Runtime.Intrinsics.Vector256";
        public const string VectorOfDouble = Vector + "<double>";
        public const string TanhHelper = "Tanh256";

        private const string MathPrefix = "global::System.Math.";

        private static readonly Regex Rectifier = new(@"^(?<x>\w+) > 0\.0 \? (?<a>.+) : (?<b>.+)$", RegexOptions.CultureInvariant);

        /// <summary>The vector form of <paramref name="scalar"/>; the numbers it uses are added to <paramref name="constants"/>.</summary>
        public static string Rewrite(string scalar, ISet<string> constants)
        {
            Match rectifier = Rectifier.Match(scalar);
            if (rectifier.Success)
            {
                return $"{Vector}.ConditionalSelect({Vector}.GreaterThan({rectifier.Groups["x"].Value}, {Constant("0.0", constants)}), "
                    + $"{Rewrite(rectifier.Groups["a"].Value, constants)}, {Rewrite(rectifier.Groups["b"].Value, constants)})";
            }

            var result = new StringBuilder(scalar.Length * 2);
            int i = 0;
            while (i < scalar.Length)
            {
                if (string.CompareOrdinal(scalar, i, MathPrefix, 0, MathPrefix.Length) == 0)
                {
                    int start = i + MathPrefix.Length;
                    int end = start;
                    while (end < scalar.Length && char.IsLetter(scalar[end]))
                    {
                        end++;
                    }

                    string function = scalar.Substring(start, end - start);
                    result.Append(function == "Tanh" ? TanhHelper : Vector + "." + function);
                    i = end;
                }
                else if (char.IsLetter(scalar[i]) || scalar[i] == '_')
                {
                    int start = i;
                    while (i < scalar.Length && (char.IsLetterOrDigit(scalar[i]) || scalar[i] == '_'))
                    {
                        i++;
                    }

                    result.Append(scalar, start, i - start);
                }
                else if (char.IsDigit(scalar[i]))
                {
                    int start = i;
                    while (i < scalar.Length && (char.IsDigit(scalar[i]) || scalar[i] == '.'))
                    {
                        i++;
                    }

                    result.Append(Constant(scalar.Substring(start, i - start), constants));
                }
                else
                {
                    result.Append(scalar[i]);
                    i++;
                }
            }

            return result.ToString();
        }

        /// <summary>The name of the vector constant for a number: <c>c_0_5</c> for 0.5.</summary>
        public static string ConstantName(string number) => "c_" + number.Replace('.', '_');

        private static string Constant(string number, ISet<string> constants)
        {
            constants.Add(number);
            return ConstantName(number);
        }
    }
}
