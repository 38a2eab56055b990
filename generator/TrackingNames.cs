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
    }
}
