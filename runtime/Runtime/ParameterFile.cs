using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// BackpropGen's parameter file, which the generated <c>Save</c> and <c>Load</c> write and read: little-endian int32s
    /// "BPGN" (<see cref="Magic"/>), the format version (<see cref="Version"/>), the layer count, each layer size, the
    /// bias mode and the parameter count; each parameter as a little-endian IEEE 754 double; then (from version 2) the
    /// CRC-32 of every byte before it as a little-endian uint32. Version 4 also carries an optimizer's state between
    /// the parameters and the checksum: the optimizer (int32, <see cref="Optimizer"/>), the step count t (int64), the
    /// state's length (int32) and the state's values (doubles). Reads versions 1 (no checksum), 2 and 4. There is no
    /// version 3: one flipped bit would turn 3 into 1, the format without a checksum, and the flip would go unnoticed;
    /// 4 is two bits away from 1 and from 2.
    /// For generated code, not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ParameterFile
    {
        /// <summary>"BPGN" as a little-endian int32: the first four bytes of a parameter file.</summary>
        public const int Magic = 0x4E475042;

        /// <summary>The newest format version: the one with an optimizer's state, which <see cref="Write(Stream, int[], BiasMode, double[], Optimizer, long, double[])"/> writes.</summary>
        public const int Version = 4;

        /// <summary>The format version of a file without an optimizer's state, which <see cref="Write(Stream, int[], BiasMode, double[])"/> writes.</summary>
        public const int VersionWithoutState = 2;

        /// <summary>The largest number of layers a network has (the attribute allows 2 to 8).</summary>
        private const int MaxLayers = 8;

        /// <summary>
        /// The values of a <c>Precision.Single</c> network as the doubles a parameter file holds: each float widened, exactly
        /// (the file format is the same at both precisions, so a file moves between them).
        /// </summary>
        /// <param name="values">The network's values.</param>
        /// <returns>A new array of the same values as doubles.</returns>
        public static double[] Widen(float[] values)
        {
            Check.NotNull(values, nameof(values));
            var widened = new double[values.Length];
            DoubleView.Widen(values, widened);
            return widened;
        }

        /// <summary>
        /// The doubles read from a parameter file as the floats of a <c>Precision.Single</c> network: each rounded to the
        /// nearest float (exact for a file that a Single network saved).
        /// </summary>
        /// <param name="values">The values read.</param>
        /// <returns>A new array of the same values as floats.</returns>
        public static float[] Narrow(double[] values)
        {
            Check.NotNull(values, nameof(values));
            float[]? narrowed = null;
            DoubleView.Narrow(values, ref narrowed);
            return narrowed!;
        }

        /// <summary>
        /// Writes <paramref name="network"/>'s parameters as a parameter file of format <see cref="VersionWithoutState"/> (2):
        /// its shape and bias mode from <see cref="INetwork.Description"/>, its parameters from
        /// <see cref="INetwork.CopyParametersTo"/> (the <c>Save</c> of a network without an optimizer's state).
        /// </summary>
        /// <param name="network">The network whose parameters are written.</param>
        /// <param name="stream">A writable stream.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static void Save(INetwork network, Stream stream)
        {
            Check.NotNull(network, nameof(network));
            Check.NotNull(stream, nameof(stream));
            NetworkDescription description = network.Description;
            var values = new double[description.ParameterCount];
            network.CopyParametersTo(values);
            Write(stream, description.LayerSizes.ToArray(), description.Bias, values);
        }

        /// <summary>
        /// Reads a parameter file written by <see cref="Save"/> into <paramref name="network"/>: checked as
        /// <see cref="Read(Stream, string, int[], BiasMode, int)"/> checks it against the network's description, then set
        /// by <see cref="INetwork.SetParameters"/>. When a check fails the network is left as it was (the <c>Load</c> of a
        /// network without an optimizer's state).
        /// </summary>
        /// <param name="network">The network that reads the file; its class name is the one in messages.</param>
        /// <param name="stream">A readable stream positioned at the start of a parameter file; left at its end.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="InvalidDataException">The file is not a BackpropGen parameter file, is of another version or network, is truncated, or fails its checksum.</exception>
        public static void Load(INetwork network, Stream stream)
        {
            Check.NotNull(network, nameof(network));
            Check.NotNull(stream, nameof(stream));
            NetworkDescription description = network.Description;
            double[] values = Read(stream, network.GetType().Name, description.LayerSizes.ToArray(), description.Bias, description.ParameterCount);
            network.SetParameters(values); // every check passed: only now change the network
        }

        /// <summary>Writes a parameter file of format <see cref="VersionWithoutState"/> (2) in one <see cref="Stream.Write(byte[], int, int)"/>.</summary>
        /// <param name="stream">A writable stream.</param>
        /// <param name="layerSizes">The network's layer sizes, inputs first.</param>
        /// <param name="bias">The network's bias mode.</param>
        /// <param name="values">Every parameter in parameter order; written as they are, NaN and ±∞ included.</param>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> (or another argument) is null.</exception>
        public static void Write(Stream stream, int[] layerSizes, BiasMode bias, double[] values) =>
            Write(stream, layerSizes, bias, values, null, Optimizer.Sgd, 0);

        /// <summary>Writes a parameter file of format <see cref="Version"/> (4), with an optimizer's state, in one <see cref="Stream.Write(byte[], int, int)"/>.</summary>
        /// <param name="stream">A writable stream.</param>
        /// <param name="layerSizes">The network's layer sizes, inputs first.</param>
        /// <param name="bias">The network's bias mode.</param>
        /// <param name="values">Every parameter in parameter order; written as they are, NaN and ±∞ included.</param>
        /// <param name="optimizer">The optimizer whose state <paramref name="state"/> is.</param>
        /// <param name="step">The optimizer's step count t.</param>
        /// <param name="state">The optimizer's state (e.g. Adam's m of every trained parameter, then its v), as they are.</param>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> (or another argument) is null.</exception>
        public static void Write(Stream stream, int[] layerSizes, BiasMode bias, double[] values, Optimizer optimizer, long step, double[] state)
        {
            Check.NotNull(state, nameof(state));
            Write(stream, layerSizes, bias, values, state, optimizer, step);
        }

        private static void Write(Stream stream, int[] layerSizes, BiasMode bias, double[] values, double[]? state, Optimizer optimizer, long step)
        {
            Check.NotNull(stream, nameof(stream));
            Check.NotNull(layerSizes, nameof(layerSizes));
            Check.NotNull(values, nameof(values));
            int headerLength = 4 * (5 + layerSizes.Length);
            int checksumOffset = headerLength + (8 * values.Length) + (state is null ? 0 : 16 + (8 * state.Length));
            byte[] data = new byte[checksumOffset + 4];
            int offset = 0;
            WriteInt32(data, ref offset, Magic);
            WriteInt32(data, ref offset, state is null ? VersionWithoutState : Version);
            WriteInt32(data, ref offset, layerSizes.Length);
            foreach (int size in layerSizes)
            {
                WriteInt32(data, ref offset, size);
            }

            WriteInt32(data, ref offset, (int)bias);
            WriteInt32(data, ref offset, values.Length);
            foreach (double value in values)
            {
                WriteInt64(data, ref offset, BitConverter.DoubleToInt64Bits(value), 8);
            }

            if (state is not null)
            {
                WriteInt32(data, ref offset, (int)optimizer);
                WriteInt64(data, ref offset, step, 8);
                WriteInt32(data, ref offset, state.Length);
                foreach (double value in state)
                {
                    WriteInt64(data, ref offset, BitConverter.DoubleToInt64Bits(value), 8);
                }
            }

            WriteInt32(data, ref offset, unchecked((int)Crc32.Compute(data, 0, checksumOffset)));
            stream.Write(data, 0, data.Length);
        }

        /// <summary>
        /// Reads one parameter file from the stream's position and checks it against the network that reads it: the
        /// magic, the version, the shape, the bias mode, the parameter count, that the stream holds it whole, and
        /// (version 2) its checksum. Reads no further than the file's end.
        /// </summary>
        /// <param name="stream">A readable stream positioned at the start of a parameter file.</param>
        /// <param name="network">The reading network's class name, for messages.</param>
        /// <param name="layerSizes">The reading network's layer sizes, inputs first.</param>
        /// <param name="bias">The reading network's bias mode.</param>
        /// <param name="parameterCount">The reading network's parameter count.</param>
        /// <returns>The parameters in parameter order, as written (NaN and ±∞ included).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> (or another argument) is null.</exception>
        /// <exception cref="InvalidDataException">The file is not a BackpropGen parameter file, is of another version or network, is truncated, or fails its checksum.</exception>
        public static double[] Read(Stream stream, string network, int[] layerSizes, BiasMode bias, int parameterCount) =>
            Read(stream, network, layerSizes, bias, parameterCount, Optimizer.Sgd, 0, out _, out _);

        /// <summary>
        /// Reads one parameter file like <see cref="Read(Stream, string, int[], BiasMode, int)"/>, and the optimizer's state that
        /// a file of version 4 carries, if it is the state of <paramref name="optimizer"/> with <paramref name="stateCount"/> values.
        /// </summary>
        /// <param name="stream">A readable stream positioned at the start of a parameter file.</param>
        /// <param name="network">The reading network's class name, for messages.</param>
        /// <param name="layerSizes">The reading network's layer sizes, inputs first.</param>
        /// <param name="bias">The reading network's bias mode.</param>
        /// <param name="parameterCount">The reading network's parameter count.</param>
        /// <param name="optimizer">The reading network's optimizer.</param>
        /// <param name="stateCount">The length of the reading network's optimizer state.</param>
        /// <param name="state">The state as written, or null when the file has none (versions 1 and 2) or another optimizer's (or another length).</param>
        /// <param name="step">The step count t that goes with <paramref name="state"/>, else 0.</param>
        /// <returns>The parameters in parameter order, as written (NaN and ±∞ included).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> (or another argument) is null.</exception>
        /// <exception cref="InvalidDataException">The file is not a BackpropGen parameter file, is of another version or network, is truncated, or fails its checksum.</exception>
        public static double[] Read(
            Stream stream, string network, int[] layerSizes, BiasMode bias, int parameterCount, Optimizer optimizer, int stateCount, out double[]? state, out long step)
        {
            state = null;
            step = 0;
            Check.NotNull(stream, nameof(stream));
            Check.NotNull(network, nameof(network));
            Check.NotNull(layerSizes, nameof(layerSizes));
            byte[] start = ReadExactly(stream, 12, "its header");
            if (ReadInt32(start, 0) != Magic)
            {
                throw new InvalidDataException("Not a BackpropGen parameter file: it does not start with \"BPGN\".");
            }

            int version = ReadInt32(start, 4);
            if (version < 1 || version == 3 || version > Version)
            {
                throw new InvalidDataException(version > Version
                    ? $"The parameter file has format version {Number(version)}, written by a newer BackpropGen; this one reads versions 1, 2 and {Number(Version)}."
                    : $"The parameter file is corrupt: it claims format version {Number(version)} (BackpropGen writes 1, 2 and {Number(Version)}).");
            }

            int layers = ReadInt32(start, 8);
            if (layers < 2 || layers > MaxLayers)
            {
                throw new InvalidDataException($"The parameter file is corrupt: it claims {Number(layers)} layers.");
            }

            byte[] rest = ReadExactly(stream, 4 * (layers + 2), "its header");
            var fileSizes = new int[layers];
            for (int l = 0; l < layers; l++)
            {
                fileSizes[l] = ReadInt32(rest, 4 * l);
            }

            string fileShape = Shape(fileSizes), shape = Shape(layerSizes);
            if (fileShape != shape)
            {
                throw new InvalidDataException($"The parameter file holds a {fileShape} network, but {network} is {shape}.");
            }

            int fileBias = ReadInt32(rest, 4 * layers);
            if (fileBias != (int)bias)
            {
                throw new InvalidDataException($"The parameter file's biases are laid out as BiasMode {Number(fileBias)}, but {network} uses BiasMode.{bias} ({Number((int)bias)}).");
            }

            int fileCount = ReadInt32(rest, 4 * (layers + 1));
            if (fileCount != parameterCount)
            {
                throw new InvalidDataException($"The parameter file is corrupt: it claims {Number(fileCount)} parameters where {network} has {Number(parameterCount)}.");
            }

            byte[] data = ReadExactly(stream, 8 * parameterCount, $"its {Number(parameterCount)} parameters");
            byte[]? stateHeader = null, stateData = null;
            if (version == Version)
            {
                stateHeader = ReadExactly(stream, 16, "its optimizer state");
                int fileStateCount = ReadInt32(stateHeader, 12);
                if (fileStateCount < 0 || fileStateCount > 2 * parameterCount)
                {
                    throw new InvalidDataException($"The parameter file is corrupt: it claims an optimizer state of {Number(fileStateCount)} values for {Number(parameterCount)} parameters.");
                }

                stateData = ReadExactly(stream, 8 * fileStateCount, "its optimizer state");
            }

            if (version >= VersionWithoutState)
            {
                byte[] checksum = ReadExactly(stream, 4, "its checksum");
                uint expected = Crc32.Compute(start, 0, start.Length);
                expected = Continue(expected, rest);
                expected = Continue(expected, data);
                if (stateHeader is not null)
                {
                    expected = Continue(expected, stateHeader);
                    expected = Continue(expected, stateData!);
                }

                if (unchecked((uint)ReadInt32(checksum, 0)) != expected)
                {
                    throw new InvalidDataException("The parameter file is corrupt: its CRC-32 checksum does not match its contents.");
                }
            }

            if (stateHeader is not null && ReadInt32(stateHeader, 0) == (int)optimizer && ReadInt32(stateHeader, 12) == stateCount && stateCount > 0)
            {
                step = ReadInt64(stateHeader, 4, 8);
                if (step < 0)
                {
                    throw new InvalidDataException("The parameter file is corrupt: its optimizer's step count is negative.");
                }

                state = new double[stateCount];
                for (int i = 0; i < state.Length; i++)
                {
                    state[i] = BitConverter.Int64BitsToDouble(ReadInt64(stateData!, 8 * i, 8));
                }
            }

            var values = new double[parameterCount];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BitConverter.Int64BitsToDouble(ReadInt64(data, 8 * i, 8));
            }

            return values;
        }

        /// <summary>The CRC-32 of the bytes already checked followed by <paramref name="more"/>.</summary>
        private static uint Continue(uint crc, byte[] more) => Crc32.Append(crc, more, 0, more.Length);

        private static string Shape(int[] sizes) => string.Join("-", Array.ConvertAll(sizes, Number));

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static byte[] ReadExactly(Stream stream, int count, string what)
        {
            byte[] buffer = new byte[count];
            int read = 0;
            while (read < count)
            {
                int n = stream.Read(buffer, read, count - read);
                if (n <= 0)
                {
                    throw new InvalidDataException($"The parameter file is truncated: it ends inside {what}.");
                }

                read += n;
            }

            return buffer;
        }

        private static void WriteInt32(byte[] data, ref int offset, int value) => WriteInt64(data, ref offset, value, 4);

        private static void WriteInt64(byte[] data, ref int offset, long value, int bytes)
        {
            for (int b = 0; b < bytes; b++)
            {
                data[offset++] = (byte)(value >> (8 * b));
            }
        }

        private static int ReadInt32(byte[] data, int offset) => (int)ReadInt64(data, offset, 4);

        private static long ReadInt64(byte[] data, int offset, int bytes)
        {
            long value = 0;
            for (int b = bytes - 1; b >= 0; b--)
            {
                value = (value << 8) | data[offset + b];
            }

            return value;
        }
    }
}
