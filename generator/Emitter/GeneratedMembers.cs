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
            "Forward", "Backward", "ApplyGradients", "Train", "CopyParametersTo", "CopyGradientsTo", "SetParameters",
            "InitializeParameters", "Save", "Load", "FileHeader", "ReadExactly", "WriteInt64", "ReadInt32", "ReadInt64",
            "Explain", "ErrorAt", "ToMermaid", "ExplainNumber", "ExplainOperand", "ExplainLine",
        };

        public static HashSet<string> Names(NetworkModel model)
        {
            var layout = new NetworkLayout(model);
            var names = new HashSet<string>(Methods)
            {
                "InputCount", "OutputCount", "WeightCount", "BiasCount", "ParameterCount", "LearningRate",
                "ForwardPass", "Symbols", "_lastForwardPass",
            };
            foreach (string parameter in layout.Weights.Concat(layout.Biases))
            {
                names.Add(parameter);
                names.Add(Naming.Gradient(parameter));
            }

            return names;
        }
    }
}
