using System;

namespace BackpropGen.Benchmarks
{
    /// <summary>Networks and data for the benchmarks: each generated network beside a loop baseline with the same parameters.</summary>
    internal static class Setup
    {
        /// <summary>The number of distinct samples the classifiers cycle through (a power of two).</summary>
        public const int SampleCount = 16;

        public static readonly double[] ArticleInputs = { 0.05, 0.10 };
        public static readonly double[] ArticleTargets = { 0.01, 0.99 };

        /// <summary>The loop baseline of the article's network, with the article's weights and biases.</summary>
        public static LoopMlp ArticleLoop()
        {
            var loop = new LoopMlp(new[] { 2, 2, 2 }, logisticHidden: true, softmaxOutput: false, trainBiases: false, learningRate: 0.5);
            loop.SetParameters(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55 }, new[] { 0.35, 0.35, 0.60, 0.60 });
            return loop;
        }

        /// <summary>The article's sample, <see cref="SampleCount"/> times, row by row.</summary>
        public static (double[] Inputs, double[] Targets) ArticleBatch()
        {
            var inputs = new double[SampleCount * 2];
            var targets = new double[SampleCount * 2];
            for (int s = 0; s < SampleCount; s++)
            {
                ArticleInputs.CopyTo(inputs, s * 2);
                ArticleTargets.CopyTo(targets, s * 2);
            }

            return (inputs, targets);
        }

        /// <summary>A classifier's loop twin: tanh hidden, softmax + cross-entropy, trained per-neuron biases.</summary>
        public static LoopMlp ClassifierLoop(int[] sizes, double learningRate, ReadOnlySpan<double> generatedParameters, int weightCount)
        {
            var loop = new LoopMlp(sizes, logisticHidden: false, softmaxOutput: true, trainBiases: true, learningRate);
            loop.SetParameters(generatedParameters.Slice(0, weightCount), generatedParameters.Slice(weightCount));
            return loop;
        }

        /// <summary><see cref="SampleCount"/> samples, row by row: inputs uniform in [-1, 1), one-hot targets.</summary>
        public static (double[] Inputs, double[] Targets) ClassifierSamples(int inputCount, int outputCount, int seed)
        {
            var random = new Random(seed);
            var inputs = new double[SampleCount * inputCount];
            var targets = new double[SampleCount * outputCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = random.NextDouble() * 2.0 - 1.0;
            }

            for (int s = 0; s < SampleCount; s++)
            {
                targets[s * outputCount + random.Next(outputCount)] = 1.0;
            }

            return (inputs, targets);
        }

        /// <summary>
        /// Checks that one step of the generated network and of its loop twin give the same E_total and the same
        /// parameters afterwards (to rounding): the two do the same math. Throws otherwise.
        /// </summary>
        public static void CheckSameStep(string name, double generatedError, double loopError, ReadOnlySpan<double> generatedParameters, double[] loopParameters)
        {
            if (!Close(generatedError, loopError))
            {
                throw new InvalidOperationException($"{name}: E_total {generatedError:R} (generated) != {loopError:R} (loop).");
            }

            if (generatedParameters.Length != loopParameters.Length)
            {
                throw new InvalidOperationException($"{name}: {generatedParameters.Length} parameters (generated) != {loopParameters.Length} (loop).");
            }

            for (int p = 0; p < loopParameters.Length; p++)
            {
                if (!Close(generatedParameters[p], loopParameters[p]))
                {
                    throw new InvalidOperationException($"{name}: parameter {p} is {generatedParameters[p]:R} (generated) != {loopParameters[p]:R} (loop) after one step.");
                }
            }
        }

        private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));
    }
}
