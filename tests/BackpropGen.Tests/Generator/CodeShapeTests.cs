using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// CodeShape: Auto's size rule, the fallback to Unrolled with BPG0022 where the vectorised shape cannot compile, and a
    /// 65,536-weight vectorised network that generates, compiles and trains.
    /// </summary>
    public class CodeShapeTests
    {
        private readonly ITestOutputHelper _output;

        public CodeShapeTests(ITestOutputHelper output) => _output = output;

        private static string Generated(GeneratorDriverRunResult result) =>
            result.Results.Single().NetworkSources().Single().SourceText.ToString();

        [Theory]
        [InlineData("2, 2, 2, Activation.Logistic", false)]                                 // 8 weights
        [InlineData("3, 7, 6, Activation.Logistic", false)]                                 // 63 weights
        [InlineData("4, 8, 4, Activation.Logistic", true)]                                  // 64 weights: the line
        [InlineData("8, 15, 8, Activation.Logistic", true)]                                 // 240 weights
        [InlineData("2, 2, 2, Activation.Logistic, CodeShape = CodeShape.Vectorized", true)]
        [InlineData("8, 16, 8, Activation.Logistic, CodeShape = CodeShape.Unrolled", false)]
        [InlineData("8, 16, 8, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst", false)]
        [InlineData("16, 16, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst", true)] // no hidden layer: both rules are one
        public void Auto_vectorises_from_64_weights_and_an_explicit_shape_wins(string arguments, bool vectorized)
        {
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run($"using BackpropGen;\n[Network({arguments})]\npublic partial class Net {{ }}\n");
            Assert.Empty(result.Diagnostics);
            Assert.Equal(vectorized, Generated(result).Contains("private void ForwardKernel(ref double a)", StringComparison.Ordinal));
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp11, "C# 12")]
        public void Vectorized_without_InlineArray_falls_back_to_unrolled_with_BPG0022(LanguageVersion version, string what)
        {
            const string source = "using BackpropGen;\n[Network(8, 16, 8, Activation.Logistic, CodeShape = CodeShape.Vectorized)]\npublic partial class Net { }\n";
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(source, version);
            Diagnostic diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("BPG0022", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
            Assert.Contains(what, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            AssertAtCodeShapeArgument(diagnostic, source);
            Assert.DoesNotContain("ForwardKernel", Generated(result), StringComparison.Ordinal);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }

        [Fact]
        public void Vectorized_with_OutputLayerFirst_and_hidden_layers_falls_back_to_unrolled_with_BPG0022()
        {
            const string source = "using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst, CodeShape = CodeShape.Vectorized)]\npublic partial class Net { }\n";
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
            Assert.Equal("BPG0022", Assert.Single(result.Diagnostics).Id);
            Assert.Contains("OutputLayerFirst", result.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            AssertAtCodeShapeArgument(result.Diagnostics[0], source);
            Assert.DoesNotContain("ForwardKernel", Generated(result), StringComparison.Ordinal);
        }

        [Fact]
        public void Vectorized_without_Vector256_Exp_falls_back_to_unrolled_with_BPG0022()
        {
            // netstandard2.0 has neither Vector256 nor Span (so BPG0015 too)
            string directory = typeof(CodeShapeTests).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NetStandard20ReferenceAssemblies").Value!;
            var references = Directory.GetFiles(directory, "*.dll").Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
            const string source = "using BackpropGen;\n[Network(8, 16, 8, Activation.Logistic, CodeShape = CodeShape.Vectorized)]\npublic partial class Net { }\n";
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                source,
                LanguageVersion.CSharp12,
                NullableContextOptions.Enable,
                references);
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
            Diagnostic diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "BPG0022");
            Assert.Contains("Vector256.Exp", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            AssertAtCodeShapeArgument(diagnostic, source);
            Assert.DoesNotContain("ForwardKernel", Generated(result), StringComparison.Ordinal);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));

            // Nor the shared vector helpers: there is no Vector256 to compile them against
            Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == GeneratorHarness.VectorMathHintName);
        }

        /// <summary>
        /// 8,184 inputs and 8 outputs: inputs + outputs at the ceiling BPG0020 allows (8,192), 65,472 weights. Generated
        /// and compiled with no diagnostic at all, and its per-sample Forward (8,192 parameters) runs and agrees with the
        /// span Forward.
        /// </summary>
        [Fact]
        public void The_most_inputs_and_outputs_allowed_generate_compile_and_run()
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                "using BackpropGen;\n[Network(8184, 8, Activation.Logistic, MaxWeights = 65536)]\npublic partial class Wide { }\n")
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
            Assert.Empty(result.Diagnostics);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));

            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics.Take(20)));
            var context = new AssemblyLoadContext("Wide", isCollectible: true);
            try
            {
                stream.Position = 0;
                Type type = context.LoadFromStream(stream).GetType("Wide")!;
                object net = Activator.CreateInstance(type)!;
                type.GetMethod("InitializeParameters", new[] { typeof(int) })!.Invoke(net, new object[] { 3 });
                MethodInfo forward = type.GetMethods().Single(m => m.Name == "Forward" && m.GetParameters().Length == 8192);
                var random = new Random(9);
                double[] inputs = Enumerable.Range(0, 8184).Select(_ => random.NextDouble() - 0.5).ToArray();
                object[] arguments = inputs.Select(x => (object)x).Concat(Enumerable.Range(0, 8).Select(_ => (object)0.0)).ToArray();
                forward.Invoke(net, arguments);

                var outputs = new double[8];
                var spans = (INetwork)net;
                spans.Forward(inputs, outputs);
                Assert.Equal(outputs, arguments.Skip(8184).Select(o => (double)o));
            }
            finally
            {
                context.Unload();
            }
        }

        /// <summary>
        /// 256-256 logistic: 65,536 weights, the ceiling of MaxWeights. Generated, compiled in process, loaded, and trained
        /// on one sample until its error falls (the gradients themselves are checked on the zoo's vectorised networks), in
        /// double and in float.
        /// </summary>
        [Theory]
        [InlineData("Double")]
        [InlineData("Single")]
        public void A_65536_weight_vectorised_network_generates_compiles_and_trains(string precision)
        {
            bool single = precision == "Single";
            var clock = Stopwatch.StartNew();
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                $"using BackpropGen;\n[Network(256, 256, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, MaxWeights = 65536, Precision = Precision.{precision})]\npublic partial class Huge {{ }}\n")
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
            Assert.Empty(result.Diagnostics);
            string generated = Generated(result);
            Assert.Contains(single ? "private void ForwardKernel(ref float a)" : "private void ForwardKernel(ref double a)", generated, StringComparison.Ordinal);
            TimeSpan generation = clock.Elapsed;

            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics.Take(20)));
            _output.WriteLine($"generated {generated.Length / 1e6:F1} MB in {generation.TotalSeconds:F1} s; compiled in {(clock.Elapsed - generation).TotalSeconds:F1} s");

            var context = new AssemblyLoadContext("Huge", isCollectible: true);
            try
            {
                stream.Position = 0;
                Type type = context.LoadFromStream(stream).GetType("Huge")!;
                object net = Activator.CreateInstance(type)!;
                type.GetMethod("InitializeParameters", new[] { typeof(int) })!.Invoke(net, new object[] { 1 });
                Assert.Equal(65536, (int)type.GetField("WeightCount")!.GetRawConstantValue()!);
                MethodInfo train = type.GetMethods().Single(m => m.Name == "Train" && m.GetParameters().Length == 512);
                var random = new Random(5);
                object Value(double value) => single ? (object)(float)value : value;
                object[] sample = Enumerable.Range(0, 256).Select(_ => Value(random.NextDouble() - 0.5))
                    .Concat(Enumerable.Range(0, 256).Select(_ => Value(random.NextDouble()))).ToArray();
                double first = Convert.ToDouble(train.Invoke(net, sample)!), last = first;
                for (int i = 0; i < 20; i++)
                {
                    last = Convert.ToDouble(train.Invoke(net, sample)!);
                }

                _output.WriteLine($"E_total {first:R} before the first step, {last:R} before the 21st");
                Assert.True(double.IsFinite(first) && last < 0.5 * first, $"E_total {first:R}, then {last:R}");
            }
            finally
            {
                context.Unload();
            }
        }

        /// <summary>BPG0022 points at the argument that asked for the vectorised shape.</summary>
        private static void AssertAtCodeShapeArgument(Diagnostic diagnostic, string source)
        {
            Assert.Equal("Network.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal("CodeShape = CodeShape.Vectorized", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        }
    }
}
