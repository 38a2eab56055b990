using System;
using System.ComponentModel;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The conversions behind a <c>Precision.Single</c> network's <see cref="INetwork"/> members, which take and give
    /// doubles: values in are rounded to the nearest float, values out widen exactly. The float copies live in buffers
    /// that the network keeps and grows when a longer span comes, so that training through the interface allocates
    /// nothing once the buffers have their size.
    /// For generated code, not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class DoubleView
    {
        /// <summary>A span of <paramref name="length"/> floats over <paramref name="buffer"/>, which is replaced by a larger one when it is too short.</summary>
        /// <param name="buffer">The network's buffer for this argument (null at first).</param>
        /// <param name="length">The floats needed.</param>
        /// <returns>The first <paramref name="length"/> floats of the buffer (their values are not cleared).</returns>
        public static Span<float> Scratch(ref float[]? buffer, int length)
        {
            if (buffer is null || buffer.Length < length)
            {
                buffer = new float[length];
            }

            return buffer.AsSpan(0, length);
        }

        /// <summary>The values of <paramref name="source"/> rounded to floats, in <paramref name="buffer"/> (see <see cref="Scratch"/>).</summary>
        /// <param name="source">The doubles.</param>
        /// <param name="buffer">The network's buffer for this argument.</param>
        /// <returns>The floats, as long as <paramref name="source"/>.</returns>
        public static ReadOnlySpan<float> Narrow(ReadOnlySpan<double> source, ref float[]? buffer)
        {
            Span<float> floats = Scratch(ref buffer, source.Length);
            for (int i = 0; i < source.Length; i++)
            {
                floats[i] = (float)source[i];
            }

            return floats;
        }

        /// <summary>Widens every float of <paramref name="source"/> into <paramref name="destination"/> (exactly: every float is a double).</summary>
        /// <param name="source">The floats.</param>
        /// <param name="destination">At least as many doubles.</param>
        public static void Widen(ReadOnlySpan<float> source, Span<double> destination)
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i];
            }
        }
    }
}
