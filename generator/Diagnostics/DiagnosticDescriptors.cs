using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic BackpropGen reports. IDs are stable; README.md has a section per ID.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "BackpropGen";

        public static readonly DiagnosticDescriptor ClassNotPartial = Error(
            "BPG0001",
            "Network class must be partial",
            "The class '{0}' has [Network] but is not partial; declare it 'partial' so that BackpropGen can add the generated members");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            "BPG0002",
            "Type containing a network must be partial",
            "The type '{0}' contains the network '{1}' but is not partial; declare it 'partial' too");

        public static readonly DiagnosticDescriptor GenericClass = Error(
            "BPG0003",
            "Network class cannot be generic",
            "The class '{0}' has [Network] but is generic; declare the network on a non-generic class");

        public static readonly DiagnosticDescriptor StaticOrAbstractClass = Error(
            "BPG0004",
            "Network class cannot be static or abstract",
            "The class '{0}' has [Network] but is {1}; the network is an object you create, so remove '{1}'");

        public static readonly DiagnosticDescriptor NotAPlainClass = Error(
            "BPG0005",
            "Network must be a plain class",
            "'{0}' is {1}; [Network] goes on a plain 'partial class'");

        public static readonly DiagnosticDescriptor InvalidLayerSize = Error(
            "BPG0006",
            "Invalid layer size",
            "Layer {0} of '{1}' has {2} neurons; every layer needs at least 1 (and a network 2 to 8 layers)");

        public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Error(
            "BPG0007",
            "Softmax is for the output layer only",
            "Softmax normalises a whole layer into probabilities and is only supported on the output layer; use another hidden activation (e.g. Activation.Tanh) and set OutputActivation = Activation.Softmax");

        public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
            "BPG0008",
            "Network too large to unroll",
            "'{0}' has {1} weights, more than its limit of {2} (MaxWeights); generated code that large compiles slowly. Use fewer or smaller layers, or raise MaxWeights in the attribute (at most {3}).");

        public static readonly DiagnosticDescriptor UnsupportedLoss = Error(
            "BPG0009",
            "Unsupported loss for this output activation",
            "Loss.{0} with output activation Activation.{1} is not supported; {2}");

        public static readonly DiagnosticDescriptor InvalidLearningRate = Error(
            "BPG0010",
            "Invalid learning rate",
            "The learning rate {0} is not a positive, finite number; use a value such as 0.5 (the article's)");

        public static readonly DiagnosticDescriptor MemberNameCollision = Error(
            "BPG0011",
            "Member name collides with a generated member",
            "'{0}' declares a member named '{1}', which BackpropGen generates for this network; rename or remove it");

        public static readonly DiagnosticDescriptor InvalidAttributeArguments = Error(
            "BPG0012",
            "Network attribute arguments cannot be read",
            "The arguments of [Network] on '{0}' cannot be read; every argument must be a compile-time constant of the parameter's type, as in [Network(2, 2, 2, Activation.Logistic)]");

        public static readonly DiagnosticDescriptor UnknownEnumValue = Error(
            "BPG0013",
            "Unknown enum value",
            "{0} = {1} is not a member of {2}; use one of its named members");

        public static readonly DiagnosticDescriptor InvalidMaxWeights = Error(
            "BPG0014",
            "Invalid unrolling limit",
            "MaxWeights = {0} is out of range; use a number from 1 to {1}");

        public static readonly DiagnosticDescriptor SpanUnavailable = new(
            "BPG0015",
            "Span overloads omitted",
            "System.Span<T> is not available in this project, so the span overloads of '{0}' (Forward, Train over batches, CopyParametersTo, SetParameters, CopyGradientsTo) are not generated; reference the System.Memory package to get them",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InheritedMemberCollision = Error(
            "BPG0016",
            "Inherited member collides with a generated member",
            "'{0}' inherits the member '{1}' from '{2}', and BackpropGen generates a member of that name for this network (it would hide the inherited one); derive the network from a class without such members (not from another network), or rename the member");

        public static readonly DiagnosticDescriptor DuplicateNetworkAttribute = Error(
            "BPG0017",
            "More than one [Network] on a class",
            "'{0}' has more than one [Network] attribute (on its partial declarations); keep one");

        public static readonly DiagnosticDescriptor ClassNamedLikeMember = Error(
            "BPG0018",
            "Network class named like a generated member",
            "The network class '{0}' is named '{1}', like a member BackpropGen generates in it (a member cannot have its class's name); rename the class");

        public static readonly DiagnosticDescriptor FileLocalClass = Error(
            "BPG0019",
            "Network class cannot be file-local",
            "'{0}' is declared 'file' (or inside the file-local type '{1}'); the generated members live in another file and cannot reach a file-local type, so remove 'file'");

        public static readonly DiagnosticDescriptor TooManyInputsAndOutputs = Error(
            "BPG0020",
            "Too many inputs and outputs",
            "'{0}' has {1} inputs and {2} outputs; Forward and Train take one parameter per input and output, so together they may be at most {3}");

        public static readonly DiagnosticDescriptor ShadowedName = Error(
            "BPG0021",
            "A type or namespace takes a name the generated code uses",
            "The type or namespace '{1}' takes the name '{2}' that the generated code of '{0}' relies on; rename it (or move it into a namespace of its own)");

        public static readonly DiagnosticDescriptor VectorizedUnavailable = new(
            "BPG0022",
            "Vectorized code shape unavailable",
            "'{0}' asks for CodeShape.Vectorized, but {1}; it is generated unrolled (slower for large networks)",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SingleUnavailable = Error(
            "BPG0030",
            "Single precision unavailable",
            "'{0}' asks for Precision.Single, whose code computes with System.MathF, which this project's target framework does not have (it came with .NET Core 2.0 and .NET Standard 2.1); target one of those or later, or use Precision.Double");

        public static readonly DiagnosticDescriptor OutsideSingleRange = Error(
            "BPG0031",
            "Value outside float's range",
            "'{0}' asks for Precision.Single, but {1}; choose a value that stays itself as a float (magnitudes from about 1.4e-45 to 3.4e38, and below 1 by more than 6e-8 where it must stay below 1), or use Precision.Double");

        public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
            "BPG0032",
            "C# 7.3 or later needed",
            "'{0}' is compiled as C# {1}, and the code BackpropGen generates needs C# 7.3 or later; set <LangVersion> to 7.3 or later (or remove it: every SDK that runs this generator defaults to a later version)");

        public static readonly DiagnosticDescriptor SoftmaxOfOneOutput = Error(
            "BPG0033",
            "Softmax over a single output",
            "'{0}' has a Softmax output layer of one neuron, whose output is always 1, so its error and every gradient are constant and it cannot learn; for one output use OutputActivation = Activation.Logistic (with Loss.CrossEntropy, binary cross-entropy), or give the output layer two or more neurons");

        public static readonly DiagnosticDescriptor InertOutputBias = new(
            "BPG0034",
            "Trained output bias has no effect under Softmax",
            "'{0}' trains the output layer's shared bias {1}, which has no effect under Softmax (the softmax is unchanged when every net input moves by the same amount), so {1} never changes an output or the error; declare Bias = BiasMode.PerNeuron to give each output neuron a bias that learns",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidOptimizerSetting = Error(
            "BPG0023",
            "Invalid optimizer hyperparameter",
            "{0} = {1} is out of range; it must be {2} (e.g. {3}, the default)");

        public static readonly DiagnosticDescriptor OptimizerNeedsSimultaneousUpdate = Error(
            "BPG0024",
            "Optimizer needs the simultaneous update rule",
            "'{0}' uses {1} with UpdateRule.OutputLayerFirst; {2} updates every parameter at once from the step's gradients, so use UpdateRule.Simultaneous ({3})");

        public static readonly DiagnosticDescriptor WeightsFileNotFound = Error(
            "BPG0025",
            "Weights file not found",
            "The weights file '{0}' of '{1}' {2}");

        public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error(
            "BPG0026",
            "Weights file cannot be read",
            "The weights file '{0}' cannot be read: {1}");

        public static readonly DiagnosticDescriptor WeightsShapeMismatch = Error(
            "BPG0027",
            "Weights file does not fit the network",
            "The weights file '{0}' does not fit the {1} network '{2}': {3}");

        public static readonly DiagnosticDescriptor WeightsSharedBiasDiffers = Error(
            "BPG0028",
            "Shared bias values differ",
            "The weights file '{0}' holds different biases in tensor '{1}' ({2}), but '{3}' has one bias per layer (BiasMode.SharedPerLayer); make the layer's biases equal (bit for bit: 0 and -0 differ), or declare Bias = BiasMode.PerNeuron");

        public static readonly DiagnosticDescriptor WeightsActivationMismatch = Error(
            "BPG0029",
            "Weights file is for other activations",
            "The weights file '{0}' was saved from a network with the activations {1} (its __metadata__ 'backpropgen.activations'), but '{2}' has {3}; declare the file's activations, or bake another file");

        // Every descriptor of this class by ID, found by reflection so that a new descriptor cannot be left out (a lookup
        // of a missing ID would throw inside the generator). Lazy: the static fields above are all set by then.
        private static Dictionary<string, DiagnosticDescriptor>? s_byId;

        /// <summary>The hard upper bound for <c>MaxWeights</c>.</summary>
        public const int MaxWeightsCeiling = 65536;

        /// <summary>The most inputs plus outputs a network may have (BPG0020): the per-sample methods take one parameter each.</summary>
        public const int MaxInputsAndOutputs = 8192;

        public static DiagnosticDescriptor ById(string id) => (s_byId ??= Index())[id];

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static Dictionary<string, DiagnosticDescriptor> Index()
        {
            var byId = new Dictionary<string, DiagnosticDescriptor>();
            foreach (System.Reflection.FieldInfo field in typeof(DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            {
                if (field.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    byId.Add(descriptor.Id, descriptor);
                }
            }

            return byId;
        }
    }
}
