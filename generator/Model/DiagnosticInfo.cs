using BackpropGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Model
{
    /// <summary>A diagnostic as data (no <see cref="Location"/>, which pins a syntax tree): descriptor id, place and message arguments.</summary>
    internal sealed record DiagnosticInfo(
        string Id,
        string FilePath,
        TextSpan Span,
        LinePositionSpan LineSpan,
        EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
        {
            location ??= Location.None;
            FileLinePositionSpan lines = location.GetLineSpan();
            return new DiagnosticInfo(
                descriptor.Id,
                location.SourceTree?.FilePath ?? lines.Path ?? string.Empty,
                location.SourceSpan,
                lines.Span,
                arguments.ToEquatableArray());
        }

        /// <summary>This diagnostic with one more message argument (a reason known only later in the pipeline).</summary>
        public DiagnosticInfo With(string argument) =>
            this with { Arguments = System.Linq.Enumerable.Append(Arguments, argument).ToEquatableArray() };

        /// <summary>Another diagnostic at this one's place (a site kept by the parser, reported by a later step).</summary>
        public DiagnosticInfo At(DiagnosticDescriptor descriptor, params string[] arguments) =>
            this with { Id = descriptor.Id, Arguments = arguments.ToEquatableArray() };

        public Diagnostic ToDiagnostic()
        {
            Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
            object[] arguments = new object[Arguments.Count];
            for (int i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Arguments[i];
            }

            return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), location, arguments);
        }
    }

    /// <summary>
    /// What the parser made of one declaration: a model to emit (null when it is invalid) and its diagnostics (beside a
    /// model, only advice of severity Info, such as BPG0034, reported while the code is generated); and, where
    /// the declaration asks for <c>CodeShape.Vectorized</c>, the BPG0022 to report at that argument should the
    /// compilation not support the vectorised shape (its reason argument is added then).
    /// </summary>
    /// <remarks><paramref name="Weights"/>: the file a valid declaration names in <c>Weights = "..."</c>, baked in by a later step.</remarks>
    internal sealed record ParseResult(
        NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, DiagnosticInfo? VectorizedRequest = null, WeightsRequest? Weights = null);

    /// <summary>A valid declaration after its <c>Weights</c> file was baked in: the model to emit, or the diagnostic why not.</summary>
    internal sealed record BakeResult(NetworkModel? Model, DiagnosticInfo? Diagnostic);
}
