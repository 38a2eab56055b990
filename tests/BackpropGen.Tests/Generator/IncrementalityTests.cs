using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BackpropGen.Generator;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>The pipeline caches: edits that touch no network re-emit nothing; an edit to one network re-emits only it.</summary>
    public class IncrementalityTests
    {
        private const string First = """
            using BackpropGen;
            namespace App { [Network(2, 2, 2, Activation.Logistic)] public partial class First { } }
            """;

        private const string Second = """
            using BackpropGen;
            namespace App { [Network(3, 4, 2, Activation.Tanh, LearningRate = 0.1)] public partial class Second { } }
            """;

        private const string Other = """
            namespace App { public static class Other { public static int Value() => 1; } }
            """;

        [Fact]
        public void An_edit_that_touches_no_network_regenerates_nothing()
        {
            (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
            CSharpCompilation edited = Replace(compilation, "Other.cs", Other.Replace("=> 1", "=> 2 + 40"));
            driver = driver.RunGenerators(edited);

            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            AssertReasons(run, TrackingNames.Model, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            AssertReasons(run, TrackingNames.Output, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            Assert.All(run.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        }

        [Fact]
        public void An_edit_inside_a_network_class_body_regenerates_nothing()
        {
            (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
            CSharpCompilation edited = Replace(compilation, "First.cs", First.Replace("class First { }", "class First { private int Helper() => 3; }"));
            driver = driver.RunGenerators(edited);

            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            AssertReasons(run, TrackingNames.Output, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void An_edit_to_one_network_regenerates_only_that_network()
        {
            (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
            CSharpCompilation edited = Replace(compilation, "Second.cs", Second.Replace("0.1", "0.2"));
            driver = driver.RunGenerators(edited);

            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            var reasons = run.TrackedSteps[TrackingNames.Output]
                .SelectMany(step => step.Outputs)
                .Select(output => (((ValueTuple<ValueTuple<NetworkModel, CompilationFacts>, EquatableArray<string>>)output.Value).Item1.Item1.Type.Name, output.Reason))
                .ToList();
            Assert.Contains(("First", IncrementalStepRunReason.Cached), reasons.Select(r => (r.Name, r.Reason == IncrementalStepRunReason.Unchanged ? IncrementalStepRunReason.Cached : r.Reason)));
            Assert.Contains(("Second", IncrementalStepRunReason.Modified), reasons);
            Assert.Contains("0.2", run.NetworkSources().Single(s => s.HintName == "App.Second.g.cs").SourceText.ToString());
        }

        [Fact]
        public void Cached_steps_hold_no_Roslyn_objects()
        {
            (GeneratorDriver driver, _) = RunOnce();
            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel) };
            foreach (KeyValuePair<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> steps in run.TrackedSteps)
            {
                if (steps.Key == TrackingNames.Parse || steps.Key == TrackingNames.Diagnostics || steps.Key == TrackingNames.Model ||
                    steps.Key == TrackingNames.CompilationFacts || steps.Key == TrackingNames.Output)
                {
                    foreach (var output in steps.Value.SelectMany(step => step.Outputs))
                    {
                        AssertNoForbidden(output.Value, forbidden, steps.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    }
                }
            }
        }

        private static void AssertNoForbidden(object? value, Type[] forbidden, string path, HashSet<object> seen)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
            {
                return;
            }

            Type type = value.GetType();
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (object? item in items)
                {
                    AssertNoForbidden(item, forbidden, $"{path}[{i++}]", seen);
                }
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                AssertNoForbidden(field.GetValue(value), forbidden, $"{path}.{field.Name}", seen);
            }
        }

        private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce()
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(First);
            compilation = compilation
                .RemoveAllSyntaxTrees()
                .AddSyntaxTrees(
                    CSharpSyntaxTree.ParseText(First, path: "First.cs"),
                    CSharpSyntaxTree.ParseText(Second, path: "Second.cs"),
                    CSharpSyntaxTree.ParseText(Other, path: "Other.cs"));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator() },
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            Assert.Equal(2, driver.GetRunResult().Results.Single().NetworkSources().Length);
            return (driver, compilation);
        }

        private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text)
        {
            SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, path));
        }

        private static void AssertReasons(GeneratorRunResult run, string step, params IncrementalStepRunReason[] allowed)
        {
            IEnumerable<IncrementalStepRunReason> reasons = run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.Contains(reason, allowed));
        }
    }
}
