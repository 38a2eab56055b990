using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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
            "Forward", "Backward", "ApplyGradients", "Train", "TrainOnline", "ForwardBatch", "TrainBatchVector256", "Tanh256",
        };

        private readonly ITestOutputHelper _output;

        public JitLimitTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Networks() => new[]
        {
            // The article; around the line between one method and parts; deep; both update rules; the default limit.
            new object[] { "2, 2, 2, Activation.Logistic" },
            new object[] { "4, 8, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true" },
            new object[] { "8, 16, 8, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true" },
            new object[] { "10, 20, 10, Activation.Logistic" },
            new object[] { "12, 24, 12, Activation.ReLU, OutputActivation = Activation.Identity, UpdateRule = UpdateRule.OutputLayerFirst" },
            new object[] { "16, 32, 32, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true" },
            new object[] { "8, 8, 8, 8, 8, 8, 8, 8, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy" },
            new object[] { "64, 32, 32, 32, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy" },
        };

        [Theory]
        [MemberData(nameof(Networks))]
        public void Every_training_method_is_small_enough_for_the_JIT_to_optimise(string arguments)
        {
            List<IlMethod> methods = CompileAndMeasure(arguments);
            foreach (IlMethod method in methods.OrderByDescending(m => m.Instructions))
            {
                _output.WriteLine($"{method.Name,-24} {method.Instructions,8} instructions {method.IlBytes,8} IL bytes {method.Locals,6} locals");
            }

            List<IlMethod> training = methods.Where(IsTrainingPath).ToList();
            Assert.Contains(training, m => m.Name == "Train");
            IlMethod[] over = training.Where(m => m.Instructions >= MaxInstructions || m.IlBytes >= MaxIlBytes || m.Locals >= MaxLocals).ToArray();
            Assert.True(
                over.Length == 0,
                "Over the JIT's limits: " + string.Join(", ", over.Select(m => $"{m.Name} ({m.Instructions} instructions, {m.IlBytes} IL bytes, {m.Locals} locals)")));
        }

        private static bool IsTrainingPath(IlMethod method) =>
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

        private static List<IlMethod> CompileAndMeasure(string arguments)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(
                $"using BackpropGen;\n[Network({arguments}, MaxWeights = 4096)]\npublic partial class Net {{ }}\n")
                .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
            Assert.Empty(result.Diagnostics);
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics));
            stream.Position = 0;
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            var methods = new List<IlMethod>();
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                if (reader.GetString(type.Name) != "Net")
                {
                    continue;
                }

                foreach (MethodDefinitionHandle handle in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(handle);
                    if (method.RelativeVirtualAddress == 0)
                    {
                        continue;
                    }

                    MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    byte[] il = body.GetILBytes() ?? Array.Empty<byte>();
                    int locals = 0;
                    if (!body.LocalSignature.IsNil)
                    {
                        BlobReader signature = reader.GetBlobReader(reader.GetStandaloneSignature(body.LocalSignature).Signature);
                        signature.ReadByte(); // LOCAL_SIG
                        locals = signature.ReadCompressedInteger();
                    }

                    methods.Add(new IlMethod(reader.GetString(method.Name), CountInstructions(il), il.Length, locals));
                }
            }

            return methods;
        }

        private sealed record IlMethod(string Name, int Instructions, int IlBytes, int Locals);

        private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value, code => code.OperandType);

        private static int CountInstructions(byte[] il)
        {
            int count = 0;
            int position = 0;
            while (position < il.Length)
            {
                short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
                position += il[position] == 0xFE ? 2 : 1;
                position += Operands[value] switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
                    _ => 4,
                };
                count++;
            }

            return count;
        }
    }
}
