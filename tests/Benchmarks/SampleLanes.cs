#if LARGE_NETWORK
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The hand-written prototype of the mini-batch along the lanes (issue 10) for the 64-64-10 sweep network: eight
    /// samples a chunk along the lanes of two vectors, every product register-blocked (4 neurons × 8 samples), against
    /// the generated TrainOnline and mini-batch Train (which since 7ba74c9 takes the same path). The Part rows time the
    /// prototype's pieces over 32 samples (per sample: OperationsPerInvoke = 32): the first layer's products
    /// (PartForward1, PartGradient1: 1,024 vector FMAs a sample each), its activation, the update and the zeroing of a
    /// batch. The setup checks that the prototype and the generated mini-batch agree (1e-12) over four batches.
    /// </summary>
    [MemoryDiagnoser]
    public class SampleLanes
    {
        private Sweep64x64x10 _net = null!;
        private Sweep64x64x10 _reference = null!;
        private SampleLanePrototype _proto = null!;
        private double[] _inputs = null!;
        private double[] _targets = null!;

        [GlobalSetup]
        public void GlobalSetup()
        {
            var random = new Random(1);
            _inputs = new double[32 * 64];
            _targets = new double[32 * 10];
            for (int i = 0; i < _inputs.Length; i++) _inputs[i] = random.NextDouble() * 2 - 1;
            for (int i = 0; i < _targets.Length; i++) _targets[i] = 0.05 + 0.9 * random.NextDouble();
            _net = new Sweep64x64x10();
            _net.InitializeParameters(1);
            _reference = new Sweep64x64x10();
            _reference.InitializeParameters(1);
            var p = new double[4810];
            _net.CopyParametersTo(p);
            _proto = new SampleLanePrototype(p, 0.1);
            for (int step = 0; step < 4; step++)
            {
                double e1 = _reference.Train(_inputs, _targets);
                double e2 = _proto.Train(_inputs, _targets);
                var q1 = new double[4810];
                var q2 = new double[4810];
                _reference.CopyParametersTo(q1);
                _proto.CopyParametersTo(q2);
                if (Math.Abs(e1 - e2) > 1e-12 * Math.Abs(e1)) throw new InvalidOperationException($"E {e1} != {e2}");
                for (int i = 0; i < q1.Length; i++)
                {
                    if (Math.Abs(q1[i] - q2[i]) > 1e-12 * Math.Max(1, Math.Abs(q1[i]))) throw new InvalidOperationException($"p[{i}] {q1[i]} != {q2[i]}");
                }
            }
        }

        [Benchmark(OperationsPerInvoke = 32)]
        public double GeneratedTrainOnline() => _net.TrainOnline(_inputs, _targets);

        [Benchmark(OperationsPerInvoke = 32)]
        public double GeneratedMiniBatch32() => _net.Train(_inputs, _targets);

        [Benchmark(OperationsPerInvoke = 32)]
        public void PartForward1() => _proto.PartForward1();
        [Benchmark(OperationsPerInvoke = 32)]
        public void PartActivate1() => _proto.PartActivate1();
        [Benchmark(OperationsPerInvoke = 32)]
        public void PartGradient1() => _proto.PartGradient1(_inputs);
        [Benchmark(OperationsPerInvoke = 32)]
        public void PartUpdate() => _proto.PartUpdate();
        [Benchmark(OperationsPerInvoke = 32)]
        public void PartClear() => _proto.PartClear();

        [Benchmark(OperationsPerInvoke = 32)]
        public double PrototypeMiniBatch32() => _proto.Train(_inputs, _targets);
    }

    /// <summary>64-64-10, logistic, squared error, trained per-neuron biases; samples along the lanes.</summary>
    public sealed class SampleLanePrototype
    {
        private const int N0 = 64, N1 = 64, N2 = 10, S = 8;
        private readonly double[] _w1 = new double[N1 * N0], _b1 = new double[N1], _w2 = new double[N2 * N1], _b2 = new double[N2];
        private readonly double[] _g1 = new double[N1 * N0], _gb1 = new double[N1], _g2 = new double[N2 * N1], _gb2 = new double[N2];
        // chunk buffers: [neuron][sample] (lanes), and the hidden outputs also [sample][neuron]
        private readonly double[] _x0t = new double[N0 * S], _o1t = new double[N1 * S], _o1s = new double[S * N1];
        private readonly double[] _o2t = new double[N2 * S], _tt = new double[N2 * S], _d2t = new double[N2 * S], _d1t = new double[N1 * S];
        private readonly double _eta;

        public SampleLanePrototype(double[] p, double eta)
        {
            _eta = eta;
            p.AsSpan(0, N1 * N0).CopyTo(_w1);
            p.AsSpan(N1 * N0, N2 * N1).CopyTo(_w2);
            p.AsSpan(N1 * N0 + N2 * N1, N1).CopyTo(_b1);
            p.AsSpan(N1 * N0 + N2 * N1 + N1, N2).CopyTo(_b2);
        }

        public void CopyParametersTo(double[] p)
        {
            _w1.CopyTo(p, 0);
            _w2.CopyTo(p, N1 * N0);
            _b1.CopyTo(p, N1 * N0 + N2 * N1);
            _b2.CopyTo(p, N1 * N0 + N2 * N1 + N1);
        }

        private static ref double R(double[] a) => ref MemoryMarshal.GetArrayDataReference(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> L(ref double r, int i) => Vector256.LoadUnsafe(ref r, (nuint)i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void St(Vector256<double> v, ref double r, int i) => Vector256.StoreUnsafe(v, ref r, (nuint)i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> B(ref double r, int i) => Vector256.Create(Unsafe.Add(ref r, i));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Logistic(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-x));

        public void PartForward1() { for (int c = 0; c < 4; c++) { for (int j = 0; j < N1; j += 4) ForwardBlock(4, N0, ref R(_w1), ref R(_b1), ref R(_x0t), ref R(_o1t), j); } }
        public void PartActivate1() { for (int c = 0; c < 4; c++) Activate(ref R(_o1t), N1 * S); }
        public void PartGradient1(double[] x) { for (int c = 0; c < 4; c++) { for (int j = 0; j < N1; j += 4) GradientBlock(4, N0, ref R(_g1), ref R(_gb1), ref R(_d1t), ref R(x), j); } }
        public void PartUpdate() { Update(_w1, _g1, 0.0); Update(_b1, _gb1, 0.0); Update(_w2, _g2, 0.0); Update(_b2, _gb2, 0.0); }
        public void PartClear() { Array.Clear(_g1); Array.Clear(_gb1); Array.Clear(_g2); Array.Clear(_gb2); }

        public double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
        {
            int samples = inputs.Length / N0;
            Array.Clear(_g1); Array.Clear(_gb1); Array.Clear(_g2); Array.Clear(_gb2);
            double e = 0;
            for (int c = 0; c < samples; c += S)
            {
                e += Chunk(ref Unsafe.AsRef(in inputs[c * N0]), ref Unsafe.AsRef(in targets[c * N2]));
            }

            double scale = 1.0 / samples;
            Update(_w1, _g1, scale); Update(_b1, _gb1, scale); Update(_w2, _g2, scale); Update(_b2, _gb2, scale);
            return e * scale;
        }

        private void Update(double[] p, double[] g, double scale)
        {
            ref double pr = ref R(p);
            ref double gr = ref R(g);
            var vs = Vector256.Create(scale);
            var me = Vector256.Create(-_eta);
            nuint i = 0;
            for (; i + 4 <= (nuint)p.Length; i += 4)
            {
                var gv = Vector256.LoadUnsafe(ref gr, i) * vs;
                Vector256.StoreUnsafe(gv, ref gr, i);
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(gv, me, Vector256.LoadUnsafe(ref pr, i)), ref pr, i);
            }

            for (; i < (nuint)p.Length; i++)
            {
                Unsafe.Add(ref gr, i) *= scale;
                Unsafe.Add(ref pr, i) -= _eta * Unsafe.Add(ref gr, i);
            }
        }

        private double Chunk(ref double x, ref double t)
        {
            ref double x0t = ref R(_x0t);
            ref double tt = ref R(_tt);
            // [sample][input] -> [input][sample], 4×4 blocks
            for (int s = 0; s < S; s += 4)
                for (int i = 0; i < N0; i += 4) Transpose4(ref Unsafe.Add(ref x, s * N0 + i), N0, ref Unsafe.Add(ref x0t, i * S + s), S);
            for (int s = 0; s < S; s++)
                for (int k = 0; k < N2; k++) Unsafe.Add(ref tt, k * S + s) = Unsafe.Add(ref t, s * N2 + k);

            ref double o1t = ref R(_o1t);
            ref double o2t = ref R(_o2t);
            // forward: net = Σ w·x + b, 4 neurons × 8 samples a turn
            for (int j = 0; j < N1; j += 4) ForwardBlock(4, N0, ref R(_w1), ref R(_b1), ref x0t, ref o1t, j);
            Activate(ref o1t, N1 * S);
            ForwardBlock(4, N1, ref R(_w2), ref R(_b2), ref o1t, ref o2t, 0);
            ForwardBlock(4, N1, ref R(_w2), ref R(_b2), ref o1t, ref o2t, 4);
            ForwardBlock(2, N1, ref R(_w2), ref R(_b2), ref o1t, ref o2t, 8);
            Activate(ref o2t, N2 * S);

            // hidden outputs sample by sample, for the output layer's gradients
            ref double o1s = ref R(_o1s);
            for (int i = 0; i < N1; i += 4)
                for (int s = 0; s < S; s += 4) Transpose4(ref Unsafe.Add(ref o1t, i * S + s), S, ref Unsafe.Add(ref o1s, s * N1 + i), N1);

            // output deltas and error
            ref double d2t = ref R(_d2t);
            var e = Vector256<double>.Zero;
            var half = Vector256.Create(0.5);
            for (int k = 0; k < N2 * S; k += 4)
            {
                var o = L(ref o2t, k);
                var diff = o - L(ref tt, k);
                e = Vector256.FusedMultiplyAdd(half * diff, diff, e);
                St(diff * o * (Vector256<double>.One - o), ref d2t, k);
            }

            // hidden dE/dout = Σ δ·w, 4 inputs × 8 samples a turn; δ = dE/dout · out(1 - out)
            ref double d1t = ref R(_d1t);
            ref double w2 = ref R(_w2);
            for (int i = 0; i < N1; i += 4)
            {
                Vector256<double> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
                for (int k = 0; k < N2; k++)
                {
                    var dl = L(ref d2t, k * S);
                    var dh = L(ref d2t, k * S + 4);
                    var w0 = B(ref w2, k * N1 + i); var w1 = B(ref w2, k * N1 + i + 1); var w2v = B(ref w2, k * N1 + i + 2); var w3 = B(ref w2, k * N1 + i + 3);
                    a00 = Vector256.FusedMultiplyAdd(w0, dl, a00); a01 = Vector256.FusedMultiplyAdd(w0, dh, a01);
                    a10 = Vector256.FusedMultiplyAdd(w1, dl, a10); a11 = Vector256.FusedMultiplyAdd(w1, dh, a11);
                    a20 = Vector256.FusedMultiplyAdd(w2v, dl, a20); a21 = Vector256.FusedMultiplyAdd(w2v, dh, a21);
                    a30 = Vector256.FusedMultiplyAdd(w3, dl, a30); a31 = Vector256.FusedMultiplyAdd(w3, dh, a31);
                }

                DeltaStore(a00, a01, ref o1t, ref d1t, (i + 0) * S);
                DeltaStore(a10, a11, ref o1t, ref d1t, (i + 1) * S);
                DeltaStore(a20, a21, ref o1t, ref d1t, (i + 2) * S);
                DeltaStore(a30, a31, ref o1t, ref d1t, (i + 3) * S);
            }

            // gradients: G[j][i..i+7] += Σ_s δ[j][s]·x[s][i..i+7], 4 rows × 8 inputs a turn
            GradientBlock(4, N1, ref R(_g2), ref R(_gb2), ref d2t, ref o1s, 0);
            GradientBlock(4, N1, ref R(_g2), ref R(_gb2), ref d2t, ref o1s, 4);
            GradientBlock(2, N1, ref R(_g2), ref R(_gb2), ref d2t, ref o1s, 8);
            for (int j = 0; j < N1; j += 4) GradientBlock(4, N0, ref R(_g1), ref R(_gb1), ref d1t, ref x, j);

            return Vector256.Sum(e);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void DeltaStore(Vector256<double> lo, Vector256<double> hi, ref double ot, ref double dt, int at)
        {
            var o = L(ref ot, at);
            St(lo * o * (Vector256<double>.One - o), ref dt, at);
            o = L(ref ot, at + 4);
            St(hi * o * (Vector256<double>.One - o), ref dt, at + 4);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4(ref double from, int fromStride, ref double to, int toStride)
        {
            var r0 = Vector256.LoadUnsafe(ref from);
            var r1 = Vector256.LoadUnsafe(ref from, (nuint)fromStride);
            var r2 = Vector256.LoadUnsafe(ref from, (nuint)(2 * fromStride));
            var r3 = Vector256.LoadUnsafe(ref from, (nuint)(3 * fromStride));
            var t0 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r0, r1);   // a0 b0 a2 b2
            var t1 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r0, r1);  // a1 b1 a3 b3
            var t2 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r2, r3);   // c0 d0 c2 d2
            var t3 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r2, r3);  // c1 d1 c3 d3
            Vector256.StoreUnsafe(System.Runtime.Intrinsics.X86.Avx.Permute2x128(t0, t2, 0x20), ref to);
            Vector256.StoreUnsafe(System.Runtime.Intrinsics.X86.Avx.Permute2x128(t1, t3, 0x20), ref to, (nuint)toStride);
            Vector256.StoreUnsafe(System.Runtime.Intrinsics.X86.Avx.Permute2x128(t0, t2, 0x31), ref to, (nuint)(2 * toStride));
            Vector256.StoreUnsafe(System.Runtime.Intrinsics.X86.Avx.Permute2x128(t1, t3, 0x31), ref to, (nuint)(3 * toStride));
        }

        private static void Activate(ref double o, int n)
        {
            for (nuint i = 0; i < (nuint)n; i += 4) Vector256.StoreUnsafe(Logistic(Vector256.LoadUnsafe(ref o, i)), ref o, i);
        }

        private static void ForwardBlock(int rows, int nIn, ref double w, ref double b, ref double xt, ref double ot, int j)
        {
            if (rows == 4) Forward4(nIn, ref w, ref b, ref xt, ref ot, j); else Forward2(nIn, ref w, ref b, ref xt, ref ot, j);
        }

        private static void GradientBlock(int rows, int nIn, ref double g, ref double gb, ref double dt, ref double xs, int j)
        {
            if (rows == 4) Gradient4(nIn, ref g, ref dt, ref xs, j); else Gradient2(nIn, ref g, ref dt, ref xs, j);
            for (int r = 0; r < rows; r++)
            {
                Unsafe.Add(ref gb, j + r) += Vector256.Sum(L(ref dt, (j + r) * S) + L(ref dt, (j + r) * S + 4));
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Forward4(int nIn, ref double w, ref double b, ref double xt, ref double ot, int j)
        {
            var a00 = B(ref b, j); var a01 = a00;
            var a10 = B(ref b, j + 1); var a11 = a10;
            var a20 = B(ref b, j + 2); var a21 = a20;
            var a30 = B(ref b, j + 3); var a31 = a30;
            ref double r0 = ref Unsafe.Add(ref w, j * nIn);
            ref double r1 = ref Unsafe.Add(ref r0, nIn);
            ref double r2 = ref Unsafe.Add(ref r1, nIn);
            ref double r3 = ref Unsafe.Add(ref r2, nIn);
            for (nuint i = 0; i < (nuint)nIn; i++)
            {
                var xl = Vector256.LoadUnsafe(ref xt, i * S);
                var xh = Vector256.LoadUnsafe(ref xt, i * S + 4);
                var w0 = Vector256.Create(Unsafe.Add(ref r0, i));
                a00 = Vector256.FusedMultiplyAdd(w0, xl, a00); a01 = Vector256.FusedMultiplyAdd(w0, xh, a01);
                var w1 = Vector256.Create(Unsafe.Add(ref r1, i));
                a10 = Vector256.FusedMultiplyAdd(w1, xl, a10); a11 = Vector256.FusedMultiplyAdd(w1, xh, a11);
                var w2 = Vector256.Create(Unsafe.Add(ref r2, i));
                a20 = Vector256.FusedMultiplyAdd(w2, xl, a20); a21 = Vector256.FusedMultiplyAdd(w2, xh, a21);
                var w3 = Vector256.Create(Unsafe.Add(ref r3, i));
                a30 = Vector256.FusedMultiplyAdd(w3, xl, a30); a31 = Vector256.FusedMultiplyAdd(w3, xh, a31);
            }

            St(a00, ref ot, j * S); St(a01, ref ot, j * S + 4);
            St(a10, ref ot, (j + 1) * S); St(a11, ref ot, (j + 1) * S + 4);
            St(a20, ref ot, (j + 2) * S); St(a21, ref ot, (j + 2) * S + 4);
            St(a30, ref ot, (j + 3) * S); St(a31, ref ot, (j + 3) * S + 4);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Forward2(int nIn, ref double w, ref double b, ref double xt, ref double ot, int j)
        {
            var a00 = B(ref b, j); var a01 = a00;
            var a10 = B(ref b, j + 1); var a11 = a10;
            ref double r0 = ref Unsafe.Add(ref w, j * nIn);
            ref double r1 = ref Unsafe.Add(ref r0, nIn);
            for (nuint i = 0; i < (nuint)nIn; i++)
            {
                var xl = Vector256.LoadUnsafe(ref xt, i * S);
                var xh = Vector256.LoadUnsafe(ref xt, i * S + 4);
                var w0 = Vector256.Create(Unsafe.Add(ref r0, i));
                a00 = Vector256.FusedMultiplyAdd(w0, xl, a00); a01 = Vector256.FusedMultiplyAdd(w0, xh, a01);
                var w1 = Vector256.Create(Unsafe.Add(ref r1, i));
                a10 = Vector256.FusedMultiplyAdd(w1, xl, a10); a11 = Vector256.FusedMultiplyAdd(w1, xh, a11);
            }

            St(a00, ref ot, j * S); St(a01, ref ot, j * S + 4);
            St(a10, ref ot, (j + 1) * S); St(a11, ref ot, (j + 1) * S + 4);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Gradient4(int nIn, ref double g, ref double dt, ref double xs, int j)
        {
            ref double g0 = ref Unsafe.Add(ref g, j * nIn);
            ref double g1 = ref Unsafe.Add(ref g0, nIn);
            ref double g2 = ref Unsafe.Add(ref g1, nIn);
            ref double g3 = ref Unsafe.Add(ref g2, nIn);
            ref double dj = ref Unsafe.Add(ref dt, j * S);
            for (nuint i = 0; i < (nuint)nIn; i += 8)
            {
                var a00 = Vector256.LoadUnsafe(ref g0, i); var a01 = Vector256.LoadUnsafe(ref g0, i + 4);
                var a10 = Vector256.LoadUnsafe(ref g1, i); var a11 = Vector256.LoadUnsafe(ref g1, i + 4);
                var a20 = Vector256.LoadUnsafe(ref g2, i); var a21 = Vector256.LoadUnsafe(ref g2, i + 4);
                var a30 = Vector256.LoadUnsafe(ref g3, i); var a31 = Vector256.LoadUnsafe(ref g3, i + 4);
                ref double x = ref Unsafe.Add(ref xs, i);
                for (nuint s = 0; s < S; s++)
                {
                    var xl = Vector256.LoadUnsafe(ref x, s * (nuint)nIn);
                    var xh = Vector256.LoadUnsafe(ref x, s * (nuint)nIn + 4);
                    var d0 = Vector256.Create(Unsafe.Add(ref dj, s));
                    a00 = Vector256.FusedMultiplyAdd(d0, xl, a00); a01 = Vector256.FusedMultiplyAdd(d0, xh, a01);
                    var d1 = Vector256.Create(Unsafe.Add(ref dj, S + s));
                    a10 = Vector256.FusedMultiplyAdd(d1, xl, a10); a11 = Vector256.FusedMultiplyAdd(d1, xh, a11);
                    var d2 = Vector256.Create(Unsafe.Add(ref dj, 2 * S + s));
                    a20 = Vector256.FusedMultiplyAdd(d2, xl, a20); a21 = Vector256.FusedMultiplyAdd(d2, xh, a21);
                    var d3 = Vector256.Create(Unsafe.Add(ref dj, 3 * S + s));
                    a30 = Vector256.FusedMultiplyAdd(d3, xl, a30); a31 = Vector256.FusedMultiplyAdd(d3, xh, a31);
                }

                Vector256.StoreUnsafe(a00, ref g0, i); Vector256.StoreUnsafe(a01, ref g0, i + 4);
                Vector256.StoreUnsafe(a10, ref g1, i); Vector256.StoreUnsafe(a11, ref g1, i + 4);
                Vector256.StoreUnsafe(a20, ref g2, i); Vector256.StoreUnsafe(a21, ref g2, i + 4);
                Vector256.StoreUnsafe(a30, ref g3, i); Vector256.StoreUnsafe(a31, ref g3, i + 4);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Gradient2(int nIn, ref double g, ref double dt, ref double xs, int j)
        {
            ref double g0 = ref Unsafe.Add(ref g, j * nIn);
            ref double g1 = ref Unsafe.Add(ref g0, nIn);
            ref double dj = ref Unsafe.Add(ref dt, j * S);
            for (nuint i = 0; i < (nuint)nIn; i += 8)
            {
                var a00 = Vector256.LoadUnsafe(ref g0, i); var a01 = Vector256.LoadUnsafe(ref g0, i + 4);
                var a10 = Vector256.LoadUnsafe(ref g1, i); var a11 = Vector256.LoadUnsafe(ref g1, i + 4);
                ref double x = ref Unsafe.Add(ref xs, i);
                for (nuint s = 0; s < S; s++)
                {
                    var xl = Vector256.LoadUnsafe(ref x, s * (nuint)nIn);
                    var xh = Vector256.LoadUnsafe(ref x, s * (nuint)nIn + 4);
                    var d0 = Vector256.Create(Unsafe.Add(ref dj, s));
                    a00 = Vector256.FusedMultiplyAdd(d0, xl, a00); a01 = Vector256.FusedMultiplyAdd(d0, xh, a01);
                    var d1 = Vector256.Create(Unsafe.Add(ref dj, S + s));
                    a10 = Vector256.FusedMultiplyAdd(d1, xl, a10); a11 = Vector256.FusedMultiplyAdd(d1, xh, a11);
                }

                Vector256.StoreUnsafe(a00, ref g0, i); Vector256.StoreUnsafe(a01, ref g0, i + 4);
                Vector256.StoreUnsafe(a10, ref g1, i); Vector256.StoreUnsafe(a11, ref g1, i + 4);
            }
        }
    }
}
#endif
