namespace BackpropGen
{
    /// <summary>How the generator writes a <see cref="NetworkAttribute"/> network's training code.</summary>
    public enum CodeShape
    {
        /// <summary>
        /// The generator chooses by size: <see cref="Unrolled"/> below 64 weights (and always under
        /// <see cref="UpdateRule.OutputLayerFirst"/> with hidden layers), <see cref="Vectorized"/> from 64 weights on when
        /// the project supports it (.NET 9 or later for <c>Vector256.Exp</c>, C# 12 or later for <c>[InlineArray]</c>).
        /// </summary>
        Auto = 0,

        /// <summary>
        /// One named local per symbol of the article, each statement commented with its formula: the code reads like the
        /// article. Fastest for small networks; a large network's step is split into private parts.
        /// </summary>
        Unrolled = 1,

        /// <summary>
        /// Vectorised kernels with compile-time sizes: every parameter in one <c>[InlineArray]</c> storage with rows padded to
        /// four (eight under <see cref="Precision.Single"/>), <c>Vector256&lt;double&gt;</c> (or <c>&lt;float&gt;</c>) dot products across each neuron's inputs, a loop across neurons, the backward pass
        /// fused per row. The code stays small at every size. Needs .NET 9 or later and C# 12 or later, else the network is
        /// unrolled and info diagnostic BPG0016 says so; not for <see cref="UpdateRule.OutputLayerFirst"/> with hidden layers
        /// (also BPG0016).
        /// </summary>
        Vectorized = 2,
    }
}
