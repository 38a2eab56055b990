using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>A consumer without Span&lt;T&gt; (netstandard2.0, no System.Memory) gets every other member, and BPG0015 says why.</summary>
    public class NoSpanConsumerTests
    {
        /// <summary>netstandard2.0's reference assemblies (no Span&lt;T&gt;, no MathF), found through the test assembly's metadata.</summary>
        private static List<MetadataReference> NetStandard20References()
        {
            string directory = typeof(NoSpanConsumerTests).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NetStandard20ReferenceAssemblies").Value!;
            return Directory.GetFiles(directory, "*.dll").Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
        }

        [Fact]
        public void Without_span_the_span_members_are_left_out_and_the_rest_compiles()
        {
            List<MetadataReference> references = NetStandard20References();
            Assert.Contains(references, r => Path.GetFileName(r.Display) == "netstandard.dll");

            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                """
                using BackpropGen;
                [Network(2, 2, 2, Activation.Logistic)]
                public partial class MazurNetwork { }
                public static class Use
                {
                    public static double Step(MazurNetwork net) => net.Train(0.05, 0.10, 0.01, 0.99);
                }
                """,
                LanguageVersion.CSharp7_3,
                NullableContextOptions.Disable,
                references);
            Assert.Null(compilation.GetTypeByMetadataName("System.Span`1"));

            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);

            Diagnostic info = Assert.Single(result.Diagnostics);
            Assert.Equal("BPG0015", info.Id);
            Assert.Equal(DiagnosticSeverity.Info, info.Severity);
            string generated = result.Results.Single().NetworkSources().Single().SourceText.ToString();
            Assert.DoesNotContain("Span<double>", generated);
            Assert.DoesNotContain("INetwork", generated); // the runtime's INetwork needs Span<T>
            Assert.Contains("public double Train(double i1, double i2, double target_o1, double target_o2)", generated);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }

        [Fact]
        public void Without_MathF_a_single_precision_network_is_BPG0030_at_its_Precision_argument_and_gets_no_code()
        {
            List<MetadataReference> references = NetStandard20References();
            const string Source = """
                using BackpropGen;
                [Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single)]
                public partial class MazurSingle { }
                """;
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source, LanguageVersion.CSharp7_3, NullableContextOptions.Disable, references);
            Assert.Null(compilation.GetTypeByMetadataName("System.MathF"));

            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(compilation);

            Diagnostic error = Assert.Single(result.Diagnostics);
            Assert.True(error.Id == "BPG0030", error.ToString());
            Assert.Equal(DiagnosticSeverity.Error, error.Severity);
            Assert.Contains("System.MathF", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("Precision = Precision.Single", Source.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
            Assert.Empty(result.Results.Single().NetworkSources());
        }
    }
}
