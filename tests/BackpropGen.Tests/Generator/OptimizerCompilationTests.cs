using System.Linq;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>Networks with an optimizer compile without a single warning in every language version and nullable context.</summary>
    public class OptimizerCompilationTests
    {
        // The 16-16-16 networks (512 weights) are vectorised by CodeShape.Auto from C# 12 on, and unrolled in parts below.
        private const string Optimizers = """
            using BackpropGen;
            namespace Consumer
            {
                [Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, WeightDecay = 0.01)]
                public partial class AdamW { }

                [Network(3, 4, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, Optimizer = Optimizer.Momentum, Momentum = 0.5)]
                internal partial class WithMomentum { }

                [Network(2, 3, Activation.Identity, Bias = BiasMode.None, WeightDecay = 0.1)]
                public partial class SgdWithWeightDecay { }

                [Network(16, 16, 16, Activation.Logistic, TrainBiases = true, Optimizer = Optimizer.Adam)]
                public partial class LargeAdam { }

                [Network(16, 16, 16, Activation.ReLU, Optimizer = Optimizer.Momentum, WeightDecay = 0.001)]
                public partial class LargeMomentum { }
            }
            """;

        [Theory]
        [MemberData(nameof(CompilationTests.LanguageVersions), MemberType = typeof(CompilationTests))]
        public void Optimizer_networks_compile_without_warnings(LanguageVersion version, NullableContextOptions nullable)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Optimizers, version, nullable);
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);

            Assert.Empty(result.Diagnostics);
            Assert.Equal(5, result.Results.Single().NetworkSources().Length);
            Assert.True(
                GeneratorHarness.CompileDiagnostics(output).IsEmpty,
                GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }
    }
}
