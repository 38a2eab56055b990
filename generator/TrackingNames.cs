namespace BackpropGen.Generator
{
    /// <summary>Names of the pipeline's steps, so that tests can assert which are cached after an edit.</summary>
    internal static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Model = nameof(Model);
        public const string CompilationFacts = nameof(CompilationFacts);
        public const string HintNames = nameof(HintNames);
        public const string VectorizedRequests = nameof(VectorizedRequests);
        public const string Output = nameof(Output);

        /// <summary>Whether the compilation gets the shared vector helpers (VectorMath): it has Vector256's math and a network.</summary>
        public const string VectorMath = nameof(VectorMath);

        /// <summary>The files that declarations name in <c>Weights = "..."</c>.</summary>
        public const string WeightsNames = nameof(WeightsNames);

        /// <summary>Each named AdditionalFiles item, read into plain data.</summary>
        public const string WeightsFiles = nameof(WeightsFiles);

        /// <summary>Each valid declaration with its weights file baked in (or the diagnostic why not).</summary>
        public const string Weights = nameof(Weights);
    }
}
