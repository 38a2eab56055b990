using System;
using System.IO;

namespace BackpropGen
{
    /// <summary>
    /// <see cref="INetwork.Save"/> and <see cref="INetwork.Load"/> with a file's path instead of a stream:
    /// <c>net.Save("mazur.bpgn")</c>, <c>net.Load("mazur.bpgn")</c>.
    /// </summary>
    public static class NetworkFileExtensions
    {
        /// <summary>
        /// Writes the parameters (and the optimizer's state, if it keeps one) to the file at <paramref name="path"/> in the
        /// format of <see cref="INetwork.Save"/>, replacing the file if it exists. The content is made in memory first and the file
        /// opened only then, so a save that throws while making it leaves an existing file as it was.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="IOException">The file cannot be written (the exceptions of <see cref="File.WriteAllBytes"/>).</exception>
        public static void Save(this INetwork network, string path)
        {
            if (network is null)
            {
                throw new ArgumentNullException(nameof(network));
            }

            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            using var content = new MemoryStream();
            network.Save(content);
            File.WriteAllBytes(path, content.ToArray());
        }

        /// <summary>
        /// Reads parameters written by <see cref="Save(INetwork, string)"/> or <see cref="INetwork.Save"/> from the file at
        /// <paramref name="path"/>, as <see cref="INetwork.Load"/> does: a file that does not fit the network changes nothing.
        /// </summary>
        /// <param name="network">The network.</param>
        /// <param name="path">The file's path.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/> (and the other exceptions of <see cref="File.OpenRead"/>).</exception>
        /// <exception cref="InvalidDataException">The file is not a parameter file of this network (see <see cref="INetwork.Load"/>).</exception>
        public static void Load(this INetwork network, string path)
        {
            if (network is null)
            {
                throw new ArgumentNullException(nameof(network));
            }

            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            using FileStream file = File.OpenRead(path);
            network.Load(file);
        }
    }
}
