using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackpropGen.CodeFixes;
using BackpropGen.Generator;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>The code fix for BPG0001/BPG0002 adds the missing partial keyword, and the result generates cleanly.</summary>
    public class CodeFixTests
    {
        [Theory]
        [InlineData(
            "[Network(2, 2, 2, Activation.Logistic)]\npublic class Net { }",
            "[Network(2, 2, 2, Activation.Logistic)]\npublic partial class Net { }")]
        [InlineData(
            "[Network(2, 2, 2, Activation.Logistic)]\nclass Net { }",
            "[Network(2, 2, 2, Activation.Logistic)]\npartial class Net { }")]
        [InlineData(
            "public static class Outer\n{\n    [Network(2, 2, 2, Activation.Logistic)]\n    internal partial class Net { }\n}",
            "public static partial class Outer\n{\n    [Network(2, 2, 2, Activation.Logistic)]\n    internal partial class Net { }\n}")]
        public async Task Adds_the_missing_partial(string declaration, string expected)
        {
            const string Usings = "using BackpropGen;\n";
            using var workspace = new AdhocWorkspace();
            Project project = workspace.CurrentSolution
                .AddProject("Consumer", "Consumer", LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
                .WithMetadataReferences(Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)));
            Document document = project.AddDocument("Network.cs", Usings + declaration);

            Compilation compilation = (await document.Project.GetCompilationAsync())!;
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new NetworkGenerator()).RunGenerators(compilation);
            Diagnostic diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
            Assert.Contains(diagnostic.Id, new[] { "BPG0001", "BPG0002" });

            var fix = new AddPartialCodeFix();
            Assert.Contains(diagnostic.Id, fix.FixableDiagnosticIds);
            var actions = ImmutableArray.CreateBuilder<CodeAction>();
            Diagnostic located = Diagnostic.Create(diagnostic.Descriptor, Location.Create((await document.GetSyntaxTreeAsync())!, diagnostic.Location.SourceSpan));
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, located, (action, _) => actions.Add(action), CancellationToken.None));
            CodeAction action = Assert.Single(actions);

            ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
            Solution fixedSolution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            SourceText text = await fixedSolution.GetDocument(document.Id)!.GetTextAsync();
            Assert.Equal(Usings + expected, text.ToString());

            Compilation fixedCompilation = (await fixedSolution.GetDocument(document.Id)!.Project.GetCompilationAsync())!;
            Assert.Empty(CSharpGeneratorDriver.Create(new NetworkGenerator()).RunGenerators(fixedCompilation).GetRunResult().Diagnostics);
        }
    }
}
