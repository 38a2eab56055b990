using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace BackpropGen.Tests
{
    // A spread of generated networks for the gradient checks and the reference comparisons: 2 to 5 layers, 1 to 16
    // neurons a layer, every activation, both losses with each output they allow, every bias mode, TrainBiases on and
    // off, both update rules and several learning rates.
    //
    // Networks of both code shapes (CodeShape.Unrolled and Vectorized) are here; see the Zoo_Vec_ networks.
    //
    // Each class implements IZooNetwork with the members the generator writes (the interface only names them), plus
    // BackwardSpan, a hand-written forwarder to the generated Backward(target_o1, ...), whose arity depends on the shape.

    /// <summary>2-3, no hidden layer, logistic, squared error, shared biases that are trained.</summary>
    [Network(2, 3, Activation.Logistic, TrainBiases = true)]
    public partial class Zoo_2_3_Logistic : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>3-4-2 tanh, per-neuron trained biases, η = 0.1.</summary>
    [Network(3, 4, 2, Activation.Tanh, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Zoo_3_4_2_Tanh_PerNeuron : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>4-8-6-1 ReLU into an identity output (regression), per-neuron trained biases, η = 0.05; unrolled (Auto would vectorise its 86 weights).</summary>
    [Network(4, 8, 6, 1, Activation.ReLU, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_4_8_6_1_ReLU_Identity : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0]);
    }

    /// <summary>2-5-5-5-3 leaky ReLU into tanh outputs, shared trained biases, η = 0.2; unrolled (Auto would vectorise its 75 weights).</summary>
    [Network(2, 5, 5, 5, 3, Activation.LeakyReLU, OutputActivation = Activation.Tanh, TrainBiases = true, LearningRate = 0.2, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_2_5_5_5_3_LeakyReLU_Tanh : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>4-6-3 tanh into a softmax with cross-entropy, per-neuron trained biases, η = 0.3.</summary>
    [Network(4, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.3)]
    public partial class Zoo_4_6_3_Tanh_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>3-5-2 logistic with binary cross-entropy, no biases.</summary>
    [Network(3, 5, 2, Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.None)]
    public partial class Zoo_3_5_2_Logistic_CrossEntropy : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>16-16-4 logistic into a softmax with cross-entropy: the widest layers; shared trained biases.</summary>
    [Network(16, 16, 4, Activation.Logistic, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, TrainBiases = true)]
    public partial class Zoo_16_16_4_Logistic_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3]);
    }

    /// <summary>1-1-1 identity, no biases, η = 0.01: the smallest network.</summary>
    [Network(1, 1, 1, Activation.Identity, Bias = BiasMode.None, LearningRate = 0.01)]
    public partial class Zoo_1_1_1_Identity : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0]);
    }

    /// <summary>5-4 softmax with cross-entropy and no hidden layer (so Softmax may be the constructor's activation); per-neuron trained biases.</summary>
    [Network(5, 4, Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true)]
    public partial class Zoo_5_4_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3]);
    }

    /// <summary>2-3-3-1 ReLU into one logistic output with binary cross-entropy; shared biases, not trained.</summary>
    [Network(2, 3, 3, 1, Activation.ReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy)]
    public partial class Zoo_2_3_3_1_ReLU_Logistic_CrossEntropy : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0]);
    }

    /// <summary>3-4-2 identity hidden layer into leaky ReLU outputs, no biases, η = 0.15.</summary>
    [Network(3, 4, 2, Activation.Identity, OutputActivation = Activation.LeakyReLU, Bias = BiasMode.None, LearningRate = 0.15)]
    public partial class Zoo_3_4_2_Identity_LeakyReLU : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>2-16 tanh, no hidden layer, sixteen outputs; per-neuron biases, not trained.</summary>
    [Network(2, 16, Activation.Tanh, Bias = BiasMode.PerNeuron)]
    public partial class Zoo_2_16_Tanh : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) =>
            Backward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15]);
    }

    /// <summary>OutputLayerFirst: 2-4-3-2 tanh into logistic outputs with binary cross-entropy, per-neuron trained biases.</summary>
    [Network(2, 4, 3, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, UpdateRule = UpdateRule.OutputLayerFirst)]
    public partial class Zoo_2_4_3_2_Tanh_Logistic_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>OutputLayerFirst: 3-6-5-4-2 ReLU into identity outputs, shared biases not trained, η = 0.01.</summary>
    [Network(3, 6, 5, 4, 2, Activation.ReLU, OutputActivation = Activation.Identity, UpdateRule = UpdateRule.OutputLayerFirst, LearningRate = 0.01)]
    public partial class Zoo_3_6_5_4_2_ReLU_Identity_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>OutputLayerFirst: 4-5-3 leaky ReLU into a softmax with cross-entropy, no biases, η = 0.25.</summary>
    [Network(4, 5, 3, Activation.LeakyReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.None, UpdateRule = UpdateRule.OutputLayerFirst, LearningRate = 0.25)]
    public partial class Zoo_4_5_3_LeakyReLU_Softmax_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>OutputLayerFirst without a hidden layer (nothing to update early): 3-2 logistic, per-neuron trained biases.</summary>
    [Network(3, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, UpdateRule = UpdateRule.OutputLayerFirst)]
    public partial class Zoo_3_2_Logistic_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    // Networks large enough that the generator writes their step in parts (private methods each small enough for the
    // JIT to optimise), with every kind of part: deep, the per-output terms of a non-softmax output, both update rules.
    // CodeShape.Unrolled keeps them unrolled (CodeShape.Auto would vectorise them).

    /// <summary>In parts: 16-16-16-16-4 tanh into a softmax with cross-entropy, per-neuron trained biases (832 weights).</summary>
    [Network(16, 16, 16, 16, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_Parts_16_16_16_16_4_Tanh_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3]);
    }

    /// <summary>In parts: 16-16-16-2 leaky ReLU into logistic outputs with binary cross-entropy, shared trained biases (544 weights).</summary>
    [Network(16, 16, 16, 2, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_Parts_16_16_16_2_LeakyReLU_Logistic : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>In parts, OutputLayerFirst: 16-16-16 logistic with squared error, the article's choices at 512 weights.</summary>
    [Network(16, 16, 16, Activation.Logistic, UpdateRule = UpdateRule.OutputLayerFirst, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_Parts_16_16_16_Logistic_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) =>
            Backward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15]);
    }

    /// <summary>In parts, OutputLayerFirst: 12-16-12-3 ReLU into identity outputs, per-neuron trained biases, η = 0.01 (420 weights).</summary>
    [Network(12, 16, 12, 3, Activation.ReLU, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, UpdateRule = UpdateRule.OutputLayerFirst, LearningRate = 0.01, CodeShape = CodeShape.Unrolled)]
    public partial class Zoo_Parts_12_16_12_3_ReLU_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    // The vectorised shape (CodeShape.Vectorized): every activation, loss and bias mode, sizes that are not multiples of
    // four (rows and layers padded), a deep one, rows longer than eight vectors (the dot product's loop), ~4,000 weights.

    /// <summary>Vectorized: 3-5-7-2 logistic, squared error, shared trained biases: every layer padded.</summary>
    [Network(3, 5, 7, 2, Activation.Logistic, TrainBiases = true, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_3_5_7_2_Logistic : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized: 4-6-3 tanh into a softmax with cross-entropy, per-neuron trained biases, η = 0.3.</summary>
    [Network(4, 6, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.3, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_4_6_3_Tanh_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>Vectorized: 3-5-2 logistic with binary cross-entropy, no biases.</summary>
    [Network(3, 5, 2, Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.None, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_3_5_2_Logistic_CrossEntropy : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized: 4-9-6-1 ReLU into an identity output, per-neuron trained biases, η = 0.05.</summary>
    [Network(4, 9, 6, 1, Activation.ReLU, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_4_9_6_1_ReLU_Identity : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0]);
    }

    /// <summary>Vectorized: 2-5-5-5-3 leaky ReLU into tanh outputs, shared trained biases, η = 0.2.</summary>
    [Network(2, 5, 5, 5, 3, Activation.LeakyReLU, OutputActivation = Activation.Tanh, TrainBiases = true, LearningRate = 0.2, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_2_5_5_5_3_LeakyReLU_Tanh : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>Vectorized: 3-4-2 identity hidden layer into leaky ReLU outputs, shared biases not trained, η = 0.15.</summary>
    [Network(3, 4, 2, Activation.Identity, OutputActivation = Activation.LeakyReLU, LearningRate = 0.15, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_3_4_2_Identity_LeakyReLU : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized: 5-4 softmax with cross-entropy and no hidden layer, per-neuron biases not trained.</summary>
    [Network(5, 4, Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_5_4_Softmax : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3]);
    }

    /// <summary>Vectorized, OutputLayerFirst without a hidden layer (the same as Simultaneous): 3-2 logistic, per-neuron trained biases.</summary>
    [Network(3, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, UpdateRule = UpdateRule.OutputLayerFirst, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_3_2_Logistic_OutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized, deep: 6-7-5-9-4-3-2 tanh into identity outputs (7 layers), shared biases not trained, η = 0.05.</summary>
    [Network(6, 7, 5, 9, 4, 3, 2, Activation.Tanh, OutputActivation = Activation.Identity, LearningRate = 0.05, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_6_7_5_9_4_3_2_Tanh_Identity : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>Vectorized by CodeShape.Auto: 33-64-30-5 logistic, per-neuron trained biases, η = 0.1 (4,182 weights; rows of 9 and 16 vectors).</summary>
    [Network(33, 64, 30, 5, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, MaxWeights = 8192)]
    public partial class Zoo_Vec_33_64_30_5_Logistic : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2], t[3], t[4]);
    }

    /// <summary>
    /// Vectorized, a first layer of rows wider than four vectors (its update left pending by Train, for the next forward
    /// pass): 20-7-3 tanh, shared trained biases, η = 0.2; 7 neurons, so a last group of 3.
    /// </summary>
    [Network(20, 7, 3, Activation.Tanh, TrainBiases = true, LearningRate = 0.2, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_20_7_3_Tanh : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1], t[2]);
    }

    /// <summary>Vectorized, a pending first layer as above: 18-5-2 logistic with binary cross-entropy, no biases (rows padded from 18 to 20).</summary>
    [Network(18, 5, 2, Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.None, CodeShape = CodeShape.Vectorized)]
    public partial class Zoo_Vec_18_5_2_Logistic_CrossEntropy : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>The article's network in the zoo (declared in ArticleNetworks.cs).</summary>
    public partial class MazurNetwork : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>The article's network with OutputLayerFirst in the zoo (declared in ArticleNetworks.cs).</summary>
    public partial class MazurNetworkOutputLayerFirst : IZooNetwork
    {
        public double BackwardSpan(ReadOnlySpan<double> t) => Backward(t[0], t[1]);
    }

    /// <summary>The generated members every zoo network has, so that the tests can treat them alike.</summary>
    public interface IZooNetwork
    {
        double LearningRate { get; set; }

        void Forward(ReadOnlySpan<double> inputs, Span<double> outputs);

        /// <summary>Forwards to the generated <c>Backward(target_o1, ...)</c>.</summary>
        double BackwardSpan(ReadOnlySpan<double> targets);

        void ApplyGradients();

        double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        double TrainOnline(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int epochs = 1);

        void CopyParametersTo(Span<double> destination);

        void SetParameters(ReadOnlySpan<double> source);

        void CopyGradientsTo(Span<double> destination);

        void InitializeParameters(int seed);

        void InitializeParameters(Random random);

        void Save(Stream stream);

        void Load(Stream stream);
    }

    /// <summary>
    /// One network of the zoo (or one of the article's, through an adapter), with its declaration read back from its
    /// <see cref="NetworkAttribute"/> so that <see cref="ReferenceNetwork"/> can be built from the same declaration.
    /// </summary>
    public sealed class ZooNetwork
    {
        private ZooNetwork(Type type, IZooNetwork network)
        {
            Type = type;
            Network = network;
            NetworkAttribute attribute = type.GetCustomAttribute<NetworkAttribute>()
                ?? throw new InvalidOperationException(type.Name + " has no [Network].");
            Layers = attribute.Layers.ToArray();
            HiddenActivation = attribute.Activation;
            OutputActivation = attribute.OutputActivation;
            Loss = attribute.Loss;
            Bias = attribute.Bias;
            TrainBiases = attribute.TrainBiases;
            DeclaredLearningRate = attribute.LearningRate;
            UpdateRule = attribute.UpdateRule;
            InputCount = Constant(type, "InputCount");
            OutputCount = Constant(type, "OutputCount");
            WeightCount = Constant(type, "WeightCount");
            BiasCount = Constant(type, "BiasCount");
            ParameterCount = Constant(type, "ParameterCount");
        }

        /// <summary>The class that carries the [Network] attribute.</summary>
        public Type Type { get; }

        public string Name => Type.Name;

        public IZooNetwork Network { get; }

        /// <summary>The generated network object itself.</summary>
        public object Instance => Network;

        public int[] Layers { get; }

        public Activation HiddenActivation { get; }

        public Activation OutputActivation { get; }

        public Loss Loss { get; }

        public BiasMode Bias { get; }

        public bool TrainBiases { get; }

        public double DeclaredLearningRate { get; }

        public UpdateRule UpdateRule { get; }

        public int InputCount { get; }

        public int OutputCount { get; }

        public int WeightCount { get; }

        public int BiasCount { get; }

        public int ParameterCount { get; }

        /// <summary>A reference implementation of the same declaration.</summary>
        public ReferenceNetwork Reference() =>
            new(Layers, HiddenActivation, OutputActivation, Loss, Bias, TrainBiases, DeclaredLearningRate, UpdateRule);

        public double[] Parameters()
        {
            var values = new double[ParameterCount];
            Network.CopyParametersTo(values);
            return values;
        }

        public double[] Gradients()
        {
            var values = new double[ParameterCount];
            Network.CopyGradientsTo(values);
            return values;
        }

        public double[] Forward(ReadOnlySpan<double> inputs)
        {
            var outputs = new double[OutputCount];
            Network.Forward(inputs, outputs);
            return outputs;
        }

        public override string ToString() => Name;

        public static ZooNetwork Create(string name) => Factories[name]();

        /// <summary>Any generated network (e.g. one with an optimizer, outside the zoo), read like a zoo network.</summary>
        public static ZooNetwork Wrap(IZooNetwork network) => new(network.GetType(), network);

        /// <summary>Every zoo network's name, for [MemberData].</summary>
        public static IEnumerable<object[]> All() => Factories.Keys.Select(name => new object[] { name });

        /// <summary>The zoo networks with UpdateRule.Simultaneous: their Backward gives the true gradient.</summary>
        public static IEnumerable<object[]> Simultaneous() =>
            Factories.Keys.Where(name => Create(name).UpdateRule == UpdateRule.Simultaneous).Select(name => new object[] { name });

        /// <summary>
        /// The zoo networks with UpdateRule.OutputLayerFirst and a hidden layer, where updating the layers above first
        /// changes what reaches the layers below: they train one sample at a time.
        /// </summary>
        public static IEnumerable<object[]> OutputLayerFirstWithHiddenLayers() =>
            Factories.Keys.Where(name => Create(name) is { UpdateRule: UpdateRule.OutputLayerFirst, Layers.Length: > 2 }).Select(name => new object[] { name });

        /// <summary>
        /// The zoo networks that train on mini-batches: every Simultaneous one, and an OutputLayerFirst one without a
        /// hidden layer (nothing lies below the output layer, so there is nothing to update first and both rules coincide).
        /// </summary>
        public static IEnumerable<object[]> BatchTrainable() =>
            Factories.Keys.Where(name => Create(name) is var zoo && (zoo.UpdateRule == UpdateRule.Simultaneous || zoo.Layers.Length == 2)).Select(name => new object[] { name });

        /// <summary>
        /// The zoo networks generated in the unrolled shape that run four samples at once in the lanes of
        /// <c>Vector256&lt;double&gt;</c> (their private vector step exists): the vectorised shape's ForwardBatch
        /// runs its kernel sample by sample, and its mini-batch has no separate vector method.
        /// </summary>
        public static IEnumerable<object[]> FourSamplesAtOnce() =>
            Factories.Keys.Where(name => Create(name).Type.GetMethod("StepVector256", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance) is not null)
                .Select(name => new object[] { name });

        private static readonly Dictionary<string, Func<ZooNetwork>> Factories = new[]
        {
            Of(typeof(MazurNetwork), () => new MazurNetwork()),
            Of(typeof(MazurNetworkOutputLayerFirst), () => new MazurNetworkOutputLayerFirst()),
            Of(() => new Zoo_2_3_Logistic()),
            Of(() => new Zoo_3_4_2_Tanh_PerNeuron()),
            Of(() => new Zoo_4_8_6_1_ReLU_Identity()),
            Of(() => new Zoo_2_5_5_5_3_LeakyReLU_Tanh()),
            Of(() => new Zoo_4_6_3_Tanh_Softmax()),
            Of(() => new Zoo_3_5_2_Logistic_CrossEntropy()),
            Of(() => new Zoo_16_16_4_Logistic_Softmax()),
            Of(() => new Zoo_1_1_1_Identity()),
            Of(() => new Zoo_5_4_Softmax()),
            Of(() => new Zoo_2_3_3_1_ReLU_Logistic_CrossEntropy()),
            Of(() => new Zoo_3_4_2_Identity_LeakyReLU()),
            Of(() => new Zoo_2_16_Tanh()),
            Of(() => new Zoo_2_4_3_2_Tanh_Logistic_OutputLayerFirst()),
            Of(() => new Zoo_3_6_5_4_2_ReLU_Identity_OutputLayerFirst()),
            Of(() => new Zoo_4_5_3_LeakyReLU_Softmax_OutputLayerFirst()),
            Of(() => new Zoo_3_2_Logistic_OutputLayerFirst()),
            Of(() => new Zoo_Parts_16_16_16_16_4_Tanh_Softmax()),
            Of(() => new Zoo_Parts_16_16_16_2_LeakyReLU_Logistic()),
            Of(() => new Zoo_Parts_16_16_16_Logistic_OutputLayerFirst()),
            Of(() => new Zoo_Parts_12_16_12_3_ReLU_OutputLayerFirst()),
            Of(() => new Zoo_Vec_3_5_7_2_Logistic()),
            Of(() => new Zoo_Vec_4_6_3_Tanh_Softmax()),
            Of(() => new Zoo_Vec_3_5_2_Logistic_CrossEntropy()),
            Of(() => new Zoo_Vec_4_9_6_1_ReLU_Identity()),
            Of(() => new Zoo_Vec_2_5_5_5_3_LeakyReLU_Tanh()),
            Of(() => new Zoo_Vec_3_4_2_Identity_LeakyReLU()),
            Of(() => new Zoo_Vec_5_4_Softmax()),
            Of(() => new Zoo_Vec_3_2_Logistic_OutputLayerFirst()),
            Of(() => new Zoo_Vec_6_7_5_9_4_3_2_Tanh_Identity()),
            Of(() => new Zoo_Vec_33_64_30_5_Logistic()),
            Of(() => new Zoo_Vec_20_7_3_Tanh()),
            Of(() => new Zoo_Vec_18_5_2_Logistic_CrossEntropy()),
        }.ToDictionary(entry => entry.Key, entry => entry.Value);

        private static KeyValuePair<string, Func<ZooNetwork>> Of<T>(Func<T> create)
            where T : IZooNetwork =>
            Of(typeof(T), () => create());

        private static KeyValuePair<string, Func<ZooNetwork>> Of(Type declared, Func<IZooNetwork> create) =>
            new(declared.Name, () => new ZooNetwork(declared, create()));

        private static int Constant(Type type, string name) =>
            (int)(type.GetField(name, BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException(type.Name + " has no constant " + name + ".")).GetRawConstantValue()!;
    }
}
