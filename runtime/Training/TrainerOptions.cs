using System;

namespace BackpropGen
{
    /// <summary>How a <see cref="Trainer"/> trains: epochs, batches, shuffling, validation, early stopping, schedule.</summary>
    public sealed class TrainerOptions
    {
        private int _epochs = 100;
        private int _batchSize = 32;
        private double _validationSplit;
        private int _patience;
        private double _minDelta;
        private LearningRateSchedule _schedule = LearningRateSchedule.Constant;

        /// <summary>The defaults: 100 epochs of batches of 32, shuffled with seed 0, no validation split, no early stopping, a constant learning rate. Set the properties to change them.</summary>
        public TrainerOptions()
        {
        }

        /// <summary>Passes over the training samples: 1 or more. Default 100.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
        public int Epochs
        {
            get => _epochs;
            set => _epochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "Epochs must be 1 or more.");
        }

        /// <summary>
        /// Samples per training step (one mini-batch <c>Train</c> call, one update from their mean gradient): 1 or more.
        /// The last batch of an epoch holds what is left. Default 32.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
        public int BatchSize
        {
            get => _batchSize;
            set => _batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "BatchSize must be 1 or more.");
        }

        /// <summary>Whether each epoch visits the training samples in a new random order (seeded by <see cref="Seed"/>). Default true.</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>The seed of the shuffling: the same seed, data and network give the same run. Default 0.</summary>
        public int Seed { get; set; }

        /// <summary>
        /// Without a validation set, the fraction of the samples held back to validate: the last ones, before any
        /// shuffling (as Keras does), rounded down but at least one. 0 (the default) holds none back; at least one sample must
        /// remain to train on.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
        public double ValidationSplit
        {
            get => _validationSplit;
            set => _validationSplit = value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(nameof(ValidationSplit), value, "ValidationSplit must be at least 0 and less than 1.");
        }

        /// <summary>
        /// Early stopping: stop after this many epochs in a row without improvement of the monitored loss (the
        /// validation loss, or the training loss when there is no validation data). 0 (the default) never stops early.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public int Patience
        {
            get => _patience;
            set => _patience = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Patience), value, "Patience must be 0 (no early stopping) or more.");
        }

        /// <summary>How much the monitored loss must fall below the best so far to count as an improvement: 0 or more. Default 0.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
        public double MinDelta
        {
            get => _minDelta;
            set => _minDelta = value >= 0 && !double.IsInfinity(value) ? value : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "MinDelta must be finite and 0 or more.");
        }

        /// <summary>
        /// With early stopping (<see cref="Patience"/> above 0): whether the run ends with the parameters of the epoch
        /// whose monitored loss was best, whether it stopped early or ran all its epochs. Default true.
        /// </summary>
        public bool RestoreBestParameters { get; set; } = true;

        /// <summary>The learning rate of each epoch, from the network's rate at the start of <see cref="Trainer.Fit"/> (which puts that rate back when it ends). Default <see cref="LearningRateSchedule.Constant"/>.</summary>
        /// <exception cref="ArgumentNullException">The value is null.</exception>
        public LearningRateSchedule Schedule
        {
            get => _schedule;
            set => _schedule = value ?? throw new ArgumentNullException(nameof(Schedule));
        }
    }
}
