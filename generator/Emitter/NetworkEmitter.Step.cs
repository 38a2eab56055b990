using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Forward, Backward, ApplyGradients and Train: every method renders sections of the same StepPlan.
    internal sealed partial class NetworkEmitter
    {
        private const string ReadOnlySpan = "global::System.ReadOnlySpan<double>";
        private const string Span = "global::System.Span<double>";

        private bool HasEarlyUpdates => _plan.UpdatedEarly.Count > 0;

        private IEnumerable<string> Targets => _layout.Outputs.Select(Naming.Target);

        private IEnumerable<string> Parameters => _layout.Weights.Concat(_layout.Biases);

        private IEnumerable<string> TrainedParameters => _model.TrainBiases ? Parameters : _layout.Weights;

        private void WriteStepMethods()
        {
            WriteForward();
            WriteBackward();
            WriteApplyGradients();
            WriteTrain(withSymbols: false);
            if (HasSymbols)
            {
                WriteTrain(withSymbols: true);
            }
            if (_facts.HasSpan)
            {
                WriteForwardSpan();
                WriteTrainBatch();
                WriteTrainOnline();
            }
        }

        private void WriteForward()
        {
            var outputs = _layout.Outputs.Select(Naming.Out).ToList();
            _w.Line();
            Summary($"The forward pass: feeds {string.Join(", ", _layout.Inputs)} through the network and returns the outputs. Remembered for <c>Backward</c>.");
            foreach (string input in _layout.Inputs)
            {
                _w.Line($"/// <param name=\"{input}\">Input {input}.</param>");
            }

            foreach (string output in outputs)
            {
                _w.Line($"/// <param name=\"{output}\">The output of {output.Substring(4)}.</param>");
            }

            GeneratedCode();
            string parameters = string.Join(", ", _layout.Inputs.Select(i => "double " + i).Concat(outputs.Select(o => "out double " + o)));
            using (_w.Block($"public void Forward({parameters})"))
            {
                if (InParts)
                {
                    WriteForwardInParts(outputs);
                    return;
                }

                WriteParameterLoads(_plan.Forward);
                WriteStatements(_plan.Forward, new HashSet<string>(outputs));
                _w.Line();
                _w.Line("// Remember this pass for Backward");
                WriteRememberPass();
            }
        }

        private void WriteRememberPass()
        {
            WriteStores(LastPassSymbols(), LastPassField + ".");
            _w.Line($"{LastPassField}.HasValue = true;");
        }

        private void WriteBackward()
        {
            _w.Line();
            Summary("The backward pass: differentiates the total error of the last <c>Forward</c> pass with respect to every weight and bias, and stores the gradients (dE_total_dw1, ...) without changing any weight. It uses the current weights, so call it after Forward without changing them in between; a training step or a batch invalidates the last forward pass."
                + (HasEarlyUpdates ? " Under UpdateRule.OutputLayerFirst the gradients below the output layer are taken, as Train takes them, through the weights above after their update (w⁺ = w - η·∂E_total/∂w)." : string.Empty));
            foreach (string target in Targets)
            {
                _w.Line($"/// <param name=\"{target}\">The target of {target.Substring(7)}.</param>");
            }

            _w.Line("/// <returns>E_total, the total error of the last forward pass.</returns>");
            _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">There is no forward pass to differentiate: Forward has not been called since the last training step.</exception>");
            GeneratedCode();
            using (_w.Block($"public double Backward({string.Join(", ", Targets.Select(t => "double " + t))})"))
            {
                using (_w.Block($"if (!{LastPassField}.HasValue)"))
                {
                    _w.Line("throw new global::System.InvalidOperationException(\"Call Forward before Backward: Backward differentiates the last forward pass, and there is none since the last training step changed the weights.\");");
                }

                _w.Line();
                if (InParts)
                {
                    WriteBackwardInParts();
                    return;
                }

                _w.Line("// The last forward pass");
                WriteLoads(LastPassSymbols(), LastPassField + ".");
                WriteParameterLoads(_plan.Error.Concat(_plan.Backward));
                if (HasEarlyUpdates)
                {
                    _w.Line($"double {Naming.LearningRate} = LearningRate;");
                }

                WriteStatements(_plan.Error.Concat(_plan.Backward));
                _w.Line();
                _w.Line("// Store the gradients");
                WriteStores(Parameters.Select(Naming.Gradient), "_");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        private void WriteApplyGradients()
        {
            _w.Line();
            Summary("The update: w⁺ = w - η·∂E_total/∂w for every weight" + (_model.TrainBiases ? " and bias" : string.Empty) + ", from the gradients of the last <c>Backward</c>.");
            GeneratedCode();
            using (_w.Block("public void ApplyGradients()"))
            {
                if (InParts)
                {
                    WriteApplyGradientsInParts();
                    return;
                }

                _w.Line($"double {Naming.LearningRate} = LearningRate;");
                foreach (string parameter in TrainedParameters)
                {
                    _w.Line($"{Naming.Field(parameter)} -= {Naming.LearningRate} * {Naming.Field(Naming.Gradient(parameter))};", $"{parameter}⁺ = {parameter} - η·∂E_total/∂{parameter}");
                }
            }
        }

        private void WriteTrain(bool withSymbols)
        {
            _w.Line();
            if (withSymbols)
            {
                Summary("One training step, like the other Train overload, that also records the value of every symbol of the step in <paramref name=\"symbols\"/>.");
            }
            else
            {
                Summary("One training step on one sample: the forward pass, the backward pass and the update. Equivalent to Forward, Backward and ApplyGradients, faster.");
            }

            foreach (string input in _layout.Inputs)
            {
                _w.Line($"/// <param name=\"{input}\">Input {input}.</param>");
            }

            foreach (string target in Targets)
            {
                _w.Line($"/// <param name=\"{target}\">The target of {target.Substring(7)}.</param>");
            }

            if (withSymbols)
            {
                _w.Line("/// <param name=\"symbols\">Receives every symbol of the step.</param>");
            }

            _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            GeneratedCode();
            string parameters = string.Join(", ", _layout.Inputs.Concat(Targets).Select(p => "double " + p));
            using (_w.Block($"public double Train({parameters}{(withSymbols ? ", Symbols symbols" : string.Empty)})"))
            {
                if (withSymbols)
                {
                    using (_w.Block("if (symbols is null)"))
                    {
                        _w.Line("throw new global::System.ArgumentNullException(\"symbols\");");
                    }

                    _w.Line();
                }

                if (InParts)
                {
                    WriteTrainInParts();
                    return;
                }

                WriteLoadParameters();
                WriteStatements(_plan.Forward.Concat(_plan.Error).Concat(_plan.Backward).Concat(_plan.Update));
                _w.Line();
                _w.Line("// Write the step back: the new parameters and the gradients (Backward needs a new Forward: the weights changed)");
                WriteStoreStep();
                if (withSymbols)
                {
                    _w.Line();
                    _w.Line("// Record every symbol of the step");
                    WriteStores(SymbolsMembers(), "symbols.");
                }

                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>The step works on locals, written back once at the end, so that the JIT can keep them in registers.</summary>
        private void WriteLoadParameters()
        {
            _w.Line("// The step works on locals, written back once at the end");
            WriteDeclarations(Parameters, Naming.Field);
            _w.Line($"double {Naming.LearningRate} = LearningRate;");
        }

        private void WriteStoreStep()
        {
            WriteStores(TrainedParameters, "_", Naming.Updated);
            WriteStores(Parameters.Select(Naming.Gradient), "_");
            WriteForgetPass();
        }

        /// <summary>After an update, the remembered forward pass no longer matches the weights: Backward needs a new Forward.</summary>
        private void WriteForgetPass() => _w.Line($"{LastPassField}.HasValue = false;");

        private void WriteLengthCheck(string span, string condition, string message)
        {
            using (_w.Block($"if ({condition})"))
            {
                _w.Line($"throw new global::System.ArgumentException(${Quote(message)}, \"{span}\");");
            }
        }

        private static string Quote(string text) => "\"" + text.Replace("\"", "\\\"") + "\"";

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

        private void WriteForwardSpan()
        {
            _w.Line();
            Summary("The forward pass over spans: inputs in the order i1, i2, ...; outputs in the order o1, o2, ....");
            _w.Line($"/// <param name=\"inputs\">The {Count(_layout.InputCount)} inputs.</param>");
            _w.Line($"/// <param name=\"outputs\">Receives the {Count(_layout.OutputCount)} outputs.</param>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
            GeneratedCode();
            using (_w.Block($"public void Forward({ReadOnlySpan} inputs, {Span} outputs)"))
            {
                WriteLengthCheck("inputs", $"inputs.Length != {Count(_layout.InputCount)}", $"inputs must have length {Count(_layout.InputCount)} (InputCount: {Range(_layout.Inputs)}), not {{inputs.Length}}.");
                WriteLengthCheck("outputs", $"outputs.Length != {Count(_layout.OutputCount)}", $"outputs must have length {Count(_layout.OutputCount)} (OutputCount: {Range(_layout.Outputs)}), not {{outputs.Length}}.");
                string arguments = string.Join(", ",
                    Enumerable.Range(0, _layout.InputCount).Select(i => $"inputs[{Count(i)}]")
                        .Concat(Enumerable.Range(0, _layout.OutputCount).Select(o => $"out outputs[{Count(o)}]")));
                _w.Line($"Forward({arguments});");
            }
        }

        private void WriteTrainBatch()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            _w.Line();
            Summary("Trains on a mini-batch: the gradients of every sample are averaged and applied in one update. A batch of one sample is one ordinary training step.");
            _w.Line($"/// <param name=\"inputs\">The samples' inputs, row by row: {Count(inputCount)} values (i1, ...) per sample.</param>");
            _w.Line($"/// <param name=\"targets\">The samples' targets, row by row: {Count(outputCount)} values (target_o1, ...) per sample.</param>");
            _w.Line("/// <returns>The mean of the samples' E_total, before the update.</returns>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
            if (HasEarlyUpdates)
            {
                _w.Line("/// <exception cref=\"global::System.NotSupportedException\">The batch holds more than one sample: UpdateRule.OutputLayerFirst trains one sample at a time.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public double Train({ReadOnlySpan} inputs, {ReadOnlySpan} targets)"))
            {
                WriteLengthCheck("inputs", $"inputs.Length == 0 || inputs.Length % {Count(inputCount)} != 0", $"inputs must hold one or more samples of {Count(inputCount)} values (InputCount: {Range(_layout.Inputs)}); its length {{inputs.Length}} is not a positive multiple of {Count(inputCount)}.");
                _w.Line($"int samples = inputs.Length / {Count(inputCount)};");
                WriteLengthCheck("targets", $"targets.Length != samples * {Count(outputCount)}", $"targets must have length {{samples * {Count(outputCount)}}} ({Count(outputCount)} values per sample for {{samples}} samples), not {{targets.Length}}.");
                using (_w.Block("if (samples == 1)"))
                {
                    string arguments = string.Join(", ",
                        Enumerable.Range(0, inputCount).Select(i => $"inputs[{Count(i)}]")
                            .Concat(Enumerable.Range(0, outputCount).Select(o => $"targets[{Count(o)}]")));
                    _w.Line($"return Train({arguments});");
                }

                if (HasEarlyUpdates)
                {
                    _w.Line();
                    _w.Line("throw new global::System.NotSupportedException(\"UpdateRule.OutputLayerFirst updates each layer before back-propagating below it, one sample at a time; train on one sample per call, or use UpdateRule.Simultaneous for mini-batches.\");");
                    return;
                }

                if (HasVectorMethods)
                {
                    _w.Line();
                    using (_w.Block($"if (samples >= {Lanes} && {VectorExpressions.Vector}.IsHardwareAccelerated)"))
                    {
                        _w.Line("return TrainBatchVector256(inputs, targets, samples);");
                    }
                }

                _w.Line();
                if (BatchInParts)
                {
                    WriteTrainBatchInParts();
                    return;
                }

                WriteLoadParameters();
                _w.Line("double sum_E_total = 0.0;");
                WriteDeclarations(Parameters.Select(p => "sum_" + Naming.Gradient(p)), _ => "0.0");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteSampleLocals(inputCount, outputCount);
                    WriteStatements(_plan.Forward.Concat(_plan.Error).Concat(_plan.Backward));
                    _w.Line();
                    _w.Line("// Sum the sample's error and gradients");
                    _w.Line($"sum_E_total += {Naming.TotalError};");
                    WritePacked(Parameters.Select(g => $"sum_{Naming.Gradient(g)} += {Naming.Gradient(g)};"), string.Empty, " ", string.Empty);
                }

                _w.Line();
                _w.Line("// The batch's gradients are the averages of its samples' (in a block of their own: the loop's locals have the same names)");
                _w.Line("double scale = 1.0 / samples;");
                using (_w.Block(string.Empty))
                {
                    WriteLoads(Parameters.Select(Naming.Gradient), "scale * sum_");
                    WriteStatements(_plan.Update);
                    _w.Line();
                    _w.Line("// Write the step back: the new parameters and the averaged gradients (Backward needs a new Forward)");
                    WriteStoreStep();
                }

                _w.Line("return sum_E_total * scale;");
            }
        }

        private void WriteTrainOnline()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            _w.Line();
            Summary("Online training (stochastic gradient descent): one training step per sample, in order, repeated for <paramref name=\"epochs\"/> passes over the samples. Equivalent to calling the one-sample Train for each sample in turn" + (InParts ? "." : ", faster: the parameters stay in locals from one step to the next and are written back once, at the end."));
            _w.Line($"/// <param name=\"inputs\">The samples' inputs, row by row: {Count(inputCount)} values (i1, ...) per sample.</param>");
            _w.Line($"/// <param name=\"targets\">The samples' targets, row by row: {Count(outputCount)} values (target_o1, ...) per sample.</param>");
            _w.Line("/// <param name=\"epochs\">How many passes over the samples; at least 1.</param>");
            _w.Line("/// <returns>The mean of the samples' E_total in the last pass, each before its own step.</returns>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
            _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"epochs\"/> is less than 1.</exception>");
            GeneratedCode();
            using (_w.Block($"public double TrainOnline({ReadOnlySpan} inputs, {ReadOnlySpan} targets, int epochs = 1)"))
            {
                WriteLengthCheck("inputs", $"inputs.Length == 0 || inputs.Length % {Count(inputCount)} != 0", $"inputs must hold one or more samples of {Count(inputCount)} values (InputCount: {Range(_layout.Inputs)}); its length {{inputs.Length}} is not a positive multiple of {Count(inputCount)}.");
                _w.Line($"int samples = inputs.Length / {Count(inputCount)};");
                WriteLengthCheck("targets", $"targets.Length != samples * {Count(outputCount)}", $"targets must have length {{samples * {Count(outputCount)}}} ({Count(outputCount)} values per sample for {{samples}} samples), not {{targets.Length}}.");
                using (_w.Block("if (epochs < 1)"))
                {
                    _w.Line("throw new global::System.ArgumentOutOfRangeException(\"epochs\", epochs, \"epochs must be at least 1.\");");
                }

                _w.Line();
                if (InParts)
                {
                    WriteTrainOnlineByCalls();
                    return;
                }

                WriteLoadParameters();
                _w.Line("// The gradients of the latest step, written back at the end");
                WriteDeclarations(Parameters.Select(Naming.Gradient), _ => "0.0");
                _w.Line("double sum_E_total = 0.0;");
                using (_w.Block("for (int epoch = 0; epoch < epochs; epoch++)"))
                {
                    _w.Line("sum_E_total = 0.0;");
                    using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                    {
                        WriteSampleLocals(inputCount, outputCount);
                        WriteStatements(_plan.Forward.Concat(_plan.Error).Concat(_plan.Backward).Concat(_plan.Update), new HashSet<string>(Parameters.Select(Naming.Gradient)));
                        _w.Line();
                        _w.Line("// The next step starts from the updated parameters");
                        WriteStores(TrainedParameters, string.Empty, Naming.Updated);
                        _w.Line($"sum_E_total += {Naming.TotalError};");
                    }
                }

                _w.Line();
                _w.Line("// Write back, once: the parameters and the gradients of the last step (Backward needs a new Forward)");
                WriteStores(TrainedParameters, "_");
                WriteStores(Parameters.Select(Naming.Gradient), "_");
                WriteForgetPass();
                _w.Line("return sum_E_total / samples;");
            }
        }

        /// <summary>A network in parts trains sample by sample through the one-sample Train: its parameters live in fields anyway.</summary>
        private void WriteTrainOnlineByCalls()
        {
            _w.Line("double sum_E_total = 0.0;");
            using (_w.Block("for (int epoch = 0; epoch < epochs; epoch++)"))
            {
                _w.Line("sum_E_total = 0.0;");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    _w.Line($"{ReadOnlySpan} x = inputs.Slice(sample * {Count(_layout.InputCount)}, {Count(_layout.InputCount)});");
                    _w.Line($"{ReadOnlySpan} t = targets.Slice(sample * {Count(_layout.OutputCount)}, {Count(_layout.OutputCount)});");
                    string arguments = string.Join(", ",
                        Enumerable.Range(0, _layout.InputCount).Select(i => $"x[{Count(i)}]")
                            .Concat(Enumerable.Range(0, _layout.OutputCount).Select(o => $"t[{Count(o)}]")));
                    _w.Line($"sum_E_total += Train({arguments});");
                }
            }

            _w.Line("return sum_E_total / samples;");
        }

        /// <summary>The sample's row of inputs and targets, as the named locals the step reads.</summary>
        private void WriteSampleLocals(int inputCount, int outputCount)
        {
            _w.Line($"{ReadOnlySpan} x = inputs.Slice(sample * {Count(inputCount)}, {Count(inputCount)});");
            _w.Line($"{ReadOnlySpan} t = targets.Slice(sample * {Count(outputCount)}, {Count(outputCount)});");
            WritePacked(_layout.Inputs.Select((input, i) => $"{input} = x[{Count(i)}]"), "double ", ", ", ";");
            WritePacked(Targets.Select((target, i) => $"{target} = t[{Count(i)}]"), "double ", ", ", ";");
        }

        /// <summary>Declares a local for each parameter that <paramref name="lines"/> read, from its backing field.</summary>
        private void WriteParameterLoads(IEnumerable<PlanLine> lines)
        {
            HashSet<string> read = References(lines);
            List<string> parameters = Parameters.Where(read.Contains).ToList();
            if (parameters.Count > 0)
            {
                WriteDeclarations(parameters, Naming.Field);
            }
        }
    }
}
