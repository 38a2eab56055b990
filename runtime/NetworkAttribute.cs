using System;

namespace BackpropGen
{
    /// <summary>
    /// Declares a fully-connected feed-forward network. The BackpropGen source generator writes unrolled,
    /// allocation-free <c>Forward</c>, <c>Backward</c> and <c>Train</c> methods for the <c>partial</c> class it is put on,
    /// with one named local per symbol of Matt Mazur's "A Step by Step Backpropagation Example".
    /// </summary>
    /// <remarks>
    /// The layer sizes come first (input, hidden..., output; 2 to 8 layers), then the hidden activation:
    /// <c>[Network(2, 2, 2, Activation.Logistic)]</c> is the article's network. Every other setting is named and
    /// defaults to the article's choice.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>The default of <see cref="LearningRate"/>: the article's η = 0.5.</summary>
        public const double DefaultLearningRate = 0.5;

        /// <summary>The default of <see cref="MaxWeights"/>.</summary>
        public const int DefaultMaxWeights = 4096;

        /// <summary>A network without hidden layers: <paramref name="input"/> inputs wired straight to <paramref name="output"/> outputs.</summary>
        public NetworkAttribute(int input, int output, Activation activation)
            : this(activation, input, output) { }

        /// <summary>A network with one hidden layer, like the article's <c>[Network(2, 2, 2, Activation.Logistic)]</c>.</summary>
        public NetworkAttribute(int input, int hidden, int output, Activation activation)
            : this(activation, input, hidden, output) { }

        /// <summary>A network with two hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int output, Activation activation)
            : this(activation, input, hidden1, hidden2, output) { }

        /// <summary>A network with three hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int output, Activation activation)
            : this(activation, input, hidden1, hidden2, hidden3, output) { }

        /// <summary>A network with four hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int hidden4, int output, Activation activation)
            : this(activation, input, hidden1, hidden2, hidden3, hidden4, output) { }

        /// <summary>A network with five hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int hidden4, int hidden5, int output, Activation activation)
            : this(activation, input, hidden1, hidden2, hidden3, hidden4, hidden5, output) { }

        /// <summary>A network with six hidden layers.</summary>
        public NetworkAttribute(int input, int hidden1, int hidden2, int hidden3, int hidden4, int hidden5, int hidden6, int output, Activation activation)
            : this(activation, input, hidden1, hidden2, hidden3, hidden4, hidden5, hidden6, output) { }

        private NetworkAttribute(Activation activation, params int[] layers)
        {
            Layers = layers;
            Activation = activation;
            OutputActivation = activation;
        }

        /// <summary>The number of neurons in each layer, input layer first.</summary>
        public int[] Layers { get; }

        /// <summary>The activation of the hidden layers (and of the output layer unless <see cref="OutputActivation"/> is set).</summary>
        public Activation Activation { get; }

        /// <summary>The activation of the output layer. Default: the same as <see cref="Activation"/>.</summary>
        public Activation OutputActivation { get; set; }

        /// <summary>The error function. Default: <see cref="BackpropGen.Loss.SquaredError"/>, as in the article.</summary>
        public Loss Loss { get; set; } = Loss.SquaredError;

        /// <summary>How biases are laid out. Default: <see cref="BiasMode.SharedPerLayer"/>, as in the article.</summary>
        public BiasMode Bias { get; set; } = BiasMode.SharedPerLayer;

        /// <summary>Whether a training step also updates the biases. Default: <see langword="false"/>, as in the article.</summary>
        public bool TrainBiases { get; set; }

        /// <summary>The initial learning rate η (settable later on the network). Default: 0.5, as in the article.</summary>
        public double LearningRate { get; set; } = DefaultLearningRate;

        /// <summary>When the weights of each layer are updated. Default: <see cref="BackpropGen.UpdateRule.Simultaneous"/>, as the article's text says.</summary>
        public UpdateRule UpdateRule { get; set; } = UpdateRule.Simultaneous;

        /// <summary>
        /// The largest number of weights the generator unrolls; a larger network gets diagnostic BPG0008 instead of code.
        /// Default: 4,096.
        /// </summary>
        public int MaxWeights { get; set; } = DefaultMaxWeights;

        /// <summary>
        /// How the training code is written: unrolled into the article's named locals, or as vectorised kernels. Default:
        /// <see cref="BackpropGen.CodeShape.Auto"/>, chosen by the network's size.
        /// </summary>
        public CodeShape CodeShape { get; set; } = CodeShape.Auto;

        /// <summary>
        /// The floating-point type of the generated code: <see cref="BackpropGen.Precision.Double"/> (the default) or
        /// <see cref="BackpropGen.Precision.Single"/>, where every parameter, input, output, span and constant is <c>float</c>.
        /// </summary>
        public Precision Precision { get; set; } = Precision.Double;

        /// <summary>
        /// How a training step updates the parameters from their gradients. Default: <see cref="BackpropGen.Optimizer.Sgd"/>,
        /// the article's plain gradient descent. <see cref="BackpropGen.Optimizer.Momentum"/> and
        /// <see cref="BackpropGen.Optimizer.Adam"/> follow PyTorch; they need <see cref="BackpropGen.UpdateRule.Simultaneous"/>.
        /// </summary>
        public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

        /// <summary>The momentum μ of <see cref="BackpropGen.Optimizer.Momentum"/>, from 0 up to (not including) 1 (settable later on the network). Default: 0.9.</summary>
        public double Momentum { get; set; } = 0.9;

        /// <summary>Adam's β1, the decay of the gradients' running mean, from 0 up to (not including) 1 (settable later on the network). Default: 0.9.</summary>
        public double Beta1 { get; set; } = 0.9;

        /// <summary>Adam's β2, the decay of the squared gradients' running mean, from 0 up to (not including) 1 (settable later on the network). Default: 0.999.</summary>
        public double Beta2 { get; set; } = 0.999;

        /// <summary>Adam's ε, added to √v̂ so that the step never divides by 0: finite and greater than 0 (settable later on the network). Default: 1e-8.</summary>
        public double Epsilon { get; set; } = 1e-8;

        /// <summary>
        /// The weight decay λ of every trained parameter, finite and 0 or more (settable later on the network). Default: 0.
        /// With <see cref="BackpropGen.Optimizer.Sgd"/> and <see cref="BackpropGen.Optimizer.Momentum"/> it adds <c>λ·w</c> to the
        /// gradient (L2, as <c>torch.optim.SGD</c>); with <see cref="BackpropGen.Optimizer.Adam"/> it is decoupled (AdamW:
        /// <c>w·(1 - η·λ)</c> before the step). A network with <c>Optimizer.Sgd</c> gets weight decay only when the attribute sets it.
        /// </summary>
        public double WeightDecay { get; set; }

        /// <summary>
        /// The name of an <c>AdditionalFiles</c> item holding the network's initial parameters (the weights JSON form of a
        /// PyTorch state dict: <c>{ "0.weight": [[...]], "0.bias": [...], ... }</c>, as <c>SaveWeightsJson</c> writes it). The
        /// generator reads it at compile time, checks it against the declared shape (BPG0025..BPG0029) and writes its values
        /// into the generated code as literals, so every new instance starts from them. Default: none (parameters start at 0).
        /// </summary>
        public string? Weights { get; set; }
    }
}
