using System;
using System.ComponentModel;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// CRC-32 (IEEE 802.3: polynomial 0x04C11DB7, reflected as 0xEDB88320, initial value and final XOR 0xFFFFFFFF),
    /// the checksum of zip, gzip and PNG. It detects every single-bit and every burst error of up to 32 bits.
    /// Used by <see cref="ParameterFile"/>; for generated code, not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Crc32
    {
        private static readonly uint[] Table = CreateTable();

        /// <summary>The CRC-32 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <param name="data">The bytes.</param>
        /// <param name="offset">The first byte to include.</param>
        /// <param name="count">How many bytes to include.</param>
        /// <returns>The checksum; CRC-32 of the ASCII bytes "123456789" is 0xCBF43926.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside <paramref name="data"/>.</exception>
        public static uint Compute(byte[] data, int offset, int count) => Append(0, data, offset, count);

        /// <summary>
        /// The CRC-32 of the bytes whose CRC-32 is <paramref name="crc"/> followed by <paramref name="count"/> bytes of
        /// <paramref name="data"/> from <paramref name="offset"/>: a checksum computed piece by piece.
        /// </summary>
        /// <param name="crc">The CRC-32 of the bytes before (0 for none).</param>
        /// <param name="data">The bytes.</param>
        /// <param name="offset">The first byte to include.</param>
        /// <param name="count">How many bytes to include.</param>
        /// <returns>The checksum of all the bytes.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside <paramref name="data"/>.</exception>
        public static uint Append(uint crc, byte[] data, int offset, int count)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || count > data.Length - offset)
            {
                throw new ArgumentOutOfRangeException(nameof(count), $"The range of {count} bytes from {offset} is not inside the {data.Length} bytes.");
            }

            crc = ~crc;
            for (int i = offset; i < offset + count; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
