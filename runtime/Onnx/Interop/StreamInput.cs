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

        /// <summary>
        /// The path overloads' writing: <paramref name="save"/> writes into memory, then the file is opened and written,
        /// so that a save that throws while making the content (a parameter JSON cannot hold) leaves an existing file as it was.
        /// </summary>
        public static void SaveFile(INetwork network, string path, Action<INetwork, Stream> save)
        {
            CheckNetwork(network, nameof(network));
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            using var content = new MemoryStream();
            save(network, content);
            File.WriteAllBytes(path, content.ToArray());
        }

        /// <summary>The path overloads' reading: the file at <paramref name="path"/>, read by <paramref name="load"/>.</summary>
        public static void LoadFile(INetwork network, string path, Action<INetwork, Stream> load)
        {
            CheckNetwork(network, nameof(network));
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            using FileStream file = File.OpenRead(path);
            load(network, file);
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
