using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>Every mistake in a declaration gets a BPG diagnostic at the right place, and never a generator crash.</summary>
    public class DiagnosticTests
    {
        public static IEnumerable<object[]> BrokenDeclarations() => new[]
        {
            // id, declaration, the text the diagnostic must point at
            new object[] { "BPG0001", "[Network(2, 2, 2, Activation.Logistic)] public class Net { }", "Net" },
            new object[] { "BPG0002", "public class Outer { [Network(2, 2, 2, Activation.Logistic)] public partial class Net { } }", "Outer" },
            new object[] { "BPG0003", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net<T> { }", "Net" },
            new object[] { "BPG0004", "[Network(2, 2, 2, Activation.Logistic)] public static partial class Net { }", "Net" },
            new object[] { "BPG0004", "[Network(2, 2, 2, Activation.Logistic)] public abstract partial class Net { }", "Net" },
            new object[] { "BPG0005", "[Network(2, 2, 2, Activation.Logistic)] public partial record Net { }", "Net" },
            new object[] { "BPG0006", "[Network(2, 0, 2, Activation.Logistic)] public partial class Net { }", "0" },
            new object[] { "BPG0006", "[Network(-3, 2, Activation.Logistic)] public partial class Net { }", "-3" },
            new object[] { "BPG0007", "[Network(2, 2, 2, Activation.Softmax, Loss = Loss.CrossEntropy)] public partial class Net { }", "Activation.Softmax" },
            new object[] { "BPG0008", "[Network(100, 100, 2, Activation.Tanh)] public partial class Net { }", "Network(100, 100, 2, Activation.Tanh)" },
            new object[] { "BPG0008", "[Network(2, 2, 2, Activation.Tanh, MaxWeights = 7)] public partial class Net { }", "Network(2, 2, 2, Activation.Tanh, MaxWeights = 7)" },
            new object[] { "BPG0009", "[Network(2, 2, 2, Activation.Tanh, OutputActivation = Activation.Softmax)] public partial class Net { }", "Activation.Tanh" },
            new object[] { "BPG0009", "[Network(2, 2, 2, Activation.Tanh, Loss = Loss.CrossEntropy)] public partial class Net { }", "Loss = Loss.CrossEntropy" },
            new object[] { "BPG0010", "[Network(2, 2, 2, Activation.Logistic, LearningRate = 0)] public partial class Net { }", "LearningRate = 0" },
            new object[] { "BPG0010", "[Network(2, 2, 2, Activation.Logistic, LearningRate = -0.5)] public partial class Net { }", "LearningRate = -0.5" },
            new object[] { "BPG0010", "[Network(2, 2, 2, Activation.Logistic, LearningRate = double.NaN)] public partial class Net { }", "LearningRate = double.NaN" },
            new object[] { "BPG0010", "[Network(2, 2, 2, Activation.Logistic, LearningRate = double.PositiveInfinity)] public partial class Net { }", "LearningRate = double.PositiveInfinity" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public double w1; }", "w1" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public int LearningRate() => 1; }", "LearningRate" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public class Symbols { } }", "Symbols" },
            new object[] { "BPG0012", "[Network(2, Sizes.Hidden, 2, Activation.Logistic)] public partial class Net { } public static class Sizes { public static int Hidden = 2; }", "Network(2, Sizes.Hidden, 2, Activation.Logistic)" },
            new object[] { "BPG0013", "[Network(2, 2, 2, (Activation)42)] public partial class Net { }", "(Activation)42" },
            new object[] { "BPG0013", "[Network(2, 2, 2, Activation.Tanh, Bias = (BiasMode)7)] public partial class Net { }", "Bias = (BiasMode)7" },
            new object[] { "BPG0014", "[Network(2, 2, 2, Activation.Tanh, MaxWeights = 0)] public partial class Net { }", "MaxWeights = 0" },
            new object[] { "BPG0014", "[Network(2, 2, 2, Activation.Tanh, MaxWeights = 1000000)] public partial class Net { }", "MaxWeights = 1000000" },

            // Issue 13: the optimizers' hyperparameters out of range (BPG0023), and an optimizer with OutputLayerFirst (BPG0024).
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Momentum, Momentum = 1.0)] public partial class Net { }", "Momentum = 1.0" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Momentum, Momentum = -0.1)] public partial class Net { }", "Momentum = -0.1" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, Beta1 = double.NaN)] public partial class Net { }", "Beta1 = double.NaN" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, Beta2 = 1.5)] public partial class Net { }", "Beta2 = 1.5" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, Epsilon = 0)] public partial class Net { }", "Epsilon = 0" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, Epsilon = double.PositiveInfinity)] public partial class Net { }", "Epsilon = double.PositiveInfinity" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, WeightDecay = -0.01)] public partial class Net { }", "WeightDecay = -0.01" },
            new object[] { "BPG0013", "[Network(2, 2, 2, Activation.Logistic, Optimizer = (Optimizer)3)] public partial class Net { }", "Optimizer = (Optimizer)3" },
            new object[] { "BPG0023", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, Beta1 = 1)] public partial class Net { }", "Beta1 = 1" },
            new object[] { "BPG0024", "[Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, UpdateRule = UpdateRule.OutputLayerFirst)] public partial class Net { }", "UpdateRule = UpdateRule.OutputLayerFirst" },
            new object[] { "BPG0024", "[Network(2, 2, 2, Activation.Logistic, WeightDecay = 0.01, UpdateRule = UpdateRule.OutputLayerFirst)] public partial class Net { }", "UpdateRule = UpdateRule.OutputLayerFirst" },
            new object[] { "BPG0024", "[Network(2, 2, 2, Activation.Logistic, WeightDecay = 0.01, UpdateRule = UpdateRule.OutputLayerFirst, Precision = Precision.Single)] public partial class Net { }", "UpdateRule = UpdateRule.OutputLayerFirst" },

            // Issue 13: Precision.Single with a value a float cannot hold (BPG0031), at the argument.
            new object[] { "BPG0031", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, LearningRate = 1e-50)] public partial class Net { }", "LearningRate = 1e-50" },
            new object[] { "BPG0031", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, LearningRate = 1e39)] public partial class Net { }", "LearningRate = 1e39" },
            new object[] { "BPG0031", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, Optimizer = Optimizer.Momentum, Momentum = 0.99999999)] public partial class Net { }", "Momentum = 0.99999999" },
            new object[] { "BPG0031", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, Optimizer = Optimizer.Adam, Epsilon = 1e-46)] public partial class Net { }", "Epsilon = 1e-46" },
            new object[] { "BPG0031", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, WeightDecay = 1e-60)] public partial class Net { }", "WeightDecay = 1e-60" },

            // Issue 12: named arguments in another order are reported where they are written.
            new object[] { "BPG0006", "[Network(output: 0, activation: Activation.Tanh, input: 2)] public partial class Net { }", "output: 0" },
            new object[] { "BPG0013", "[Network(activation: (Activation)9, input: 2, output: 2)] public partial class Net { }", "activation: (Activation)9" },

            // Issue 12: a weight total beyond a long (7 pairs of int.MaxValue²) is reported, not overflowed past the check.
            new object[] { "BPG0008", "[Network(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, Activation.Tanh)] public partial class Net { }", "Network(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, Activation.Tanh)" },
            new object[] { "BPG0008", "[Network(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, Activation.Tanh)] public partial class Net { }", "Network(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, Activation.Tanh)" },

            // Issue 12: signatures, not only names (a different parameter count is an overload and allowed).
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public void Save(System.IO.Stream s) { } }", "Save" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public void Forward(double a, double b, ref double c, ref double d) { } }", "Forward" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { private void ApplyGradients() { } }", "ApplyGradients" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public double get_w1() => 0; }", "get_w1" },
            new object[] { "BPG0016", "public class Base { public virtual double Train(double a, double b, double c, double d) => 0; } [Network(2, 2, 2, Activation.Logistic)] public partial class Net : Base { }", "Net" },
            new object[] { "BPG0016", "[Network(2, 2, Activation.Logistic)] public partial class Base { } [Network(2, 2, 2, Activation.Logistic)] public partial class Net : Base { }", "Net" },
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single)] public partial class Net { private int _viewInputs; }", "_viewInputs" },
            new object[] { "BPG0033", "[Network(3, 4, 1, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy)] public partial class Net { }", "OutputActivation = Activation.Softmax" },
            new object[] { "BPG0033", "[Network(3, 1, Activation.Softmax, Loss = Loss.CrossEntropy)] public partial class Net { }", "Activation.Softmax" },
            // A property is one collision, not three (its accessors get_w1 and set_w1 are its own).
            new object[] { "BPG0011", "[Network(2, 2, 2, Activation.Logistic)] public partial class Net { public double w1 { get; set; } }", "w1" },
            new object[] { "BPG0016", "public class Base { public double w1 { get; set; } } [Network(2, 2, 2, Activation.Logistic)] public partial class Net : Base { }", "Net" },
            new object[] { "BPG0017", "[Network(2, 2, Activation.Tanh)] public partial class Net { } [Network(2, 1, Activation.Tanh)] public partial class Net { }", "Network(2, 1, Activation.Tanh)" },
            new object[] { "BPG0018", "[Network(2, 2, 2, Activation.Logistic)] public partial class Save { }", "Save" },
            new object[] { "BPG0018", "[Network(2, 2, 2, Activation.Logistic)] public partial class w1 { }", "w1" },
            new object[] { "BPG0019", "[Network(2, 2, 2, Activation.Logistic)] file partial class Net { }", "Net" },
            new object[] { "BPG0020", "[Network(8000, 1, 193, Activation.Tanh, MaxWeights = 65536)] public partial class Net { }", "Network(8000, 1, 193, Activation.Tanh, MaxWeights = 65536)" },
        };

        [Theory]
        [MemberData(nameof(BrokenDeclarations))]
        public void Broken_declaration_gets_its_diagnostic_at_the_right_place(string id, string declaration, string location)
        {
            string source = "using BackpropGen;\n" + declaration;
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);

            GeneratorRunResult run = result.Results.Single();
            Assert.Null(run.Exception);
            Assert.Empty(run.NetworkSources().Where(s => s.HintName.StartsWith("Net.", StringComparison.Ordinal)));
            Diagnostic diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal("Network.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(location, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
            Assert.DoesNotContain("{", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("LearningRate = double.NaN", "The learning rate double.NaN is not")]
        [InlineData("LearningRate = double.NegativeInfinity", "The learning rate double.NegativeInfinity is not")]
        [InlineData("Optimizer = Optimizer.Adam, Epsilon = double.NaN", "Epsilon = double.NaN is out of range")]
        public void Messages_spell_numbers_as_the_attribute_would(string arguments, string message)
        {
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($"using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, {arguments})] public partial class Net {{ }}");
            Assert.Contains(message, Assert.Single(result.Results.Single().Diagnostics).GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Optimizer = Optimizer.Momentum, UpdateRule = UpdateRule.OutputLayerFirst", "'Net' uses Optimizer.Momentum with UpdateRule.OutputLayerFirst; an optimizer updates every parameter at once from the step's gradients, so use UpdateRule.Simultaneous (or Optimizer.Sgd)")]
        [InlineData("WeightDecay = 0.01, UpdateRule = UpdateRule.OutputLayerFirst", "'Net' uses WeightDecay with UpdateRule.OutputLayerFirst; weight decay updates every parameter at once from the step's gradients, so use UpdateRule.Simultaneous (or no WeightDecay)")]
        public void BPG0024_names_what_needs_the_simultaneous_update(string arguments, string message)
        {
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($"using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, {arguments})] public partial class Net {{ }}");
            Assert.Equal(message, Assert.Single(result.Results.Single().Diagnostics).GetMessage(CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("public partial interface Net { }", "'Net' is an interface;")]
        [InlineData("public partial record struct Net { }", "'Net' is a record struct;")]
        public void BPG0005_names_the_kind_with_its_article(string declaration, string message)
        {
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($"using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic)] {declaration}");
            Assert.Contains(message, Assert.Single(result.Results.Single().Diagnostics, d => d.Id == "BPG0005").GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        [Fact]
        public void BPG0034_tells_that_a_trained_shared_output_bias_has_no_effect_under_softmax_and_the_code_is_generated()
        {
            const string source = "using BackpropGen;\n[Network(2, 3, 2, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, TrainBiases = true)] public partial class Net { }";
            (GeneratorDriverRunResult result, Compilation compilation) = GeneratorHarness.Run(source);
            GeneratorRunResult run = result.Results.Single();
            Diagnostic diagnostic = Assert.Single(run.Diagnostics);
            Assert.Equal("BPG0034", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
            Assert.Equal("TrainBiases = true", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
            Assert.Equal(
                "'Net' trains the output layer's shared bias b2, which has no effect under Softmax (the softmax is unchanged when every net input moves by the same amount), so b2 never changes an output or the error; declare Bias = BiasMode.PerNeuron to give each output neuron a bias that learns",
                diagnostic.GetMessage(CultureInfo.InvariantCulture));
            Assert.Contains(run.NetworkSources(), s => s.HintName.StartsWith("Net.", StringComparison.Ordinal));
            Assert.Empty(GeneratorHarness.CompileDiagnostics(compilation));
        }

        [Fact]
        public void What_BPG0034_says_holds_the_shared_output_bias_of_a_softmax_changes_no_output_nor_the_error()
        {
            // The zoo's 16-16-4 network declares exactly that (TrainBiases = true, shared biases, softmax output)
            var net = new Zoo_16_16_4_Logistic_Softmax();
            net.InitializeParameters(34);
            var random = new Random(34);
            double[] x = Enumerable.Range(0, 16).Select(_ => random.NextDouble() * 2 - 1).ToArray(), t = { 0, 0, 1, 0 };
            double[] before = new double[4], after = new double[4];
            net.Forward(x, before);
            double errorBefore = net.Evaluate(x, t);
            net.b2 += 3.0;
            net.Forward(x, after);
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(before[k], after[k], 1e-15);
            }

            Assert.Equal(errorBefore, net.Evaluate(x, t), 1e-14);
            net.Backward(t[0], t[1], t[2], t[3]);
            Assert.Equal(0.0, net.dE_total_db2, 1e-15); // Σ (out - target), targets summing to 1
        }

        [Theory]
        [InlineData("OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true")]
        [InlineData("OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy")]
        [InlineData("OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, TrainBiases = true")]
        public void BPG0034_is_not_reported_where_the_output_bias_can_learn_or_is_not_trained(string arguments)
        {
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($"using BackpropGen;\n[Network(2, 3, 2, Activation.Tanh, {arguments})] public partial class Net {{ }}");
            Assert.Empty(result.Results.Single().Diagnostics);
        }

        [Fact]
        public void A_softmax_hidden_activation_is_one_diagnostic_not_a_cascade()
        {
            // The output activation defaults to the hidden one, so Softmax with the default squared error would also be
            // BPG0009; that pair is not the user's choice, and BPG0007's fix settles it.
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("using BackpropGen;\n[Network(2, 2, 2, Activation.Softmax)] public partial class Net { }");
            Assert.Equal("BPG0007", Assert.Single(result.Results.Single().Diagnostics).Id);

            // Written out, the pair is judged: a softmax output with squared error is BPG0009 beside BPG0007.
            (result, _) = GeneratorHarness.Run("using BackpropGen;\n[Network(2, 2, 2, Activation.Softmax, OutputActivation = Activation.Softmax)] public partial class Net { }");
            Assert.Equal(new[] { "BPG0007", "BPG0009" }, result.Results.Single().Diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        }

        [Fact]
        public void Every_descriptor_is_documented_in_the_release_tracking_file_and_the_readme()
        {
            string root = RepositoryRoot();
            string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "generator", "AnalyzerReleases.Unshipped.md"));
            string readme = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "README.md"));
            foreach (DiagnosticDescriptor descriptor in typeof(BackpropGen.Generator.Diagnostics.DiagnosticDescriptors)
                .GetFields()
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => (DiagnosticDescriptor)f.GetValue(null)!))
            {
                Assert.Contains(descriptor.Id + " | BackpropGen | " + descriptor.DefaultSeverity, unshipped);
                Assert.Contains("### " + descriptor.Id, readme);
            }
        }

        /// <summary>
        /// Many random declarations, valid and broken: the generator never throws (a throw shows up as CS8785 and
        /// silently drops the code), every broken one gets an error of its own, and every valid one compiles cleanly.
        /// </summary>
        [Fact]
        public void Random_declarations_never_crash_the_generator()
        {
            var random = new Random(20261123);
            string[] activations = { "Logistic", "Tanh", "ReLU", "LeakyReLU", "Identity", "Softmax" };
            for (int round = 0; round < 150; round++)
            {
                var args = new List<string>();
                bool valid = true;
                int layerCount = random.Next(1, 10);
                var sizes = new List<int>();
                for (int l = 0; l < layerCount; l++)
                {
                    int size = random.Next(8) == 0 ? random.Next(-2, 1) : random.Next(1, 5);
                    valid &= size >= 1;
                    sizes.Add(size);
                    args.Add(size.ToString(CultureInfo.InvariantCulture));
                }

                valid &= layerCount >= 2 && layerCount <= 8;
                int hidden = random.Next(activations.Length + 1);
                args.Add(hidden < activations.Length ? "Activation." + activations[hidden] : "(Activation)17");
                valid &= hidden < activations.Length;
                string output = hidden < activations.Length ? activations[hidden] : "?";
                if (random.Next(2) == 0)
                {
                    output = activations[random.Next(activations.Length)];
                    args.Add("OutputActivation = Activation." + output);
                }

                valid &= !(hidden == Array.IndexOf(activations, "Softmax") && layerCount > 2);
                bool crossEntropy = random.Next(2) == 0;
                if (crossEntropy)
                {
                    args.Add("Loss = Loss.CrossEntropy");
                }

                valid &= crossEntropy ? output is "Softmax" or "Logistic" : output != "Softmax";
                if (random.Next(3) == 0)
                {
                    double rate = new[] { 0.1, 0.0, -1.0, double.NaN, 2.5 }[random.Next(5)];
                    args.Add("LearningRate = " + (double.IsNaN(rate) ? "double.NaN" : rate.ToString("R", CultureInfo.InvariantCulture)));
                    valid &= rate > 0;
                }

                string bias = "SharedPerLayer";
                if (random.Next(3) == 0)
                {
                    bias = new[] { "None", "PerNeuron", "SharedPerLayer" }[random.Next(3)];
                    args.Add("Bias = BiasMode." + bias);
                }

                bool trainBiases = false;
                if (random.Next(3) == 0)
                {
                    args.Add("UpdateRule = UpdateRule.OutputLayerFirst, TrainBiases = true");
                    trainBiases = true;
                }

                if (random.Next(4) == 0)
                {
                    int max = new[] { 0, 5, 20, 70000 }[random.Next(4)];
                    args.Add("MaxWeights = " + max.ToString(CultureInfo.InvariantCulture));
                    long weights = 0;
                    for (int l = 1; l < sizes.Count; l++)
                    {
                        weights += (long)sizes[l - 1] * sizes[l];
                    }

                    valid &= max >= 1 && max <= 65536 && weights <= max;
                }

                bool partial = random.Next(6) != 0;
                valid &= partial;
                string declaration = $"[Network({string.Join(", ", args)})] public {(partial ? "partial " : string.Empty)}class Net{round} {{ }}";
                string source = "using BackpropGen;\n" + declaration;

                (GeneratorDriverRunResult result, Compilation compilation) = GeneratorHarness.Run(source);
                GeneratorRunResult run = result.Results.Single();
                Assert.True(run.Exception is null, $"{declaration}\n{run.Exception}");
                if (valid)
                {
                    // A valid declaration is told nothing, but for the trained shared bias of a softmax output (BPG0034, Info)
                    string[] advice = output == "Softmax" && bias == "SharedPerLayer" && trainBiases ? new[] { "BPG0034" } : Array.Empty<string>();
                    Assert.True(run.Diagnostics.Select(d => d.Id).SequenceEqual(advice), $"{declaration}\n{GeneratorHarness.Describe(run.Diagnostics)}");
                    Assert.True(GeneratorHarness.CompileDiagnostics(compilation).IsEmpty, $"{declaration}\n{GeneratorHarness.Describe(GeneratorHarness.CompileDiagnostics(compilation))}");
                }
                else
                {
                    Assert.True(
                        run.Diagnostics.Any(d => d.Id.StartsWith("BPG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error),
                        $"{declaration}: expected a BPG error; got {GeneratorHarness.Describe(run.Diagnostics)}");
                    Assert.Empty(run.GeneratedSources); // no code, nor the shared vector helpers that no network would call
                }
            }
        }

        internal static string RepositoryRoot()
        {
            string directory = AppContext.BaseDirectory;
            while (!System.IO.File.Exists(System.IO.Path.Combine(directory, "BackpropGen.sln")))
            {
                directory = System.IO.Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("BackpropGen.sln not found above " + AppContext.BaseDirectory);
            }

            return directory;
        }
    }
}
