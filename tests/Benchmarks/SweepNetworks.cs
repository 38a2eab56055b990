using System;
using System.Runtime.CompilerServices;

namespace BackpropGen.Benchmarks
{
    // The size sweep's networks (issue 10): logistic hidden and output layers, squared error, a trained bias per
    // neuron, η = 0.1. No code shape is named, so each is measured in whatever shape the generator picks for its size.
    // VectorMlp and LoopMlp are configured to the same math (see SizeSweep).
    /// <summary>2-2-2: 8 weights, 4 biases.</summary>
    [Network(2, 2, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Sweep2x2x2 : IGeneratedNetwork { }

    /// <summary>3-6-6-3: 72 weights, 15 biases.</summary>
    [Network(3, 6, 6, 3, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Sweep3x6x6x3 : IGeneratedNetwork { }

    /// <summary>6-12-12-4: 264 weights, 28 biases.</summary>
    [Network(6, 12, 12, 4, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Sweep6x12x12x4 : IGeneratedNetwork { }

    /// <summary>8-16-16-4: 448 weights, 36 biases.</summary>
    [Network(8, 16, 16, 4, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Sweep8x16x16x4 : IGeneratedNetwork { }

    /// <summary>16-32-32-4: 1,664 weights, 68 biases.</summary>
    [Network(16, 32, 32, 4, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class Sweep16x32x32x4 : IGeneratedNetwork { }

#if LARGE_NETWORK
    // Only in Release (see Benchmarks.csproj), as Net64x64x10.
    /// <summary>64-64-10: 4,736 weights, 74 biases.</summary>
    [Network(64, 64, 10, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, MaxWeights = 4736)]
    public partial class Sweep64x64x10 : IGeneratedNetwork { }

    /// <summary>128-64-10: 8,832 weights, 74 biases; where a hand-written Vector512 loop meets the Vector256 kernels.</summary>
    [Network(128, 64, 10, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, MaxWeights = 8832)]
    public partial class Sweep128x64x10 : IGeneratedNetwork { }
#endif

    /// <summary>The generated one-sample Train of each sweep network, called with a sample read from spans.</summary>
    internal static class SweepCalls
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep2x2x2 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], t[0], t[1]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep3x6x6x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], t[0], t[1], t[2]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep6x12x12x4 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], t[0], t[1], t[2], t[3]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep8x16x16x4 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], t[0], t[1], t[2], t[3]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep16x32x32x4 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], t[0], t[1], t[2], t[3]);

#if LARGE_NETWORK
        /// <summary>
        /// The 64-input network through the span overload, the one a caller of a 64-input network uses (the sample
        /// copied into the kernels' pass), rather than the overload of 74 arguments, which passes most of them on the stack.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep64x64x10 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x, t);

        /// <summary>The 128-input network, likewise through the span overload.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Sweep128x64x10 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x, t);
#endif
    }
}
