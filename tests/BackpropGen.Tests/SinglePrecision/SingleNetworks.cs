using System;

namespace BackpropGen.Tests.SinglePrecision
{
    /// <summary>The float members every Single network has, named so that tests can call them on any of them (the generated members implement it).</summary>
    public interface ISingleNetwork : INetwork
    {
        new float LearningRate { get; set; }

        float Train(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

        float TrainOnline(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int epochs = 1);

        void Forward(ReadOnlySpan<float> inputs, Span<float> outputs);

        void CopyParametersTo(Span<float> destination);

        void CopyGradientsTo(Span<float> destination);

        void SetParameters(ReadOnlySpan<float> source);
    }

    // Networks in Precision.Single, unrolled: the article's, and a spread like the zoo's (every activation, both losses,
    // every bias mode, trained biases, OutputLayerFirst, a network in parts, optimizers). The vectorised shape's Single
    // networks are in SingleVectorizedNetworks.cs.

    /// <summary>The article's network in float.</summary>
    [Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single)]
    public partial class SingleMazur : ISingleNetwork
    {
    }

    /// <summary>The article's network in float, OutputLayerFirst.</summary>
    [Network(2, 2, 2, Activation.Logistic, Precision = Precision.Single, UpdateRule = UpdateRule.OutputLayerFirst)]
    public partial class SingleMazurOutputLayerFirst : ISingleNetwork
    {
    }

    [Network(3, 4, 2, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, Precision = Precision.Single)]
    public partial class Single_3_4_2_Tanh_PerNeuron : ISingleNetwork
    {
    }

    [Network(4, 8, 6, 1, Activation.ReLU, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Unrolled, Precision = Precision.Single)]
    public partial class Single_4_8_6_1_ReLU_Identity : ISingleNetwork
    {
    }

    [Network(2, 5, 5, 5, 3, Activation.LeakyReLU, OutputActivation = Activation.Tanh, TrainBiases = true, LearningRate = 0.2, CodeShape = CodeShape.Unrolled, Precision = Precision.Single)]
    public partial class Single_2_5_5_5_3_LeakyReLU_Tanh : ISingleNetwork
    {
    }

    [Network(4, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.3, Precision = Precision.Single)]
    public partial class Single_4_6_3_Tanh_Softmax : ISingleNetwork
    {
    }

    [Network(3, 5, 2, Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.None, Precision = Precision.Single)]
    public partial class Single_3_5_2_Logistic_CrossEntropy : ISingleNetwork
    {
    }

    [Network(2, 4, 3, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, UpdateRule = UpdateRule.OutputLayerFirst, Precision = Precision.Single)]
    public partial class Single_2_4_3_2_Tanh_Logistic_OutputLayerFirst : ISingleNetwork
    {
    }

    /// <summary>In parts (832 weights, unrolled): the step split into private methods.</summary>
    [Network(16, 16, 16, 16, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Unrolled, Precision = Precision.Single)]
    public partial class Single_Parts_16_16_16_16_4_Tanh_Softmax : ISingleNetwork
    {
    }

    [Network(3, 4, 2, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.01, Optimizer = Optimizer.Adam, WeightDecay = 0.01, Precision = Precision.Single)]
    public partial class Single_3_4_2_AdamW : ISingleNetwork
    {
    }

    [Network(2, 3, 2, Activation.Logistic, TrainBiases = true, LearningRate = 0.1, Optimizer = Optimizer.Momentum, Momentum = 0.8, WeightDecay = 0.001, Precision = Precision.Single)]
    public partial class Single_2_3_2_Momentum : ISingleNetwork
    {
    }
}
