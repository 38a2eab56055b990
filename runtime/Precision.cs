namespace BackpropGen
{
    /// <summary>The floating-point type a <see cref="NetworkAttribute"/> network computes in.</summary>
    public enum Precision
    {
        /// <summary>
        /// Every parameter, input, output, span, constant and the loss are <c>double</c> (IEEE 754 binary64): the article's
        /// numbers to every printed digit.
        /// </summary>
        Double = 0,

        /// <summary>
        /// Every parameter, input, output, span, constant and the loss are <c>float</c> (IEEE 754 binary32), computed with
        /// <c>MathF</c> and, in vectorised code, <c>Vector256&lt;float&gt;</c> (eight samples or neurons per vector): half the
        /// memory and twice the lanes. The network is still an <see cref="INetwork"/>: that view takes and gives
        /// <c>double</c> and converts at the boundary (values in are rounded to <c>float</c>; values out are exact).
        /// </summary>
        Single = 1,
    }
}
