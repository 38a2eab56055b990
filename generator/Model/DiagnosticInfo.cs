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

    /// <summary>What the parser made of one declaration: a model to emit (null when it is invalid) and its diagnostics.</summary>
    internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
