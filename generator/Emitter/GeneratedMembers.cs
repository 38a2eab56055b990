using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>The names of the members the emitter adds to a network class, for the collision check (BPG0011).</summary>
    internal static class GeneratedMembers
    {
        /// <summary>Generated methods: a user's method of the same name is an overload when its parameter count differs (<see cref="MethodParameterCounts"/>).</summary>
        public static readonly HashSet<string> Methods = new()
        {
            "Forward", "Backward", "ApplyGradients", "Train", "Step", "TrainOnline", "ForwardBatch", "Evaluate", "StepVector256", "CopyParametersTo", "CopyGradientsTo", "SetParameters",
            "InitializeParameters", "Save", "Load",
            "Explain", "ToMermaid",
            "ForwardKernel", "ErrorKernel", "BackwardKernel", "TrainKernel", "AccumulateKernel", "AccumulatePairKernel", "PairErrorKernel", "MaterializeGradients",
            "BakedParameters", "AllocateBlock", "CopyInParameterOrder", "ApplyPendingUpdate", "LanesKernel",
        };

        /// <summary>The prefixes of the private parts of a step generated in parts (<c>ForwardPart1</c>, ...).</summary>
        public static readonly string[] PartPrefixes =
        {
            "ForwardPart", "BackwardPart", "TrainBackwardPart", "UpdatePart", "ErrorPart", "AccumulatePart", "AveragePart", "ApplyGradientsPart", "OptimizerPart",
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
                "ForwardPass", "Symbols", "_lastForwardPass", "_learningRate", "GradientSums", "_gradientSums",
                "KernelParameters", "KernelPass", "KernelDeltas", "KernelBlock", "_block", "_gradientsFactored", "_gradientsOfPass",
                "KernelPendingUpdate", "_updatePending", "KernelLanes",
                "_networkDescription",
            };
            // The vectorised shape's storages: properties into its block
            foreach (string storage in new[] { "Block", "_parameters", "_gradients", "_pass", "_deltas", "_pass2", "_deltas2", "_pendingUpdate", "_lanes" })
            {
                AddProperty(names, storage);
            }

            AddProperty(names, "LearningRate");
            foreach (string parameter in layout.Weights.Concat(layout.Biases))
            {
                AddProperty(names, parameter);
                AddProperty(names, Naming.Gradient(parameter));
                names.Add(Naming.Field(parameter));
                names.Add(Naming.Field(Naming.Gradient(parameter)));
            }

            if (model.Precision == PrecisionKind.Single)
            {
                // INetwork in doubles over a float network: the float copies of the spans that come through it
                foreach (string view in new[] { "_viewInputs", "_viewOutputs", "_viewTargets", "_viewParameters" })
                {
                    names.Add(view);
                }
            }

            if (model.HasOptimizer)
            {
                // The hyperparameters' properties and fields, the step count, and every state value's property and field
                foreach (string property in new[] { "Momentum", "Beta1", "Beta2", "Epsilon", "WeightDecay" })
                {
                    AddProperty(names, property);
                    names.Add("_" + char.ToLowerInvariant(property[0]) + property.Substring(1));
                }

                names.Add("ResetOptimizer");
                AddProperty(names, Naming.Step);
                names.Add("_t");
                foreach (string storage in new[] { "_m", "_v", "_velocity" })
                {
                    AddProperty(names, storage);
                }

                foreach (string parameter in layout.Weights.Concat(layout.Biases))
                {
                    foreach (string state in new[] { Naming.Velocity(parameter), Naming.FirstMoment(parameter), Naming.SecondMoment(parameter) })
                    {
                        AddProperty(names, state);
                        names.Add(Naming.Field(state));
                    }
                }
            }

            return names;
        }

        /// <summary>
        /// The parameter counts of every overload each generated method may have for this network (whether or not this
        /// compilation gets it). A test parses generated files and checks that this table covers every method in them.
        /// </summary>
        public static Dictionary<string, HashSet<int>> MethodParameterCounts(NetworkModel model)
        {
            int inputs = model.Layers[0], outputs = model.Layers[model.Layers.Count - 1], sample = inputs + outputs;
            return new Dictionary<string, HashSet<int>>
            {
                ["Forward"] = new() { sample, 2 },
                ["Backward"] = new() { outputs },
                ["ApplyGradients"] = new() { 0 },
                ["Train"] = new() { sample, sample + 1, 2 },
                ["Step"] = new() { sample + 1 },
                ["TrainOnline"] = new() { 2, 3 },
                ["ForwardBatch"] = new() { 2 },
                ["Evaluate"] = new() { 2 },
                ["StepVector256"] = new() { 4 },
                ["CopyParametersTo"] = new() { 1 },
                ["CopyGradientsTo"] = new() { 1 },
                ["SetParameters"] = new() { 1 },
                ["InitializeParameters"] = new() { 1 },
                ["Save"] = new() { 1 },
                ["Load"] = new() { 1 },
                ["Explain"] = new() { 3 },
                ["ToMermaid"] = new() { 0 },
                ["ResetOptimizer"] = new() { 0 },
                ["ForwardKernel"] = new() { 1 },
                ["ErrorKernel"] = new() { 0 },
                ["PairErrorKernel"] = new() { 2 },
                ["BackwardKernel"] = new() { 0 },
                ["TrainKernel"] = new() { 1 },
                ["AccumulateKernel"] = new() { 0 },
                ["AccumulatePairKernel"] = new() { 0 },
                ["MaterializeGradients"] = new() { 0 },
                ["BakedParameters"] = new() { 0 },
                ["AllocateBlock"] = new() { 0 },
                ["CopyInParameterOrder"] = new() { 2 },
                ["ApplyPendingUpdate"] = new() { 0 },
                ["LanesKernel"] = new() { 2 },
            };
        }

        /// <summary>A property's name and its accessors' (a user method <c>get_w1()</c> would clash with them: CS0082).</summary>
        private static void AddProperty(HashSet<string> names, string property)
        {
            names.Add(property);
            names.Add("get_" + property);
            names.Add("set_" + property);
        }
    }
}
