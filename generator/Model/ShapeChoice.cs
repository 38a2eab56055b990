namespace BackpropGen.Generator.Model
{
    /// <summary>Which code shape a network gets: the rule behind <c>CodeShape.Auto</c>, and why an explicit <c>Vectorized</c> may fall back.</summary>
    internal static class ShapeChoice
    {
        /// <summary>
        /// The smallest network that <c>CodeShape.Auto</c> vectorises. The vectorised step measured 0.56x the unrolled one at
        /// 40 weights and 0.49x at 72, level at 8 (BenchmarkDotNet, one process; see README's "Code shapes"); the line
        /// leaves the networks of up to 63 weights their named, traced code (Symbols, Explain).
        /// </summary>
        public const int MinWeightsVectorized = 64;

        /// <summary>The shape <paramref name="model"/> is generated in, for a compilation with <paramref name="facts"/>.</summary>
        public static CodeShapeKind Resolve(NetworkModel model, CompilationFacts facts)
        {
            if (model.CodeShape == CodeShapeKind.Unrolled || WhyNotVectorized(model, facts) is not null)
            {
                return CodeShapeKind.Unrolled;
            }

            return model.CodeShape == CodeShapeKind.Vectorized || model.WeightCount >= MinWeightsVectorized
                ? CodeShapeKind.Vectorized
                : CodeShapeKind.Unrolled;
        }

        /// <summary>Why the network cannot be vectorised in this compilation (the text of BPG0022), or null when it can.</summary>
        public static string? WhyNotVectorized(NetworkModel model, CompilationFacts facts)
        {
            if (model.UpdateRule == UpdateRuleKind.OutputLayerFirst && model.Layers.Count > 2)
            {
                return "UpdateRule.OutputLayerFirst with hidden layers is generated unrolled only";
            }

            if (!facts.HasSpan || !facts.HasVector256)
            {
                return "the project has no Vector256.Exp or Vector256.FusedMultiplyAdd (they need .NET 9 or later)";
            }

            return facts.HasInlineArray ? null : "the project has no [InlineArray] (it needs C# 12 or later)";
        }
    }
}
