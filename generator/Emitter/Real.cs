using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// The floating-point type the generated code computes in (<c>Precision</c>): its C# keyword, how its literals and
    /// math calls are spelt, and how many of its values a <c>Vector256</c> holds. Every renderer asks this, so a network's
    /// precision is one choice, not a rewrite of text.
    /// </summary>
    internal sealed class Real
    {
        public static readonly Real Double = new("double", "global::System.Math", lanes: 4, suffix: string.Empty, vectorAs: "AsDouble", laneMask: "long", laneMaskSuffix: "L");

        public static readonly Real Single = new("float", "global::System.MathF", lanes: 8, suffix: "f", vectorAs: "AsSingle", laneMask: "int", laneMaskSuffix: string.Empty);

        private readonly string _suffix;

        private Real(string type, string math, int lanes, string suffix, string vectorAs, string laneMask, string laneMaskSuffix)
        {
            Type = type;
            Math = math;
            Lanes = lanes;
            _suffix = suffix;
            VectorAs = vectorAs;
            LaneMask = laneMask;
            LaneMaskSuffix = laneMaskSuffix;
        }

        public static Real For(PrecisionKind precision) => precision == PrecisionKind.Single ? Single : Double;

        /// <summary>The C# keyword: <c>double</c> or <c>float</c>.</summary>
        public string Type { get; }

        /// <summary>The math class, without a trailing dot: <c>global::System.Math</c> or <c>global::System.MathF</c>.</summary>
        public string Math { get; }

        /// <summary>How many values a <c>Vector256</c> holds: 4 doubles or 8 floats.</summary>
        public int Lanes { get; }

        /// <summary>The lanes in words, for comments: "four" (doubles) or "eight" (floats).</summary>
        public string LanesInWords => Lanes == 4 ? "four" : "eight";

        /// <summary><c>Vector256&lt;double&gt;</c> or <c>Vector256&lt;float&gt;</c>, fully qualified.</summary>
        public string Vector => "global::System.Runtime.Intrinsics.Vector256<" + Type + ">";

        /// <summary>The Vector256 method that reinterprets a lane mask as this type: <c>AsDouble</c> or <c>AsSingle</c>.</summary>
        public string VectorAs { get; }

        /// <summary>The integer type of the same width, for lane masks: <c>long</c> or <c>int</c>.</summary>
        public string LaneMask { get; }

        /// <summary>The literal suffix of <see cref="LaneMask"/>: <c>L</c> or nothing.</summary>
        public string LaneMaskSuffix { get; }

        public bool IsSingle => Type == "float";

        /// <summary>A literal of this type from a C# double literal: <c>0.5</c> stays <c>0.5</c>, or becomes <c>0.5f</c>.</summary>
        public string Literal(string doubleLiteral) => doubleLiteral + _suffix;

        /// <summary>A literal of this type from a value, round-tripping: <c>1.0</c>, <c>0.5f</c>.</summary>
        public string Literal(double value)
        {
            string text = IsSingle
                ? ((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0 && text.IndexOf('N') < 0 && text.IndexOf('∞') < 0)
            {
                text += ".0";
            }

            return text + _suffix;
        }
    }
}
