using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The strongest hand-written baseline of the size sweep (issue 10): a multilayer perceptron with sizes known only
    /// at run time, written with <see cref="Vector256{T}"/> of double. Logistic hidden and output layers, squared error
    /// (E_total = Σ ½(target − out)²), a trained bias per neuron, online SGD with the simultaneous update: the math of
    /// the sweep's generated networks and of <see cref="LoopMlp"/> configured alike.
    /// <para>
    /// Layout: each layer's weights row-major, one row per neuron of the layer, each row padded with zeros to a multiple
    /// of 4 inputs; each layer's outputs padded with zeros to the same stride. Forward: per neuron, the dot product over
    /// its inputs in vectors (two accumulators), then the activation over the whole layer in vectors
    /// (<see cref="Vector256.Exp(Vector256{double})"/>). Backward, per layer from the output down, one pass per row:
    /// Σ δ·w for the layer below accumulated from the weights before the step, and the weights updated in the same pass
    /// (w⁺ = w − η·δ·out). Padded weights stay zero: their inputs are zero, so are their gradients.
    /// Nothing allocated per call; no bounds checks in the kernels. Every buffer starts at a 64-byte boundary of a
    /// pinned array (<see cref="Buffer"/>), as the generated kernels' storage does: an array's data is only 8-byte
    /// aligned, and which 32-byte loads straddled two cache lines changed from one allocation to the next.
    /// </para>
    /// <para>
    /// Its sums of products and its updates (a·b + c) are written by <typeparamref name="TMulAdd"/>: as a multiply and an
    /// add (<see cref="VectorMlp"/>), or fused into one instruction (<see cref="VectorMlpFma"/>, which the generated kernels
    /// use: the JIT does not fuse a multiply and an add written apart). The sweep measures both, and compares the
    /// generated code with the faster.
    /// </para>
    /// </summary>
    public abstract class VectorMlp<TMulAdd>
        where TMulAdd : struct, IMulAdd
    {
        private readonly int[] _sizes;
        private readonly int[] _strides;      // _strides[l]: layer l's size rounded up to a multiple of 4
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
                _strides[l] = (sizes[l] + 3) & ~3;
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
            int stride = _strides[l], neurons = _sizes[l + 1];
            ref double input = ref _outputs[l].Ref;
            ref double weights = ref _weights[l].Ref;
            ref double biases = ref _biases[l].Ref;
            ref double output = ref _outputs[l + 1].Ref;
            for (int j = 0; j < neurons; j++)
            {
                ref double row = ref Unsafe.Add(ref weights, j * stride);
                Vector256<double> a0 = Vector256<double>.Zero, a1 = Vector256<double>.Zero;
                int k = 0;
                for (; k + 8 <= stride; k += 8)
                {
                    a0 = TMulAdd.Apply(Vector256.LoadUnsafe(ref row, (nuint)k), Vector256.LoadUnsafe(ref input, (nuint)k), a0);
                    a1 = TMulAdd.Apply(Vector256.LoadUnsafe(ref row, (nuint)(k + 4)), Vector256.LoadUnsafe(ref input, (nuint)(k + 4)), a1);
                }

                if (k < stride)
                {
                    a0 = TMulAdd.Apply(Vector256.LoadUnsafe(ref row, (nuint)k), Vector256.LoadUnsafe(ref input, (nuint)k), a0);
                }

                Unsafe.Add(ref output, j) = Vector256.Sum(a0 + a1) + Unsafe.Add(ref biases, j);
            }

            // The logistic over the whole layer, four neurons at a time; then the padding back to zero.
            int padded = _strides[l + 1];
            for (int j = 0; j < padded; j += 4)
            {
                Vector256<double> net = Vector256.LoadUnsafe(ref output, (nuint)j);
                (Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-net))).StoreUnsafe(ref output, (nuint)j);
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
            int stride = _strides[l], neurons = _sizes[l + 1];
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
                    Vector256<double> minusStep = Vector256.Create(-(eta * d));
                    ref double row = ref Unsafe.Add(ref weights, j * stride);
                    for (int k = 0; k < stride; k += 4)
                    {
                        TMulAdd.Apply(minusStep, Vector256.LoadUnsafe(ref input, (nuint)k), Vector256.LoadUnsafe(ref row, (nuint)k)).StoreUnsafe(ref row, (nuint)k);
                    }

                    Unsafe.Add(ref biases, j) -= eta * d;
                }

                return;
            }

            ref double sums = ref _sums.Ref;
            for (int k = 0; k < stride; k += 4)
            {
                Vector256<double>.Zero.StoreUnsafe(ref sums, (nuint)k);
            }

            for (int j = 0; j < neurons; j++)
            {
                double d = Unsafe.Add(ref delta, j);
                Vector256<double> vd = Vector256.Create(d);
                Vector256<double> minusStep = Vector256.Create(-(eta * d));
                ref double row = ref Unsafe.Add(ref weights, j * stride);
                for (int k = 0; k < stride; k += 4)
                {
                    Vector256<double> w = Vector256.LoadUnsafe(ref row, (nuint)k);
                    TMulAdd.Apply(vd, w, Vector256.LoadUnsafe(ref sums, (nuint)k)).StoreUnsafe(ref sums, (nuint)k);
                    TMulAdd.Apply(minusStep, Vector256.LoadUnsafe(ref input, (nuint)k), w).StoreUnsafe(ref row, (nuint)k);
                }

                Unsafe.Add(ref biases, j) -= eta * d;
            }

            // δ of layer l: (Σ δ·w)·out·(1 − out); zero in the padding, where out is zero.
            ref double below = ref _deltas[l - 1].Ref;
            for (int k = 0; k < stride; k += 4)
            {
                Vector256<double> o = Vector256.LoadUnsafe(ref input, (nuint)k);
                (Vector256.LoadUnsafe(ref sums, (nuint)k) * o * (Vector256<double>.One - o)).StoreUnsafe(ref below, (nuint)k);
            }
        }
    }

    /// <summary>a·b + c over vectors, for <see cref="VectorMlp{TMulAdd}"/>.</summary>
    public interface IMulAdd
    {
        static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b, Vector256<double> c);
    }

    /// <summary>a·b + c as a multiply, then an add (each rounded).</summary>
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

    /// <summary>The <see cref="Vector256{T}"/> loop MLP with a multiply and an add written apart, as most hand-written code has them.</summary>
    public sealed class VectorMlp : VectorMlp<SeparateMulAdd>
    {
        public VectorMlp(int[] sizes, double learningRate)
            : base(sizes, learningRate)
        {
        }
    }

    /// <summary>The <see cref="Vector256{T}"/> loop MLP with fused multiply-adds.</summary>
    public sealed class VectorMlpFma : VectorMlp<FusedMulAdd>
    {
        public VectorMlpFma(int[] sizes, double learningRate)
            : base(sizes, learningRate)
        {
        }
    }
}
