using System.Linq;
using System.Text;
using BackpropGen.Generator.Diagnostics;
using BackpropGen.Generator.Emitter;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Weights;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator
{
    /// <summary>
    /// Finds classes marked <c>[Network]</c> and writes their unrolled Forward, Backward and Train methods.
    /// The pipeline: attribute → <see cref="ParseResult"/> (Parser) → diagnostics branch, and model + compilation
    /// facts → source (Emitter). Every step carries plain equatable data, so unrelated edits stay cached.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class NetworkGenerator : IIncrementalGenerator
    {
        internal const string NetworkAttributeName = "BackpropGen.NetworkAttribute";

        /// <summary>The runtime's interface that every network implements where the compilation has it and Span&lt;T&gt;.</summary>
        internal const string NetworkInterfaceName = "BackpropGen.INetwork";

        internal const string NetworkDescriptionName = "BackpropGen.NetworkDescription";

        internal const string StepSymbolsName = "BackpropGen.StepSymbols";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NetworkAttributeName,
                    predicate: static (node, _) => node is TypeDeclarationSyntax,
                    transform: static (context, cancellationToken) => Parser.Parse(context, cancellationToken))
                .WithTrackingName(TrackingNames.Parse);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
                .Select(static (result, _) => result.Diagnostics)
                .Where(static diagnostics => diagnostics.Count > 0)
                .WithTrackingName(TrackingNames.Diagnostics);

            context.RegisterSourceOutput(diagnostics, static (context, diagnostics) =>
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            });

            // Weights baked in at compile time: the files that declarations name (Weights = "..."), read from the
            // AdditionalFiles as text into plain data, then each valid declaration combined with them. A declaration without
            // Weights passes through unchanged; one whose file does not fit gets its diagnostic and no code.
            IncrementalValueProvider<EquatableArray<string>> weightsNames = results
                .Select(static (result, _) => result.Weights?.File ?? string.Empty)
                .Collect()
                .Select(static (names, _) => names.Where(static name => name.Length > 0).Distinct().OrderBy(static name => name, System.StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.WeightsNames);

            IncrementalValueProvider<EquatableArray<WeightsFile>> weightsFiles = context.AdditionalTextsProvider
                .Combine(weightsNames)
                .Where(static pair => WeightsFileReader.IsNamed(pair.Left.Path, pair.Right))
                .Select(static (pair, cancellationToken) => WeightsFileReader.Read(pair.Left.Path, pair.Left.GetText(cancellationToken), cancellationToken))
                .WithTrackingName(TrackingNames.WeightsFiles)
                .Collect()
                .Select(static (files, _) => files.OrderBy(static file => file.Path, System.StringComparer.Ordinal).ToEquatableArray());

            IncrementalValuesProvider<BakeResult> baked = results
                .Where(static result => result.Model is not null)
                .Combine(weightsFiles)
                .Select(static (pair, _) => WeightsBaker.Bake(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.Weights);

            context.RegisterSourceOutput(
                baked.Where(static result => result.Diagnostic is not null).Select(static (result, _) => result.Diagnostic!),
                static (context, diagnostic) => context.ReportDiagnostic(diagnostic.ToDiagnostic()));

            IncrementalValuesProvider<NetworkModel> models = baked
                .Where(static result => result.Model is not null)
                .Select(static (result, _) => result.Model!)
                .WithTrackingName(TrackingNames.Model);

            IncrementalValueProvider<CompilationFacts> facts = context.CompilationProvider
                .Select(static (compilation, _) => new CompilationFacts(
                    SupportsNullable: compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp8 },
                    HasSpan: compilation.GetTypeByMetadataName("System.Span`1") is not null
                        && compilation.GetTypeByMetadataName("System.ReadOnlySpan`1") is not null,
                    HasVector256: HasVectorMath(compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector256")),
                    HasInlineArray: compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp12 }
                        && compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.InlineArrayAttribute") is not null,
                    HasNetworkInterface: compilation.GetTypeByMetadataName(NetworkInterfaceName) is not null
                        && compilation.GetTypeByMetadataName(NetworkDescriptionName) is not null,
                    HasStepSymbols: compilation.GetTypeByMetadataName(StepSymbolsName) is not null,
                    SeesOtherHelpers: SeesOtherHelpers(compilation)))
                .WithTrackingName(TrackingNames.CompilationFacts);

            // BPG0022 at the CodeShape argument of a network that asks for the vectorised shape the compilation cannot give.
            IncrementalValuesProvider<(NetworkModel Model, DiagnosticInfo Request)> vectorizedRequests = results
                .Where(static result => result.Model is not null && result.VectorizedRequest is not null)
                .Select(static (result, _) => (result.Model!, result.VectorizedRequest!))
                .WithTrackingName(TrackingNames.VectorizedRequests);
            context.RegisterSourceOutput(vectorizedRequests.Combine(facts), static (context, request) =>
            {
                ((NetworkModel model, DiagnosticInfo diagnostic), CompilationFacts facts) = request;
                if (ShapeChoice.WhyNotVectorized(model, facts) is string reason)
                {
                    context.ReportDiagnostic(diagnostic.With(reason).ToDiagnostic());
                }
            });

            // The stems of every network's file name, to disambiguate names that are equal ignoring case. It changes only
            // when a network is added, removed or renamed, so an ordinary edit leaves every output cached.
            IncrementalValueProvider<EquatableArray<string>> hintBases = models
                .Select(static (model, _) => model.Type.HintBase)
                .Collect()
                .Select(static (bases, _) => bases.Sort(System.StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.HintNames);

            // The vector helpers every network calls, once per compilation (a network that does not call them leaves
            // them unused). The flag changes only when the first network comes or the last goes, or the target changes.
            // The mini-batch kernels along the lanes come with them where a network can be vectorised (C# 12 and InlineArray).
            IncrementalValueProvider<(bool Needed, bool SampleLanes, bool SeesOtherHelpers)> vectorMath = models
                .Collect()
                .Combine(facts)
                .Select(static (pair, _) => (pair.Right.HasVector256 && pair.Right.HasSpan && !pair.Left.IsEmpty, pair.Right.HasInlineArray, pair.Right.SeesOtherHelpers))
                .WithTrackingName(TrackingNames.VectorMath);
            context.RegisterSourceOutput(vectorMath, static (context, output) =>
            {
                if (output.Needed)
                {
                    context.AddSource(VectorMathEmitter.HintName, SourceText.From(VectorMathEmitter.Emit(output.SampleLanes, output.SeesOtherHelpers), Encoding.UTF8));
                }
            });

            context.RegisterSourceOutput(
                models.Combine(facts).Combine(hintBases).WithTrackingName(TrackingNames.Output),
                static (context, network) =>
                {
                    ((NetworkModel model, CompilationFacts facts), EquatableArray<string> bases) = network;
                    context.AddSource(HintNames.For(model.Type, bases), SourceText.From(NetworkEmitter.Emit(model, facts), Encoding.UTF8));
                    if (!facts.HasSpan)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SpanUnavailable, Location.None, model.Type.FullName));
                    }
                });
        }

        /// <summary>
        /// Whether a referenced assembly that grants this one InternalsVisibleTo has the generated helpers (it has networks
        /// too): a test project of a library with networks, typically. Only assemblies that give access are searched.
        /// </summary>
        private static bool SeesOtherHelpers(Compilation compilation)
        {
            foreach (MetadataReference reference in compilation.References)
            {
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                    && !assembly.Equals(compilation.Assembly, SymbolEqualityComparer.Default)
                    && assembly.GivesAccessTo(compilation.Assembly)
                    && (assembly.GetTypeByMetadataName(VectorMathNames.MetadataName) is not null || assembly.GetTypeByMetadataName(VectorMathNames.SampleLanesMetadataName) is not null))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <c>Vector256</c> has the math the vector methods call (<c>Exp</c>, <c>Log</c> and <c>FusedMultiplyAdd</c>: .NET 9 and later).</summary>
        private static bool HasVectorMath(INamedTypeSymbol? vector256) =>
            vector256 is not null && !vector256.GetMembers("Exp").IsEmpty && !vector256.GetMembers("Log").IsEmpty
            && !vector256.GetMembers("FusedMultiplyAdd").IsEmpty;
    }
}
