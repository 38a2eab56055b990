using System;

namespace BackpropGen.Benchmarks
{
    /// <summary>A generated classifier, its loop twin with the same parameters, and the samples both train on.</summary>
    internal sealed class Classifier<TNetwork>
        where TNetwork : IGeneratedNetwork, new()
    {
        private readonly int _inputCount;
        private readonly int _outputCount;
        private int _next;

        public Classifier(int[] sizes, int weightCount, int parameterCount, int seed)
        {
            _inputCount = sizes[0];
            _outputCount = sizes[sizes.Length - 1];
            Net = new TNetwork();
            Net.InitializeParameters(seed);
            var parameters = new double[parameterCount];
            Net.CopyParametersTo(parameters);
            Loop = Setup.ClassifierLoop(sizes, Net.LearningRate, parameters, weightCount);
            (Inputs, Targets) = Setup.ClassifierSamples(_inputCount, _outputCount, seed);
            Outputs = new double[_outputCount];

            // One step of each on the same sample: the same error and the same parameters afterwards.
            double generatedError = Net.Train(X(0), T(0));
            double loopError = Loop.Train(X(0), T(0));
            Net.CopyParametersTo(parameters);
            Setup.CheckSameStep(typeof(TNetwork).Name, generatedError, loopError, parameters, Loop.CopyParameters());
        }

        public TNetwork Net { get; }

        public LoopMlp Loop { get; }

        /// <summary><see cref="Setup.SampleCount"/> samples' inputs, row by row.</summary>
        public double[] Inputs { get; }

        /// <summary><see cref="Setup.SampleCount"/> samples' one-hot targets, row by row.</summary>
        public double[] Targets { get; }

        public double[] Outputs { get; }

        /// <summary>The next sample, cycling through all of them.</summary>
        public int Next()
        {
            int sample = _next;
            _next = (sample + 1) & (Setup.SampleCount - 1);
            return sample;
        }

        public ReadOnlySpan<double> X(int sample) => Inputs.AsSpan(sample * _inputCount, _inputCount);

        public ReadOnlySpan<double> T(int sample) => Targets.AsSpan(sample * _outputCount, _outputCount);

        /// <summary>The rows of samples first .. first + count - 1.</summary>
        public ReadOnlySpan<double> Xs(int first, int count) => Inputs.AsSpan(first * _inputCount, count * _inputCount);

        public ReadOnlySpan<double> Ts(int first, int count) => Targets.AsSpan(first * _outputCount, count * _outputCount);
    }
}
