using System;
using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator;
using BackpropGen.Generator.Emitter;
using BackpropGen.Generator.Model;
using BackpropGen.Tests.Infrastructure;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>Issue 12's generator items, one test each: the generator never throws and leaves no error in generated code.</summary>
    public class ReliabilityTests
    {
        private static (GeneratorRunResult Run, Compilation Output) RunWithDocs(string source)
        {
            var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(new[] { ("Network.cs", source) }, options));
            GeneratorRunResult run = result.Results.Single();
            Assert.True(run.Exception is null, run.Exception?.ToString());
            return (run, output);
        }

        private static void AssertClean(Compilation output, params string[] ignoredIds)
        {
            var diagnostics = GeneratorHarness.CompileDiagnostics(output).Where(d => !ignoredIds.Contains(d.Id)).ToList();
            Assert.True(diagnostics.Count == 0, GeneratorHarness.Describe(diagnostics));
        }

        [Fact]
        public void Networks_whose_names_differ_only_in_case_all_get_code_in_distinct_files()
        {
            const string Source = """
                using BackpropGen;
                namespace App
                {
                    /// <summary>N</summary>
                    [Network(2, 2, Activation.Tanh)] public partial class Net { }
                    /// <summary>N</summary>
                    [Network(2, 1, Activation.Tanh)] public partial class NET { }
                }
                namespace APP
                {
                    /// <summary>N</summary>
                    [Network(1, 1, Activation.Tanh)] public partial class Net { }
                }
                namespace Other
                {
                    /// <summary>N</summary>
                    [Network(1, 1, Activation.Tanh)] public partial class Net { }
                }
                """;
            (GeneratorRunResult run, Compilation output) = RunWithDocs(Source);
            string[] names = run.NetworkSources().Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(4, names.Length);
            Assert.Equal(4, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

            // A name without a case-insensitive twin stays the plain type name; twins get a hash of the exact name.
            Assert.Contains("Other.Net.g.cs", names);
            Assert.All(names.Where(n => !n.StartsWith("Other.", StringComparison.Ordinal)), n => Assert.Matches(@"^(App\.Net|App\.NET|APP\.Net)-[0-9a-f]{8}\.g\.cs$", n));
            AssertClean(output);

            // Deterministic per type: the same networks declared in another order, with another network more, keep their names.
            int other = Source.IndexOf("namespace APP", StringComparison.Ordinal);
            string reordered = Source.Substring(0, "using BackpropGen;\n".Length) + Source.Substring(other) + "\n" + Source.Substring("using BackpropGen;\n".Length, other - "using BackpropGen;\n".Length)
                + "\nnamespace More { /// <summary>N</summary>\n[Network(1, 1, Activation.Tanh)] public partial class Net { } }";
            (GeneratorRunResult again, _) = RunWithDocs(reordered);
            Assert.Equal(names, again.NetworkSources().Select(s => s.HintName).Where(n => !n.StartsWith("More.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void Verbatim_identifiers_get_file_safe_hint_names_and_escaped_declarations()
        {
            const string Source = """
                using BackpropGen;
                namespace App.@class
                {
                    /// <summary>N</summary>
                    [Network(2, 2, Activation.Tanh)] public partial class @class { }
                    /// <summary>N</summary>
                    public partial struct @struct
                    {
                        /// <summary>N</summary>
                        [Network(2, 1, Activation.Tanh)] public partial class @record { }
                    }
                }
                """;
            (GeneratorRunResult run, Compilation output) = RunWithDocs(Source);
            Assert.Equal(
                new[] { "App.class.class.g.cs", "App.class.struct.record.g.cs" },
                run.NetworkSources().Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Contains("partial class @record", run.NetworkSources().Single(s => s.HintName.Contains("record", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);

            // CS8981 (a type name of lower-case letters only) is the user's warning about @class and @struct, at their declarations.
            Assert.All(GeneratorHarness.CompileDiagnostics(output).Where(d => d.Id == "CS8981"), d => Assert.Equal("Network.cs", d.Location.GetLineSpan().Path));
            AssertClean(output, "CS8981");
        }

        [Fact]
        public void A_class_in_a_namespace_and_one_nested_in_a_class_of_that_name_get_distinct_files()
        {
            // App.A.Net twice: in namespace App.A, and nested in class App.A. The user's code is already an error (CS0101:
            // App holds a namespace and a class A), but the generator must not throw over the two equal display names.
            const string Source = """
                using BackpropGen;
                namespace App.A { /// <summary>N</summary>
                [Network(2, 2, 2, Activation.Logistic)] public partial class Net { } }
                namespace App { /// <summary>N</summary>
                public partial class A { /// <summary>N</summary>
                [Network(2, 2, 2, Activation.Logistic)] public partial class Net { } } }
                """;
            (GeneratorRunResult run, _) = RunWithDocs(Source);
            string[] names = run.NetworkSources().Select(s => s.HintName).ToArray();
            Assert.Equal(2, names.Length);
            Assert.Equal(2, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void A_containing_type_parameter_named_TMode_moves_the_steps_own_aside()
        {
            const string Source = """
                using BackpropGen;
                namespace App
                {
                    /// <summary>N</summary>
                    public partial class Outer<TMode, TMode1>
                    {
                        /// <summary>N</summary>
                        [Network(2, 2, 2, Activation.Logistic)] public partial class Net { }
                    }
                }
                """;
            (GeneratorRunResult run, Compilation output) = RunWithDocs(Source);
            string code = run.NetworkSources().Single().SourceText.ToString();
            Assert.Contains("private double Step<TMode2>(", code, StringComparison.Ordinal);
            Assert.Contains("if (!default(TMode2).Updates)", code, StringComparison.Ordinal);
            Assert.DoesNotContain("Step<TMode>", code, StringComparison.Ordinal);
            AssertClean(output);
        }

        [Fact]
        public void Type_names_of_lower_case_letters_are_escaped_in_the_generated_declarations()
        {
            // CS8981 (a type name of lower-case ASCII letters only) is not reported for the user's @net, and must not be for
            // the generated partial declarations either; nor for a containing type's type parameter.
            const string Source = """
                using BackpropGen;
                namespace App
                {
                    /// <summary>N</summary>
                    [Network(2, 2, 2, Activation.Logistic)] public partial class @net { }
                    /// <summary>N</summary>
                    public partial class @outer<@eta>
                    {
                        /// <summary>N</summary>
                        [Network(8, 8, 8, Activation.Tanh)] public partial class @value { }
                    }
                }
                """;
            (GeneratorRunResult run, Compilation output) = RunWithDocs(Source);
            Assert.Contains(run.NetworkSources(), s => s.SourceText.ToString().Contains("partial class @outer<@eta>", StringComparison.Ordinal));
            AssertClean(output);
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp7_2)]
        [InlineData(LanguageVersion.CSharp7)]
        [InlineData(LanguageVersion.CSharp6)]
        public void A_language_version_before_7_3_is_BPG0032_and_no_code(LanguageVersion version)
        {
            const string Source = "using BackpropGen;\nnamespace App { [Network(2, 2, 2, Activation.Logistic)] public partial class Net { } }";
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source, version, NullableContextOptions.Disable));
            GeneratorRunResult run = result.Results.Single();
            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratedSources);
            Diagnostic diagnostic = Assert.Single(run.Diagnostics);
            Assert.Equal("BPG0032", diagnostic.Id);
            Assert.Equal("Network(2, 2, 2, Activation.Logistic)", Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
            Assert.Contains("C# " + version.ToDisplayString(), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Empty(GeneratorHarness.CompileDiagnostics(output).Where(d => d.Id != "CS8019"));
        }

        [Fact]
        public void A_referenced_assembly_whose_helpers_are_visible_leaves_no_warning()
        {
            // A library with a network grants a consumer with networks InternalsVisibleTo (as to its test project): both
            // assemblies have the internal BackpropGen.Generated helpers, and the consumer's generated code uses its own.
            const string Library = """
                using BackpropGen;
                [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Consumer")]
                namespace Lib { /// <summary>N</summary>
                [Network(8, 16, 4, Activation.Tanh)] public partial class Big { } }
                """;
            CSharpCompilation library = GeneratorHarness.CreateCompilation(Library).WithAssemblyName("Lib");
            (_, Compilation libraryOutput) = GeneratorHarness.Run(library);
            AssertClean(libraryOutput);
            Assert.NotNull(libraryOutput.GetTypeByMetadataName("BackpropGen.Generated.VectorMath"));

            const string Consumer = """
                using BackpropGen;
                namespace App
                {
                    /// <summary>N</summary>
                    [Network(8, 16, 4, Activation.Tanh)] public partial class Big { }
                    /// <summary>N</summary>
                    [Network(2, 2, 2, Activation.Logistic)] public partial class Net { }
                }
                """;
            CSharpCompilation consumer = GeneratorHarness.CreateCompilation(Consumer).AddReferences(libraryOutput.ToMetadataReference());
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(consumer);
            AssertClean(output);

            // The warning is silenced where, and only where, another assembly's helpers are visible.
            Assert.All(result.Results.Single().GeneratedSources, s => Assert.Contains("#pragma warning disable CS0436", s.SourceText.ToString(), StringComparison.Ordinal));
            (GeneratorDriverRunResult alone, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Consumer));
            Assert.All(alone.Results.Single().GeneratedSources, s => Assert.DoesNotContain("CS0436", s.SourceText.ToString(), StringComparison.Ordinal));
        }

        [Fact]
        public void A_line_separator_in_the_attribute_stays_inside_the_header_comment()
        {
            string source = "using BackpropGen;\n/// <summary>N</summary>\n[Network(2,\u2028 2,\u2029 1,\u0085 Activation.Tanh)] public partial class Net { }";
            (GeneratorRunResult run, Compilation output) = RunWithDocs(source);
            string text = run.NetworkSources().Single().SourceText.ToString();
            Assert.Contains("// Generated by BackpropGen ", text, StringComparison.Ordinal);
            Assert.Contains("from [Network(2, 2, 1, Activation.Tanh)] on Net.", text, StringComparison.Ordinal);
            AssertClean(output);
        }

        [Fact]
        public void A_nameless_class_gets_no_generated_code_and_only_the_compilers_error()
        {
            (GeneratorRunResult run, Compilation output) = RunWithDocs("using BackpropGen;\n[Network(2, 2, Activation.Tanh)] partial class { }");
            Assert.Empty(run.NetworkSources());
            Assert.Empty(run.Diagnostics);
            Assert.All(GeneratorHarness.CompileDiagnostics(output), d => Assert.Equal("Network.cs", d.Location.GetLineSpan().Path));
        }

        [Fact]
        public void Two_Network_attributes_on_partial_declarations_give_BPG0017_and_no_code()
        {
            (GeneratorRunResult run, _) = RunWithDocs(
                "using BackpropGen;\n[Network(2, 2, Activation.Tanh)] public partial class Net { }\n[Network(2, 1, Activation.Tanh)] public partial class Net { }\n[Network(2, 1, Activation.Tanh)] public partial class Net { }");
            Assert.Empty(run.NetworkSources());
            Assert.Equal(2, run.Diagnostics.Count(d => d.Id == "BPG0017"));
        }

        [Fact]
        public void A_method_overloading_a_generated_name_with_another_parameter_count_is_allowed()
        {
            (GeneratorRunResult run, Compilation output) = RunWithDocs("""
                using BackpropGen;
                /// <summary>N</summary>
                [Network(2, 2, 2, Activation.Logistic)]
                public partial class Net
                {
                    /// <summary>M</summary>
                    public void Save(string path, bool overwrite) { }
                    /// <summary>M</summary>
                    public double Train(double[][] samples) => samples.Length;
                }
                """);
            Assert.Empty(run.Diagnostics);
            Assert.Single(run.NetworkSources());
            AssertClean(output);
        }

        [Fact]
        public void A_type_named_System_in_the_global_namespace_is_reported()
        {
            (GeneratorRunResult run, Compilation output) = RunWithDocs(
                "using BackpropGen;\n/// <summary>S</summary>\npublic class System { }\nnamespace App { /// <summary>N</summary>\n[Network(2, 1, Activation.Tanh)] public partial class Net { } }");
            // global::System then names the type, not the namespace (CS0437), so no generated code could compile: BPG0021.
            Diagnostic diagnostic = Assert.Single(run.Diagnostics);
            Assert.Equal("BPG0021", diagnostic.Id);
            Assert.Equal("Network.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Empty(run.NetworkSources());
            Assert.DoesNotContain(GeneratorHarness.CompileDiagnostics(output), d => d.Location.GetLineSpan().Path != "Network.cs");
        }

        /// <summary>Users may declare their own <c>BackpropGen.NetworkAttribute</c>; any shape the generator does not expect is BPG0012.</summary>
        [Theory]
        [InlineData("public NetworkAttribute(params int[] sizes) { }", "[Network(2, 2, 2)]")]
        [InlineData("public NetworkAttribute(int a, int b, Activation c) { } public string LearningRate { get; set; } = \"\";", "[Network(2, 2, Activation.Tanh, LearningRate = \"fast\")]")]
        [InlineData("public NetworkAttribute(int a, int b, Activation c) { } public double MaxWeights { get; set; }", "[Network(2, 2, Activation.Tanh, MaxWeights = 1e300)]")]
        [InlineData("public NetworkAttribute(int a, int b, Activation c) { } public long TrainBiases { get; set; }", "[Network(2, 2, Activation.Tanh, TrainBiases = 5)]")]
        [InlineData("public NetworkAttribute(int a, int b, int c) { }", "[Network(2, 2, 1)]")]
        [InlineData("public NetworkAttribute(long a, long b, Activation c) { }", "[Network(2, 2, Activation.Tanh)]")]
        [InlineData("public NetworkAttribute(int a, int b, Other c) { }", "[Network(2, 2, Other.A)]")]
        [InlineData("public NetworkAttribute(int a, int b, Activation c) { } public Activation[] OutputActivation { get; set; } = null!;", "[Network(2, 2, Activation.Tanh, OutputActivation = new[] { Activation.Tanh })]")]
        public void A_user_defined_NetworkAttribute_of_another_shape_is_BPG0012(string members, string usage)
        {
            string source = $$"""
                namespace BackpropGen
                {
                    public enum Activation { Logistic, Tanh }
                    public enum Other { A }
                    [System.AttributeUsage(System.AttributeTargets.Class)]
                    public sealed class NetworkAttribute : System.Attribute { {{members}} }
                    {{usage}} public partial class Net { }
                }
                """;
            var compilation = CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Network.cs") },
                Net100.References.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(compilation);
            GeneratorRunResult run = result.Results.Single();
            Assert.True(run.Exception is null, run.Exception?.ToString());
            Assert.Empty(run.NetworkSources());
            Assert.Contains(run.Diagnostics, d => d.Id == "BPG0012" && d.Location.GetLineSpan().Path == "Network.cs");
        }

        /// <summary>
        /// The collision sweep (BPG0011, BPG0016, BPG0018) works from a table of the generated members; this reads every
        /// member the generator actually wrote (one method, in parts, vectors, Symbols, Explain) and checks that the table
        /// knows its name and, for a method, its parameter count. A member added to the emitter fails here until the table
        /// has it.
        /// </summary>
        [Theory]
        [InlineData("2, 3, 2, Activation.Logistic")]
        [InlineData("3, 4, 4, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true")]
        [InlineData("2, 3, 1, Activation.ReLU, Bias = BiasMode.None, UpdateRule = UpdateRule.OutputLayerFirst")]
        [InlineData("16, 32, 32, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true")]
        [InlineData("3, 3, 2, Activation.Tanh, Precision = Precision.Single, CodeShape = CodeShape.Vectorized")]
        [InlineData("2, 3, 2, Activation.Logistic, Precision = Precision.Single")]
        [InlineData("8, 16, 4, Activation.Tanh, Optimizer = Optimizer.Adam, CodeShape = CodeShape.Vectorized")]
        [InlineData("2, 3, 2, Activation.Logistic, Optimizer = Optimizer.Momentum, Precision = Precision.Single")]
        public void The_collision_sweep_knows_every_generated_member_and_signature(string arguments)
        {
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($"using BackpropGen;\n[Network({arguments})] public partial class Net {{ }}");
            GeneratorRunResult run = result.Results.Single();
            var model = (NetworkModel)run.TrackedSteps["Model"].SelectMany(step => step.Outputs).Single().Value;
            HashSet<string> names = GeneratedMembers.Names(model);
            Dictionary<string, HashSet<int>> counts = GeneratedMembers.MethodParameterCounts(model);
            ClassDeclarationSyntax network = CSharpSyntaxTree.ParseText(run.NetworkSources().Single().SourceText).GetRoot()
                .DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "Net");
            var unknown = new List<string>();
            foreach (MemberDeclarationSyntax member in network.Members)
            {
                IEnumerable<string> declared = member switch
                {
                    MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
                    // INetwork.Description: an explicit implementation has no name in the class that a member could take.
                    PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: not null } => Array.Empty<string>(),
                    PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText, "get_" + property.Identifier.ValueText },
                    FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
                    BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
                    _ => new[] { member.Kind().ToString() },
                };
                unknown.AddRange(declared.Where(name => !GeneratedMembers.IsGenerated(name, names)));
                if (member is MethodDeclarationSyntax m && counts.TryGetValue(m.Identifier.ValueText, out HashSet<int>? arities)
                    && !arities.Contains(m.ParameterList.Parameters.Count))
                {
                    unknown.Add($"{m.Identifier.ValueText} with {m.ParameterList.Parameters.Count} parameters");
                }
            }

            Assert.True(unknown.Count == 0, "Not in GeneratedMembers: " + string.Join(", ", unknown));
            Assert.Contains(network.Members.OfType<MethodDeclarationSyntax>(), m => m.Identifier.ValueText == "Train");
        }
    }
}
