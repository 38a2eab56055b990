using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;

namespace BackpropGen.Generator.Emitter
{
    // The vectorised shape's public methods (the one-sample and mini-batch Train, TrainOnline, ForwardBatch, Backward,
    // ApplyGradients): each copies its sample into the pass storage and calls the kernels.
    internal sealed partial class NetworkEmitter
    {
        private void WriteKernelInputs(System.Func<int, string> input, string pass = "a")
        {
            WritePacked(Enumerable.Range(0, _layout.InputCount).Select(i => $"{At(pass, Count(Kernels.Out[0] + i))} = {input(i)};"), string.Empty, " ", string.Empty);
        }

        private void WriteKernelTargets(System.Func<int, string> target, string pass = "a")
        {
            WritePacked(Enumerable.Range(0, _layout.OutputCount).Select(i => $"{At(pass, Count(Kernels.Targets + i))} = {target(i)};"), string.Empty, " ", string.Empty);
        }

        private void WriteForwardKernelCall(List<string> outputs)
        {
            _w.Line(MaterializeIfFactored, "the pass holds the factors of the gradients of the last Train");
            WriteOfPass(false, "the pass changes");
            WriteRefs(pass: true);
            WriteKernelInputs(i => _layout.Inputs[i]);
            _w.Line("ForwardKernel(ref a);");
            WritePacked(outputs.Select((o, j) => $"{o} = {At("a", Count(Kernels.Out[_layout.OutputLayer] + j))};"), string.Empty, " ", string.Empty);
            _w.Line($"{LastPassField}.HasValue = true;");
        }

        private void WriteBackwardKernelCall()
        {
            WriteRefs(pass: true);
            WriteKernelTargets(i => Targets.ElementAt(i));
            _w.Line($"{T} {Naming.TotalError} = ErrorKernel();");
            _w.Line("BackwardKernel();");
            _w.Line($"return {Naming.TotalError};");
        }

        private void WriteApplyGradientsKernel()
        {
            KernelLayout k = Kernels;
            if (DefersFirstLayer)
            {
                _w.Line(ApplyPendingIfAny, "the last Train's update first");
            }

            WriteRefs(parameters: true, gradients: true);
            _w.Line($"{T} eta = LearningRate;");
            _w.Line($"var minus_eta = {CSharpRenderer.Vector}.Create(-eta);");
            if (HasOfPassFlag)
            {
                using (_w.Block($"if ({OfPassField})"))
                {
                    WriteApplyFromFactors();
                }

                _w.Line("else");
            }

            using (_w.Block(string.Empty))
            {
                _w.Line(MaterializeIfFactored);
                _w.Line($"// w⁺ = w - η·∂E_total/∂w for every weight{(_model.TrainBiases ? " and bias" : string.Empty)}, from the stored gradients, {_real.LanesInWords} at a time (the padding's gradients are 0)");
                WriteUpdateFromGradients(0, _model.TrainBiases ? k.ParameterStorage : k.WeightStorage);
            }

            WriteForgetPass();
        }

