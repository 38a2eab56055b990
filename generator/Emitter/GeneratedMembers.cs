using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>The names of the members the emitter adds to a network class, for the collision check (BPG0011).</summary>
    internal static class GeneratedMembers
    {
        /// <summary>Generated methods: a user's method of the same name is an overload, not a collision (the compiler reports duplicates).</summary>
        public static readonly HashSet<string> Methods = new()
        {
            "Forward", "Backward", "ApplyGradients", "Train", "TrainOnline", "ForwardBatch", "TrainBatchVector256", "Tanh256", "CopyParametersTo", "CopyGradientsTo", "SetParameters",
            "InitializeParameters", "Save", "Load",
            "Explain", "ToMermaid",
            "ForwardKernel", "ErrorKernel", "BackwardKernel", "TrainKernel", "AccumulateKernel",
        };

        /// <summary>The prefixes of the private parts of a step generated in parts (<c>ForwardPart1</c>, ...).</summary>
        public static readonly string[] PartPrefixes =
        {
            "ForwardPart", "BackwardPart", "TrainBackwardPart", "UpdatePart", "AccumulatePart", "AveragePart", "ApplyGradientsPart",
        };

        /// <summary>Whether <paramref name="name"/> is one of the generated members in <paramref name="names"/>, or the name of a part.</summary>
        public static bool IsGenerated(string name, HashSet<string> names) =>
            names.Contains(name) || PartPrefixes.Any(prefix =>
                name.Length > prefix.Length
                && name.StartsWith(prefix, System.StringComparison.Ordinal)
                && name.Substring(prefix.Length).All(char.IsDigit));

        public static HashSet<string> Names(NetworkModel model)
        {
            var layout = new NetworkLayout(model);
            var names = new HashSet<string>(Methods)
            {
                "InputCount", "OutputCount", "WeightCount", "BiasCount", "ParameterCount", "LearningRate",
                "ForwardPass", "Symbols", "_lastForwardPass", "_learningRate", "GradientSums", "_gradientSums", "WalkthroughTemplate",
                "KernelParameters", "KernelPass", "KernelDeltas", "_parameters", "_gradients", "_pass", "_deltas",
            };
            foreach (string parameter in layout.Weights.Concat(layout.Biases))
            {
                names.Add(parameter);
                names.Add(Naming.Gradient(parameter));
                names.Add(Naming.Field(parameter));
                names.Add(Naming.Field(Naming.Gradient(parameter)));
            }

            return names;
        }
    }
}
