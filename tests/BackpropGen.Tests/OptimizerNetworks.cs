using System;

namespace BackpropGen.Tests
{
    // Networks with an optimizer (Momentum, Adam/AdamW, Sgd with weight decay), of every code shape, for the trajectory
    // comparisons with ReferenceOptimizer (PyTorch's formulas written plainly). Not in the zoo: the zoo's tests compare
    // with plain SGD.

    /// <summary>The members a network with an optimizer has besides the zoo's.</summary>
    public interface IOptimizerNetwork : IZooNetwork
    {
        void ResetOptimizer();
    }

    /// <summary>The article's 2-2-2 network (shared biases, not trained) with Adam, η = 0.01.</summary>
    [Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Adam, LearningRate = 0.01)]
    public partial class Opt_Mazur_Adam : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>The article's 2-2-2 network with momentum 0.9 and weight decay 0.01.</summary>
    [Network(2, 2, 2, Activation.Logistic, Optimizer = Optimizer.Momentum, WeightDecay = 0.01)]
    public partial class Opt_Mazur_Momentum_WeightDecay : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>3-4-2 tanh, per-neuron trained biases, AdamW (λ = 0.05), β2 = 0.99, η = 0.02.</summary>
    [Network(3, 4, 2, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.02, Optimizer = Optimizer.Adam, Beta2 = 0.99, WeightDecay = 0.05)]
    public partial class Opt_3_4_2_Tanh_PerNeuron_AdamW : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>4-6-3 tanh into a softmax with cross-entropy, per-neuron trained biases, momentum 0.8, η = 0.1.</summary>
    [Network(4, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, Optimizer = Optimizer.Momentum, Momentum = 0.8)]
    public partial class Opt_4_6_3_Tanh_Softmax_Momentum : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>Deep: 2-5-5-5-3 leaky ReLU into tanh outputs, shared trained biases, Adam with β1 = 0.8, ε = 1e-6, η = 0.005.</summary>
    [Network(2, 5, 5, 5, 3, Activation.LeakyReLU, OutputActivation = Activation.Tanh, TrainBiases = true, LearningRate = 0.005, Optimizer = Optimizer.Adam, Beta1 = 0.8, Epsilon = 1e-6)]
    public partial class Opt_2_5_5_5_3_LeakyReLU_Tanh_Adam : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>2-3 logistic without a hidden layer, shared trained biases, plain SGD with weight decay 0.1.</summary>
    [Network(2, 3, Activation.Logistic, TrainBiases = true, WeightDecay = 0.1)]
    public partial class Opt_2_3_Sgd_WeightDecay : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>In parts: 16-16-16-16-4 tanh into a softmax, per-neuron trained biases, AdamW (λ = 0.01), η = 0.001 (832 weights).</summary>
    [Network(16, 16, 16, 16, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.001, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Adam, WeightDecay = 0.01)]
    public partial class Opt_Parts_16_16_16_16_4_Tanh_Softmax_AdamW : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3]);
    }

    /// <summary>In parts: 16-16-16-2 leaky ReLU into logistic outputs, shared biases not trained, momentum 0.9, η = 0.05 (544 weights).</summary>
    [Network(16, 16, 16, 2, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, LearningRate = 0.05, CodeShape = CodeShape.Unrolled, Optimizer = Optimizer.Momentum)]
    public partial class Opt_Parts_16_16_16_2_LeakyReLU_Momentum : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized: 3-5-7-2 logistic, shared trained biases, Adam, η = 0.01: every layer padded.</summary>
    [Network(3, 5, 7, 2, Activation.Logistic, TrainBiases = true, LearningRate = 0.01, CodeShape = CodeShape.Vectorized, Optimizer = Optimizer.Adam)]
    public partial class Opt_Vec_3_5_7_2_Logistic_Adam : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized twin of <see cref="Opt_3_4_2_Tanh_PerNeuron_AdamW"/>: their walkthroughs are the same but for the name.</summary>
    [Network(3, 4, 2, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.02, CodeShape = CodeShape.Vectorized, Optimizer = Optimizer.Adam, Beta2 = 0.99, WeightDecay = 0.05)]
    public partial class Opt_Vec_3_4_2_Tanh_PerNeuron_AdamW : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized: 4-9-6-1 ReLU into an identity output, per-neuron biases not trained, AdamW (λ = 0.1), η = 0.003.</summary>
    [Network(4, 9, 6, 1, Activation.ReLU, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, LearningRate = 0.003, CodeShape = CodeShape.Vectorized, Optimizer = Optimizer.Adam, WeightDecay = 0.1)]
    public partial class Opt_Vec_4_9_6_1_ReLU_AdamW : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0]);
    }

    /// <summary>Vectorized: 4-6-3 tanh into a softmax, per-neuron trained biases, momentum 0.7 with weight decay 0.02, η = 0.1.</summary>
    [Network(4, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Vectorized, Optimizer = Optimizer.Momentum, Momentum = 0.7, WeightDecay = 0.02)]
    public partial class Opt_Vec_4_6_3_Tanh_Softmax_Momentum : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>Vectorized: 3-5-2 logistic, shared trained biases, plain SGD with weight decay 0.05, η = 0.3.</summary>
    [Network(3, 5, 2, Activation.Logistic, TrainBiases = true, LearningRate = 0.3, CodeShape = CodeShape.Vectorized, WeightDecay = 0.05)]
    public partial class Opt_Vec_3_5_2_Sgd_WeightDecay : IOptimizerNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }
}
