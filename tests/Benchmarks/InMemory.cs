using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using BackpropGen.Generator;
using BackpropGen.Testing;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Benchmarks
{
    /// <summary>A network declaration compiled in memory, as the compiler would: the generator, then Emit.</summary>
    internal sealed record Shape(string Name, int[] Sizes, string Attribute)
    {
        public int Weights => Enumerable.Range(1, Sizes.Length - 1).Sum(l => Sizes[l] * Sizes[l - 1]);

        public string Source => $"using BackpropGen;\nnamespace Consumer\n{{\n    {Attribute}\n    public partial class Net {{ }}\n}}\n";

        /// <summary>The article's 2-2-2 network.</summary>
        public static Shape Article() => new("2-2-2 (article)", new[] { 2, 2, 2 }, "[Network(2, 2, 2, Activation.Logistic)]");

        /// <summary>A classifier like the benchmarks': tanh hidden, softmax + cross-entropy, trained per-neuron biases.</summary>
        public static Shape Classifier(params int[] sizes)
        {
            var shape = new Shape(string.Join("-", sizes), sizes, string.Empty);
            string maxWeights = shape.Weights > 4096 ? $", MaxWeights = {shape.Weights}" : string.Empty;
            return shape with
            {
                Attribute = $"[Network({string.Join(", ", sizes)}, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01{maxWeights})]",
            };
        }
    }

    internal static class InMemory
    {
        private static readonly MetadataReference RuntimeReference = MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

        public static CSharpCompilation Consumer(Shape shape, OptimizationLevel optimization) =>
            CSharpCompilation.Create(
                "Consumer_" + shape.Name.Replace('-', '_').Replace(' ', '_').Replace("(", string.Empty).Replace(")", string.Empty),
                new[] { CSharpSyntaxTree.ParseText(shape.Source, new CSharpParseOptions(LanguageVersion.Latest), path: "Net.cs") },
                Net100.References.All.Append(RuntimeReference),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>Runs the generator on the compilation (a fresh driver: a full run, not an incremental one).</summary>
        public static (GeneratorDriverRunResult Result, Compilation Output) Generate(CSharpCompilation compilation)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator() },
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            if (!diagnostics.IsEmpty)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, diagnostics));
            }

            return (driver.GetRunResult(), output);
        }

        /// <summary>Emits the compilation; throws with the errors when it fails.</summary>
        public static byte[] Emit(Compilation compilation)
        {
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            }

            return stream.ToArray();
        }

        /// <summary>The IL size, IL locals and IL instruction count of each method of Consumer.Net in an emitted assembly.</summary>
        public static List<MethodFacts> Methods(byte[] image) => IlFacts.Methods(image, "Net");
    }
}
