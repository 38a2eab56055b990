using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BackpropGen.Generator;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Tests.Infrastructure
{
    /// <summary>Runs the generator on source text in a fresh compilation, as the compiler would.</summary>
    public static class GeneratorHarness
    {
        private static readonly MetadataReference RuntimeReference =
            MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

        public static CSharpCompilation CreateCompilation(
            string source,
            LanguageVersion languageVersion = LanguageVersion.Latest,
            NullableContextOptions nullable = NullableContextOptions.Enable,
            IEnumerable<MetadataReference>? references = null)
        {
            return CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion), path: "Network.cs") },
                (references ?? Net100.References.All).Append(RuntimeReference),
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: nullable,
                    generalDiagnosticOption: ReportDiagnostic.Error,
                    warningLevel: 9999));
        }

        /// <summary>A compilation of several files (path, text) parsed with <paramref name="options"/>.</summary>
        public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Source)> files, CSharpParseOptions options) =>
            CSharpCompilation.Create(
                "Consumer",
                files.Select(file => CSharpSyntaxTree.ParseText(file.Source, options, path: file.Path)),
                Net100.References.All.Append(RuntimeReference),
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    generalDiagnosticOption: ReportDiagnostic.Error,
                    warningLevel: 9999));

        /// <summary>Runs the generator; returns the run's result and the compilation with the generated files added.</summary>
        public static (GeneratorDriverRunResult Result, Compilation Output) Run(CSharpCompilation compilation) =>
            Run(compilation, Array.Empty<AdditionalText>());

        /// <summary>Runs the generator with <paramref name="additionalTexts"/> as the project's AdditionalFiles.</summary>
        public static (GeneratorDriverRunResult Result, Compilation Output) Run(CSharpCompilation compilation, IEnumerable<AdditionalText> additionalTexts)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator() },
                additionalTexts: additionalTexts,
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            return (driver.GetRunResult(), output);
        }

        public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, LanguageVersion languageVersion = LanguageVersion.Latest) =>
            Run(CreateCompilation(source, languageVersion));

        /// <summary>Every diagnostic of the compilation with the generated code, warnings included (as errors).</summary>
        public static ImmutableArray<Diagnostic> CompileDiagnostics(Compilation output) =>
            output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

        /// <summary>The hint name of the shared vector helpers, which a compilation with Vector256's math and a network gets once.</summary>
        public const string VectorMathHintName = "BackpropGen-VectorMath.g.cs";

        /// <summary>The networks' generated files: every generated source but the shared vector helpers.</summary>
        public static ImmutableArray<GeneratedSourceResult> NetworkSources(this GeneratorRunResult run) =>
            run.GeneratedSources.Where(s => s.HintName != VectorMathHintName).ToImmutableArray();

        public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
            string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
    }
}
