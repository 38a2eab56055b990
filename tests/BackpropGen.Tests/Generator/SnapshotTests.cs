using System.Linq;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// The generated source of representative networks, reviewed by a person: a changed .verified.cs file in a commit
    /// means its diff was read and agreed with.
    /// </summary>
    public class SnapshotTests
    {
        [Fact]
        public void ArticleNetwork() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(2, 2, 2, Activation.Logistic)]
                public partial class MazurNetwork { }
            }
            """);

        [Fact]
        public void ArticleNetworkSingle() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single)]
                public partial class MazurSingle { }
            }
            """);

        [Fact]
        public void AdamNetwork() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(2, 2, 1, Activation.Tanh, OutputActivation = Activation.Identity, TrainBiases = true, LearningRate = 0.01,
                         Optimizer = Optimizer.Adam)]
                public partial class AdamRegressor { }
            }
            """);

        [Fact]
        public void VectorizedPaddedNetwork() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(3, 5, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true,
                         CodeShape = CodeShape.Vectorized)]
                public partial class Kernels { }
            }
            """);

        /// <summary>The same network in Precision.Single: the kernels over Vector256&lt;float&gt;, rows padded to 8, eight neurons a turn.</summary>
        [Fact]
        public void VectorizedSingle() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(3, 5, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true,
                         CodeShape = CodeShape.Vectorized, Precision = Precision.Single)]
                public partial class Kernels { }
            }
            """);

        [Fact]
        public void ArticleNetworkOutputLayerFirst() => VerifyGenerated("""
            using BackpropGen;
            [Network(2, 2, 2, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst)]
            public partial class MazurAsPrinted { }
            """);

        [Fact]
        public void DeepTanhNetwork() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp.Models
            {
                [Network(3, 3, 2, 1, Activation.Tanh, OutputActivation = Activation.Identity, LearningRate = 0.1)]
                internal partial class Regressor { }
            }
            """);

        [Fact]
        public void SoftmaxCrossEntropyPerNeuronBias() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                [Network(2, 3, 3, Activation.ReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
                         Bias = BiasMode.PerNeuron, TrainBiases = true)]
                public partial class Classifier { }
            }
            """);

        [Fact]
        public void LogisticCrossEntropyNestedWithoutBiases() => VerifyGenerated("""
            using BackpropGen;
            namespace MyApp
            {
                public partial class Outer
                {
                    [Network(2, 2, 1, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.None)]
                    internal partial class Detector { }
                }
            }
            """);

        /// <summary>The vector helpers that a compilation gets once, however many networks call them (here two: tanh and the kernels).</summary>
        [Fact]
        public void VectorMath()
        {
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run("""
                using BackpropGen;
                namespace MyApp
                {
                    [Network(2, 2, 1, Activation.Tanh)]
                    public partial class First { }

                    [Network(3, 5, 2, Activation.Tanh, CodeShape = CodeShape.Vectorized)]
                    public partial class Second { }
                }
                """);
            Assert.Empty(result.Diagnostics);
            Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
            GeneratedSourceResult helpers = Assert.Single(result.Results.Single().GeneratedSources, s => s.HintName == GeneratorHarness.VectorMathHintName);
            Assert.Equal(2, result.Results.Single().NetworkSources().Length);
            Assert.All(result.Results.Single().NetworkSources(), network =>
                Assert.Contains("global::BackpropGen.Generated.VectorMath.", network.SourceText.ToString(), System.StringComparison.Ordinal));
            Snapshot.Verify(helpers.SourceText.ToString(), helpers.HintName.Substring(0, helpers.HintName.Length - ".cs".Length));
        }

        /// <summary>The networks' files; the shared vector helpers have their own snapshot (<see cref="VectorMath"/>).</summary>
        private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
        {
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(source);
            Assert.Empty(result.Diagnostics);
            Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
            GeneratedSourceResult generated = Assert.Single(result.Results.Single().NetworkSources());
            string hintName = generated.HintName.Substring(0, generated.HintName.Length - ".cs".Length);
            Snapshot.Verify(generated.SourceText.ToString(), hintName, testMethod: test);
        }
    }
}
