using System;
using System.Runtime.CompilerServices;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The generated scalar Train of each classifier, called with a sample's inputs and targets read from spans
    /// (what a caller with its data in arrays writes). Written out once by a script; the calls are plain text.
    /// </summary>
    internal static class ScalarCalls
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Net4x8x8x3 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], t[0], t[1], t[2]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Net8x16x8x4 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], t[0], t[1], t[2], t[3]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Net16x16x16x8 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Net16x32x32x4 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], t[0], t[1], t[2], t[3]);

#if LARGE_NETWORK
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Train(Net64x64x10 net, ReadOnlySpan<double> x, ReadOnlySpan<double> t) =>
            net.Train(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14], x[15], x[16], x[17], x[18], x[19], x[20], x[21], x[22], x[23], x[24], x[25], x[26], x[27], x[28], x[29], x[30], x[31], x[32], x[33], x[34], x[35], x[36], x[37], x[38], x[39], x[40], x[41], x[42], x[43], x[44], x[45], x[46], x[47], x[48], x[49], x[50], x[51], x[52], x[53], x[54], x[55], x[56], x[57], x[58], x[59], x[60], x[61], x[62], x[63], t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]);
#endif
    }
}
