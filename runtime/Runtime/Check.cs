using System;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The argument and state checks of the generated members, with their messages. Each check is a comparison that
    /// the JIT inlines; the exception is built in a separate method that is never inlined, so that the success path
    /// stays a compare and a branch and allocates nothing. For generated code, not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Check
    {
        /// <summary>Throws <see cref="ArgumentException"/> unless a span has exactly the length the network needs.</summary>
        /// <param name="length">The span's length.</param>
        /// <param name="expected">The length the network needs.</param>
        /// <param name="name">The parameter's name.</param>
        /// <param name="description">What the values are, e.g. "InputCount: i1..i2".</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length(int length, int expected, string name, string description)
        {
            if (length != expected)
            {
                ThrowLength(length, expected, name, description);
            }
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless a span holds one or more rows of <paramref name="valuesPerSample"/> values.</summary>
        /// <param name="length">The span's length.</param>
        /// <param name="valuesPerSample">The values of one sample.</param>
        /// <param name="name">The parameter's name.</param>
        /// <param name="description">What the values are, e.g. "InputCount: i1..i2".</param>
        /// <returns>The number of samples.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Samples(int length, int valuesPerSample, string name, string description)
        {
            if (length == 0 || length % valuesPerSample != 0)
            {
                ThrowSamples(length, valuesPerSample, name, description, "one or more samples", "a positive multiple");
            }

            return length / valuesPerSample;
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless a span holds whole rows of <paramref name="valuesPerSample"/> values (none is allowed).</summary>
        /// <param name="length">The span's length.</param>
        /// <param name="valuesPerSample">The values of one sample.</param>
        /// <param name="name">The parameter's name.</param>
        /// <param name="description">What the values are, e.g. "InputCount: i1..i2".</param>
        /// <returns>The number of samples.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int WholeSamples(int length, int valuesPerSample, string name, string description)
        {
            if (length % valuesPerSample != 0)
            {
                ThrowSamples(length, valuesPerSample, name, description, "whole samples", "a multiple");
            }

            return length / valuesPerSample;
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless a span holds <paramref name="samples"/> rows of <paramref name="valuesPerSample"/> values.</summary>
        /// <param name="length">The span's length.</param>
        /// <param name="samples">The number of samples (of the inputs).</param>
        /// <param name="valuesPerSample">The values of one sample.</param>
        /// <param name="name">The parameter's name.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Rows(int length, int samples, int valuesPerSample, string name)
        {
            if (length != samples * valuesPerSample)
            {
                ThrowRows(length, samples, valuesPerSample, name);
            }
        }

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is at least 1.</summary>
        /// <param name="value">A count, e.g. of epochs.</param>
        /// <param name="name">The parameter's name.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                ThrowAtLeastOne(value, name);
            }
        }

        /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="value"/> is null.</summary>
        /// <param name="value">The argument.</param>
        /// <param name="name">The parameter's name.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void NotNull(object? value, string name)
        {
            if (value is null)
            {
                ThrowNull(name);
            }
        }

        /// <summary>Throws <see cref="InvalidOperationException"/> when there is no forward pass for Backward to differentiate.</summary>
        /// <param name="remembered">Whether a forward pass is remembered.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void ForwardPass(bool remembered)
        {
            if (!remembered)
            {
                ThrowNoForwardPass();
            }
        }

        /// <summary>Returns <paramref name="value"/> if it is a learning rate: finite and greater than 0; else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The learning rate η.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double LearningRate(double value)
        {
            // Written so that NaN fails too: every comparison with NaN is false
            if (!(value > 0.0 && value <= double.MaxValue))
            {
                ThrowLearningRate(value);
            }

            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is at least 0 and less than 1 (a momentum μ, Adam's β1 or β2); else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Decay(double value, string name)
        {
            if (!(value >= 0.0 && value < 1.0))
            {
                ThrowHyperparameter(value, name, "at least 0 and less than 1");
            }

            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is finite and greater than 0 (Adam's ε); else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Positive(double value, string name)
        {
            if (!(value > 0.0 && value <= double.MaxValue))
            {
                ThrowHyperparameter(value, name, "finite and greater than 0");
            }

            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is finite and 0 or more (a weight decay λ); else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double NonNegative(double value, string name)
        {
            if (!(value >= 0.0 && value <= double.MaxValue))
            {
                ThrowHyperparameter(value, name, "finite and 0 or more");
            }

            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is a learning rate: finite and greater than 0; else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The learning rate η of a <c>Precision.Single</c> network.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float LearningRate(float value)
        {
            LearningRate((double)value);
            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is at least 0 and less than 1; else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter of a <c>Precision.Single</c> network.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Decay(float value, string name)
        {
            Decay((double)value, name);
            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is finite and greater than 0; else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter of a <c>Precision.Single</c> network.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Positive(float value, string name)
        {
            Positive((double)value, name);
            return value;
        }

        /// <summary>Returns <paramref name="value"/> if it is finite and 0 or more; else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
        /// <param name="value">The hyperparameter of a <c>Precision.Single</c> network.</param>
        /// <param name="name">Its property's name, for the message.</param>
        /// <returns><paramref name="value"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float NonNegative(float value, string name)
        {
            NonNegative((double)value, name);
            return value;
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLength(int length, int expected, string name, string description) =>
            throw new ArgumentException($"{name} must have length {Number(expected)} ({description}), not {Number(length)}.", name);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowSamples(int length, int valuesPerSample, string name, string description, string what, string multiple) =>
            throw new ArgumentException($"{name} must hold {what} of {Number(valuesPerSample)} values ({description}); its length {Number(length)} is not {multiple} of {Number(valuesPerSample)}.", name);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowRows(int length, int samples, int valuesPerSample, string name) =>
            throw new ArgumentException($"{name} must have length {Number(samples * valuesPerSample)} ({Number(valuesPerSample)} {(valuesPerSample == 1 ? "value" : "values")} per sample for {Number(samples)} {(samples == 1 ? "sample" : "samples")}), not {Number(length)}.", name);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowAtLeastOne(int value, string name) =>
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNull(string name) => throw new ArgumentNullException(name);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNoForwardPass() =>
            throw new InvalidOperationException("Call Forward before Backward: Backward differentiates the last forward pass, and there is none since the parameters changed (a training step, ApplyGradients, SetParameters, Load, InitializeParameters or a parameter's setter).");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowHyperparameter(double value, string name, string range) =>
            throw new ArgumentOutOfRangeException("value", value, $"{name} must be {range}, not {value.ToString("R", CultureInfo.InvariantCulture)}.");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLearningRate(double value) =>
            throw new ArgumentOutOfRangeException("value", value, $"LearningRate must be finite and greater than 0, not {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }
}
