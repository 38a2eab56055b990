using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    // What Precision.Single buys (issue 13): the size sweep's networks (logistic, squared error, a trained bias per
    // neuron, η = 0.1) in float, against the same networks in double. No code shape is named: each size gets the shape
    // Auto picks (unrolled at 8 weights, vectorised from 64), at both precisions.

    /// <summary>2-2-2 in float: 8 weights.</summary>
    [Network(2, 2, 2, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, Precision = Precision.Single)]
    public partial class Single2x2x2 { }

    /// <summary>8-16-16-4 in float: 448 weights.</summary>
    [Network(8, 16, 16, 4, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, Precision = Precision.Single)]
    public partial class Single8x16x16x4 { }

    /// <summary>16-32-32-4 in float: 1,664 weights.</summary>
    [Network(16, 32, 32, 4, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, Precision = Precision.Single)]
    public partial class Single16x32x32x4 { }

#if LARGE_NETWORK
    /// <summary>64-64-10 in float: 4,736 weights.</summary>
    [Network(64, 64, 10, Activation.Logistic, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1, MaxWeights = 4736, Precision = Precision.Single)]
    public partial class Single64x64x10 { }
#endif

    /// <summary>
    /// Per size, time per sample of the one-sample step (the span <c>Train</c> with one sample) and of the mini-batch
    /// <c>Train</c> of 32 samples, in double (Baseline) and in float: the same 32 samples (rounded to float for the float
    /// network), both networks initialised from seed 1. OperationsPerInvoke = 32 (every row is per sample).
    /// </summary>
    [MemoryDiagnoser]
    public abstract class PrecisionChoice
    {
        public const int Samples = 32;

        private double[] _x = null!, _t = null!;
        private float[] _xf = null!, _tf = null!;
        private int _inputs, _outputs;

        protected abstract INetwork Double { get; }

        protected abstract void TrainSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> t);

        protected void Prepare(int inputs, int outputs)
        {
            _inputs = inputs;
            _outputs = outputs;
            var random = new Random(1);
            _x = Enumerable.Range(0, Samples * inputs).Select(_ => (2.0 * random.NextDouble()) - 1.0).ToArray();
            _t = Enumerable.Range(0, Samples * outputs).Select(_ => 0.05 + (0.9 * random.NextDouble())).ToArray();
            _xf = _x.Select(v => (float)v).ToArray();
            _tf = _t.Select(v => (float)v).ToArray();
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
        public double DoubleTrain()
        {
            INetwork net = Double;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += net.Train(_x.AsSpan(s * _inputs, _inputs), _t.AsSpan(s * _outputs, _outputs));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public void SingleTrain()
        {
            for (int s = 0; s < Samples; s++)
            {
                TrainSingle(_xf.AsSpan(s * _inputs, _inputs), _tf.AsSpan(s * _outputs, _outputs));
            }
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double DoubleMiniBatch() => Double.Train(_x, _t);

        [Benchmark(OperationsPerInvoke = Samples)]
        public void SingleMiniBatch() => TrainSingle(_xf, _tf);
    }

    public class PrecisionChoice8 : PrecisionChoice
    {
        private readonly Sweep2x2x2 _double = new();
        private readonly Single2x2x2 _single = new();

        protected override INetwork Double => _double;

        [GlobalSetup]
        public void Setup()
        {
            _double.InitializeParameters(1);
            _single.InitializeParameters(1);
            Prepare(2, 2);
        }

        protected override void TrainSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> t) => _single.Train(x, t);
    }

    public class PrecisionChoice448 : PrecisionChoice
    {
        private readonly Sweep8x16x16x4 _double = new();
        private readonly Single8x16x16x4 _single = new();

        protected override INetwork Double => _double;

        [GlobalSetup]
        public void Setup()
        {
            _double.InitializeParameters(1);
            _single.InitializeParameters(1);
            Prepare(8, 4);
        }

        protected override void TrainSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> t) => _single.Train(x, t);
    }

    public class PrecisionChoice1664 : PrecisionChoice
    {
        private readonly Sweep16x32x32x4 _double = new();
        private readonly Single16x32x32x4 _single = new();

        protected override INetwork Double => _double;

        [GlobalSetup]
        public void Setup()
        {
            _double.InitializeParameters(1);
            _single.InitializeParameters(1);
            Prepare(16, 4);
        }

        protected override void TrainSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> t) => _single.Train(x, t);
    }

#if LARGE_NETWORK
    public class PrecisionChoice4736 : PrecisionChoice
    {
        private readonly Sweep64x64x10 _double = new();
        private readonly Single64x64x10 _single = new();

        protected override INetwork Double => _double;

        [GlobalSetup]
        public void Setup()
        {
            _double.InitializeParameters(1);
            _single.InitializeParameters(1);
            Prepare(64, 10);
        }

        protected override void TrainSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> t) => _single.Train(x, t);
    }
#endif
}
