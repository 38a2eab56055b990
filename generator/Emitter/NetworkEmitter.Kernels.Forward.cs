using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The vectorised shape's kernels, forward: the forward pass a group of neurons a turn, the activations, and the
    // error with the output layer's deltas.
    internal sealed partial class NetworkEmitter
    {
        private void WriteKernelMethods()
        {
            _w.Line();
            _w.Line($"// ---- The kernels: Vector256<{T}> over each neuron's inputs (and Vector512 over rows of 64 or more, where the CPU has it), compile-time sizes, no bounds checks ----");
            if (_facts.HasSpan)
            {
                WriteForwardBatchKernel();
            }

            WriteForwardKernel();
            WriteErrorKernel(pair: false);
            WriteErrorKernel(pair: true);

            WriteBackwardKernel("BackwardKernel", KernelMode.Store);
            WriteBackwardKernel("TrainKernel", KernelMode.Update);
            WriteBackwardKernel("AccumulateKernel", KernelMode.Accumulate);
            WriteBackwardKernel("AccumulatePairKernel", KernelMode.AccumulatePair);

            if (UsesSampleLanes)
            {
                WriteLanesKernel();
            }

            WriteMaterializeGradients();
            if (DefersFirstLayer)
            {
                WriteApplyPendingUpdate();
            }

        }

        /// <summary>The static class of the 512-bit vectors, which the forward kernels use for wide rows where the CPU has them.</summary>
        private const string Vector512 = "global::System.Runtime.Intrinsics.Vector512";

        /// <summary>
        /// The shortest row (inputs, padded) whose forward sums the kernels also write in Vector512. Measured on an AVX-512 AMD
        /// EPYC, the online step against its Vector256-only self in one process (medians per process): 0.91x–0.93x at
        /// 128-64-10, 0.92x–0.99x at 64-64-10, 0.97x–0.98x for float 64-64-10; but 1.01x at 16-32-32-4, whose rows of 32
        /// doubles are only four such vectors (docs/results/session-2026-12-02b/online-512).
        /// </summary>
        private const int Wide512Row = 64;

        private void WriteForwardKernel()
        {
            KernelLayout k = Kernels;
            _w.Line();
            _w.Line("/// <summary>The forward pass over the pass storage <paramref name=\"a\"/>: reads its inputs, writes every layer's net inputs and outputs.</summary>");
            using (_w.Block($"private void ForwardKernel(ref {T} a)"))
            {
                WriteRefs(parameters: true);
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    int inputs = _layout.Sizes[l - 1], neurons = _layout.Sizes[l], stride = k.Stride[l];
                    bool wide = stride > _real.Lanes * MaxVectorsInRegisters;
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))} ({Range(_layout.Neurons[l])}): net = Σ w·out + b, one row of {Count(inputs)} weights per neuron (padded to {Count(stride)}), {_real.LanesInWords} inputs at a time, {_real.LanesInWords} neurons a turn{(wide ? " (each input vector loaded once for them)" : string.Empty)}");
                    using (_w.Block(string.Empty))
                    {
                        _w.Line($"ref {T} x = ref {At("a", Count(k.Out[l - 1]))};");
                        if (l == 1 && DefersFirstLayer)
                        {
                            using (_w.Block($"if ({PendingField})"))
                            {
                                _w.Line("// Train's pending update of these weights first, w⁺ = w + (-η·δ)·out of the last step (its out and -η·δ in");
                                _w.Line("// _pendingUpdate), each weight vector updated, stored, and multiplied by this pass's inputs while in a register");
                                _w.Line($"{PendingField} = false;");
                                _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
                                WriteForwardLayerInGroups(l, updating: true);
                            }

                            using (_w.Block("else"))
                            {
                                WriteForwardLayerInGroups(l);
                            }
                        }
                        else
                        {
                            WriteForwardLayerInGroups(l);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Layer l's forward pass, a vector's lanes of neurons a turn (four doubles or eight floats: as many rows' dot
        /// products, their lane sums gathered into one vector by LaneSums), the bias and the activation applied to the group
        /// at once. Short rows (at most <see cref="MaxVectorsInRegisters"/> vectors) are written out with the inputs loaded
        /// once for the layer; wider rows loop over the inputs, each input vector loaded once for the group's rows.
        /// </summary>
        private void WriteForwardLayerInGroups(int layer, bool updating = false)
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            int neurons = _layout.Sizes[layer], stride = k.Stride[layer], vectors = stride / lanes, whole = neurons / lanes * lanes;
            bool wide = vectors > MaxVectorsInRegisters;
            if (!wide)
            {
                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => $"x_{Count(lanes * v)} = {Load("x", Count(lanes * v))}"))};");
            }

            ActivationKind activation = _layout.ActivationOf(layer);
            if (_model.Bias == BiasKind.SharedPerLayer && whole > 0)
            {
                _w.Line($"var b = {CSharpRenderer.Vector}.Create({At("p", Count(k.BiasOffset[layer]))});");
            }

            // A wide group's sums of w·x, each row's into net_0, ...: in vectors of `width` times the network's vectors
            // (1: Vector256; 2: Vector512, in its own accumulators, each row's folded into net_r at the end). Where both
            // are written (split), net_0, ... are declared before the branch, and each branch assigns every one of them.
            void WideSums(string j, int rows, int width, bool split)
            {
                string vec = width == 1 ? CSharpRenderer.Vector : Vector512;
                string vt = width == 1 ? V : $"{Vector512}<{T}>";
                int lanesW = lanes * width, vectorsW = vectors / width;
                string LoadW(string origin, string offset) => $"{vec}.LoadUnsafe(ref {origin}, (nuint)({offset}))";
                string StoreW(string value, string origin, string offset) => $"{vec}.StoreUnsafe({value}, ref {origin}, (nuint)({offset}));";
                string MulAddW(string a, string b, string c) => $"{vec}.FusedMultiplyAdd({a}, {b}, {c})";

                // Two sets of accumulators for doubles (as many independent additions in flight as a row's chain
                // allows), one for floats (eight rows of eight lanes already fill the registers)
                int sets = lanes == 4 ? 2 : 1, looped = vectorsW / sets * sets;
                string prefix = !split ? "net_" : width == 1 ? "sum_" : "sum512_";
                string Acc(int r, int set) => $"{prefix}{Count(r)}{(set == 0 ? string.Empty : "b")}";
                int declaredRows = split ? rows : lanes;
                _w.Line($"{vt} {string.Join(", ", Enumerable.Range(0, sets).SelectMany(set => Enumerable.Range(0, declaredRows).Select(r => $"{Acc(r, set)} = {vt}.Zero")))};");
                if (updating)
                {
                    // Each row's -η·δ, and its weight vector after the update
                    for (int r = 0; r < rows; r++)
                    {
                        _w.Line($"var minus_eta_delta_{Count(r)} = {vec}.Create({At("q", $"{Count(PendingFactorsOffset)} + {j}{(r == 0 ? string.Empty : " + " + Count(r))}")});");
                    }

                    _w.Line($"{vt} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"w_{Count(r)}"))};");
                }

                var declared = new HashSet<string>();
                void Terms(string offset, int set, string? name = null)
                {
                    string xk = name ?? "x_" + (set == 0 ? "k" : "kb");
                    _w.Line($"{(declared.Add(xk) ? "var " : string.Empty)}{xk} = {LoadW("x", offset)};");
                    if (updating)
                    {
                        // The last step's input vector at the same place, named after this one's (x_k0 and prev_x_k0)
                        string last = "prev_" + xk;
                        _w.Line($"{(declared.Add(last) ? "var " : string.Empty)}{last} = {LoadW("q", offset)};");
                        for (int r = 0; r < rows; r++)
                        {
                            string at = r == 0 ? offset : $"{offset} + {Count(r * stride)}";
                            _w.Line($"w_{Count(r)} = {MulAddW($"minus_eta_delta_{Count(r)}", last, LoadW("w", at))};", "w⁺ = w + (-η·δ)·out");
                            _w.Line(StoreW($"w_{Count(r)}", "w", at));
                            _w.Line($"{Acc(r, set)} = {MulAddW($"w_{Count(r)}", xk, Acc(r, set))};");
                        }

                        return;
                    }

                    for (int r = 0; r < rows; r++)
                    {
                        _w.Line($"{Acc(r, set)} = {MulAddW(LoadW("w", r == 0 ? offset : $"{offset} + {Count(r * stride)}"), xk, Acc(r, set))};");
                    }
                }

                if (vectorsW <= 8)
                {
                    for (int v = 0; v < looped; v += sets)
                    {
                        for (int set = 0; set < sets; set++)
                        {
                            Terms(Count((v + set) * lanesW), set);
                        }
                    }
                }
                else
                {
                    // Four vectors a turn, the sets taking them in turn; then the rest written out
                    int stepped = vectorsW / 4 * 4;
                    // (nuint: each load's offset folds into its address, with or without the JIT's common-subexpression pass)
                    using (_w.Block($"for (nuint k = 0; k < {Count(stepped * lanesW)}; k += {Count(4 * lanesW)})"))
                    {
                        for (int v = 0; v < 4; v++)
                        {
                            Terms(Plus("k", v * lanesW), v % sets, $"x_k{Count(v)}");
                        }
                    }

                    for (int v = stepped; v < looped; v++)
                    {
                        Terms(Count(v * lanesW), v % sets, $"x_{Count(v * lanesW)}");
                    }
                }

                if (looped < vectorsW)
                {
                    Terms(Count(looped * lanesW), 0, "x_last");
                }

                if (!split)
                {
                    for (int r = 0; r < rows && sets > 1; r++)
                    {
                        _w.Line($"{Acc(r, 0)} += {Acc(r, 1)};");
                    }

                    return;
                }

                for (int r = 0; r < lanes; r++)
                {
                    string sum = r >= rows ? $"{V}.Zero" : sets > 1 ? $"{Acc(r, 0)} + {Acc(r, 1)}" : Acc(r, 0);
                    if (width == 2 && r < rows)
                    {
                        string row = Acc(r, 0);
                        if (sets > 1)
                        {
                            row = $"row_{Count(r)}";
                            _w.Line($"{vt} {row} = {sum};");
                        }

                        sum = $"{Vector512}.GetLower({row}) + {Vector512}.GetUpper({row})";
                    }

                    _w.Line($"net_{Count(r)} = {sum};");
                }
            }

            void Group(string j, int rows, string? bias)
            {
                _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[layer])} + {j} * {Count(stride)}")};");
                if (wide && stride >= Wide512Row && stride % (2 * lanes) == 0)
                {
                    // Rows of whole 512-bit vectors, 64 inputs or more: the sums in Vector512 where the CPU has it (a constant
                    // to the JIT, which drops the other branch), else in Vector256; either way each row's sum ends as one
                    // vector of the group's
                    string all = string.Join(", ", Enumerable.Range(0, lanes).Select(r => $"net_{Count(r)}"));
                    _w.Line($"{V} {all};");
                    using (_w.Block($"if ({Vector512}.IsHardwareAccelerated)"))
                    {
                        _w.Line($"// Twice the inputs a vector; each row's sum folded to {_real.LanesInWords} lanes (its halves added) for LaneSums");
                        WideSums(j, rows, width: 2, split: true);
                    }

                    using (_w.Block("else"))
                    {
                        WideSums(j, rows, width: 1, split: true);
                    }
                }
                else if (wide)
                {
                    WideSums(j, rows, width: 1, split: false);
                }

                for (int r = 0; r < lanes && !wide; r++)
                {
                    // Σ w·x: the first product, then each next one added by a fused multiply-add
                    string terms = $"{Load("w", Count(r * stride))} * x_0";
                    for (int v = 1; v < vectors; v++)
                    {
                        terms = MulAdd(Load("w", Count((r * stride) + (lanes * v))), $"x_{Count(lanes * v)}", terms);
                    }

                    _w.Line(r < rows ? $"var net_{Count(r)} = {terms};" : $"var net_{Count(r)} = {V}.Zero;");
                }

                string sums = string.Join(", ", Enumerable.Range(0, lanes).Select(r => $"net_{Count(r)}"));
                _w.Line($"var net = {VectorMathNames.LaneSums}({sums}){(bias is null ? string.Empty : " + " + bias)};", $"net = Σ w·out + b for the {_real.LanesInWords} neurons");
                _w.Line(Store("net", "a", $"{Count(k.Net[layer])} + {j}"));
            }

            _w.Line($"// net = Σ w·out + b of neurons j..j+{Count(lanes - 1)} (their rows' lane sums, gathered){(activation == ActivationKind.Softmax ? string.Empty : ", and " + VectorActivation(activation).Formula)}");
            if (whole > 0)
            {
                using (_w.Block($"for (nuint j = 0; j < {Count(whole)}; j += {Count(lanes)})"))
                {
                    Group("j", lanes, _model.Bias switch
                    {
                        BiasKind.SharedPerLayer => "b",
                        BiasKind.PerNeuron => Load("p", $"{Count(k.BiasOffset[layer])} + j"),
                        _ => null,
                    });
                    if (activation != ActivationKind.Softmax)
                    {
                        _w.Line(Store(VectorActivation(activation).Expression, "a", $"{Count(k.Out[layer])} + j"));
                    }
                }
            }

            if (neurons > whole)
            {
                int rest = neurons - whole;
                using (_w.Block(string.Empty))
                {
                    _w.Line($"// The last {Count(rest)} neuron{(rest == 1 ? string.Empty : "s")}: the other lanes' net stays 0, and so does their out (padding that multiplies the padding of the weights above)");
                    string? bias = _model.Bias == BiasKind.None ? null : $"{CSharpRenderer.Vector}.Create({string.Join(", ", Enumerable.Range(0, lanes).Select(i => i >= rest ? Lit("0.0") : At("p", Count(k.BiasOffset[layer] + (_model.Bias == BiasKind.PerNeuron ? whole + i : 0)))))})";
                    Group(Count(whole), rest, bias);
                    if (activation == ActivationKind.Logistic)
                    {
                        _w.Line($"var used = {UsedLanes(rest)};");
                        _w.Line(Store($"{CSharpRenderer.Vector}.ConditionalSelect(used, {VectorActivation(activation).Expression}, {V}.Zero)", "a", Count(k.Out[layer] + whole)));
                    }
                    else if (activation != ActivationKind.Softmax)
                    {
                        _w.Line(Store(VectorActivation(activation).Expression, "a", Count(k.Out[layer] + whole)), "f(0) = 0");
                    }
                }
            }

            if (activation == ActivationKind.Softmax)
            {
                WriteActivation(layer);
            }
        }

        /// <summary>out = f(net) of a vector's neurons (four doubles or eight floats), from a vector <c>net</c>, and its formula.</summary>
        private (string Expression, string Formula) VectorActivation(ActivationKind activation) => activation switch
        {
            ActivationKind.Logistic => ($"{V}.One / ({V}.One + {CSharpRenderer.Vector}.Exp(-net))", "out = 1/(1 + e^-net)"),
            ActivationKind.Tanh => ($"{CSharpRenderer.TanhHelper}(net)", "out = tanh(net)"),
            ActivationKind.ReLU => ($"{CSharpRenderer.Vector}.ConditionalSelect({CSharpRenderer.Vector}.GreaterThan(net, {V}.Zero), net, {V}.Zero)", "out = max(0, net)"),
            ActivationKind.LeakyReLU => ($"{CSharpRenderer.Vector}.ConditionalSelect({CSharpRenderer.Vector}.GreaterThan(net, {V}.Zero), net, {CSharpRenderer.Vector}.Create({Lit("0.01")}) * net)", "out = net if net > 0, else 0.01·net"),
            _ => ("net", "out = net"),
        };

        /// <summary>out = f(net) over layer l: a vector's lanes of neurons at a time (the padding lanes kept 0), or the softmax.</summary>
        private void WriteActivation(int layer)
        {
            KernelLayout k = Kernels;
            int neurons = _layout.Sizes[layer];
            ActivationKind activation = _layout.ActivationOf(layer);
            string net = Count(k.Net[layer]), output = Count(k.Out[layer]);
            string math = _real.Math + ".";
            if (activation == ActivationKind.Softmax)
            {
                _w.Line("// out_ok = e^(net_ok - max_k net_ok) / Σ_k e^(net_ok - max_k net_ok): the softmax, the largest net input subtracted so that nothing overflows");
                WriteSoftmaxMaximum(net, neurons);
                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"{T} exp_o = {math}Exp({At("a", $"{net} + j")} - max_net_o);");
                    _w.Line($"{At("a", $"{output} + j")} = exp_o;");
                    _w.Line("sum_exp_o += exp_o;");
                }

                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"{At("a", $"{output} + j")} /= sum_exp_o;");
                }

                return;
            }

            (string expression, string formula) = VectorActivation(activation);
            int whole = neurons / _real.Lanes * _real.Lanes;
            _w.Line($"// {formula}, {_real.LanesInWords} neurons at a time");
            if (whole > 0)
            {
                using (_w.Block($"for (int j = 0; j < {Count(whole)}; j += {Count(_real.Lanes)})"))
                {
                    _w.Line($"var net = {Load("a", $"{net} + j")};");
                    _w.Line(Store(expression, "a", $"{output} + j"));
                }
            }

            if (neurons > whole)
            {
                using (_w.Block(string.Empty))
                {
                    _w.Line($"// The last {Count(neurons - whole)} neuron{(neurons - whole == 1 ? string.Empty : "s")}; the padding lanes stay 0 (they multiply the padding of the weights above)");
                    _w.Line($"var net = {Load("a", Count(k.Net[layer] + whole))};");
                    _w.Line($"var used = {UsedLanes(neurons - whole)};");
                    _w.Line(Store($"{CSharpRenderer.Vector}.ConditionalSelect(used, {expression}, {V}.Zero)", "a", Count(k.Out[layer] + whole)));
                }
            }
        }

        /// <summary>
        /// The softmax's largest net input, <c>max_net_o</c>, over the <paramref name="count"/> net inputs from offset
        /// <paramref name="net"/> of the pass, and its sum of exponentials <c>sum_exp_o</c> started at 0 (the activation
        /// and the error both subtract the maximum before e^x, so that nothing overflows).
        /// </summary>
        private void WriteSoftmaxMaximum(string net, int count)
        {
            _w.Line($"{T} max_net_o = {At("a", net)};");
            using (_w.Block($"for (int j = 1; j < {Count(count)}; j++)"))
            {
                _w.Line($"max_net_o = {_real.Math}.Max(max_net_o, {At("a", $"{net} + j")});");
            }

            _w.Line($"{T} sum_exp_o = {Lit("0.0")};");
        }

        private void WriteErrorKernel(bool pair)
        {
            KernelLayout k = Kernels;
            int outputs = _layout.OutputCount, layer = _layout.OutputLayer;
            string math = _real.Math + ".";
            string net = Count(k.Net[layer]), output = Count(k.Out[layer]), target = Count(k.Targets), delta = Count(k.Delta[layer]);
            _w.Line();
            _w.Line(pair
                ? "/// <summary>The error of the pass <paramref name=\"a\"/> against its targets, and the output layer's deltas into <paramref name=\"d\"/>.</summary>"
                : "/// <summary>The error of the pass in _pass against its targets, and the output layer's deltas.</summary>");
            using (_w.Block(pair ? $"private {T} PairErrorKernel(ref {T} a, ref {T} d)" : $"private {T} ErrorKernel()"))
            {
                if (!pair)
                {
                    WriteRefs(pass: true, deltas: true);
                }

                _w.Line($"{T} E_total = {Lit("0.0")};");
                bool softmax = _model.OutputActivation == ActivationKind.Softmax;
                if (softmax)
                {
                    _w.Line("// ln out_ok = net_ok - max_net_o - ln Σ_k e^(net_ok - max_net_o), so that E never takes ln 0");
                    WriteSoftmaxMaximum(net, outputs);
                    using (_w.Block($"for (int j = 0; j < {Count(outputs)}; j++)"))
                    {
                        _w.Line($"sum_exp_o += {math}Exp({At("a", $"{net} + j")} - max_net_o);");
                    }

                    _w.Line($"{T} ln_sum_exp_o = {math}Log(sum_exp_o);");
                }

                using (_w.Block($"for (int j = 0; j < {Count(outputs)}; j++)"))
                {
                    _w.Line($"{T} out_o = {At("a", $"{output} + j")}, target_o = {At("a", $"{target} + j")};");
                    if (_model.Loss == LossKind.SquaredError)
                    {
                        _w.Line($"E_total += {Lit("0.5")} * (target_o - out_o) * (target_o - out_o);", "E_o = ½(target_o - out_o)²; E_total = Σ E_o");
                        _w.Line($"{T} dE_total_dout_o = out_o - target_o;", "∂E_total/∂out_o = -(target_o - out_o)");
                        string? derivative = ScalarDerivative(_model.OutputActivation, "out_o");
                        _w.Line($"{At("d", $"{delta} + j")} = dE_total_dout_o{(derivative is null ? string.Empty : " * " + derivative)};", "δ_o = ∂E_total/∂out_o · ∂out_o/∂net_o");
                    }
                    else if (softmax)
                    {
                        _w.Line($"E_total += -target_o * ({At("a", $"{net} + j")} - max_net_o - ln_sum_exp_o);", "E_total = -Σ target_o·ln(out_o)");
                    }
                    else
                    {
                        _w.Line($"{T} net_o = {At("a", $"{net} + j")};");
                        _w.Line($"E_total += {math}Max(net_o, {Lit("0.0")}) - net_o * target_o + {math}Log({Lit("1.0")} + {math}Exp(-{math}Abs(net_o)));", "E_o = -[target_o·ln(out_o) + (1 - target_o)·ln(1 - out_o)], from net_o");
                    }

                    if (_model.Loss == LossKind.CrossEntropy)
                    {
                        _w.Line($"{At("d", $"{delta} + j")} = out_o - target_o;", "δ_o = ∂E_total/∂net_o = out_o - target_o (cross-entropy fused with its output)");
                    }
                }

                _w.Line("return E_total;");
            }
        }

        /// <summary>∂out/∂net of one neuron, from its output, in scalar code; null when it is 1.</summary>
        private string? ScalarDerivative(ActivationKind activation, string output) => activation switch
        {
            ActivationKind.Logistic => $"({output} * ({Lit("1.0")} - {output}))",
            ActivationKind.Tanh => $"({Lit("1.0")} - {output} * {output})",
            ActivationKind.ReLU => $"({output} > {Lit("0.0")} ? {Lit("1.0")} : {Lit("0.0")})",
            ActivationKind.LeakyReLU => $"({output} > {Lit("0.0")} ? {Lit("1.0")} : {Lit("0.01")})",
            _ => null,
        };
    }
}
