using System;
using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model
{
    /// <summary>
    /// The initial parameters a network takes from its <c>Weights</c> file, in parameter order (the weights in the article's
    /// numbering, then the biases layer by layer: one per layer when shared); the file's name as the attribute wrote it; and
    /// per layer after the inputs, the tensors its values came from (<c>'0.weight' [2, 2]</c> and <c>'0.bias' [2]</c>; no
    /// bias: empty). Compared bit for bit, so that an edit from 0.0 to -0.0 still re-emits.
    /// </summary>
    internal sealed record BakedWeights(
        string File, EquatableArray<double> Parameters, EquatableArray<string> WeightSources, EquatableArray<string> BiasSources)
    {
        public bool Equals(BakedWeights? other) =>
            other is not null && File == other.File && WeightSources.Equals(other.WeightSources) && BiasSources.Equals(other.BiasSources)
            && Doubles.BitEqual(Parameters, other.Parameters);

        public override int GetHashCode() => (File.GetHashCode() * 31) + Parameters.Count;
    }

    /// <summary>Doubles compared by their bits (<c>0.0</c> and <c>-0.0</c> differ, a NaN equals itself).</summary>
    internal static class Doubles
    {
        public static bool BitEqual(EquatableArray<double> a, EquatableArray<double> b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            for (int i = 0; i < a.Count; i++)
            {
                if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
