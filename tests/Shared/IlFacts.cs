using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BackpropGen.Testing
{
    /// <summary>What the JIT's size limits look at in one method body: IL bytes, IL instructions, locals.</summary>
    internal sealed record MethodFacts(string Name, int ParameterCount, int IlBytes, int Locals, int Instructions);

    /// <summary>
    /// Reads the methods of a type in an emitted assembly and counts their IL instructions the way the JIT's importer
    /// does (the opcode table comes from System.Reflection.Emit.OpCodes). Shared by the tests (JitLimitTests) and the
    /// benchmarks (generator-cost).
    /// </summary>
    internal static class IlFacts
    {
        private static readonly Dictionary<short, OperandType> Operands = Load();

        /// <summary>Every method with a body of the type named <paramref name="typeName"/> in <paramref name="image"/>.</summary>
        public static List<MethodFacts> Methods(byte[] image, string typeName)
        {
            var result = new List<MethodFacts>();
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader reader = pe.GetMetadataReader();
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                if (reader.GetString(type.Name) != typeName)
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
                    int locals = 0;
                    if (!body.LocalSignature.IsNil)
                    {
                        BlobReader blob = reader.GetBlobReader(reader.GetStandaloneSignature(body.LocalSignature).Signature);
                        blob.ReadSignatureHeader();
                        locals = blob.ReadCompressedInteger();
                    }

                    byte[] il = body.GetILBytes() ?? Array.Empty<byte>();
                    result.Add(new MethodFacts(reader.GetString(method.Name), method.GetParameters().Count, il.Length, locals, CountInstructions(il)));
                }
            }

            return result;
        }

        /// <summary>The IL instructions of a method body (a <c>nop</c> counts, as it does for the JIT).</summary>
        public static int CountInstructions(byte[] il)
        {
            int count = 0;
            int position = 0;
            while (position < il.Length)
            {
                short value = il[position] == 0xFE && position + 1 < il.Length ? (short)(0xFE00 | il[position + 1]) : il[position];
                position += value > 0xFF || value < 0 ? 2 : 1;
                if (!Operands.TryGetValue(value, out OperandType operand))
                {
                    throw new InvalidOperationException($"Unknown IL opcode 0x{value:X} at {position}.");
                }

                position += operand switch
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

        private static Dictionary<short, OperandType> Load()
        {
            var table = new Dictionary<short, OperandType>();
            foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetValue(null) is OpCode opCode)
                {
                    table[opCode.Value] = opCode.OperandType;
                }
            }

            return table;
        }
    }
}
