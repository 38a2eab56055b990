using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model
{
    /// <summary>One <c>[Network]</c> declaration, as plain data: everything the emitter needs, nothing from Roslyn.</summary>
    internal sealed record NetworkModel(
        TypeDeclarationModel Type,
        EquatableArray<int> Layers,
        ActivationKind HiddenActivation,
        ActivationKind OutputActivation,
        LossKind Loss,
        BiasKind Bias,
        bool TrainBiases,
        double LearningRate,
        UpdateRuleKind UpdateRule,
        string AttributeText,
        CodeShapeKind CodeShape = CodeShapeKind.Auto,
        OptimizerModel? Optimizer = null,
        BakedWeights? Weights = null,
        PrecisionKind Precision = PrecisionKind.Double)
    {
        /// <summary>Whether the step has an optimizer's code: Momentum or Adam, or Sgd with a declared weight decay (plain SGD is the article's update).</summary>
        public bool HasOptimizer => Optimizer is not null;

        /// <summary>The optimizer's kind: Sgd when there is no <see cref="Optimizer"/>.</summary>
        public OptimizerKind OptimizerKind => Optimizer?.Kind ?? OptimizerKind.Sgd;

        public int WeightCount
        {
            get
            {
                // The parser only builds models within MaxWeights (at most 65,536), so this cannot overflow.
                int count = 0;
                for (int l = 1; l < Layers.Count; l++)
                {
                    count += Layers[l - 1] * Layers[l];
                }

                return count;
            }
        }
    }

    /// <summary>
    /// The optimizer a network declares, with the defaults of its hyperparameters (the generated properties' initial
    /// values). Null on the model for plain SGD without weight decay, whose code is the article's update.
    /// </summary>
    internal sealed record OptimizerModel(OptimizerKind Kind, double Momentum, double Beta1, double Beta2, double Epsilon, double WeightDecay);

    /// <summary>
    /// Where the network class sits: its namespace, the types around it, and its own name, each as C# source text
    /// (keywords escaped: <c>@class</c>); <paramref name="FullName"/> for messages; <paramref name="HintBase"/> the
    /// file-safe stem of the generated file's name (see <c>HintNames</c>).
    /// </summary>
    internal sealed record TypeDeclarationModel(
        string Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string Name,
        string FullName,
        string HintBase)
    {
        /// <summary>The name as text (in messages and the walkthrough's title): <see cref="Name"/> without its escape (<c>@net</c> → <c>net</c>).</summary>
        public string PlainName => Name.TrimStart('@');
    }

    /// <summary>A type that contains the network class: its declaration keyword (<c>class</c>, <c>struct</c>, ...) and name with type parameters.</summary>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

    /// <summary>Facts about the consuming compilation that change what may be emitted, reduced to a few scalars.</summary>
    /// <remarks>
    /// <paramref name="HasInlineArray"/>: C# 12 or later with <c>InlineArrayAttribute</c>, which the vectorised shape's storage needs.
    /// <paramref name="HasNetworkInterface"/>: the runtime's <c>BackpropGen.INetwork</c> and <c>NetworkDescription</c> are
    /// referenced (a project with its own <c>NetworkAttribute</c> and no runtime has neither).
    /// <paramref name="HasStepSymbols"/>: the runtime's <c>BackpropGen.StepSymbols</c>, the base of a vectorised network's <c>Symbols</c>.
    /// <paramref name="SeesOtherHelpers"/>: a referenced assembly with networks grants this one InternalsVisibleTo, so its
    /// internal <c>BackpropGen.Generated</c> helpers have the names of this compilation's own (warning CS0436 where they are used).
    /// </remarks>
    internal sealed record CompilationFacts(bool SupportsNullable, bool HasSpan, bool HasVector256 = false, bool HasInlineArray = false, bool HasNetworkInterface = false, bool HasStepSymbols = false, bool SeesOtherHelpers = false);
}
