using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The size sweep of issue 10: per network size, one online SGD step per sample (forward, backward, simultaneous
    /// update; logistic layers, squared error, a trained bias per neuron) by the generated one-sample <c>Train</c>, the
    /// generated <c>TrainOnline</c> over the 32 samples, the generated mini-batch <c>Train</c> of the 32 samples (one
    /// update per batch), the plain <see cref="BackpropGen.Benchmarks.LoopMlp"/>, the <see cref="BackpropGen.Benchmarks.VectorMlp"/>
    /// (Baseline: Ratio = time / the Vector256 loop's), the same loop with fused multiply-adds
    /// (<see cref="BackpropGen.Benchmarks.VectorMlpFma"/>), and with <c>Vector512</c> and fused multiply-adds
    /// (<see cref="BackpropGen.Benchmarks.VectorMlp512Fma"/>, what a user could write for a CPU with AVX-512). Every row is time per sample (OperationsPerInvoke = 32).
    /// The setup checks, before anything is measured, that the generated network, the loop and the vector loop give
    /// the same E_total and parameters over 64 steps (1e-12 relative), and throws otherwise.
    /// Run by the size-sweep mode (SizeSweepRunner), which repeats the run in several processes.
    /// </summary>
    [MemoryDiagnoser]
    public abstract class SizeSweep
    {
        /// <summary>The samples per invocation, and the mini-batch size.</summary>
        public const int Samples = 32;

        private const double Tolerance = 1e-12;

        private int _inputCount;
        private int _outputCount;
        private LoopMlp _loop = null!;
        private VectorMlp _vector = null!;
        private VectorMlpFma _vectorFma = null!;
        private VectorMlp512Fma _vector512Fma = null!;

        /// <summary>All samples' inputs, row by row.</summary>
        protected double[] Inputs { get; private set; } = null!;

        /// <summary>All samples' targets, row by row.</summary>
        protected double[] Targets { get; private set; } = null!;

        /// <summary>The sweep networks' learning rate (their attribute's).</summary>
        public const double LearningRate = 0.1;

        [Benchmark(OperationsPerInvoke = Samples)]
        public double LoopMlpTrain()
        {
            LoopMlp loop = _loop;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += loop.Train(X(s), T(s));
            }

            return sum;
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
        public double VectorMlpTrain()
        {
            VectorMlp vector = _vector;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += vector.Train(X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double VectorMlpFmaTrain()
        {
            VectorMlpFma vector = _vectorFma;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += vector.Train(X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double VectorMlp512FmaTrain()
        {
            VectorMlp512Fma vector = _vector512Fma;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += vector.Train(X(s), T(s));
            }

            return sum;
        }

        protected ReadOnlySpan<double> X(int sample) => Inputs.AsSpan(sample * _inputCount, _inputCount);

        protected ReadOnlySpan<double> T(int sample) => Targets.AsSpan(sample * _outputCount, _outputCount);

        /// <summary>
        /// Initialises the generated network (seed 1), gives the loops its parameters and the samples, and checks that
        /// the three train alike: 64 one-sample steps each (every sample twice), E_total of each step and the parameters
        /// after each step equal to <see cref="Tolerance"/> (relative). Throws otherwise. Returns the network.
        /// </summary>
        protected TNetwork Prepare<TNetwork>(TNetwork net, int[] sizes, Func<TNetwork, double[], double[], double> train)
            where TNetwork : IGeneratedNetwork
        {
            _inputCount = sizes[0];
            _outputCount = sizes[sizes.Length - 1];
            (Inputs, Targets) = MakeSamples(_inputCount, _outputCount, seed: 1);
            if (net.LearningRate != LearningRate)
            {
                throw new InvalidOperationException($"{typeof(TNetwork).Name}: learning rate {net.LearningRate} != {LearningRate}.");
            }

            int weightCount = 0;
            int biasCount = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                weightCount += sizes[l - 1] * sizes[l];
                biasCount += sizes[l];
            }

            net.InitializeParameters(1);
            var parameters = new double[weightCount + biasCount];
            net.CopyParametersTo(parameters);
            _loop = new LoopMlp(sizes, logisticHidden: true, softmaxOutput: false, trainBiases: true, LearningRate);
            _loop.SetParameters(parameters.AsSpan(0, weightCount), parameters.AsSpan(weightCount));
            _vector = new VectorMlp(sizes, LearningRate);
            _vector.SetParameters(parameters.AsSpan(0, weightCount), parameters.AsSpan(weightCount));
            _vectorFma = new VectorMlpFma(sizes, LearningRate);
            _vectorFma.SetParameters(parameters.AsSpan(0, weightCount), parameters.AsSpan(weightCount));
            _vector512Fma = new VectorMlp512Fma(sizes, LearningRate);
            _vector512Fma.SetParameters(parameters.AsSpan(0, weightCount), parameters.AsSpan(weightCount));

            string name = typeof(TNetwork).Name;
            for (int step = 0; step < 2 * Samples; step++)
            {
                int s = step % Samples;
                double[] x = X(s).ToArray(), t = T(s).ToArray();
                double generatedError = train(net, x, t);
                double loopError = _loop.Train(x, t);
                double vectorError = _vector.Train(x, t);
                double vectorFmaError = _vectorFma.Train(x, t);
                double vector512FmaError = _vector512Fma.Train(x, t);
                net.CopyParametersTo(parameters);
                Check(name, "loop", step, generatedError, loopError, parameters, _loop.CopyParameters());
                Check(name, "Vector256 loop", step, generatedError, vectorError, parameters, _vector.CopyParameters());
                Check(name, "Vector256 loop with FMA", step, generatedError, vectorFmaError, parameters, _vectorFma.CopyParameters());
                Check(name, "Vector512 loop with FMA", step, generatedError, vector512FmaError, parameters, _vector512Fma.CopyParameters());
            }

            Console.WriteLine($"// {name}: the generated Train, LoopMlp, VectorMlp, VectorMlpFma and VectorMlp512Fma agree to {Tolerance:0e0} (relative) over {2 * Samples} steps.");
            return net;
        }

        /// <summary><see cref="Samples"/> samples: inputs uniform in [-1, 1), targets uniform in [0.05, 0.95).</summary>
        private static (double[] Inputs, double[] Targets) MakeSamples(int inputCount, int outputCount, int seed)
        {
            var random = new Random(seed);
            var inputs = new double[Samples * inputCount];
            var targets = new double[Samples * outputCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = random.NextDouble() * 2.0 - 1.0;
            }

            for (int i = 0; i < targets.Length; i++)
            {
                targets[i] = 0.05 + 0.9 * random.NextDouble();
            }

            return (inputs, targets);
        }

        private static void Check(string name, string other, int step, double generatedError, double otherError, double[] generated, double[] others)
        {
            if (!Close(generatedError, otherError))
            {
                throw new InvalidOperationException($"{name}, step {step}: E_total {generatedError:R} (generated) != {otherError:R} ({other}).");
            }

            if (generated.Length != others.Length)
            {
                throw new InvalidOperationException($"{name}: {generated.Length} parameters (generated) != {others.Length} ({other}).");
            }

            for (int p = 0; p < generated.Length; p++)
            {
                if (!Close(generated[p], others[p]))
                {
                    throw new InvalidOperationException($"{name}, step {step}: parameter {p} is {generated[p]:R} (generated) != {others[p]:R} ({other}).");
                }
            }
        }

        private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

        /// <summary>The sweep's benchmark classes, smallest network first (64-64-10 only where it is compiled).</summary>
        public static IReadOnlyList<Type> Classes { get; } = new[]
        {
            typeof(SizeSweep_2_2_2),
            typeof(SizeSweep_3_6_6_3),
            typeof(SizeSweep_6_12_12_4),
            typeof(SizeSweep_8_16_16_4),
            typeof(SizeSweep_16_32_32_4),
#if LARGE_NETWORK
            typeof(SizeSweep_64_64_10),
#endif
        };
    }

    /// <summary>2-2-2: 8 weights.</summary>
    public class SizeSweep_2_2_2 : SizeSweep
    {
        private Sweep2x2x2 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep2x2x2(), new[] { 2, 2, 2 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep2x2x2 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

    /// <summary>3-6-6-3: 72 weights.</summary>
    public class SizeSweep_3_6_6_3 : SizeSweep
    {
        private Sweep3x6x6x3 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep3x6x6x3(), new[] { 3, 6, 6, 3 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep3x6x6x3 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

    /// <summary>6-12-12-4: 264 weights.</summary>
    public class SizeSweep_6_12_12_4 : SizeSweep
    {
        private Sweep6x12x12x4 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep6x12x12x4(), new[] { 6, 12, 12, 4 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep6x12x12x4 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

    /// <summary>8-16-16-4: 448 weights.</summary>
    public class SizeSweep_8_16_16_4 : SizeSweep
    {
        private Sweep8x16x16x4 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep8x16x16x4(), new[] { 8, 16, 16, 4 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep8x16x16x4 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

    /// <summary>16-32-32-4: 1,664 weights.</summary>
    public class SizeSweep_16_32_32_4 : SizeSweep
    {
        private Sweep16x32x32x4 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep16x32x32x4(), new[] { 16, 32, 32, 4 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep16x32x32x4 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

#if LARGE_NETWORK
    /// <summary>64-64-10: 4,736 weights.</summary>
    public class SizeSweep_64_64_10 : SizeSweep
    {
        private Sweep64x64x10 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep64x64x10(), new[] { 64, 64, 10 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep64x64x10 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }

    /// <summary>
    /// 128-64-10: 8,832 weights, run on its own (<c>--filter '*SizeSweep_128_64_10*'</c>), not by the size-sweep mode: in
    /// a first run of both in one process, two of three processes measured 64-64-10's rows slow (its generated Train at
    /// 1.1 µs against 0.7 µs alone), which a second run in that order did not repeat
    /// (docs/results/session-2026-12-02/vector512-crossover.txt); until that is understood, the sweep keeps its sizes.
    /// </summary>
    public class SizeSweep_128_64_10 : SizeSweep
    {
        private Sweep128x64x10 _net = null!;

        [GlobalSetup]
        public void GlobalSetup() => _net = Prepare(new Sweep128x64x10(), new[] { 128, 64, 10 }, static (net, x, t) => SweepCalls.Train(net, x, t));

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrain()
        {
            Sweep128x64x10 net = _net;
            double sum = 0.0;
            for (int s = 0; s < Samples; s++)
            {
                sum += SweepCalls.Train(net, X(s), T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedTrainOnline() => _net.TrainOnline(Inputs, Targets);

        [Benchmark(OperationsPerInvoke = Samples)]
        public double GeneratedMiniBatch32() => _net.Train(Inputs, Targets);
    }
#endif
}
