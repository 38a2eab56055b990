using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// Issue 12's check: 1,000 seeded declarations, random and hostile (verbatim names, names equal ignoring case, every
    /// generated member name and signature declared by the user, base classes, file-local classes, duplicate attributes,
    /// huge sizes, reordered named arguments, line separators in the attribute, nameless classes), run through the
    /// generator in batches and compiled with documentation comments diagnosed. Each declaration sits in its own file and
    /// namespace <c>F{n}</c>, so every diagnostic is traced to it. The generator must never throw, nothing may be reported
    /// in generated code, and each declaration is either clean or has a BPG error at the user's code, as predicted.
    /// </summary>
    public class FuzzTests
    {
        private const int Declarations = 1000;
        private const int PerCompilation = 50;

        private enum Expect
        {
            /// <summary>Compiles without any diagnostic, and the generator reports none.</summary>
            Clean,

            /// <summary>A BPG error in the declaration's file, and nothing reported in generated code.</summary>
            Bpg,

            /// <summary>The user's own compiler error (e.g. CS1001, CS0579), no BPG needed, nothing in generated code.</summary>
            UserError,
        }

        private sealed record Declaration(int Number, string Kind, string Source, Expect Expect);

        [Fact]
        public void Thousand_seeded_declarations_are_clean_or_get_a_BPG_error_and_never_break_the_generator()
        {
            var random = new Random(20261130);
            List<Declaration> declarations = Enumerable.Range(0, Declarations).Select(n => Make(n, random)).ToList();
            var failures = new List<string>();
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
            foreach (IGrouping<int, Declaration> batch in declarations.GroupBy(d => d.Number / PerCompilation))
            {
                CSharpCompilation compilation = GeneratorHarness.CreateCompilation(batch.Select(d => ($"F{d.Number}.cs", d.Source)), parseOptions);
                (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
                GeneratorRunResult run = result.Results.Single();
                Assert.True(run.Exception is null, $"batch {batch.Key}: {run.Exception}");
                // CS8981 (a type name of lower-case letters only, e.g. @class) is the user's own warning about the name they
                // chose, reported at their declaration as at every partial of it; the fuzz ignores it for those names.
                var all = output.GetDiagnostics().Concat(run.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning)
                    .Where(d => !(d.Id == "CS8981" && LowerCaseNamed(batch, d))).ToList();
                Assert.DoesNotContain(all, d => d.Id is "CS8785" or "AD0001");
                foreach (Declaration declaration in batch)
                {
                    string file = $"F{declaration.Number}.cs", prefix = $"F{declaration.Number}.";
                    var user = all.Where(d => d.Location.GetLineSpan().Path == file).ToList();
                    var generated = all.Where(d => d.Location.GetLineSpan().Path is { } path && path != file
                        && Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal)).ToList();
                    bool bpg = user.Any(d => d.Id.StartsWith("BPG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
                    string problem = declaration.Expect switch
                    {
                        _ when generated.Count > 0 => "diagnostics in generated code",
                        Expect.Clean when user.Count > 0 => "expected clean",
                        Expect.Bpg when !bpg => "expected a BPG error",
                        Expect.UserError when bpg || user.Count == 0 => "expected only the user's own compiler error",
                        _ => string.Empty,
                    };
                    if (problem.Length > 0)
                    {
                        failures.Add($"#{declaration.Number} ({declaration.Kind}): {problem}\n{declaration.Source}\n  "
                            + string.Join("\n  ", user.Concat(generated).Take(6).Select(d => d.ToString())));
                    }
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {Declarations} declarations failed:\n" + string.Join("\n\n", failures.Take(15)));
        }

        private static bool LowerCaseNamed(IEnumerable<Declaration> batch, Diagnostic diagnostic) =>
            batch.Any(d => d.Kind == "lower-case names"
                && Path.GetFileName(diagnostic.Location.GetLineSpan().Path ?? string.Empty).StartsWith($"F{d.Number}.", StringComparison.Ordinal));

        private static readonly string[] Activations = { "Logistic", "Tanh", "ReLU", "LeakyReLU", "Identity", "Softmax" };

        private static Declaration Make(int n, Random random)
        {
            int kind = random.Next(100);
            (string kindName, string body, Expect expect) = kind switch
            {
                < 35 => RandomNetwork(random),
                < 50 => HostileNames(random),
                < 70 => UserMember(random),
                < 77 => BaseClass(random),
                < 80 => ClassNamedLikeMember(random),
                < 85 => NamedArguments(random),
                < 88 => HugeSizes(random),
                < 91 => AttributeText(random),
                < 93 => ("file-local", "[Network(2, 2, Activation.Tanh)] file partial class Net { }", Expect.Bpg),
                < 95 => ("two attributes", "/// <summary>N</summary>\n[Network(2, 2, Activation.Tanh)] public partial class Net { }\n[Network(2, 1, Activation.Tanh)] public partial class Net { }", Expect.Bpg),
                < 97 => ("nameless", "[Network(2, 2, Activation.Tanh)] partial class { }", Expect.UserError),
                _ => ("partials", "/// <summary>N</summary>\npublic partial class Net { /// <summary>M</summary>\npublic double Mine => w1; }\n[Network(2, 3, 1, Activation.Tanh)] public partial class Net { }", Expect.Clean),
            };
            string source = $"using BackpropGen;\nnamespace F{n}\n{{\n{body}\n}}\n";
            return new Declaration(n, kindName, source, expect);
        }

        private static (string, string, Expect) RandomNetwork(Random random)
        {
            var args = new List<string>();
            bool valid = true;
            // Small networks keep 1,000 declarations cheap; a layer count outside 2..8 is its own case.
            int layerCount = random.Next(12) == 0 ? new[] { 1, 9 }[random.Next(2)] : random.Next(2, 4);
            var sizes = new List<int>();
            for (int l = 0; l < layerCount; l++)
            {
                int size = random.Next(10) == 0 ? random.Next(-2, 1) : random.Next(1, 3);
                valid &= size >= 1;
                sizes.Add(size);
                args.Add(size.ToString(CultureInfo.InvariantCulture));
            }

            valid &= layerCount >= 2 && layerCount <= 8;
            int hidden = random.Next(Activations.Length + 1);
            args.Add(hidden < Activations.Length ? "Activation." + Activations[hidden] : "(Activation)17");
            valid &= hidden < Activations.Length;
            string output = hidden < Activations.Length ? Activations[hidden] : "?";
            if (random.Next(2) == 0)
            {
                output = Activations[random.Next(Activations.Length)];
                args.Add("OutputActivation = Activation." + output);
            }

            valid &= !(hidden == 5 && layerCount > 2);
            bool crossEntropy = random.Next(2) == 0;
            if (crossEntropy)
            {
                args.Add("Loss = Loss.CrossEntropy");
            }

            valid &= crossEntropy ? output is "Softmax" or "Logistic" : output != "Softmax";
            valid &= !(output == "Softmax" && sizes.Count > 0 && sizes[sizes.Count - 1] == 1); // BPG0033: a softmax of one output is 1
            if (random.Next(3) == 0)
            {
                double rate = new[] { 0.1, 0.0, -1.0, double.NaN, 2.5, double.Epsilon }[random.Next(6)];
                args.Add("LearningRate = " + (double.IsNaN(rate) ? "double.NaN" : rate.ToString("R", CultureInfo.InvariantCulture)));
                valid &= rate > 0;
            }

            if (random.Next(3) == 0)
            {
                args.Add("Bias = BiasMode." + new[] { "None", "PerNeuron", "SharedPerLayer" }[random.Next(3)]);
            }

            if (random.Next(3) == 0)
            {
                args.Add("UpdateRule = UpdateRule.OutputLayerFirst, TrainBiases = true");
            }

            if (random.Next(4) == 0)
            {
                int max = new[] { 0, 5, 20, 70000, int.MinValue }[random.Next(5)];
                args.Add("MaxWeights = " + max.ToString(CultureInfo.InvariantCulture));
                long weights = 0;
                for (int l = 1; l < sizes.Count; l++)
                {
                    weights += (long)sizes[l - 1] * sizes[l];
                }

                valid &= max >= 1 && max <= 65536 && weights <= max;
            }

            string access = new[] { "public", "internal", string.Empty, "public sealed" }[random.Next(4)];
            return ("random", $"/// <summary>N</summary>\n[Network({string.Join(", ", args)})] {access} partial class Net {{ }}", valid ? Expect.Clean : Expect.Bpg);
        }

        private static (string, string, Expect) HostileNames(Random random)
        {
            const string Doc = "/// <summary>N</summary>\n";
            string[] verbatim = { "@class", "@record", "@struct", "@partial", "@async", "@value", "@global", "@nameof", "@var", "Ünïcode", "_", "Net\u0301" };
            string name = verbatim[random.Next(verbatim.Length)];
            bool lowercase = name.TrimStart('@').All(c => c is >= 'a' and <= 'z');
            Expect clean = Expect.Clean;
            string body = random.Next(6) switch
            {
                0 => $"{Doc}[Network(2, 2, Activation.Tanh)] public partial class {name} {{ }}",
                1 => $"namespace {name} {{ {Doc}[Network(2, 2, Activation.Tanh)] public partial class Net {{ }} }}",
                2 => $"{Doc}public partial struct {name} {{ {Doc}[Network(2, 2, Activation.Tanh)] public partial class Net {{ }} }}",
                3 => $"{Doc}public partial record {name} {{ {Doc}[Network(2, 1, Activation.Tanh)] public partial class Inner {{ }} }}",
                4 => $"namespace App {{ {Doc}[Network(2, 2, Activation.Tanh)] public partial class Net {{ }} {Doc}[Network(2, 1, Activation.Tanh)] public partial class NET {{ }} }}"
                    + $" namespace APP {{ {Doc}[Network(1, 1, Activation.Tanh)] public partial class Net {{ }} }}",
                _ => $"{Doc}public partial class Outer<{name}> {{ {Doc}[Network(1, 2, Activation.Tanh)] public partial class Net {{ }} }}",
            };

            // A type or namespace named var takes the vector methods' `var` (BPG0021); where the name is not in the
            // network's scope (a namespace or struct around it takes it; a type parameter of a containing type does too).
            if (name == "@var" && body.Contains("var", StringComparison.Ordinal) && !body.StartsWith("namespace App", StringComparison.Ordinal))
            {
                clean = Expect.Bpg;
            }

            return (lowercase ? "lower-case names" : "names", body, clean);
        }

        /// <summary>A member of the network class (or another partial of it) named and shaped like a generated one, or an overload that is not.</summary>
        private static (string, string, Expect) UserMember(Random random)
        {
            // Generated for a 2-3-2 network with shared biases: every kind of name.
            string[] names =
            {
                "w1", "w12", "b2", "_w1", "_b1", "dE_total_dw3", "_dE_total_db2", "LearningRate", "InputCount", "OutputCount",
                "WeightCount", "BiasCount", "ParameterCount", "Symbols", "ForwardPass", "_lastForwardPass", "GradientSums",
                "_gradientSums", "ForwardPart1", "UpdatePart12", "get_w1", "set_LearningRate", "get_dE_total_dw1",
            };
            string[] methods =
            {
                "Forward", "Backward", "ApplyGradients", "Train", "Step", "TrainOnline", "ForwardBatch", "Evaluate", "StepVector256",
                "CopyParametersTo", "CopyGradientsTo", "SetParameters", "InitializeParameters", "Save", "Load", "Explain", "ToMermaid",
            };
            var counts = new Dictionary<string, int[]>
            {
                ["Forward"] = new[] { 4, 2 }, ["Backward"] = new[] { 2 }, ["ApplyGradients"] = new[] { 0 }, ["Train"] = new[] { 4, 5, 2 }, ["Step"] = new[] { 5 },
                ["TrainOnline"] = new[] { 2, 3 }, ["ForwardBatch"] = new[] { 2 }, ["Evaluate"] = new[] { 2 }, ["StepVector256"] = new[] { 4 },
                ["CopyParametersTo"] = new[] { 1 }, ["CopyGradientsTo"] = new[] { 1 }, ["SetParameters"] = new[] { 1 },
                ["InitializeParameters"] = new[] { 1 }, ["Save"] = new[] { 1 }, ["Load"] = new[] { 1 },
                ["Explain"] = new[] { 3 }, ["ToMermaid"] = new[] { 0 },
            };
            const string Doc = "/// <summary>M</summary>\n";
            string member;
            Expect expect;
            if (random.Next(2) == 0)
            {
                string name = names[random.Next(names.Length)];
                member = random.Next(5) switch
                {
                    0 => $"{Doc}public double {name};",
                    1 => $"{Doc}public int {name} {{ get; set; }}",
                    2 => $"{Doc}public void {name}() {{ }}",
                    3 => $"{Doc}public sealed class {name} {{ }}",
                    _ => $"{Doc}public event global::System.EventHandler? {name};",
                };
                expect = Expect.Bpg;
            }
            else
            {
                string name = methods[random.Next(methods.Length)];
                int count = random.Next(0, 7);
                string[] types = { "double", "out double", "ref double", "global::System.IO.Stream", "global::System.ReadOnlySpan<double>", "int", "global::System.Random" };
                string parameters = string.Join(", ", Enumerable.Range(0, count).Select(i => types[random.Next(types.Length)] + " p" + i));
                bool hasOut = parameters.Contains("out ", StringComparison.Ordinal);
                member = $"{Doc}public double {name}({parameters}) {(hasOut ? "=> throw new global::System.NotSupportedException();" : "=> 0;")}";
                expect = counts[name].Contains(count) ? Expect.Bpg : Expect.Clean;
            }

            string network = "[Network(2, 3, 2, Activation.Logistic)] public partial class Net";
            string body = random.Next(2) == 0
                ? $"/// <summary>N</summary>\n{network} {{\n{member}\n}}"
                : $"/// <summary>N</summary>\n{network} {{ }}\npublic partial class Net {{\n{member}\n}}";
            return ("member", body, expect);
        }

        private static (string, string, Expect) BaseClass(Random random)
        {
            const string Doc = "/// <summary>N</summary>\n";
            (string baseBody, Expect expect) = random.Next(7) switch
            {
                0 => ("[Network(2, 2, Activation.Tanh)] public partial class Base { }", Expect.Bpg),
                1 => ("public class Base { /// <summary>M</summary>\npublic double w1; }", Expect.Bpg),
                2 => ("public class Base { /// <summary>M</summary>\npublic virtual double Train(double a, double b, double c, double d) => 0; }", Expect.Bpg),
                3 => ("public class Base { /// <summary>M</summary>\nprotected double LearningRate { get; set; } }", Expect.Bpg),
                4 => ("public class Base { private double w1 = 1; /// <summary>M</summary>\npublic double W => w1; }", Expect.Clean),
                5 => ("public class Base { /// <summary>M</summary>\npublic double Train(int epochs) => epochs; }", Expect.Clean),
                _ => ("public abstract class Base { /// <summary>M</summary>\npublic abstract double Score(); }", Expect.Clean),
            };
            string score = baseBody.Contains("abstract double Score", StringComparison.Ordinal)
                ? " /// <summary>M</summary>\npublic override double Score() => 0; "
                : " ";
            return ("base", $"{Doc}{baseBody}\n{Doc}[Network(2, 2, Activation.Tanh)] public partial class Net : Base {{{score}}}", expect);
        }

        private static (string, string, Expect) ClassNamedLikeMember(Random random)
        {
            string[] names = { "Save", "Train", "Forward", "Symbols", "LearningRate", "InputCount", "w1", "ForwardPass", "dE_total_dw2", "_w1", "UpdatePart3" };
            string name = names[random.Next(names.Length)];
            return ("class named like a member", $"/// <summary>N</summary>\n[Network(2, 2, Activation.Tanh)] public partial class {name} {{ }}", Expect.Bpg);
        }

        private static (string, string, Expect) NamedArguments(Random random) => random.Next(4) switch
        {
            0 => ("named", "/// <summary>N</summary>\n[Network(output: 1, activation: Activation.Tanh, input: 2)] public partial class Net { }", Expect.Clean),
            1 => ("named", "/// <summary>N</summary>\n[Network(output: 0, activation: Activation.Tanh, input: 2)] public partial class Net { }", Expect.Bpg),
            2 => ("named", "/// <summary>N</summary>\n[Network(2, hidden: 3, output: 1, activation: Activation.ReLU, LearningRate = 0.25)] public partial class Net { }", Expect.Clean),
            _ => ("named", "/// <summary>N</summary>\n[Network(activation: (Activation)9, input: 2, output: 2)] public partial class Net { }", Expect.Bpg),
        };

        private static (string, string, Expect) HugeSizes(Random random)
        {
            long[] sizes = { int.MaxValue, int.MaxValue, 65536, 1, 2, 100000, int.MinValue, 8193 };
            long[] layers = Enumerable.Range(0, random.Next(2, 9)).Select(_ => sizes[random.Next(sizes.Length)]).ToArray();
            bool max = random.Next(2) == 0;
            long weights = 0;
            for (int l = 1; l < layers.Length; l++)
            {
                weights = Math.Min(weights + (layers[l - 1] * layers[l]), long.MaxValue / 4);
            }

            bool valid = layers.All(size => size >= 1) && weights <= (max ? 65536 : 4096) && layers[0] + layers[layers.Length - 1] <= 8192;
            string args = string.Join(", ", layers.Select(size => size == int.MaxValue ? "int.MaxValue" : size.ToString(CultureInfo.InvariantCulture)));
            return ("huge", $"/// <summary>N</summary>\n[Network({args}, Activation.Tanh{(max ? ", MaxWeights = 65536" : string.Empty)})] public partial class Net {{ }}", valid ? Expect.Clean : Expect.Bpg);
        }

        private static (string, string, Expect) AttributeText(Random random)
        {
            char separator = new[] { '\u2028', '\u2029', '\u0085', '\t', '\f', '\v' }[random.Next(6)];
            string text = $"[Network(2,{separator}2,{separator}Activation.Logistic /* {separator} */)]";
            return ("attribute text", $"/// <summary>N</summary>\n{text} public partial class Net {{ }}", Expect.Clean);
        }
    }
}
