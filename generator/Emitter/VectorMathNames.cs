namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// The names of the vector helpers that <c>VectorMathEmitter</c> writes once per compilation, for the code that
    /// calls them (apart from the emitter, so that the expression renderers, which the runtime compiles too, need only this).
    /// </summary>
    internal static class VectorMathNames
    {
        /// <summary>The class, fully qualified.</summary>
        public const string ClassName = "global::BackpropGen.Generated.VectorMath";

        /// <summary>The helpers' metadata names, to find another assembly's (see <c>CompilationFacts.SeesOtherHelpers</c>).</summary>
        public const string MetadataName = "BackpropGen.Generated.VectorMath", SampleLanesMetadataName = "BackpropGen.Generated.SampleLanes";

        /// <summary>The mini-batch kernels of the vectorised double networks, eight samples along the lanes (written by SampleLanesEmitter).</summary>
        public const string SampleLanes = "global::BackpropGen.Generated.SampleLanes";

        /// <summary>tanh of each lane: <c>VectorMath.Tanh(x)</c>.</summary>
        public const string Tanh = ClassName + ".Tanh";

        /// <summary>The sums of the lanes of 4 (double) or 8 (float) vectors as the lanes of one: <c>VectorMath.LaneSums(a, b, ...)</c>.</summary>
        public const string LaneSums = ClassName + ".LaneSums";

        /// <summary>Each lane of a vector that holds a sample into its row: <c>VectorMath.StoreLanes(x, destination, index, stride, lanes)</c>.</summary>
        public const string StoreLanes = ClassName + ".StoreLanes";
    }
}