        /// <summary>
        /// ApplyGradients' update from the factors of the gradients (δ in the deltas, out in the pass) where they are the
        /// last Backward's or Train's: w⁺ = w + (-η·δ)·out, rounded as TrainKernel rounds it; the biases from their stored gradients.
        /// </summary>
        private void WriteApplyFromFactors()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            WriteRefs(pass: true, deltas: true);
            _w.Line($"// w⁺ = w - η·∂E_total/∂w = w + (-η·δ)·out for every weight, from the factors, as Train updates, {_real.LanesInWords} at a time");
            for (int l = 1; l < _layout.LayerCount; l++)
            {
                using (_w.Block(string.Empty))
                {
                    _w.Line($"ref {T} x = ref {At("a", Count(k.Out[l - 1]))};");
                    using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[l])}; j++)"))
                    {
                        _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * {At("d", $"{Count(k.Delta[l])} + j")});");
                        _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[l])} + j * {Count(k.Stride[l])}")};");
                        using (_w.Block($"for (int i = 0; i < {Count(k.Stride[l])}; i += {Count(lanes)})"))
                        {
                            _w.Line(Store(MulAdd("minus_eta_delta", Load("x", "i"), Load("w", "i")), "w", "i"));
                        }
                    }
                }
            }

            if (_model.TrainBiases)
            {
                _w.Line($"// b⁺ = b - η·∂E_total/∂b for every bias, {_real.LanesInWords} at a time");
                WriteUpdateFromGradients(k.WeightStorage, k.ParameterStorage);
            }
        }

        /// <summary>p⁺ = p - η·g over the storage from <paramref name="start"/> to <paramref name="end"/>, a vector at a time.</summary>
        private void WriteUpdateFromGradients(int start, int end)
        {
            using (_w.Block($"for (int i = {Count(start)}; i < {Count(end)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line(Store(MulAdd(Load("g", "i"), "minus_eta", Load("p", "i")), "p", "i"));
            }
        }

        /// <summary>
        /// The body of the one-sample Train over the kernels: the sample into the pass, from the arguments (i1, ...,
        /// target_o1, ...) or, with <paramref name="fromSpans"/>, copied from the spans <c>inputs</c> and <c>targets</c>.
        /// </summary>
        private void WriteTrainKernelCall(bool fromSpans = false)
        {
            if (fromSpans)
            {
                // (in the mini-batch Train, whose refs are already declared)
                _w.Line($"inputs.CopyTo({CreateSpan}(ref {At("a", Count(Kernels.Out[0]))}, {Count(_layout.InputCount)}));");
                _w.Line($"targets.CopyTo({CreateSpan}(ref {At("a", Count(Kernels.Targets))}, {Count(_layout.OutputCount)}));");
            }
            else
            {
                WriteRefs(pass: true);
                WriteKernelInputs(i => _layout.Inputs[i]);
                WriteKernelTargets(i => Targets.ElementAt(i));
            }

            _w.Line("ForwardKernel(ref a);");
            _w.Line($"{T} {Naming.TotalError} = ErrorKernel();");
            WriteKernelUpdate("LearningRate");
            WriteForgetPass();
            _w.Line($"return {Naming.TotalError};");
        }

        /// <summary>The sample's row of inputs and targets, into the pass.</summary>
        private void WriteKernelSample(string sample = "sample", string pass = "a")
        {
            int inputs = _layout.InputCount, outputs = _layout.OutputCount;
            // A wide row of inputs or targets is copied as a span, a short one value by value (no call)
            int wide = _real.Lanes * MaxVectorsInRegisters;
            if (inputs <= wide)
            {
                _w.Line($"{ReadOnlySpan} x = inputs.Slice({sample} * {Count(inputs)}, {Count(inputs)});");
            }

            if (outputs <= wide)
            {
                _w.Line($"{ReadOnlySpan} t = targets.Slice({sample} * {Count(outputs)}, {Count(outputs)});");
            }

            if (inputs > wide)
            {
                _w.Line($"inputs.Slice({sample} * {Count(inputs)}, {Count(inputs)}).CopyTo({CreateSpan}(ref {At(pass, Count(Kernels.Out[0]))}, {Count(inputs)}));");
            }
            else
            {
                WriteKernelInputs(i => $"x[{Count(i)}]", pass);
            }

            if (outputs > wide)
            {
                _w.Line($"targets.Slice({sample} * {Count(outputs)}, {Count(outputs)}).CopyTo({CreateSpan}(ref {At(pass, Count(Kernels.Targets))}, {Count(outputs)}));");
            }
            else
            {
                WriteKernelTargets(i => $"t[{Count(i)}]", pass);
            }
        }

        private void WriteTrainOnlineKernel()
        {
            WriteRefs(pass: true);
            _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            using (_w.Block("for (int epoch = 0; epoch < epochs; epoch++)"))
            {
                _w.Line($"sum_E_total = {Lit("0.0")};");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteKernelSample();
                    _w.Line("ForwardKernel(ref a);");
                    _w.Line("sum_E_total += ErrorKernel();");
                    WriteKernelUpdate(Naming.LearningRate);
                }
            }

            WriteForgetPass();
            _w.Line("return sum_E_total / samples;");
        }

        /// <summary>The step's backward pass and update: TrainKernel fused, or with an optimizer the gradients, then its update.</summary>
        private void WriteKernelUpdate(string learningRate)
        {
            if (HasOptimizer)
            {
                _w.Line("BackwardKernel();");
                _w.Line("ApplyGradients();");
                return;
            }

            _w.Line($"TrainKernel({learningRate});");
        }

        private void WriteTrainBatchKernel()
        {
            int storage = Kernels.ParameterStorage;
            WriteRefs(gradients: true, pass: true, pair: true);
            using (_w.Block("if (samples == 1)"))
            {
                _w.Line("// One sample: the ordinary training step, the sample copied from the spans");
                WriteTrainKernelCall(fromSpans: true);
            }

            _w.Line(UsesSampleLanes
                ? "// The samples' gradients are summed in place, eight samples at a time along the lanes, the rest two at a time, then averaged, then applied once"
                : "// The samples' gradients are summed in place, two samples at a time (each sum loaded and stored once per pair), then averaged, then applied once");
            _w.Line($"{FactoredField} = false;");
            WriteOfPass(false, "the gradients become the batch's sums");
            using (_w.Block($"for (int i = 0; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line(Store($"{V}.Zero", "g", "i"));
            }

            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            _w.Line("int sample = 0;");
            if (UsesSampleLanes)
            {
                using (_w.Block($"for (; sample + {Chunk} <= samples; sample += {Chunk})"))
                {
                    _w.Line($"sum_E_total += LanesKernel(inputs.Slice(sample * {Count(_layout.InputCount)}, {Count(Chunk * _layout.InputCount)}), targets.Slice(sample * {Count(_layout.OutputCount)}, {Count(Chunk * _layout.OutputCount)}));");
                }

                _w.Line();
                _w.Line("// The rest, two at a time");
            }

            using (_w.Block("for (; sample + 1 < samples; sample += 2)"))
            {
                using (_w.Block(string.Empty))
                {
                    WriteKernelSample();
                    _w.Line("ForwardKernel(ref a);");
                    _w.Line("sum_E_total += ErrorKernel();");
                }

                using (_w.Block(string.Empty))
                {
                    WriteKernelSample("(sample + 1)", "a2");
                    _w.Line("ForwardKernel(ref a2);");
                    _w.Line("sum_E_total += PairErrorKernel(ref a2, ref d2);");
                }

                _w.Line("AccumulatePairKernel();");
            }

            _w.Line("// An odd batch's last sample, alone");
            using (_w.Block("if (sample < samples)"))
            {
                WriteKernelSample();
                _w.Line("ForwardKernel(ref a);");
                _w.Line("sum_E_total += ErrorKernel();");
                _w.Line("AccumulateKernel();");
            }

            _w.Line();
            _w.Line("// The batch's gradients are the averages of its samples'; then the update, w⁺ = w - η·∂E_total/∂w");
            _w.Line($"{T} scale = {Lit("1.0")} / samples;");
            _w.Line($"var vscale = {CSharpRenderer.Vector}.Create(scale);");
            if (HasOptimizer)
            {
                using (_w.Block($"for (int i = 0; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
                {
                    _w.Line(Store($"{Load("g", "i")} * vscale", "g", "i"));
                }

                _w.Line("ApplyGradients();");
            }
            else
            {
                // ApplyGradients' update, in the same pass as the averages (rounded as ApplyGradients rounds it)
                int trained = _model.TrainBiases ? storage : Kernels.WeightStorage;
                _w.Line($"ref {T} p = ref {StorageRef(ParameterStorageType, ParametersField)};");
                _w.Line($"var minus_eta = {CSharpRenderer.Vector}.Create(-LearningRate);");
                using (_w.Block($"for (int i = 0; i < {Count(trained)}; i += {Count(_real.Lanes)})"))
                {
                    _w.Line($"var dE_total_dp = {Load("g", "i")} * vscale;");
                    _w.Line(Store("dE_total_dp", "g", "i"));
                    _w.Line(Store(MulAdd("dE_total_dp", "minus_eta", Load("p", "i")), "p", "i"), "p⁺ = p - η·∂E_total/∂p");
                }

                if (trained < storage)
                {
                    _w.Line("// The untrained biases' gradients, averaged");
                    using (_w.Block($"for (int i = {Count(trained)}; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
                    {
                        _w.Line(Store($"{Load("g", "i")} * vscale", "g", "i"));
                    }
                }
            }

            WriteForgetPass();
            _w.Line("return sum_E_total * scale;");
        }

        private void WriteForwardBatchKernel()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            using (BeginForwardBatch("The forward pass of several samples, one after another through the vectorised kernel. Results agree with Forward to the last bits they share (the same kernel), and it does not change the pass that Backward differentiates."))
            {
                _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PairPassField)};", "the second pass of a mini-batch's pairs, free here");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    _w.Line($"{ReadOnlySpan} x = inputs.Slice(sample * {Count(inputCount)}, {Count(inputCount)});");
                    _w.Line($"{Span} y = outputs.Slice(sample * {Count(outputCount)}, {Count(outputCount)});");
                    WriteKernelInputs(i => $"x[{Count(i)}]");
                    _w.Line("ForwardKernel(ref a);");
                    WritePacked(Enumerable.Range(0, outputCount).Select(j => $"y[{Count(j)}] = {At("a", Count(Kernels.Out[_layout.OutputLayer] + j))};"), string.Empty, " ", string.Empty);
                }
            }
        }
    }
}
