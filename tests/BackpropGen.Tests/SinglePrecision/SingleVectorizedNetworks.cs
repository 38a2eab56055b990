using System;

namespace BackpropGen.Tests.SinglePrecision
{
    /// <summary>The members of a vectorised Single network besides <see cref="ISingleNetwork"/>'s (the generated members implement it).</summary>
    public interface ISingleVectorizedNetwork : ISingleNetwork
    {
        void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);
    }

    // Networks in Precision.Single, vectorised (CodeShape.Vectorized): Vector256<float>, eight lanes, so every row and layer
    // is padded to a multiple of 8. Every activation, both losses with each output they allow, every bias mode, trained and
    // untrained biases; rows in registers (up to 4 vectors, 32 floats), rows of 8 vectors (the dot product unrolled) and of
    // 17 (its loop, and the backward pass's loop); the pair kernel of a mini-batch with its inputs in registers (rows of up
    // to 16 floats) and in storage; no hidden layer; the smallest network; Adam, momentum and weight decay (the optimizer's vector loop).

    /// <summary>3-5-2 tanh into logistic outputs, per-neuron trained biases, η = 0.3: rows of 3 and 5 padded to 8, the last group's lanes masked.</summary>
    [Network(3, 5, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.3,
             Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_3_5_2_Tanh_Logistic : ISingleVectorizedNetwork
    {
    }

    /// <summary>10-9-3 ReLU into a softmax with cross-entropy, per-neuron trained biases, η = 0.2: a whole group of eight neurons and one more.</summary>
    [Network(10, 9, 3, Activation.ReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true,
             LearningRate = 0.2, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_10_9_3_ReLU_Softmax : ISingleVectorizedNetwork
    {
    }

    /// <summary>12-24-24-4 leaky ReLU into identity outputs, no biases, η = 0.02: rows of 16 and 24 floats (a pair's inputs in registers, then in storage).</summary>
    [Network(12, 24, 24, 4, Activation.LeakyReLU, OutputActivation = Activation.Identity, Bias = BiasMode.None, LearningRate = 0.02,
             Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_12_24_24_4_LeakyReLU_Identity : ISingleVectorizedNetwork
    {
    }

    /// <summary>64-64-10 logistic into a softmax with cross-entropy, shared trained biases, η = 0.1: rows of 8 vectors, a layer of 64 a vector at a time.</summary>
    [Network(64, 64, 10, Activation.Logistic, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, TrainBiases = true, LearningRate = 0.1,
             MaxWeights = 8192, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_64_64_10_Logistic_Softmax : ISingleVectorizedNetwork
    {
    }

    /// <summary>5-7-1 logistic with binary cross-entropy, shared biases not trained.</summary>
    [Network(5, 7, 1, Activation.Logistic, Loss = Loss.CrossEntropy, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_5_7_1_Logistic_CrossEntropy : ISingleVectorizedNetwork
    {
    }

    /// <summary>130-17-9 tanh, per-neuron biases not trained, η = 0.05: rows of 136 floats (17 vectors: the loops), a layer of 17 neurons (two groups and one).</summary>
    [Network(130, 17, 9, Activation.Tanh, Bias = BiasMode.PerNeuron, LearningRate = 0.05, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_130_17_9_Tanh : ISingleVectorizedNetwork
    {
    }

    /// <summary>6-11-4 tanh into identity outputs, per-neuron trained biases, Adam, η = 0.01.</summary>
    [Network(6, 11, 4, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01,
             Optimizer = Optimizer.Adam, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_6_11_4_Tanh_Adam : ISingleVectorizedNetwork
    {
    }

    /// <summary>9-13-5 ReLU into logistic outputs, per-neuron trained biases, momentum 0.8 with weight decay 0.01, η = 0.1.</summary>
    [Network(9, 13, 5, Activation.ReLU, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1,
             Optimizer = Optimizer.Momentum, Momentum = 0.8, WeightDecay = 0.01, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_9_13_5_ReLU_Momentum : ISingleVectorizedNetwork
    {
    }

    /// <summary>7-3 logistic, no hidden layer, shared trained biases, gradient descent with weight decay 0.001.</summary>
    [Network(7, 3, Activation.Logistic, TrainBiases = true, WeightDecay = 0.001, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_7_3_Logistic_WeightDecay : ISingleVectorizedNetwork
    {
    }

    /// <summary>1-1-1 identity, no biases, η = 0.01: the smallest network, every storage one vector of mostly padding.</summary>
    [Network(1, 1, 1, Activation.Identity, Bias = BiasMode.None, LearningRate = 0.01, Precision = Precision.Single, CodeShape = CodeShape.Vectorized)]
    public partial class SingleVec_1_1_1_Identity : ISingleVectorizedNetwork
    {
    }
}
