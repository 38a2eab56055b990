using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The mini-batch kernel of a vectorised network: eight samples at a time along the lanes, of two Vector256<double> or
    // of one Vector256<float> (SampleLanesEmitter writes the products it calls, once per compilation). Per sample it does the fused multiply-adds
    // of the pairs' kernels, but each weight is loaded once for eight samples, each gradient's sum loaded and stored once
    // for eight, and no product ends in a sum across lanes.
    internal sealed partial class NetworkEmitter
    {
        private const string LanesStorageType = "KernelLanes";
        private const string LanesField = "_lanes";

        private SampleLaneLayout? _sampleLanes;

        /// <summary>
        /// Whether the mini-batch Train takes eight samples at a time along the lanes (LanesKernel): a vectorised network
        /// that trains on batches, whose output layer and loss the kernel's error knows (squared error after any
        /// output but the softmax; cross-entropy after the logistic or the softmax). The rest of a batch, and every other
        /// network's, goes two samples at a time.
        /// </summary>
        private bool UsesSampleLanes =>
            IsVectorized && !HasEarlyUpdates && _facts.HasSpan
            && (_model.Loss == LossKind.SquaredError
                ? _model.OutputActivation != ActivationKind.Softmax
                : _model.OutputActivation is ActivationKind.Logistic or ActivationKind.Softmax);

        private SampleLaneLayout SampleLanes => _sampleLanes ??= new SampleLaneLayout(_layout, Kernels);

        private const int Chunk = SampleLaneLayout.Samples;

        /// <summary><c>ref Unsafe.Add(ref z, offset)</c>: a place in the lanes' storage.</summary>
        private static string InLanes(string offset) => $"ref {At("z", offset)}";

        /// <summary>The neurons a turn of the shared Forward kernel: eight for floats, four for doubles (eight with 512-bit vectors).</summary>
        private string Turn => OneVectorOfSamples ? "eight" : "four";

        /// <summary>Whether a neuron's eight samples are one vector (floats), rather than two (doubles).</summary>
        private bool OneVectorOfSamples => _real.Lanes == Chunk;

        /// <summary>An index of the eight samples' values from <paramref name="index"/> (their first): with a vector of four, the vector at s.</summary>
        private string Samples8(string index) => OneVectorOfSamples ? index : index + " + s";

        /// <summary>Writes <paramref name="body"/> for each vector of a neuron's eight samples: once for floats, at s = 0 and 4 for doubles.</summary>
        private void ForEachVectorOfSamples(System.Action body)
        {
            if (OneVectorOfSamples)
            {
                body();
                return;
            }

            using (_w.Block($"for (int s = 0; s < {Chunk}; s += {Count(_real.Lanes)})"))
            {
                body();
            }
        }

        private void WriteLanesKernel()
        {
            SampleLaneLayout z = SampleLanes;
            KernelLayout k = Kernels;
            int layers = _layout.LayerCount, output = _layout.OutputLayer;
            int inputs = _layout.InputCount, outputs = _layout.OutputCount;
            _w.Line();
            Summary($"Eight samples of a mini-batch along the lanes of {(OneVectorOfSamples ? "a vector" : "two vectors")} (the samples' values of a layer at [neuron·8 + sample]): their forward and backward passes, their gradients added to the sums in _gradients. Returns the sum of their E_total.");
            using (_w.Block($"private {T} LanesKernel({ReadOnlySpan} inputs, {ReadOnlySpan} targets)"))
            {
                if (DefersFirstLayer)
                {
                    _w.Line(ApplyPendingIfAny);
                }

                WriteRefs(parameters: true, gradients: true);
                _w.Line($"ref {T} z = ref {StorageRef(LanesStorageType, LanesField)};");
                _w.Line();
                _w.Line($"// The inputs in rows (each padded with zeros to {Count(k.Stride[1])}), and along the lanes, {(OneVectorOfSamples ? "eight samples' eight inputs" : "four samples' four inputs")} a transpose");
                using (_w.Block($"for (int s = 0; s < {Chunk}; s++)"))
                {
                    _w.Line($"inputs.Slice(s * {Count(inputs)}, {Count(inputs)}).CopyTo({CreateSpan}({InLanes(Offset(z.Rows[0], $"s * {Count(k.Stride[1])}"))}, {Count(inputs)}));");
                }

                WriteRowsToLanes(z.Rows[0], k.Stride[1], z.Lanes[0]);

                _w.Line("// The targets along the lanes");
                using (_w.Block($"for (int s = 0; s < {Chunk}; s++)"))
                {
                    using (_w.Block($"for (int o = 0; o < {Count(outputs)}; o++)"))
                    {
                        _w.Line($"{At("z", Offset(z.Targets, "o * 8 + s"))} = targets[s * {Count(outputs)} + o];");
                    }
                }

                for (int l = 1; l < layers; l++)
                {
                    WriteLanesForward(l);
                }

                WriteLanesError();
                for (int l = output; l > 1; l--)
                {
                    WriteLanesPropagate(l);
                }

                for (int l = 1; l < layers; l++)
                {
                    WriteLanesGradients(l);
                }

                _w.Line("return " + CSharpRenderer.Vector + ".Sum(E_total);");
            }
        }

        /// <summary>
        /// A layer's values of the eight samples from rows ([sample·stride + neuron], <paramref name="stride"/> a multiple of
        /// the lanes) to along the lanes ([neuron·8 + sample]): 4×4 transposes of doubles, 8×8 of floats.
        /// </summary>
        private void WriteRowsToLanes(int rows, int stride, int lanes) => WriteTransposes(rows, stride, lanes, "i", toLanes: true);

        /// <summary>The reverse of <see cref="WriteRowsToLanes"/>: along the lanes to rows.</summary>
        private void WriteLanesToRows(int lanes, int rows, int stride) => WriteTransposes(rows, stride, lanes, "j", toLanes: false);

        /// <summary>The transposes between a layer's rows and its lanes, one n×n block (n = the lanes of a vector) a call.</summary>
        private void WriteTransposes(int rows, int stride, int lanes, string index, bool toLanes)
        {
            int n = _real.Lanes;
            using (_w.Block($"for (int {index} = 0; {index} < {Count(stride)}; {index} += {Count(n)})"))
            {
                for (int s = 0; s < Chunk; s += n)
                {
                    string inRows = $"{InLanes(Offset(rows + s * stride, index))}, {Count(stride)}";
                    string inLanes = $"{InLanes(Offset(lanes + s, index + " * 8"))}, 8";
                    _w.Line($"{VectorMathNames.SampleLanes}.Transpose{Count(n)}({(toLanes ? inRows : inLanes)}, {(toLanes ? inLanes : inRows)});");
                }
            }
        }

        /// <summary><c>offset + index</c> as C#, without a leading <c>0 +</c>.</summary>
        private static string Offset(int offset, string index) => offset == 0 ? index : $"{Count(offset)} + {index}";

        private void WriteLanesForward(int layer)
        {
            SampleLaneLayout z = SampleLanes;
            KernelLayout k = Kernels;
            int neurons = _layout.Sizes[layer];
            ActivationKind activation = _layout.ActivationOf(layer);
            string vec = CSharpRenderer.Vector;
            _w.Line();
            _w.Line($"// {Capitalize(_layout.LayerTitle(layer))}: net = Σ w·out + b of the eight samples, {Turn} neurons a turn; then out = f(net)");
            _w.Line($"{VectorMathNames.SampleLanes}.Forward({Count(neurons)}, {Count(_layout.Sizes[layer - 1])}, ref {At("p", Count(k.WeightOffset[layer]))}, {Count(k.Stride[layer])}, {InLanes(Count(z.Lanes[layer - 1]))}, {InLanes(Count(z.Net[layer]))});");
            string? bias = _model.Bias switch
            {
                BiasKind.PerNeuron => $"{vec}.Create({At("p", Offset(k.BiasOffset[layer], "j"))})",
                BiasKind.SharedPerLayer => $"{vec}.Create({At("p", Count(k.BiasOffset[layer]))})",
                _ => null,
            };
            if (activation == ActivationKind.Softmax)
            {
                WriteLanesSoftmax(layer, bias);
                return;
            }

            (string expression, string formula) = VectorActivation(activation);
            bool keepNet = layer == _layout.OutputLayer && _model.Loss == LossKind.CrossEntropy; // the logistic's cross-entropy is taken from net
            using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
            {
                if (bias is not null)
                {
                    _w.Line($"var b = {bias};");
                }

                string at = Samples8("j * 8");
                ForEachVectorOfSamples(() =>
                {
                    if (bias is not null)
                    {
                        _w.Line($"var net = {Load("z", Offset(z.Net[layer], at))} + b;");
                        if (keepNet)
                        {
                            _w.Line(Store("net", "z", Offset(z.Net[layer], at)), "kept for E");
                        }
                    }
                    else
                    {
                        _w.Line($"var net = {Load("z", Offset(z.Net[layer], at))};");
                    }

                    _w.Line(Store(expression, "z", Offset(z.Lanes[layer], at)), formula);
                });
            }

            if (layer < _layout.OutputLayer)
            {
                int padded = k.Pad(neurons);
                _w.Line($"// ... and in rows, for the gradients of the {_layout.LayerTitle(layer + 1)}");
                WriteLanesToRows(z.Lanes[layer], z.Rows[layer], padded);
            }
        }

        /// <summary>
        /// The softmax along the lanes: each sample's largest net input and Σ e^(net - max) across the neurons (one vector
        /// of four samples at a time), out = e^(net - max) / Σ; the maximum and ln Σ kept for the error.
        /// </summary>
        private void WriteLanesSoftmax(int layer, string? bias)
        {
            SampleLaneLayout z = SampleLanes;
            int neurons = _layout.Sizes[layer];
            string vec = CSharpRenderer.Vector;
            string net = Offset(z.Net[layer], Samples8("j * 8")), output = Offset(z.Lanes[layer], Samples8("j * 8"));
            string first = OneVectorOfSamples ? "0" : "s";
            _w.Line($"// out_ok = e^(net_ok - max_k net_ok) / Σ_k e^(net_ok - max_k net_ok) of each sample: the softmax across the neurons, {(OneVectorOfSamples ? "the eight samples at once" : "four samples a turn")}");
            ForEachVectorOfSamples(() =>
            {
                if (bias is not null)
                {
                    using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                    {
                        _w.Line(Store($"{Load("z", net)} + {bias}", "z", net));
                    }
                }

                _w.Line($"var max_net_o = {Load("z", Offset(z.Net[layer], first))};");
                using (_w.Block($"for (int j = 1; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"max_net_o = {vec}.Max(max_net_o, {Load("z", net)});");
                }

                _w.Line($"var sum_exp_o = {V}.Zero;");
                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"var exp_o = {vec}.Exp({Load("z", net)} - max_net_o);");
                    _w.Line(Store("exp_o", "z", output));
                    _w.Line("sum_exp_o += exp_o;");
                }

                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line(Store($"{Load("z", output)} / sum_exp_o", "z", output));
                }

                _w.Line(Store("max_net_o", "z", Offset(z.Softmax, first)));
                _w.Line(Store($"{vec}.Log(sum_exp_o)", "z", Offset(z.Softmax + Chunk, first)), "ln Σ_k e^(net_ok - max_net_o), for E");
            });
        }

        private void WriteLanesError()
        {
            SampleLaneLayout z = SampleLanes;
            int layer = _layout.OutputLayer, outputs = _layout.OutputCount;
            string vec = CSharpRenderer.Vector;
            string at = Samples8("o * 8"), first = OneVectorOfSamples ? "0" : "s";
            _w.Line();
            _w.Line("// E_total of each sample, and the output layer's deltas");
            _w.Line($"var E_total = {V}.Zero;");
            using (_w.Block($"for (int o = 0; o < {Count(outputs)}; o++)"))
            {
                ForEachVectorOfSamples(() =>
                {
                    _w.Line($"var out_o = {Load("z", Offset(z.Lanes[layer], at))};");
                    _w.Line($"var target_o = {Load("z", Offset(z.Targets, at))};");
                    string delta = Offset(z.Delta[layer], at);
                    if (_model.Loss == LossKind.SquaredError)
                    {
                        _w.Line($"var dE_total_dout_o = out_o - target_o;", "∂E_total/∂out_o = -(target_o - out_o)");
                        _w.Line($"E_total += {vec}.Create({Lit("0.5")}) * dE_total_dout_o * dE_total_dout_o;", "E_o = ½(target_o - out_o)²; E_total = Σ E_o");
                        (System.Func<string, string, string>? derivative, _) = VectorDelta(_model.OutputActivation);
                        _w.Line(Store(derivative is null ? "dE_total_dout_o" : derivative("dE_total_dout_o", "out_o"), "z", delta), "δ_o = ∂E_total/∂out_o · ∂out_o/∂net_o");
                    }
                    else
                    {
                        _w.Line($"var net_o = {Load("z", Offset(z.Net[layer], at))};");
                        _w.Line(_model.OutputActivation == ActivationKind.Softmax
                            ? $"E_total -= target_o * (net_o - {Load("z", Offset(z.Softmax, first))} - {Load("z", Offset(z.Softmax + Chunk, first))}); // E_total = -Σ target_o·ln(out_o), ln out_o = net_o - max_net_o - ln Σ_k e^(net_ok - max_net_o)"
                            : $"E_total += {vec}.Max(net_o, {V}.Zero) - net_o * target_o + {vec}.Log({V}.One + {vec}.Exp(-{vec}.Abs(net_o))); // E_o = -[target_o·ln(out_o) + (1 - target_o)·ln(1 - out_o)], from net_o");
                        _w.Line(Store("out_o - target_o", "z", delta), "δ_o = ∂E_total/∂net_o = out_o - target_o (cross-entropy fused with its output)");
                    }
                });
            }
        }

        /// <summary>∂E_total/∂out of the layer below <paramref name="layer"/> = Σ δ·w, then its deltas.</summary>
        private void WriteLanesPropagate(int layer)
        {
            SampleLaneLayout z = SampleLanes;
            KernelLayout k = Kernels;
            int below = layer - 1;
            _w.Line();
            _w.Line($"// {Capitalize(_layout.LayerTitle(below))}: ∂E_total/∂out = Σ δ·w over the {_layout.LayerTitle(layer)} (the weights before the step), {(OneVectorOfSamples ? "eight inputs" : "four neurons")} a turn");
            _w.Line($"{VectorMathNames.SampleLanes}.Propagate({Count(k.Stride[layer])}, {Count(_layout.Sizes[layer])}, ref {At("p", Count(k.WeightOffset[layer]))}, {Count(k.Stride[layer])}, {InLanes(Count(z.Delta[layer]))}, {InLanes(Count(z.Delta[below]))});");
            (System.Func<string, string, string>? delta, string formula) = VectorDelta(_layout.ActivationOf(below));
            if (delta is null)
            {
                _w.Line("// (the identity's derivative is 1: δ is ∂E_total/∂out as summed)");
                return;
            }

            _w.Line($"// δ = ∂E_total/∂out · ∂out/∂net ({formula})");
            using (_w.Block($"for (int i = 0; i < {Count(_layout.Sizes[below] * Chunk)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line($"var dE_total_dout = {Load("z", Offset(z.Delta[below], "i"))};");
                _w.Line($"var out_ = {Load("z", Offset(z.Lanes[below], "i"))};");
                _w.Line(Store(delta("dE_total_dout", "out_"), "z", Offset(z.Delta[below], "i")));
            }
        }

        private void WriteLanesGradients(int layer)
        {
            SampleLaneLayout z = SampleLanes;
            KernelLayout k = Kernels;
            int neurons = _layout.Sizes[layer];
            string vec = CSharpRenderer.Vector;
            _w.Line();
            _w.Line($"// {Capitalize(_layout.LayerTitle(layer))}: ∂E_total/∂w = δ·out (of the input the weight multiplies), the eight samples' added to the sums, four neurons a turn");
            _w.Line($"{VectorMathNames.SampleLanes}.Accumulate({Count(neurons)}, {Count(k.Stride[layer])}, ref {At("g", Count(k.WeightOffset[layer]))}, {Count(k.Stride[layer])}, {InLanes(Count(z.Delta[layer]))}, {InLanes(Count(z.Rows[layer - 1]))});");
            string deltas = OneVectorOfSamples
                ? Load("z", Offset(z.Delta[layer], "j * 8"))
                : $"{Load("z", Offset(z.Delta[layer], "j * 8"))} + {Load("z", Offset(z.Delta[layer] + 4, "j * 8"))}";
            if (_model.Bias == BiasKind.PerNeuron)
            {
                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"{At("g", Offset(k.BiasOffset[layer], "j"))} += {vec}.Sum({deltas});", "∂E_total/∂b = δ");
                }
            }
            else if (_model.Bias == BiasKind.SharedPerLayer)
            {
                using (_w.Block(string.Empty))
                {
                    _w.Line($"var sum_delta = {V}.Zero;");
                    using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                    {
                        _w.Line($"sum_delta += {deltas};");
                    }

                    _w.Line($"{At("g", Count(k.BiasOffset[layer]))} += {vec}.Sum(sum_delta);", "∂E_total/∂b = Σ δ of the layer's neurons");
                }
            }
        }
    }
}
