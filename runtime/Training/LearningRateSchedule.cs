using System;

namespace BackpropGen
{
    /// <summary>
    /// The learning rate of each epoch of a <see cref="Trainer"/> run, from the rate the network starts with. The
    /// schedules follow PyTorch's (<c>StepLR</c>, <c>CosineAnnealingLR</c>) with the epoch counted from 0, so that a
    /// recipe moves over unchanged.
    /// </summary>
    public abstract class LearningRateSchedule
    {
        /// <summary>The same rate every epoch (the default).</summary>
        public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

        /// <summary>
        /// PyTorch's <c>StepLR</c>: η = η₀·γ^⌊epoch / <paramref name="stepSize"/>⌋, the rate multiplied by
        /// <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.
        /// </summary>
        /// <param name="stepSize">Epochs between two decays: 1 or more.</param>
        /// <param name="gamma">The factor of each decay: finite, greater than 0 (usually below 1).</param>
        /// <returns>The schedule.</returns>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
        public static LearningRateSchedule Step(int stepSize, double gamma = 0.1)
        {
            if (stepSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size is the number of epochs between two decays: 1 or more.");
            }

            if (!(gamma > 0) || double.IsInfinity(gamma))
            {
                throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The decay factor must be finite and greater than 0.");
            }

            return new StepSchedule(stepSize, gamma);
        }

        /// <summary>
        /// PyTorch's <c>CosineAnnealingLR</c>: η = η_min + (η₀ − η_min)·(1 + cos(π·epoch / <paramref name="period"/>)) / 2,
        /// from η₀ at epoch 0 down to <paramref name="minimum"/> at epoch <paramref name="period"/> (and back up after it,
        /// as PyTorch's closed form does).
        /// </summary>
        /// <param name="period">The epochs from the start rate to the minimum (PyTorch's <c>T_max</c>): 1 or more.</param>
        /// <param name="minimum">The lowest rate (<c>eta_min</c>): finite, 0 or more.</param>
        /// <returns>The schedule.</returns>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
        public static LearningRateSchedule Cosine(int period, double minimum = 0.0)
        {
            if (period < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(period), period, "The period is the number of epochs from the start rate to the minimum: 1 or more.");
            }

            if (!(minimum >= 0) || double.IsInfinity(minimum))
            {
                throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum rate must be finite and 0 or more.");
            }

            return new CosineSchedule(period, minimum);
        }

        /// <summary>The learning rate of epoch <paramref name="epoch"/> (counted from 0).</summary>
        /// <param name="epoch">The epoch, from 0.</param>
        /// <param name="initial">The network's learning rate when the run started.</param>
        /// <returns>The rate to train that epoch with.</returns>
        public abstract double RateAt(int epoch, double initial);

        private sealed class ConstantSchedule : LearningRateSchedule
        {
            public override double RateAt(int epoch, double initial) => initial;
        }

        private sealed class StepSchedule : LearningRateSchedule
        {
            private readonly int _stepSize;
            private readonly double _gamma;

            public StepSchedule(int stepSize, double gamma)
            {
                _stepSize = stepSize;
                _gamma = gamma;
            }

            public override double RateAt(int epoch, double initial) => initial * Math.Pow(_gamma, epoch / _stepSize);
        }

        private sealed class CosineSchedule : LearningRateSchedule
        {
            private readonly int _period;
            private readonly double _minimum;

            public CosineSchedule(int period, double minimum)
            {
                _period = period;
                _minimum = minimum;
            }

            public override double RateAt(int epoch, double initial) =>
                _minimum + ((initial - _minimum) * (1 + Math.Cos(Math.PI * epoch / _period)) / 2);
        }
    }
}
