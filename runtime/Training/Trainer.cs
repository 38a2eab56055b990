using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace BackpropGen
{
    /// <summary>
    /// A training loop for any generated network: epochs of mini-batches in a seeded random order, validation on a
    /// held-back set, early stopping that restores the best parameters, a learning-rate schedule, progress and
    /// cancellation. Each step is the network's own mini-batch <c>Train</c> (one update from the batch's mean gradient,
    /// with the network's optimizer); the loop allocates its buffers when <see cref="Fit"/> starts and nothing per step or
    /// per epoch after that.
    /// </summary>
    /// <remarks>
    /// <para>Data is row-major: sample <c>s</c>'s inputs are <c>inputs[s·InputCount .. (s+1)·InputCount)</c>, its targets
    /// likewise with <c>OutputCount</c>.</para>
    /// <para>The loss is the network's own (<see cref="NetworkDescription.Loss"/>): E_total per sample, as <c>Train</c>
    /// returns it for the training loss and <see cref="INetwork.Evaluate"/> for the validation loss (from the net inputs:
    /// finite where an output rounds to 0 or 1). Accuracy applies to classifiers, that is networks trained with <see cref="Loss.CrossEntropy"/>: with a
    /// softmax output, a sample is right when its largest output is at its largest target; with logistic outputs (binary
    /// cross-entropy), when every output is on the same side of ½ as its target. Elsewhere it is NaN.</para>
    /// <para>A Trainer is not thread-safe, and neither is the network it trains.</para>
    /// </remarks>
    public sealed class Trainer
    {
        private readonly INetwork _network;
        private readonly NetworkDescription _description;

        /// <summary>A trainer of <paramref name="network"/>.</summary>
        /// <param name="network">The network to train (its parameters change).</param>
        /// <param name="options">How to train; null for the defaults of <see cref="TrainerOptions"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
        public Trainer(INetwork network, TrainerOptions? options = null)
        {
            _network = network ?? throw new ArgumentNullException(nameof(network));
            _description = network.Description;
            Options = options ?? new TrainerOptions();
        }

        /// <summary>The options of the next <see cref="Fit"/> (a live object: changes apply to the next run).</summary>
        public TrainerOptions Options { get; }

        /// <summary>
        /// Trains the network on <paramref name="inputs"/> and <paramref name="targets"/> for <see cref="TrainerOptions.Epochs"/>
        /// epochs or until early stopping, validating after each epoch on the validation set (or on the
        /// <see cref="TrainerOptions.ValidationSplit"/> held back when none is given).
        /// </summary>
        /// <param name="inputs">The training samples' inputs, row-major: one or more rows of InputCount values.</param>
        /// <param name="targets">Their targets: as many rows of OutputCount values.</param>
        /// <param name="validationInputs">The validation samples' inputs (empty: none, or the split).</param>
        /// <param name="validationTargets">Their targets.</param>
        /// <param name="progress">Told each epoch's result as soon as the epoch ends: <see cref="IProgress{T}.Report"/> is called on the calling thread, before the next epoch starts; may be null. (<see cref="Progress{T}"/> posts its handler to the synchronization context it was created on, in a console application the thread pool, where handlers can run late and out of order; to handle each epoch in turn, implement <see cref="IProgress{T}"/>.)</param>
        /// <param name="cancellationToken">Checked before every step. On cancellation the network keeps the parameters of its last completed step.</param>
        /// <returns>Every epoch's result, the best epoch, whether the run stopped early.</returns>
        /// <remarks>The schedule sets the network's <see cref="INetwork.LearningRate"/> for each epoch; when <c>Fit</c> returns or throws, the network has the rate it had before the call again.</remarks>
        /// <exception cref="ArgumentException">A span's length does not fit the network, or the split leaves no sample to train on.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public TrainingHistory Fit(
            ReadOnlySpan<double> inputs,
            ReadOnlySpan<double> targets,
            ReadOnlySpan<double> validationInputs = default,
            ReadOnlySpan<double> validationTargets = default,
            IProgress<EpochResult>? progress = null,
            CancellationToken cancellationToken = default)
        {
            int inputCount = _description.InputCount, outputCount = _description.OutputCount;
            int samples = Rows(inputs.Length, inputCount, nameof(inputs), "inputs");
            if (Rows(targets.Length, outputCount, nameof(targets), "targets") != samples)
            {
                throw new ArgumentException($"Expected the targets of {Count(samples, "sample")} ({Count(samples * outputCount, "value")}), found {Count(targets.Length, "value")}.", nameof(targets));
            }

            int validation = validationInputs.Length == 0 && validationTargets.Length == 0
                ? 0
                : Rows(validationInputs.Length, inputCount, nameof(validationInputs), "validation inputs");
            if (validation > 0 && Rows(validationTargets.Length, outputCount, nameof(validationTargets), "validation targets") != validation)
            {
                throw new ArgumentException($"Expected the targets of {Count(validation, "validation sample")} ({Count(validation * outputCount, "value")}), found {Count(validationTargets.Length, "value")}.", nameof(validationTargets));
            }

            if (validation == 0 && Options.ValidationSplit > 0)
            {
                validation = Math.Max(1, (int)(samples * Options.ValidationSplit));
                if (validation >= samples)
                {
                    throw new ArgumentException($"ValidationSplit {Options.ValidationSplit.ToString(CultureInfo.InvariantCulture)} of {Count(samples, "sample")} leaves none to train on.", nameof(inputs));
                }

                validationInputs = inputs.Slice((samples - validation) * inputCount);
                validationTargets = targets.Slice((samples - validation) * outputCount);
                samples -= validation;
                inputs = inputs.Slice(0, samples * inputCount);
                targets = targets.Slice(0, samples * outputCount);
            }

            // Everything the run needs, allocated once.
            int batchSize = Math.Min(Options.BatchSize, samples);
            var order = new int[samples];
            for (int s = 0; s < samples; s++)
            {
                order[s] = s;
            }

            var batchInputs = new double[batchSize * inputCount];
            var batchTargets = new double[batchSize * outputCount];
            var outputs = new double[outputCount];
            double[]? best = Options.Patience > 0 && Options.RestoreBestParameters ? new double[_description.ParameterCount] : null;
            var history = new List<EpochResult>(Options.Epochs);
            var random = new Random(Options.Seed);
            bool classifier = _description.Loss == Loss.CrossEntropy;
            double initialRate = _network.LearningRate;
            Stopwatch clock = Stopwatch.StartNew();

            double bestLoss = double.PositiveInfinity;
            int bestEpoch = 0, sinceBest = 0;
            bool stoppedEarly = false;
            try
            {
                for (int epoch = 0; epoch < Options.Epochs; epoch++)
                {
                    double rate = Options.Schedule.RateAt(epoch, initialRate);
                    bool trains = rate > 0 && !double.IsInfinity(rate);
                    if (trains)
                    {
                        _network.LearningRate = rate;
                    }
                    else if (double.IsNaN(rate) || rate < 0 || double.IsInfinity(rate))
                    {
                        throw new InvalidOperationException($"The learning-rate schedule gave {rate} for epoch {epoch}; expected a finite rate of 0 or more.");
                    }

                    if (Options.Shuffle)
                    {
                        // Fisher–Yates over the previous order: a new permutation every epoch, the same for the same seed.
                        for (int i = samples - 1; i > 0; i--)
                        {
                            int j = random.Next(i + 1);
                            (order[i], order[j]) = (order[j], order[i]);
                        }
                    }

                    double trainingLoss;
                    if (trains)
                    {
                        double sum = 0.0;
                        for (int start = 0; start < samples; start += batchSize)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            int count = Math.Min(batchSize, samples - start);
                            for (int k = 0; k < count; k++)
                            {
                                int s = order[start + k];
                                inputs.Slice(s * inputCount, inputCount).CopyTo(batchInputs.AsSpan(k * inputCount));
                                targets.Slice(s * outputCount, outputCount).CopyTo(batchTargets.AsSpan(k * outputCount));
                            }

                            sum += count * _network.Train(batchInputs.AsSpan(0, count * inputCount), batchTargets.AsSpan(0, count * outputCount));
                        }

                        trainingLoss = sum / samples;
                    }
                    else
                    {
                        // A rate of 0 (the end of a cosine period with minimum 0): η = 0 changes nothing; the network itself
                        // refuses 0 as its rate, so the epoch only measures.
                        trainingLoss = Evaluate(inputs, targets, outputs, out _);
                    }

                    double trainingAccuracy = classifier ? Accuracy(inputs, targets, outputs) : double.NaN;

                    double validationLoss = double.NaN, validationAccuracy = double.NaN;
                    if (validation > 0)
                    {
                        validationLoss = Evaluate(validationInputs, validationTargets, outputs, out validationAccuracy);
                    }

                    double monitored = validation > 0 ? validationLoss : trainingLoss;
                    bool isBest = monitored < bestLoss - Options.MinDelta || (epoch == 0 && !double.IsNaN(monitored));
                    if (isBest)
                    {
                        bestLoss = monitored;
                        bestEpoch = epoch + 1;
                        sinceBest = 0;
                        if (best is not null)
                        {
                            _network.CopyParametersTo(best);
                        }
                    }
                    else
                    {
                        sinceBest++;
                    }

                    var result = new EpochResult(epoch + 1, trains ? rate : 0.0, trainingLoss, classifier ? trainingAccuracy : double.NaN, validationLoss, validationAccuracy, clock.Elapsed, isBest);
                    history.Add(result);
                    progress?.Report(result);
                    if (Options.Patience > 0 && sinceBest >= Options.Patience && epoch + 1 < Options.Epochs)
                    {
                        stoppedEarly = true;
                        break;
                    }
                }
            }
            finally
            {
                // The schedule sets the rate of each epoch; the network leaves the run with the rate it came with, so that
                // a second Fit (or further training) starts from it again, not from the schedule's last rate.
                _network.LearningRate = initialRate;
            }

            bool restored = false;
            if (best is not null && bestEpoch > 0 && bestEpoch != history.Count)
            {
                _network.SetParameters(best);
                restored = true;
            }

            return new TrainingHistory(history.AsReadOnly(), bestEpoch, stoppedEarly, restored);
        }

        /// <summary>The network's mean loss on some samples, and its accuracy where accuracy applies (see <see cref="Trainer"/>).</summary>
        /// <param name="inputs">One or more rows of InputCount values.</param>
        /// <param name="targets">As many rows of OutputCount values.</param>
        /// <param name="accuracy">The fraction of samples classified right; NaN where accuracy does not apply.</param>
        /// <returns>The mean E_total per sample.</returns>
        /// <exception cref="ArgumentException">A span's length does not fit the network.</exception>
        public double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, out double accuracy)
        {
            int samples = Rows(inputs.Length, _description.InputCount, nameof(inputs), "inputs");
            if (Rows(targets.Length, _description.OutputCount, nameof(targets), "targets") != samples)
            {
                throw new ArgumentException($"Expected the targets of {Count(samples, "sample")} ({Count(samples * _description.OutputCount, "value")}), found {Count(targets.Length, "value")}.", nameof(targets));
            }

            return Evaluate(inputs, targets, new double[_description.OutputCount], out accuracy);
        }

        /// <summary>The network's own loss (<see cref="INetwork.Evaluate"/>), and the accuracy from Forward's outputs where it applies.</summary>
        private double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double[] outputs, out double accuracy)
        {
            accuracy = _description.Loss == BackpropGen.Loss.CrossEntropy ? Accuracy(inputs, targets, outputs) : double.NaN;
            return _network.Evaluate(inputs, targets);
        }

        /// <summary>The fraction of the samples classified right (see <see cref="Trainer"/>), from Forward's outputs.</summary>
        private double Accuracy(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, double[] outputs)
        {
            int inputCount = _description.InputCount, outputCount = _description.OutputCount;
            int samples = inputs.Length / inputCount;
            int right = 0;
            for (int s = 0; s < samples; s++)
            {
                ReadOnlySpan<double> target = targets.Slice(s * outputCount, outputCount);
                _network.Forward(inputs.Slice(s * inputCount, inputCount), outputs);
                right += IsRight(outputs, target) ? 1 : 0;
            }

            return (double)right / samples;
        }

        private bool IsRight(double[] outputs, ReadOnlySpan<double> targets)
        {
            if (_description.ActivationOf(_description.LayerCount - 1) == Activation.Softmax)
            {
                int predicted = 0, expected = 0;
                for (int k = 1; k < outputs.Length; k++)
                {
                    predicted = outputs[k] > outputs[predicted] ? k : predicted;
                    expected = targets[k] > targets[expected] ? k : expected;
                }

                return predicted == expected;
            }

            for (int k = 0; k < outputs.Length; k++)
            {
                if (outputs[k] >= 0.5 != targets[k] >= 0.5)
                {
                    return false;
                }
            }

            return true;
        }

        private static int Rows(int length, int perSample, string name, string what)
        {
            if (length == 0 || length % perSample != 0)
            {
                throw new ArgumentException($"Expected the {what} of one or more samples, a positive multiple of {Count(perSample, "value")}; found {Count(length, "value")}.", name);
            }

            return length / perSample;
        }

        /// <summary>"1 sample", "3 samples": a count and its noun, for the messages.</summary>
        private static string Count(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");
    }
}
