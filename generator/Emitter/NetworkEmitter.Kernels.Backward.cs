using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The vectorised shape's kernels, backward: the gradients, fused per row with the update (Train), the sums of a
    // mini-batch (one sample or a pair), Σ δ·w for the layer below, the pending first-layer update, and the factored
    // gradients written out.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>What a backward kernel does with the gradients it computes.</summary>
        private enum KernelMode
        {
            /// <summary>Backward: store the gradients.</summary>
            Store,

            /// <summary>Train: store the gradients and update the parameters.</summary>
            Update,

            /// <summary>A mini-batch: add the gradients to the sums.</summary>
            Accumulate,

            /// <summary>A mini-batch, two samples at a time: add both samples' gradients to the sums (the second sample's pass in _pass2, its deltas in _deltas2).</summary>
            AccumulatePair,
        }

        private void WriteBackwardKernel(string name, KernelMode mode)
        {
            KernelLayout k = Kernels;
            bool update = mode == KernelMode.Update, pair = mode == KernelMode.AccumulatePair, accumulate = pair || mode == KernelMode.Accumulate;
            _w.Line();
            _w.Line(mode switch
            {
                KernelMode.Store => "/// <summary>The backward pass from the output deltas in _deltas: stores every gradient, changes no parameter.</summary>",
                KernelMode.Update => "/// <summary>The backward pass and the update of a training step: every gradient from the parameters before the step (UpdateRule.Simultaneous); the weights' gradients are left factored (δ·out, see MaterializeGradients).</summary>",
                KernelMode.Accumulate => "/// <summary>The backward pass of one sample of a mini-batch: adds every gradient to the sums in _gradients.</summary>",
                _ => "/// <summary>The backward pass of two samples of a mini-batch (the first in _pass and _deltas, the second in _pass2 and _deltas2): adds both samples' gradients to the sums in _gradients, loading each sum and each weight once for the two.</summary>",
            });
            using (_w.Block($"private void {name}({(update ? $"{T} eta" : string.Empty)})"))
            {
                WriteRefs(parameters: true, gradients: true, pass: true, deltas: true, pair: pair);
                for (int l = _layout.OutputLayer; l >= 1; l--)
                {
                    int below = l - 1, neurons = _layout.Sizes[l], stride = k.Stride[l];
                    bool propagate = below >= 1;
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))}, row by row: ∂E_total/∂w = δ·out (of the input the weight multiplies)"
                        + (update ? "; w⁺ = w - η·∂E_total/∂w" + (l == 1 && DefersFirstLayer ? ", left to the next forward pass" : string.Empty) : pair ? ", both samples' added to the sums" : accumulate ? ", added to the sums" : string.Empty)
                        + (propagate ? $"; and for the {_layout.LayerTitle(below)}, ∂E_total/∂out = Σ δ·w (the weights before the step)" : string.Empty));
                    // Σ δ·w for a narrow layer below is summed in registers across the rows, else in its deltas' storage
                    // (two samples' inputs and sums take twice the registers: a pair keeps them there for rows of at most 2
                    // vectors, 8 doubles or 16 floats)
                    int lanes = _real.Lanes;
                    bool xInRegisters = stride <= (pair ? 2 * lanes : lanes * MaxVectorsInRegisters);
                    bool inRegisters = propagate && xInRegisters;
                    // A wide layer with a layer below: its Σ δ·w summed in registers too, a chunk of inputs at a time across
                    // every row, rather than in storage row by row
                    bool chunked = propagate && !inRegisters;
                    using (_w.Block(string.Empty))
                    {
                        foreach (string sample in pair ? new[] { string.Empty, "2" } : new[] { string.Empty })
                        {
                            _w.Line($"ref {T} x{sample} = ref {At("a" + sample, Count(k.Out[below]))};");
                            if (propagate)
                            {
                                _w.Line($"ref {T} below{sample} = ref {At("d" + sample, Count(k.Delta[below]))};");
                            }

                            if (xInRegisters)
                            {
                                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, stride / lanes).Select(v => $"x{sample}_{Count(lanes * v)} = {Load("x" + sample, Count(lanes * v))}"))};", "the inputs, loaded once");
                            }

                            if (inRegisters)
                            {
                                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, stride / lanes).Select(v => $"dE_total_dout{sample}_{Count(lanes * v)} = {V}.Zero"))};");
                            }
                            else if (propagate && !chunked)
                            {
                                using (_w.Block($"for (int i = 0; i < {Count(k.Pad(_layout.Sizes[below]))}; i += {Count(lanes)})"))
                                {
                                    _w.Line(Store($"{V}.Zero", "below" + sample, "i"));
                                }
                            }
                        }

                        if (_model.Bias == BiasKind.SharedPerLayer)
                        {
                            _w.Line($"{T} sum_delta = {Lit("0.0")};");
                        }

                        if (update && l == 1 && DefersFirstLayer)
                        {
                            WritePendingUpdate();
                        }
                        else if (chunked)
                        {
                            WriteBackwardRowsInChunks(l, mode);
                        }
                        else if (pair && !propagate && !xInRegisters && neurons % RowGroup == 0)
                        {
                            WriteAccumulatePairInRowGroups(l);
                        }
                        else
                        {
                            using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                            {
                                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[l])} + j")};");
                                if (!update || propagate)
                                {
                                    _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create(delta);");
                                }

                                if (update)
                                {
                                    _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * delta);", "w⁺ = w - η·δ·out = w + (-η·δ)·out");
                                }
                                if (pair)
                                {
                                    _w.Line($"{T} delta2 = {At("d2", $"{Count(k.Delta[l])} + j")};");
                                    _w.Line($"var vdelta2 = {CSharpRenderer.Vector}.Create(delta2);");
                                }

                                _w.Line($"int row = {Count(k.WeightOffset[l])} + j * {Count(stride)};");
                                _w.Line($"ref {T} w = ref {At("p", "row")};");
                                if (!update)
                                {
                                    _w.Line($"ref {T} dw = ref {At("g", "row")};");
                                }

                                int vectors = stride / lanes;
                                if (vectors <= 8)
                                {
                                    for (int v = 0; v < vectors; v++)
                                    {
                                        WriteBackwardVector(Count(lanes * v), mode, propagate, inRegisters, xInRegisters);
                                    }
                                }
                                else
                                {
                                    // Four vectors a turn (as many independent chains, a quarter of the loop's own instructions), then the rest
                                    int looped = vectors / 4 * 4;
                                    using (_w.Block($"for (int i = 0; i < {Count(looped * lanes)}; i += {Count(4 * lanes)})"))
                                    {
                                        for (int v = 0; v < 4; v++)
                                        {
                                            WriteBackwardVector(Plus("i", v * lanes), mode, propagate, inRegisters: false, xInRegisters: false, name: Count(v * lanes));
                                        }
                                    }

                                    for (int v = looped; v < vectors; v++)
                                    {
                                        WriteBackwardVector(Count(v * lanes), mode, propagate, inRegisters: false, xInRegisters: false);
                                    }
                                }

                                WriteBiasGradient(l, mode);
                            }
                        }

                        if (_model.Bias == BiasKind.SharedPerLayer)
                        {
                            string bias = Count(k.BiasOffset[l]);
                            _w.Line($"{At("g", bias)} {(accumulate ? "+=" : "=")} sum_delta;", $"∂E_total/∂{Naming.SharedBias(l)} = Σ δ");
                            if (update && _model.TrainBiases)
                            {
                                _w.Line($"{At("p", bias)} = {ScalarMulAdd("sum_delta", "-eta", At("p", bias))};", $"{Naming.SharedBias(l)}⁺ = {Naming.SharedBias(l)} - η·∂E_total/∂{Naming.SharedBias(l)}");
                            }
                        }

                        if (propagate)
                        {
                            WriteHiddenDeltas(below, inRegisters);
                            if (pair)
                            {
                                WriteHiddenDeltas(below, inRegisters, "2");
                            }
                        }
                    }
                }

                if (!accumulate)
                {
                    _w.Line();
                    _w.Line($"{FactoredField} = {(update ? "true" : "false")};", update ? "the weights' gradients: δ in _deltas, out in _pass" : "every gradient is stored");
                    WriteOfPass(true, "and ApplyGradients may update from those factors");
                }
            }
        }

        /// <summary>How many rows the pair's accumulation of a first layer takes a turn where its inputs do not stay in registers.</summary>
        private const int RowGroup = 4;

        /// <summary>
        /// The two samples' weight gradients of a first layer whose inputs do not stay in registers, added to the sums
        /// <see cref="RowGroup"/> rows a turn: each vector of the two samples' inputs is loaded once for the group's rows
        /// (a row at a time loads it again for each), so each sum's two fused multiply-adds take half a load of inputs, not two.
        /// </summary>
        private void WriteAccumulatePairInRowGroups(int layer)
        {
            KernelLayout k = Kernels;
            int stride = k.Stride[layer], lanes = _real.Lanes;
            var rows = Enumerable.Range(0, RowGroup).ToList();
            _w.Line($"// {RowGroup} rows a turn: each vector of the two samples' inputs loaded once for the {RowGroup} rows' sums");
            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j += {RowGroup})"))
            {
                foreach (int r in rows)
                {
                    string neuron = Plus("j", r);
                    _w.Line($"{T} delta_{r} = {At("d", $"{Count(k.Delta[layer])} + {neuron}")}, delta2_{r} = {At("d2", $"{Count(k.Delta[layer])} + {neuron}")};");
                }

                _w.Line($"{V} {string.Join(", ", rows.Select(r => $"vdelta_{r} = {CSharpRenderer.Vector}.Create(delta_{r})"))};");
                _w.Line($"{V} {string.Join(", ", rows.Select(r => $"vdelta2_{r} = {CSharpRenderer.Vector}.Create(delta2_{r})"))};");
                _w.Line($"ref {T} dw = ref {At("g", $"{Count(k.WeightOffset[layer])} + j * {Count(stride)}")};");
                using (_w.Block($"for (nuint i = 0; i < {Count(stride)}; i += {Count(lanes)})"))
                {
                    _w.Line($"var x_i = {Load("x", "i")};");
                    _w.Line($"var x2_i = {Load("x2", "i")};");
                    foreach (int r in rows)
                    {
                        string at = r == 0 ? "i" : $"i + {Count(r * stride)}";
                        string statement = Store(MulAdd($"vdelta2_{r}", "x2_i", MulAdd($"vdelta_{r}", "x_i", Load("dw", at))), "dw", at);
                        _w.Line(r == 0 ? statement + " // the two samples' δ·out, added to the sum" : statement);
                    }
                }

                foreach (int r in rows)
                {
                    if (_model.Bias == BiasKind.SharedPerLayer)
                    {
                        _w.Line($"sum_delta += delta_{r} + delta2_{r};");
                    }
                    else if (_model.Bias == BiasKind.PerNeuron)
                    {
                        string statement = $"{At("g", $"{Count(k.BiasOffset[layer])} + {Plus("j", r)}")} += delta_{r} + delta2_{r};";
                        _w.Line(r == 0 ? statement + " // ∂E_total/∂b = δ" : statement);
                    }
                }
            }
        }

        /// <summary>
        /// TrainKernel's first layer when its update is deferred (<see cref="DefersFirstLayer"/>): the factors of the
        /// update kept (the inputs, and -η·δ of each neuron), the biases' gradients and updates as usual.
        /// </summary>
        private void WritePendingUpdate()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes, factors = PendingFactorsOffset;
            _w.Line($"// The weights' update waits for the next forward pass, which applies it as it reads them (ApplyPendingUpdate does, for");
            _w.Line($"// any other reader): its factors kept, out (the inputs) and -η·δ");
            _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
            using (_w.Block($"for (int i = 0; i < {Count(factors)}; i += {Count(lanes)})"))
            {
                _w.Line(Store(Load("x", "i"), "q", "i"));
            }

            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[1])}; j++)"))
            {
                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[1])} + j")};");
                _w.Line($"{At("q", $"{Count(factors)} + j")} = -eta * delta;", "for w⁺ = w - η·δ·out = w + (-η·δ)·out");
                WriteBiasGradient(1, KernelMode.Update);
            }

            _w.Line($"{PendingField} = true;");
        }

        /// <summary>
        /// ApplyPendingUpdate: Train's pending update of the first layer's weights, w⁺ = w + (-η·δ)·out, from its kept
        /// factors, rounded as the forward pass that otherwise applies it.
        /// </summary>
        private void WriteApplyPendingUpdate()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            _w.Line();
            _w.Line("/// <summary>Applies Train's pending update of the first layer's weights, w⁺ = w + (-η·δ)·out, as the next forward pass would.</summary>");
            using (_w.Block("private void ApplyPendingUpdate()"))
            {
                WriteRefs(parameters: true);
                _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
                using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[1])}; j++)"))
                {
                    _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create({At("q", $"{Count(PendingFactorsOffset)} + j")});");
                    _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[1])} + j * {Count(k.Stride[1])}")};");
                    using (_w.Block($"for (int i = 0; i < {Count(k.Stride[1])}; i += {Count(lanes)})"))
                    {
                        _w.Line(Store(MulAdd("minus_eta_delta", Load("q", "i"), Load("w", "i")), "w", "i"));
                    }
                }

                _w.Line($"{PendingField} = false;");
            }
        }

        /// <summary>
        /// A wide layer's rows when the layer below needs Σ δ·w: a chunk of input vectors at a time
        /// (<see cref="MaxVectorsInRegisters"/>, or half as many for a mini-batch's pair, whose two samples take twice the
        /// registers), the chunk's inputs and Σ δ·w in registers across every row (each row's gradients, and its update in
        /// a training step, as it passes), Σ δ·w stored once per chunk; then the biases. Every sum in the order of the rows,
        /// as row by row.
        /// </summary>
        private void WriteBackwardRowsInChunks(int layer, KernelMode mode)
        {
            KernelLayout k = Kernels;
            bool update = mode == KernelMode.Update, pair = mode == KernelMode.AccumulatePair;
            int chunk = pair ? MaxVectorsInRegisters / 2 : MaxVectorsInRegisters;
            int lanes = _real.Lanes, stride = k.Stride[layer], vectors = stride / lanes, full = vectors / chunk;
            string[] samples = pair ? new[] { string.Empty, "2" } : new[] { string.Empty };
            void Chunk(System.Func<int, string> offset, int count)
            {
                IEnumerable<int> inChunk = Enumerable.Range(0, count).Select(v => lanes * v);
                foreach (string sample in samples)
                {
                    _w.Line($"{V} {string.Join(", ", inChunk.Select(v => $"x{sample}_{Count(v)} = {Load("x" + sample, offset(v))}"))};", pair ? $"the chunk's inputs{(sample.Length == 0 ? " (the first sample)" : " (the second sample)")}" : "the chunk's inputs");
                }

                foreach (string sample in samples)
                {
                    _w.Line($"{V} {string.Join(", ", inChunk.Select(v => $"dE_total_dout{sample}_{Count(v)} = {V}.Zero"))};");
                }

                using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j++)"))
                {
                    if (update)
                    {
                        _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[layer])} + j")};");
                        _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create(delta);");
                        _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * delta);", "w⁺ = w - η·δ·out = w + (-η·δ)·out");
                    }
                    else
                    {
                        foreach (string sample in samples)
                        {
                            _w.Line($"var vdelta{sample} = {CSharpRenderer.Vector}.Create({At("d" + sample, $"{Count(k.Delta[layer])} + j")});");
                        }
                    }

                    _w.Line($"int row = {Count(k.WeightOffset[layer])} + j * {Count(stride)} + {offset(0)};");
                    _w.Line($"ref {T} w = ref {At("p", "row")};");
                    if (!update)
                    {
                        _w.Line($"ref {T} dw = ref {At("g", "row")};");
                    }

                    foreach (int v in inChunk)
                    {
                        WriteBackwardVector(Count(v), mode, propagate: true, inRegisters: true, xInRegisters: true);
                    }
                }

                foreach (string sample in samples)
                {
                    foreach (int v in inChunk)
                    {
                        _w.Line(Store($"dE_total_dout{sample}_{Count(v)}", "below" + sample, offset(v)));
                    }
                }
            }

            _w.Line($"// Σ δ·w for the {_layout.LayerTitle(layer - 1)}{(pair ? " (each sample's)" : string.Empty)} in registers, {Count(chunk * lanes)} inputs at a time across every row");
            if (full > 0)
            {
                using (_w.Block($"for (int c = 0; c < {Count(full * chunk * lanes)}; c += {Count(chunk * lanes)})"))
                {
                    Chunk(v => Plus("c", v), chunk);
                }
            }

            if (vectors > full * chunk)
            {
                using (_w.Block(string.Empty))
                {
                    Chunk(v => Count((full * chunk * lanes) + v), vectors - (full * chunk));
                }
            }

            if (_model.Bias == BiasKind.None)
            {
                return;
            }

            _w.Line();
            _w.Line("// The biases, neuron by neuron");
            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j++)"))
            {
                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[layer])} + j")};");
                if (pair)
                {
                    _w.Line($"{T} delta2 = {At("d2", $"{Count(k.Delta[layer])} + j")};");
                }

                WriteBiasGradient(layer, mode);
            }
        }

        private void WriteMaterializeGradients()
        {
            KernelLayout k = Kernels;
            _w.Line();
            _w.Line("/// <summary>Writes the weights' gradients that the last Train left factored into _gradients: ∂E_total/∂w = δ·out.</summary>");
            using (_w.Block("private void MaterializeGradients()"))
            {
                WriteRefs(gradients: true, pass: true, deltas: true);
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    int stride = k.Stride[l];
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))}: ∂E_total/∂w = δ·out (of the input the weight multiplies), row by row");
                    using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[l])}; j++)"))
                    {
                        _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create({At("d", $"{Count(k.Delta[l])} + j")});");
                        _w.Line($"ref {T} dw = ref {At("g", $"{Count(k.WeightOffset[l])} + j * {Count(stride)}")};");
                        using (_w.Block($"for (int i = 0; i < {Count(stride)}; i += {Count(_real.Lanes)})"))
                        {
                            _w.Line(Store($"vdelta * {Load("a", $"{Count(k.Out[l - 1])} + i")}", "dw", "i"));
                        }
                    }
                }

                _w.Line($"{FactoredField} = false;");
            }
        }

        /// <summary>
        /// One vector of a row's backward pass at offset <paramref name="i"/> of the row; its locals are named after
        /// <paramref name="name"/> (<c>dE_total_dw_4</c>), or after the offset itself when that is a number or <c>i</c>.
        /// </summary>
        private void WriteBackwardVector(string i, KernelMode mode, bool propagate, bool inRegisters, bool xInRegisters, string? name = null)
        {
            string v = "_" + (name ?? i);
            bool pair = mode == KernelMode.AccumulatePair;
            string x = xInRegisters ? "x" + v : Load("x", i);
            switch (mode)
            {
                case KernelMode.Accumulate:
                    _w.Line(Store(MulAdd("vdelta", x, Load("dw", i)), "dw", i), "∂E_total/∂w = δ·out, added to the sum");
                    break;
                case KernelMode.AccumulatePair:
                    string x2 = xInRegisters ? "x2" + v : Load("x2", i);
                    _w.Line(Store(MulAdd("vdelta2", x2, MulAdd("vdelta", x, Load("dw", i))), "dw", i), "the two samples' δ·out, added to the sum");
                    break;
                case KernelMode.Store:
                    _w.Line(Store($"vdelta * {x}", "dw", i), "∂E_total/∂w = δ·out");
                    break;
            }

            if (propagate || mode == KernelMode.Update)
            {
                _w.Line($"var w{v} = {Load("w", i)};");
            }

            foreach (string sample in pair ? new[] { string.Empty, "2" } : new[] { string.Empty })
            {
                if (inRegisters)
                {
                    _w.Line($"dE_total_dout{sample}{v} = {MulAdd($"vdelta{sample}", $"w{v}", $"dE_total_dout{sample}{v}")};");
                }
                else if (propagate)
                {
                    _w.Line(Store(MulAdd($"vdelta{sample}", $"w{v}", Load("below" + sample, i)), "below" + sample, i));
                }
            }

            if (mode == KernelMode.Update)
            {
                _w.Line(Store(MulAdd("minus_eta_delta", x, $"w{v}"), "w", i), "w⁺ = w + (-η·δ)·out");
            }
        }

        private void WriteBiasGradient(int layer, KernelMode mode)
        {
            string delta = mode == KernelMode.AccumulatePair ? "delta + delta2" : "delta";
            if (_model.Bias == BiasKind.SharedPerLayer)
            {
                _w.Line($"sum_delta += {delta};");
                return;
            }

            if (_model.Bias != BiasKind.PerNeuron)
            {
                return;
            }

            string bias = $"{Count(Kernels.BiasOffset[layer])} + j";
            _w.Line($"{At("g", bias)} {(mode is KernelMode.Accumulate or KernelMode.AccumulatePair ? "+=" : "=")} {delta};", "∂E_total/∂b = δ");
            if (mode == KernelMode.Update && _model.TrainBiases)
            {
                _w.Line($"{At("p", bias)} = {ScalarMulAdd("delta", "-eta", At("p", bias))};", "b⁺ = b - η·∂E_total/∂b");
            }
        }

        /// <summary>
        /// δ = ∂E_total/∂out · ∂out/∂net of a vector's neurons, from vectors of ∂E_total/∂out and out (null for the identity,
        /// whose δ is ∂E_total/∂out), and the formula of ∂out/∂net.
        /// </summary>
        private (System.Func<string, string, string>? Delta, string Formula) VectorDelta(ActivationKind activation)
        {
            string vec = CSharpRenderer.Vector;
            return activation switch
            {
                ActivationKind.Logistic => ((dout, o) => $"{dout} * ({o} * ({V}.One - {o}))", "∂out/∂net = out(1 - out)"),
                ActivationKind.Tanh => ((dout, o) => $"{dout} * ({V}.One - {o} * {o})", "∂out/∂net = 1 - out²"),
                ActivationKind.ReLU => ((dout, o) => $"{vec}.ConditionalSelect({vec}.GreaterThan({o}, {V}.Zero), {dout}, {V}.Zero)", "∂out/∂net = 1 if net > 0, else 0"),
                ActivationKind.LeakyReLU => ((dout, o) => $"{vec}.ConditionalSelect({vec}.GreaterThan({o}, {V}.Zero), {dout}, {dout} * {vec}.Create({Lit("0.01")}))", "∂out/∂net = 1 if net > 0, else 0.01"),
                _ => (null, "∂out/∂net = 1"),
            };
        }

        /// <summary>δ = ∂E_total/∂out · ∂out/∂net over a hidden layer, a vector's lanes of neurons at a time, in place of its ∂E_total/∂out.</summary>
        private void WriteHiddenDeltas(int layer, bool inRegisters, string sample = "")
        {
            (System.Func<string, string, string>? delta, string formula) = VectorDelta(_layout.ActivationOf(layer));
            _w.Line($"// δ = ∂E_total/∂out · ∂out/∂net for the {_layout.LayerTitle(layer)}{(sample.Length > 0 ? " (the second sample)" : string.Empty)}, {_real.LanesInWords} neurons at a time ({formula})");
            if (inRegisters)
            {
                for (int i = 0; i < Kernels.Pad(_layout.Sizes[layer]); i += _real.Lanes)
                {
                    string v = sample + "_" + Count(i);
                    if (delta is not null)
                    {
                        _w.Line($"var out{v} = {Load("a" + sample, Count(Kernels.Out[layer] + i))};");
                    }

                    _w.Line(Store(delta is null ? "dE_total_dout" + v : delta("dE_total_dout" + v, "out" + v), "below" + sample, Count(i)));
                }

                return;
            }

            if (delta is null)
            {
                _w.Line("// (the identity's derivative is 1: δ is ∂E_total/∂out as summed)");
                return;
            }

            using (_w.Block($"for (int i = 0; i < {Count(Kernels.Pad(_layout.Sizes[layer]))}; i += {Count(_real.Lanes)})"))
            {
                _w.Line($"var dE_total_dout = {Load("below" + sample, "i")};");
                _w.Line($"var out_ = {Load("a" + sample, $"{Count(Kernels.Out[layer])} + i")};");
                _w.Line(Store(delta("dE_total_dout", "out_"), "below" + sample, "i"));
            }
        }
    }
}
