using System;
using System.IO;

namespace BackpropGen.Interop
{
    /// <summary>Reads a whole stream for the importers, and checks streams for the exporters.</summary>
    internal static class StreamInput
    {
        /// <summary>Every byte from the stream's position to its end.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read, or reading it fails.</exception>
        public static byte[] ReadToEnd(Stream stream, string name)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(name);
            }

            if (!stream.CanRead)
            {
                throw new ArgumentException("Expected a readable stream, found one that cannot be read (CanRead is false).", name);
            }

            try
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return buffer.ToArray();
            }
            catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
            {
                throw new ArgumentException("Expected a readable stream, found one whose reading failed: " + e.Message, name, e);
            }
        }

        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be written.</exception>
        public static void CheckWritable(Stream stream, string name)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(name);
            }

            if (!stream.CanWrite)
            {
                throw new ArgumentException("Expected a writable stream, found one that cannot be written (CanWrite is false).", name);
            }
        }

        public static void CheckNetwork(INetwork network, string name)
        {
            if (network is null)
            {
                throw new ArgumentNullException(name);
            }
        }

        /// <summary>The network's parameters in parameter order.</summary>
        public static double[] Parameters(INetwork network)
        {
            double[] parameters = new double[network.Description.ParameterCount];
            network.CopyParametersTo(parameters);
            return parameters;
        }
    }
}
