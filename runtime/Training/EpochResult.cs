using System;
using System.Collections.Generic;

namespace BackpropGen
{
    /// <summary>What one epoch of a <see cref="Trainer"/> run measured; reported through <see cref="IProgress{T}"/> and kept in the <see cref="TrainingHistory"/>.</summary>
    public readonly struct EpochResult
    {
        /// <summary>Creates a result.</summary>
        /// <param name="epoch">The epoch, from 1.</param>
        /// <param name="learningRate">The learning rate it trained with.</param>
        /// <param name="trainingLoss">The mean loss of the training samples, each taken before its batch's update.</param>
        /// <param name="trainingAccuracy">The fraction of training samples classified right by the parameters at the end of the epoch; NaN where accuracy does not apply.</param>
        /// <param name="validationLoss">The mean loss of the validation samples after the epoch; NaN without validation data.</param>
        /// <param name="validationAccuracy">The fraction of validation samples classified right; NaN without validation data or where accuracy does not apply.</param>
        /// <param name="elapsed">The time since the run started.</param>
        /// <param name="isBest">Whether the monitored loss improved on every epoch before.</param>
        public EpochResult(int epoch, double learningRate, double trainingLoss, double trainingAccuracy, double validationLoss, double validationAccuracy, TimeSpan elapsed, bool isBest)
        {
            Epoch = epoch;
            LearningRate = learningRate;
            TrainingLoss = trainingLoss;
            TrainingAccuracy = trainingAccuracy;
            ValidationLoss = validationLoss;
            ValidationAccuracy = validationAccuracy;
            Elapsed = elapsed;
            IsBest = isBest;
        }

        /// <summary>The epoch, from 1.</summary>
        public int Epoch { get; }

        /// <summary>The learning rate this epoch trained with (from the schedule).</summary>
        public double LearningRate { get; }

        /// <summary>The mean loss (E_total per sample) of the training samples, each taken in its batch's forward pass, before the update.</summary>
        public double TrainingLoss { get; }

        /// <summary>
        /// The fraction of training samples classified right by the parameters at the end of the epoch (a forward pass over
        /// the training samples after it); NaN where accuracy does not apply (see <see cref="Trainer"/>).
        /// </summary>
        public double TrainingAccuracy { get; }

        /// <summary>The mean loss of the validation samples with the parameters at the end of the epoch; NaN without validation data.</summary>
        public double ValidationLoss { get; }

        /// <summary>The fraction of validation samples classified right; NaN without validation data or where accuracy does not apply.</summary>
        public double ValidationAccuracy { get; }

        /// <summary>The time from the start of the run to the end of this epoch.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Whether the monitored loss (validation, else training) was the best so far at this epoch.</summary>
        public bool IsBest { get; }

        /// <summary>One line: epoch, losses, accuracies where they apply, learning rate, time.</summary>
        /// <returns>The line.</returns>
        public override string ToString()
        {
            string text = FormattableString.Invariant($"epoch {Epoch}: loss {TrainingLoss:G6}");
            if (!double.IsNaN(TrainingAccuracy))
            {
                text += FormattableString.Invariant($", accuracy {TrainingAccuracy:P1}");
            }

            if (!double.IsNaN(ValidationLoss))
            {
                text += FormattableString.Invariant($", validation loss {ValidationLoss:G6}");
            }

            if (!double.IsNaN(ValidationAccuracy))
            {
                text += FormattableString.Invariant($", validation accuracy {ValidationAccuracy:P1}");
            }

            return text + FormattableString.Invariant($", η {LearningRate:G4}, {Elapsed.TotalSeconds:F2} s");
        }
    }

    /// <summary>What a <see cref="Trainer"/> run did: every epoch's result, the best epoch, whether it stopped early.</summary>
    public sealed class TrainingHistory
    {
        internal TrainingHistory(IReadOnlyList<EpochResult> epochs, int bestEpoch, bool stoppedEarly, bool restoredBest)
        {
            Epochs = epochs;
            BestEpoch = bestEpoch;
            StoppedEarly = stoppedEarly;
            RestoredBestParameters = restoredBest;
        }

        /// <summary>The result of each epoch run, in order.</summary>
        public IReadOnlyList<EpochResult> Epochs { get; }

        /// <summary>The epoch (from 1) whose monitored loss was lowest.</summary>
        public int BestEpoch { get; }

        /// <summary>Whether early stopping ended the run before its last epoch.</summary>
        public bool StoppedEarly { get; }

        /// <summary>Whether the network was set back to the parameters of <see cref="BestEpoch"/> at the end.</summary>
        public bool RestoredBestParameters { get; }
    }
}
