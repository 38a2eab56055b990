using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BackpropGen.Testing;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// Every method on a training path stays under the limits above which the JIT compiles a method without optimisation
    /// for the life of the process (<c>DEFAULT_MIN_OPTS_*</c> in the JIT's compiler.cpp: 20,000 IL instructions, 60,000
    /// IL bytes, 2,000 locals): small networks in one method each, large ones in parts. Measured on the IL that Roslyn
    /// emits in Release, not on the generator's estimate.
    /// </summary>
    public class JitLimitTests
    {
        private const int MaxInstructions = 20000;
        private const int MaxIlBytes = 60000;
        private const int MaxLocals = 2000;

        private static readonly string[] TrainingPaths =
        {
            "Forward", "Backward", "ApplyGradients", "Train", "Step", "TrainOnline", "ForwardBatch", "StepVector256",
            "ForwardKernel", "ErrorKernel", "BackwardKernel", "TrainKernel", "AccumulateKernel",
        };

        private readonly ITestOutputHelper _output;

        public JitLimitTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Networks() => new[]
        {
            // The article; around the line between one method and parts; deep; both update rules; the default limit.
            new object[] { "2, 2, 2, Activation.Logistic" },
            new object[] { "4, 8, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true" },
            new object[] { "8, 16, 8, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, CodeShape = CodeShape.Unrolled" },
            new object[] { "10, 20, 10, Activation.Logistic, CodeShape = CodeShape.Unrolled" },
            new object[] { "12, 24, 12, Activation.ReLU, OutputActivation = Activation.Identity, UpdateRule = UpdateRule.OutputLayerFirst" },
            new object[] { "16, 32, 32, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, CodeShape = CodeShape.Unrolled" },
            new object[] { "8, 8, 8, 8, 8, 8, 8, 8, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, CodeShape = CodeShape.Unrolled" },
            new object[] { "64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, CodeShape = CodeShape.Unrolled" },
            // With an optimizer (issue 13): its update in one method, near the line, and in parts of its own (OptimizerPart1, ...).
            new object[] { "4, 8, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, Optimizer = Optimizer.Adam" },
            new object[] { "8, 16, 8, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Adam, WeightDecay = 0.01" },
            new object[] { "10, 20, 10, Activation.Logistic, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Momentum" },
            new object[] { "64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, TrainBiases = true, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Adam" },
            new object[] { "33, 60, 30, 5, Activation.LeakyReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam" },
            // The vectorised shape: its kernels stay small at every size.
            new object[] { "3, 5, 7, 2, Activation.Tanh, CodeShape = CodeShape.Vectorized" },
            new object[] { "64, 48, 10, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true" },
            new object[] { "33, 60, 30, 5, Activation.LeakyReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy" },
        };

        [Theory]
        [MemberData(nameof(Networks))]
        public void Every_training_method_is_small_enough_for_the_JIT_to_optimise(string arguments)
        {
            List<MethodFacts> methods = CompileAndMeasure(arguments);
            if (methods.Any(m => m.Name == "ForwardKernel"))
            {
                // The vectorised shape: every kernel is there, and each stays far below the limits (a loop, not an unroll)
                Assert.All(new[] { "ForwardKernel", "ErrorKernel", "BackwardKernel", "TrainKernel", "AccumulateKernel" }, name =>
                    Assert.True(methods.Single(m => m.Name == name).Instructions < 5000, name + " is not small"));
            }

            foreach (MethodFacts method in methods.OrderByDescending(m => m.Instructions))
            {
                _output.WriteLine($"{method.Name,-24} {method.Instructions,8} instructions {method.IlBytes,8} IL bytes {method.Locals,6} locals");
            }

            // A step in parts: each part near the sizes the generator aims for. It counts StepParts.LocalsPerPart locals
            // besides η (so at most 241, below the 255 that ldloc.s reaches) and an estimated StepParts.InstructionsPerPart
            // IL instructions, an estimate that measured up to 26% low (5,041 in a forward part): 5,500 is the bound checked.
            Assert.All(methods.Where(m => GeneratedPart(m.Name)), part =>
            {
                Assert.True(part.Locals <= BackpropGen.Generator.Emitter.StepParts.LocalsPerPart + 1, $"{part.Name} has {part.Locals} locals");
                Assert.True(part.Instructions <= 5500, $"{part.Name} has {part.Instructions} IL instructions");
            });

            List<MethodFacts> training = methods.Where(IsTrainingPath).ToList();
            Assert.Contains(training, m => m.Name == "Train");
            MethodFacts[] over = training.Where(m => m.Instructions >= MaxInstructions || m.IlBytes >= MaxIlBytes || m.Locals >= MaxLocals).ToArray();
            Assert.True(
                over.Length == 0,
                "Over the JIT's limits: " + string.Join(", ", over.Select(m => $"{m.Name} ({m.Instructions} instructions, {m.IlBytes} IL bytes, {m.Locals} locals)")));
        }

        private static bool IsTrainingPath(MethodFacts method) =>
            TrainingPaths.Contains(method.Name) || GeneratedPart(method.Name);

        private static bool GeneratedPart(string name)
        {
            int digits = name.Length;
            while (digits > 0 && char.IsDigit(name[digits - 1]))
            {
                digits--;
            }

            return digits < name.Length && name.Substring(0, digits).EndsWith("Part", StringComparison.Ordinal);
        }

        private static List<MethodFacts> CompileAndMeasure(string arguments)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                $"using BackpropGen;\n[Network({arguments}, MaxWeights = 4096)]\npublic partial class Net {{ }}\n")
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
            // Nothing but advice (the 64-32-32-32 network with Adam trains its softmax layer's shared bias: BPG0034, Info)
            Assert.Empty(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics));
            return IlFacts.Methods(stream.ToArray(), "Net");
        }
    }
}
