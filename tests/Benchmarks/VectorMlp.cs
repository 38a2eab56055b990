using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The strongest hand-written baseline of the size sweep (issue 10): a multilayer perceptron with sizes known only
    /// at run time, written with vectors of double: <see cref="Vector256{T}"/>, or <see cref="Vector512{T}"/> where the CPU
    /// has them (<typeparamref name="TOps"/> says which; the JIT compiles the class once per vector type). Logistic hidden and output layers, squared error
    /// (E_total = Σ ½(target − out)²), a trained bias per neuron, online SGD with the simultaneous update: the math of
    /// the sweep's generated networks and of <see cref="LoopMlp"/> configured alike.
    /// <para>
    /// Layout: each layer's weights row-major, one row per neuron of the layer, each row padded with zeros to a multiple
    /// of the vector's width (4 doubles, or 8); each layer's outputs padded with zeros to the same stride. Forward: per neuron, the dot product over
    /// its inputs in vectors (two accumulators), then the activation over the whole layer in vectors
    /// (<see cref="Vector256.Exp(Vector256{double})"/>, <see cref="Vector512.Exp(Vector512{double})"/>). Backward, per layer from the output down, one pass per row:
    /// Σ δ·w for the layer below accumulated from the weights before the step, and the weights updated in the same pass
    /// (w⁺ = w − η·δ·out). Padded weights stay zero: their inputs are zero, so are their gradients.
    /// Nothing allocated per call; no bounds checks in the kernels. Every buffer starts at a 64-byte boundary of a
    /// pinned array (<see cref="Buffer"/>), as the generated kernels' storage does: an array's data is only 8-byte
    /// aligned, and which 32-byte loads straddled two cache lines changed from one allocation to the next.
    /// </para>
    /// <para>
    /// Its sums of products and its updates (a·b + c) are written by <typeparamref name="TOps"/>: as a multiply and an
    /// add (<see cref="VectorMlp"/>), or fused into one instruction (<see cref="VectorMlpFma"/>, which the generated kernels
    /// use: the JIT does not fuse a multiply and an add written apart; <see cref="VectorMlp512Fma"/>). The sweep measures
    /// them all, and compares the generated code with the fastest.
    /// </para>
    /// </summary>
    public abstract class VectorMlp<TVector, TOps>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        private readonly int[] _sizes;
        private readonly int[] _strides;      // _strides[l]: layer l's size rounded up to a multiple of the width
        private readonly Buffer[] _weights; // _weights[l]: layer l+1's weights, [neuron j][input k], row stride _strides[l]
        private readonly Buffer[] _biases;  // _biases[l]: layer l+1's biases
        private readonly Buffer[] _outputs; // _outputs[l]: layer l's outputs (layer 0: the inputs), _strides[l] long
        private readonly Buffer[] _deltas;  // _deltas[l]: δ of layer l+1, _strides[l+1] long
        private readonly Buffer _sums;      // Σ δ·w for a layer below, the widest stride long

        /// <summary>Length doubles from a 64-byte boundary of an array of their own on the pinned object heap.</summary>
        private readonly struct Buffer
        {
            private readonly double[] _array;
            private readonly int _start;

            private Buffer(double[] array, int start, int length)
            {
                _array = array;
                _start = start;
                Length = length;
            }

            public int Length { get; }

            public Span<double> Span => _array.AsSpan(_start, Length);

            public ref double Ref => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _start);

            public static Buffer Allocate(int length)
            {
                double[] array = GC.AllocateArray<double>(length + 8, pinned: true);
                long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
                return new Buffer(array, (int)((-address & 63) / sizeof(double)), length);
            }
        }

        protected VectorMlp(int[] sizes, double learningRate)
        {
            _sizes = (int[])sizes.Clone();
            LearningRate = learningRate;
            int layers = sizes.Length - 1;
            _strides = new int[sizes.Length];
            _outputs = new Buffer[sizes.Length];
            for (int l = 0; l < sizes.Length; l++)
            {
                _strides[l] = (sizes[l] + TOps.Count - 1) / TOps.Count * TOps.Count;
                _outputs[l] = Buffer.Allocate(_strides[l]);
            }

            _weights = new Buffer[layers];
            _biases = new Buffer[layers];
            _deltas = new Buffer[layers];
            for (int l = 0; l < layers; l++)
            {
                _weights[l] = Buffer.Allocate(sizes[l + 1] * _strides[l]);
                _biases[l] = Buffer.Allocate(sizes[l + 1]);
                _deltas[l] = Buffer.Allocate(_strides[l + 1]);
            }

            int widest = 0;
            foreach (int stride in _strides)
            {
                widest = Math.Max(widest, stride);
            }

            _sums = Buffer.Allocate(widest);
        }

        public double LearningRate { get; set; }

        /// <summary>Sets the weights (the generator's numbering: layer by layer, neuron by neuron, input by input) and the biases.</summary>
        public void SetParameters(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases)
        {
            int w = 0, b = 0;
            for (int l = 0; l < _weights.Length; l++)
            {
                int inputs = _sizes[l], stride = _strides[l];
                for (int j = 0; j < _sizes[l + 1]; j++)
                {
                    weights.Slice(w, inputs).CopyTo(_weights[l].Span.Slice(j * stride, inputs));
                    w += inputs;
                }

                biases.Slice(b, _biases[l].Length).CopyTo(_biases[l].Span);
                b += _biases[l].Length;
            }

            if (w != weights.Length || b != biases.Length)
            {
                throw new ArgumentException($"{weights.Length} weights and {biases.Length} biases given, {w} and {b} expected.");
            }
        }

        /// <summary>The weights in the generator's numbering, then the biases (the generator's parameter order).</summary>
        public double[] CopyParameters()
        {
            var result = new System.Collections.Generic.List<double>();
            for (int l = 0; l < _weights.Length; l++)
            {
                for (int j = 0; j < _sizes[l + 1]; j++)
                {
                    result.AddRange(_weights[l].Span.Slice(j * _strides[l], _sizes[l]).ToArray());
                }
            }

            foreach (Buffer biases in _biases)
            {
                result.AddRange(biases.Span.ToArray());
            }

            return result.ToArray();
        }

        /// <summary>One online step on one sample: forward, backward, simultaneous update. Returns E_total of the forward pass.</summary>
        public double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
        {
            int last = _weights.Length;
            if (inputs.Length != _sizes[0] || targets.Length != _sizes[last])
            {
                throw new ArgumentException($"{inputs.Length} inputs and {targets.Length} targets given, {_sizes[0]} and {_sizes[last]} expected.");
            }

            inputs.CopyTo(_outputs[0].Span);
            for (int l = 0; l < last; l++)
            {
                ForwardLayer(l);
            }

            // Output layer: ∂E/∂out = out − target; δ = (out − target)·out·(1 − out).
            double error = 0.0;
            Span<double> output = _outputs[last].Span;
            Span<double> delta = _deltas[last - 1].Span;
            for (int j = 0; j < targets.Length; j++)
            {
                double o = output[j];
                double difference = o - targets[j];
                error += 0.5 * difference * difference;
                delta[j] = difference * o * (1.0 - o);
            }

            for (int l = last - 1; l >= 0; l--)
            {
                BackwardLayer(l);
            }

            return error;
        }

        /// <summary>out = σ(W·in + b) for layer l+1.</summary>
        private void ForwardLayer(int l)
        {
            int stride = _strides[l], neurons = _sizes[l + 1], width = TOps.Count;
            ref double input = ref _outputs[l].Ref;
            ref double weights = ref _weights[l].Ref;
            ref double biases = ref _biases[l].Ref;
            ref double output = ref _outputs[l + 1].Ref;
            for (int j = 0; j < neurons; j++)
            {
                ref double row = ref Unsafe.Add(ref weights, j * stride);
                TVector a0 = default, a1 = default;
                int k = 0;
                for (; k + (2 * width) <= stride; k += 2 * width)
                {
                    a0 = TOps.MulAdd(TOps.Load(ref row, k), TOps.Load(ref input, k), a0);
                    a1 = TOps.MulAdd(TOps.Load(ref row, k + width), TOps.Load(ref input, k + width), a1);
                }

                if (k < stride)
                {
                    a0 = TOps.MulAdd(TOps.Load(ref row, k), TOps.Load(ref input, k), a0);
                }

                Unsafe.Add(ref output, j) = TOps.Sum(TOps.Add(a0, a1)) + Unsafe.Add(ref biases, j);
            }

            // The logistic over the whole layer, a vector of neurons at a time; then the padding back to zero.
            int padded = _strides[l + 1];
            for (int j = 0; j < padded; j += width)
            {
                TOps.Store(TOps.Logistic(TOps.Load(ref output, j)), ref output, j);
            }

            for (int j = neurons; j < padded; j++)
            {
                Unsafe.Add(ref output, j) = 0.0;
            }
        }

        /// <summary>
        /// Layer l+1's weights and biases updated from its δ; for l &gt; 0, δ of layer l from Σ δ·w over the weights before
        /// the update, in the same pass.
        /// </summary>
        private void BackwardLayer(int l)
        {
            int stride = _strides[l], neurons = _sizes[l + 1], width = TOps.Count;
            double eta = LearningRate;
            ref double input = ref _outputs[l].Ref;
            ref double weights = ref _weights[l].Ref;
            ref double biases = ref _biases[l].Ref;
            ref double delta = ref _deltas[l].Ref;
            if (l == 0)
            {
                for (int j = 0; j < neurons; j++)
                {
                    double d = Unsafe.Add(ref delta, j);
                    TVector minusStep = TOps.Create(-(eta * d));
                    ref double row = ref Unsafe.Add(ref weights, j * stride);
                    for (int k = 0; k < stride; k += width)
                    {
                        TOps.Store(TOps.MulAdd(minusStep, TOps.Load(ref input, k), TOps.Load(ref row, k)), ref row, k);
                    }

                    Unsafe.Add(ref biases, j) -= eta * d;
                }

                return;
            }

            ref double sums = ref _sums.Ref;
            for (int k = 0; k < stride; k += width)
            {
                TOps.Store(default, ref sums, k);
            }

            for (int j = 0; j < neurons; j++)
            {
                double d = Unsafe.Add(ref delta, j);
                TVector vd = TOps.Create(d);
                TVector minusStep = TOps.Create(-(eta * d));
                ref double row = ref Unsafe.Add(ref weights, j * stride);
                for (int k = 0; k < stride; k += width)
                {
                    TVector w = TOps.Load(ref row, k);
                    TOps.Store(TOps.MulAdd(vd, w, TOps.Load(ref sums, k)), ref sums, k);
                    TOps.Store(TOps.MulAdd(minusStep, TOps.Load(ref input, k), w), ref row, k);
                }

                Unsafe.Add(ref biases, j) -= eta * d;
            }

            // δ of layer l: (Σ δ·w)·out·(1 − out); zero in the padding, where out is zero.
            ref double below = ref _deltas[l - 1].Ref;
            for (int k = 0; k < stride; k += width)
            {
                TOps.Store(TOps.TimesLogisticSlope(TOps.Load(ref sums, k), TOps.Load(ref input, k)), ref below, k);
            }
        }
    }

    /// <summary>The vector operations of <see cref="VectorMlp{TVector, TOps}"/>, for one vector type.</summary>
    public interface IVectorOps<TVector>
        where TVector : struct
    {
        /// <summary>The doubles in a vector.</summary>
        static abstract int Count { get; }

        static abstract TVector Create(double value);

        static abstract TVector Load(ref double source, int offset);

        static abstract void Store(TVector value, ref double destination, int offset);

        /// <summary>a·b + c, fused or not (the implementation says).</summary>
        static abstract TVector MulAdd(TVector a, TVector b, TVector c);

        static abstract TVector Add(TVector a, TVector b);

        static abstract double Sum(TVector value);

        /// <summary>1 / (1 + e^-net).</summary>
        static abstract TVector Logistic(TVector net);

        /// <summary>s·out·(1 − out).</summary>
        static abstract TVector TimesLogisticSlope(TVector s, TVector output);
    }

    /// <summary><see cref="Vector256{T}"/>, its a·b + c written by <typeparamref name="TMulAdd"/>.</summary>
    public struct Vector256Ops<TMulAdd> : IVectorOps<Vector256<double>>
        where TMulAdd : struct, IMulAdd
    {
        public static int Count => Vector256<double>.Count;

        public static Vector256<double> Create(double value) => Vector256.Create(value);

        public static Vector256<double> Load(ref double source, int offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

        public static void Store(Vector256<double> value, ref double destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);

        public static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => TMulAdd.Apply(a, b, c);

        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

        public static double Sum(Vector256<double> value) => Vector256.Sum(value);

        public static Vector256<double> Logistic(Vector256<double> net) => Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-net));

        public static Vector256<double> TimesLogisticSlope(Vector256<double> s, Vector256<double> output) => s * output * (Vector256<double>.One - output);
    }

    /// <summary>a·b + c over <see cref="Vector256{T}"/>, for <see cref="Vector256Ops{TMulAdd}"/>.</summary>
    public interface IMulAdd
    {
        static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c);
    }

    /// <summary>a·b + c as a multiply, then an add (each rounded), as most hand-written code has them.</summary>
    public struct SeparateMulAdd : IMulAdd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a * b + c;
    }

    /// <summary>a·b + c fused, rounded once (one instruction with FMA3).</summary>
    public struct FusedMulAdd : IMulAdd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    }

    /// <summary><see cref="Vector512{T}"/>, a·b + c fused (AVX-512).</summary>
    public struct Vector512Fused : IVectorOps<Vector512<double>>
    {
        public static int Count => Vector512<double>.Count;

        public static Vector512<double> Create(double value) => Vector512.Create(value);

        public static Vector512<double> Load(ref double source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

        public static void Store(Vector512<double> value, ref double destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);

        public static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

        public static double Sum(Vector512<double> value) => Vector512.Sum(value);

        public static Vector512<double> Logistic(Vector512<double> net) => Vector512<double>.One / (Vector512<double>.One + Vector512.Exp(-net));

        public static Vector512<double> TimesLogisticSlope(Vector512<double> s, Vector512<double> output) => s * output * (Vector512<double>.One - output);
    }

    /// <summary>The <see cref="Vector256{T}"/> loop MLP with a multiply and an add written apart, as most hand-written code has them.</summary>
    public sealed class VectorMlp : VectorMlp<Vector256<double>, Vector256Ops<SeparateMulAdd>>
    {
        public VectorMlp(int[] sizes, double learningRate)
            : base(sizes, learningRate)
        {
        }
    }

    /// <summary>The <see cref="Vector256{T}"/> loop MLP with fused multiply-adds.</summary>
    public sealed class VectorMlpFma : VectorMlp<Vector256<double>, Vector256Ops<FusedMulAdd>>
    {
        public VectorMlpFma(int[] sizes, double learningRate)
            : base(sizes, learningRate)
        {
        }
    }

    /// <summary>
    /// The loop MLP with <see cref="Vector512{T}"/> and fused multiply-adds: what a user on a CPU with AVX-512 could write.
    /// Where <see cref="Vector512.IsHardwareAccelerated"/> is false, the JIT emulates it with two 256-bit halves.
    /// </summary>
    public sealed class VectorMlp512Fma : VectorMlp<Vector512<double>, Vector512Fused>
    {
        public VectorMlp512Fma(int[] sizes, double learningRate)
            : base(sizes, learningRate)
        {
        }
    }
}
