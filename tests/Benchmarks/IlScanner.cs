using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

namespace BackpropGen.Benchmarks
{
    /// <summary>Counts the instructions of a method body's IL (the opcode table comes from System.Reflection.Emit.OpCodes).</summary>
    internal static class IlScanner
    {
        private static readonly Dictionary<short, OperandType> Operands = Load();

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
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
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
