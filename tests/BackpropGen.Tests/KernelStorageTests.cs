using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The vectorised shape keeps its storages in one block at a 64-byte boundary of a pinned array, so that no 32-byte
    /// load or store of the kernels straddles two cache lines (an object's fields are only 8-byte aligned, and which of
    /// them straddled changed from one allocation to the next, and the step's time with it). Checked on the block itself.
    /// </summary>
    public class KernelStorageTests
    {
        public static IEnumerable<object[]> Networks() => new[]
        {
            new object[] { typeof(Zoo_Vec_3_5_7_2_Logistic) },
            new object[] { typeof(Zoo_Vec_6_7_5_9_4_3_2_Tanh_Identity) },
            new object[] { typeof(SinglePrecision.SingleVec_3_5_2_Tanh_Logistic) },
        };

        [Theory]
        [MemberData(nameof(Networks))]
        public void The_block_starts_at_a_cache_line_and_stays_there(Type network)
        {
            var blocks = new List<(byte[] Bytes, int Start, long Address)>();
            var ballast = new List<byte[]>();
            for (int i = 0; i < 16; i++)
            {
                ballast.Add(new byte[1 + (i * 8)]); // vary where the next objects land
                (byte[] bytes, int start) = Block(Activator.CreateInstance(network)!);
                long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(bytes, start);
                Assert.Equal(0, address % 64);
                Assert.InRange(start, 0, 63);
                blocks.Add((bytes, start, address));
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            foreach ((byte[] bytes, int start, long address) in blocks)
            {
                Assert.Equal(address, (long)Marshal.UnsafeAddrOfPinnedArrayElement(bytes, start)); // pinned: never moved
            }

            GC.KeepAlive(ballast);
        }

        private static (byte[] Bytes, int Start) Block(object network) =>
            ((byte[], int))network.GetType().GetField("_block", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(network)!;
    }
}
