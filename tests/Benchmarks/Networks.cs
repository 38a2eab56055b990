using System;

namespace BackpropGen.Benchmarks
{
    /// <summary>The generated members the benchmarks' setup uses on every network (implemented by the generated code).</summary>
    public interface IGeneratedNetwork
    {
        void InitializeParameters(int seed);

        void CopyParametersTo(Span<double> destination);

        double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        double LearningRate { get; }
    }

    /// <summary>The article's 2-2-2 network: logistic, squared error, one shared bias per layer (not trained), η = 0.5.</summary>
    [Network(2, 2, 2, Activation.Logistic)]
    public partial class ArticleNet : IGeneratedNetwork
    {
        public static ArticleNet FromArticle() => new()
        {
            w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
            w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
            b1 = 0.35, b2 = 0.60,
        };
    }

    // The classifiers: tanh hidden layers, softmax output with cross-entropy, a trained bias per neuron.
    // The loop baseline (LoopMlp) is configured identically by Setup.ClassifierLoop.

    /// <summary>4-8-8-3: 120 weights, 19 biases.</summary>
    [Network(4, 8, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
             Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01)]
    public partial class Net4x8x8x3 : IGeneratedNetwork { }

    /// <summary>8-16-8-4: 288 weights, 28 biases.</summary>
    [Network(8, 16, 8, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
             Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01)]
    public partial class Net8x16x8x4 : IGeneratedNetwork { }

    /// <summary>16-16-16-8: 640 weights, 40 biases.</summary>
    [Network(16, 16, 16, 8, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
             Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01)]
    public partial class Net16x16x16x8 : IGeneratedNetwork { }

    /// <summary>16-32-32-4: 1,664 weights, 68 biases.</summary>
    [Network(16, 32, 32, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
             Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01)]
    public partial class Net16x32x32x4 : IGeneratedNetwork { }

#if LARGE_NETWORK
    // Only in Release (see Benchmarks.csproj), where it is measured.

    /// <summary>64-64-10: 4,736 weights, 74 biases (above the default MaxWeights of 4,096).</summary>
    [Network(64, 64, 10, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
             Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01, MaxWeights = 4736)]
    public partial class Net64x64x10 : IGeneratedNetwork { }
#endif
}
