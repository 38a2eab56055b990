using System;
using System.Linq;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>Networks up to the default unrolling limit of 4,096 weights generate and compile; one weight more is BPG0008.</summary>
    public class SizeLimitTests
    {
        [Fact]
        public void A_network_of_exactly_4096_weights_generates_and_compiles_cleanly()
        {
            // 64·32 + 32·32 + 32·32 = 4,096 weights.
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run("""
                using BackpropGen;
                [Network(64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, CodeShape = CodeShape.Unrolled)]
                public partial class Large { }
                """);

            Assert.Empty(result.Diagnostics);
            string generated = result.Results.Single().NetworkSources().Single().SourceText.ToString();
            // Too large for one method each: the step runs in parts, and the gradients go straight to their properties.
            Assert.Contains("private void ForwardPart1()", generated);
            Assert.Contains("        _dE_total_dw4096 = delta_", generated);
            // A step in parts records its Symbols in a table by name, and Explain writes the walkthrough over it
            Assert.Contains("public sealed class Symbols : global::BackpropGen.StepSymbols", generated);
            Assert.Contains("public double Explain(", generated);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }

        [Theory]
        [InlineData("2, 2, 2, Activation.Logistic", true)]                                  // the article's: one method
        [InlineData("12, 12, 1, Activation.Tanh, CodeShape = CodeShape.Unrolled", true)]    // 156 weights, one method
        [InlineData("512, 1, Activation.Logistic, CodeShape = CodeShape.Unrolled", false)] // 512 weights: in parts
        [InlineData("512, 1, Activation.Logistic, CodeShape = CodeShape.Unrolled, Precision = Precision.Single", false)]
        [InlineData("16, 32, 16, Activation.Tanh, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Adam, WeightDecay = 0.01", false)]
        [InlineData("16, 16, 16, Activation.Tanh, CodeShape = CodeShape.Vectorized", false)]
        public void A_property_per_symbol_exactly_for_one_unrolled_method_and_a_table_for_every_other_network(string arguments, bool expected)
        {
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run($$"""
                using BackpropGen;
                [Network({{arguments}})]
                public partial class Net { }
                """);

            Assert.Empty(result.Diagnostics);
            string generated = result.Results.Single().NetworkSources().Single().SourceText.ToString();
            bool oneUnrolledMethod = !generated.Contains("private void ForwardPart1()") && !generated.Contains("private void ForwardKernel(");
            Assert.Equal(expected, oneUnrolledMethod);
            Assert.Equal(expected, System.Text.RegularExpressions.Regex.IsMatch(generated, @"public sealed class Symbols\s*\{"));
            // A vectorised network, or one in parts, has a table by name instead, at any size; every one has Explain
            Assert.Equal(!expected, generated.Contains("public sealed class Symbols : global::BackpropGen.StepSymbols"));
            Assert.Matches(@"public (double|float) Explain\(", generated);
            Assert.Contains("class Symbols", generated);
            Assert.True(GeneratorHarness.CompileDiagnostics(output).IsEmpty, GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(output)));
        }

        [Theory]
        [InlineData("100, 100, Activation.Tanh, MaxWeights = 65536, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Adam", false)] // 10,001 parameters, 5 accessors each
        [InlineData("100, 100, Activation.Tanh, MaxWeights = 65536, CodeShape = CodeShape.Vectorized, Optimizer = Optimizer.Momentum", true)] // 10,001, 4 each
        [InlineData("128, 128, Activation.Tanh, Bias = BiasMode.None, MaxWeights = 65536, CodeShape = CodeShape.Vectorized", true)]  // 16,384: the budget exactly
        [InlineData("128, 128, Activation.Tanh, MaxWeights = 65536, CodeShape = CodeShape.Vectorized", false)]                       // 16,385
        public void A_class_stays_within_the_methods_a_type_may_have_with_or_without_a_property_per_parameter(string arguments, bool named)
        {
            // A .NET type holds at most 65,535 methods, and one more is a TypeLoadException when the class is first used, not
            // a compiler error: the generated class's methods (accessors included) are counted here, and it compiles.
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run($"using BackpropGen;\n[Network({arguments})] public partial class Big {{ }}");
            string generated = result.Results.Single().NetworkSources().Single().SourceText.ToString();
            ClassDeclarationSyntax big = CSharpSyntaxTree.ParseText(generated).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "Big");
            int methods = big.Members.Sum(member => member switch
            {
                MethodDeclarationSyntax => 1,
                PropertyDeclarationSyntax { ExpressionBody: not null } => 1,
                PropertyDeclarationSyntax property => property.AccessorList!.Accessors.Count,
                ConstructorDeclarationSyntax => 1,
                _ => 0,
            });
            Assert.InRange(methods, 1, 65535);
            Assert.Equal(named, generated.Contains("public double w1 ", StringComparison.Ordinal));
            Assert.Contains("public string ToMermaid()", generated, StringComparison.Ordinal); // INetwork's: drawn through the interface either way

            // The declarations, and the bodies that read the parameters by name or by field (binding the whole step of 10,000
            // unrolled weights would take half a minute; its code does not depend on the properties).
            SyntaxTree tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Big.g.cs", StringComparison.Ordinal));
            SemanticModel model = output.GetSemanticModel(tree);
            var diagnostics = model.GetDeclarationDiagnostics()
                .Concat(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                    .Where(m => m.Identifier.ValueText is "CopyParametersTo" or "CopyGradientsTo" or "SetParameters" or "ToMermaid")
                    .SelectMany(m => model.GetDiagnostics(m.Span)))
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .ToList();
            Assert.True(diagnostics.Count == 0, GeneratorHarness.Describe(diagnostics));
        }

        [Fact]
        public void One_weight_over_the_limit_is_BPG0008_and_MaxWeights_raises_the_limit()
        {
            // 17·241 = 4,097 weights.
            (GeneratorDriverRunResult over, _) = GeneratorHarness.Run("""
                using BackpropGen;
                [Network(17, 241, Activation.Identity)]
                public partial class Wide { }
                """);
            Assert.Equal("BPG0008", Assert.Single(over.Diagnostics).Id);
            Assert.Contains("4097 weights", over.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));

            (GeneratorDriverRunResult raised, _) = GeneratorHarness.Run("""
                using BackpropGen;
                [Network(17, 241, Activation.Identity, MaxWeights = 4097)]
                public partial class Wide { }
                """);
            Assert.Empty(raised.Diagnostics);
            Assert.Single(raised.Results.Single().NetworkSources());
        }
    }
}
