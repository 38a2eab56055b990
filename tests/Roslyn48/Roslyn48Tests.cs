using System;
using System.IO;
using System.Linq;
using BackpropGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Roslyn48.Tests
{
    /// <summary>The generator under Roslyn 4.8.0: it runs, reports its diagnostics, and its output compiles without a warning.</summary>
    public class Roslyn48Tests
    {
        /// <summary>The shared vector helpers' file, which a compilation with Vector256's math and a network gets once.</summary>
        private const string VectorMathHintName = "BackpropGen-VectorMath.g.cs";

        private const string Source = """
            using BackpropGen;
            namespace App
            {
                /// <summary>N</summary>
                [Network(2, 2, 2, Activation.Logistic)] public partial class MazurNetwork { }
                /// <summary>N</summary>
                [Network(3, 4, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true)]
                public partial class Classifier { }
                /// <summary>N</summary>
                [Network(2, 3, 1, Activation.ReLU, UpdateRule = UpdateRule.OutputLayerFirst)] public partial class Net { }
                /// <summary>N</summary>
                [Network(2, 3, 1, Activation.ReLU)] public partial class NET { }
            }
            """;

        [Fact]
        public void The_tests_run_Roslyn_4_8_0()
        {
            Assert.Equal(new Version(4, 8, 0, 0), typeof(CSharpCompilation).Assembly.GetName().Version);
        }

        [Fact]
        public void The_generator_runs_and_its_output_compiles_cleanly_under_Roslyn_4_8()
        {
            (GeneratorRunResult run, Compilation output) = Run(Source);
            Assert.True(run.Exception is null, run.Exception?.ToString());
            Assert.Empty(run.Diagnostics);
            Assert.Equal(4, run.GeneratedSources.Count(s => s.HintName != VectorMathHintName));
            Assert.Single(run.GeneratedSources, s => s.HintName == VectorMathHintName); // the shared vector helpers, once
            var diagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics.Take(10)));
        }

        [Fact]
        public void Broken_declarations_get_their_diagnostics_under_Roslyn_4_8()
        {
            (GeneratorRunResult run, _) = Run("using BackpropGen;\n[Network(2, 0, 2, Activation.Logistic)] public partial class A { }\n[Network(2, 2, Activation.Tanh)] public class B { }\n[Network(2, 2, Activation.Tanh)] file partial class C { }");
            Assert.True(run.Exception is null, run.Exception?.ToString());
            Assert.Empty(run.GeneratedSources);
            Assert.Equal(new[] { "BPG0001", "BPG0006", "BPG0019" }, run.Diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        }

        [Fact]
        public void Weights_are_baked_in_from_an_additional_file_under_Roslyn_4_8()
        {
            const string Json = "{ \"0.weight\": [[0.15, 0.2], [0.25, 0.3]], \"0.bias\": [0.35, 0.35], \"2.weight\": [[0.4, 0.45], [0.5, 0.55]], \"2.bias\": [0.6, 0.6] }";
            const string Baked = "using BackpropGen;\n/// <summary>N</summary>\n[Network(2, 2, 2, Activation.Logistic, Weights = \"mazur.weights.json\")] public partial class Baked { }\n";
            (GeneratorRunResult run, Compilation output) = Run(Baked, new TextFile("/src/mazur.weights.json", Json));
            Assert.True(run.Exception is null, run.Exception?.ToString());
            Assert.Empty(run.Diagnostics);
            Assert.Contains("private double _w1 = 0.15, _w2 = 0.2, _w3 = 0.25, _w4 = 0.3, _b1 = 0.35;", Assert.Single(run.GeneratedSources, s => s.HintName != VectorMathHintName).SourceText.ToString(), StringComparison.Ordinal);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

            (run, _) = Run(Baked.Replace("2, 2, 2", "2, 3, 2", StringComparison.Ordinal), new TextFile("/src/mazur.weights.json", Json));
            Assert.True(run.Exception is null, run.Exception?.ToString());
            Assert.Equal("BPG0027", Assert.Single(run.Diagnostics).Id);
            Assert.Empty(run.GeneratedSources);
        }

        private sealed class TextFile : AdditionalText
        {
            private readonly string _text;

            public TextFile(string path, string text)
            {
                Path = path;
                _text = text;
            }

            public override string Path { get; }

            public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
                Microsoft.CodeAnalysis.Text.SourceText.From(_text);
        }

        private static (GeneratorRunResult Run, Compilation Output) Run(string source, params AdditionalText[] additionalTexts)
        {
            var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
            string[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var references = framework
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location));
            var compilation = CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText(source, options, path: "Network.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, additionalTexts: additionalTexts, parseOptions: options);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            return (driver.GetRunResult().Results.Single(), output);
        }
    }
}
