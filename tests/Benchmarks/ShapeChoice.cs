using System;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    // The networks of the ShapeChoice benchmarks: the size sweep's math (logistic layers, squared error, a trained bias
    // per neuron, η = 0.1), each size declared twice with an explicit code shape, so that the two shapes are compared
    // on the same sizes whatever CodeShape.Auto picks (ShapeChoice.MinWeightsVectorized, README: Code shapes).

    /// <summary>2-2-2, unrolled: 8 weights.</summary>
    [Network(2, 2, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Unrolled)]
    public partial class Unrolled2x2x2 : IGeneratedNetwork { }

    /// <summary>2-2-2, vectorised: 8 weights.</summary>
    [Network(2, 2, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Vectorized)]
    public partial class Vectorized2x2x2 : IGeneratedNetwork { }

    /// <summary>3-4-4-3, unrolled: 40 weights.</summary>
    [Network(3, 4, 4, 3, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Unrolled)]
    public partial class Unrolled3x4x4x3 : IGeneratedNetwork { }

    /// <summary>3-4-4-3, vectorised: 40 weights.</summary>
    [Network(3, 4, 4, 3, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Vectorized)]
    public partial class Vectorized3x4x4x3 : IGeneratedNetwork { }

    /// <summary>3-6-6-3, unrolled: 72 weights.</summary>
    [Network(3, 6, 6, 3, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Unrolled)]
    public partial class Unrolled3x6x6x3 : IGeneratedNetwork { }

    /// <summary>3-6-6-3, vectorised: 72 weights.</summary>
    [Network(3, 6, 6, 3, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, CodeShape = CodeShape.Vectorized)]
    public partial class Vectorized3x6x6x3 : IGeneratedNetwork { }

    // The ShapeChoice benchmarks: unrolled against vectorised at the sizes around the line CodeShape.Auto draws (one
    // class per size): the generated one-sample Train(i1, ..., t1, ...) of each shape, 32 calls per invocation (time
    // per sample), against the size sweep's loops (SizeSweep: Ratio = time / the Vector256 loop's). The setup checks
    // each shape against both loops over 64 steps (1e-12 relative) before anything is measured.

    /// <summary>2-2-2: 8 weights, both shapes.</summary>
    public class ShapeChoice_2_2_2 : SizeSweep
    {
        private Unrolled2x2x2 _unrolled = null!;
        private Vectorized2x2x2 _vectorized = null!;

        [GlobalSetup]
        public void GlobalSetup()
        {
            _vectorized = Prepare(new Vectorized2x2x2(), new[] { 2, 2, 2 }, static (net, x, t) => Train(net, x, t));
            _unrolled = Prepare(new Unrolled2x2x2(), new[] { 2, 2, 2 }, static (net, x, t) => Train(net, x, t));
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedUnrolled()
        {
            Unrolled2x2x2 net = _unrolled;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedVectorized()
        {
            Vectorized2x2x2 net = _vectorized;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Unrolled2x2x2 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], t[0], t[1]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Vectorized2x2x2 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], t[0], t[1]);
    }

    /// <summary>3-4-4-3: 40 weights, both shapes.</summary>
    public class ShapeChoice_3_4_4_3 : SizeSweep
    {
        private Unrolled3x4x4x3 _unrolled = null!;
        private Vectorized3x4x4x3 _vectorized = null!;

        [GlobalSetup]
        public void GlobalSetup()
        {
            _vectorized = Prepare(new Vectorized3x4x4x3(), new[] { 3, 4, 4, 3 }, static (net, x, t) => Train(net, x, t));
            _unrolled = Prepare(new Unrolled3x4x4x3(), new[] { 3, 4, 4, 3 }, static (net, x, t) => Train(net, x, t));
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedUnrolled()
        {
            Unrolled3x4x4x3 net = _unrolled;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedVectorized()
        {
            Vectorized3x4x4x3 net = _vectorized;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Unrolled3x4x4x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], t[0], t[1], t[2]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Vectorized3x4x4x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], t[0], t[1], t[2]);
    }

    /// <summary>3-6-6-3: 72 weights, both shapes.</summary>
    public class ShapeChoice_3_6_6_3 : SizeSweep
    {
        private Unrolled3x6x6x3 _unrolled = null!;
        private Vectorized3x6x6x3 _vectorized = null!;

        [GlobalSetup]
        public void GlobalSetup()
        {
            _vectorized = Prepare(new Vectorized3x6x6x3(), new[] { 3, 6, 6, 3 }, static (net, x, t) => Train(net, x, t));
            _unrolled = Prepare(new Unrolled3x6x6x3(), new[] { 3, 6, 6, 3 }, static (net, x, t) => Train(net, x, t));
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedUnrolled()
        {
            Unrolled3x6x6x3 net = _unrolled;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedVectorized()
        {
            Vectorized3x6x6x3 net = _vectorized;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += Train(net, X(s), T(s));
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Unrolled3x6x6x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], t[0], t[1], t[2]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Train(Vectorized3x6x6x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], t[0], t[1], t[2]);
    }
}
