using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Forward, Backward, ApplyGradients and Train: every method renders sections of the same StepPlan.
    internal sealed partial class NetworkEmitter
    {
        private string ReadOnlySpan => "global::System.ReadOnlySpan<" + T + ">";

        private string Span => "global::System.Span<" + T + ">";

        private bool HasEarlyUpdates => _plan.UpdatedEarly.Count > 0;

        private IEnumerable<string> Targets => _layout.Outputs.Select(Naming.Target);

        private IEnumerable<string> Parameters => _layout.Weights.Concat(_layout.Biases);

        private IEnumerable<string> TrainedParameters => _model.TrainBiases ? Parameters : _layout.Weights;

        private void WriteStepMethods()
        {
            WriteForward();
            WriteBackward();
            WriteApplyGradients();
            WriteTrain();
            if (HasSymbols)
            {
                WriteTrainWithSymbols();
            }
            else if (HasSymbolsTable && IsVectorized)
            {
                WriteTrainWithKernelSymbols();
            }
            else if (HasSymbolsTable)
            {
                WriteTrainWithPartsSymbols();
            }

            if (HasSharedStep)
            {
                WriteSharedStep();
            }

            if (_facts.HasSpan)
            {
                WriteForwardSpan();
                WriteTrainBatch();
                WriteTrainOnline();
                WriteEvaluate();
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
            string parameters = string.Join(", ", _layout.Inputs.Select(i => T + " " + i).Concat(outputs.Select(o => "out " + T + " " + o)));
            using (_w.Block($"public void Forward({parameters})"))
            {
                if (IsVectorized)
                {
                    WriteForwardKernelCall(outputs);
                    return;
                }

                if (InParts)
                {
                    WriteForwardInParts(outputs);
                    return;
                }

                _w.Line("// The shared step's forward pass alone (it takes no targets); it remembers the pass for Backward");
                _w.Line($"{StepCall("Forward", _layout.Inputs.Concat(Targets.Select(_ => Lit("0.0"))), "null")};");
                WriteStores(outputs, string.Empty, output => LastPassField + "." + output);
            }
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
            _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">There is no forward pass to differentiate: Forward has not been called since the parameters last changed (a training step, ApplyGradients, SetParameters, Load, InitializeParameters or a parameter's setter).</exception>");
            GeneratedCode();
            using (_w.Block($"public {T} Backward({string.Join(", ", Targets.Select(t => T + " " + t))})"))
            {
                _w.Line($"{Runtime}.Check.ForwardPass({LastPassField}.HasValue);");

                _w.Line();
                if (IsVectorized)
                {
                    WriteBackwardKernelCall();
                    return;
                }

                if (InParts)
                {
                    WriteBackwardInParts();
                    return;
                }

                _w.Line("// The step again from the last pass's inputs (the same weights, so the same forward values), without the update");
                _w.Line($"return {StepCall("Gradients", _layout.Inputs.Select(i => LastPassField + "." + i).Concat(Targets), "null")};");
            }
        }

        private void WriteApplyGradients()
        {
            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary(HasOptimizer
                    ? $"The update by the optimizer ({OptimizerKind}) for every weight" + (_model.TrainBiases ? " and bias" : string.Empty) + ", from the gradients of the last <c>Backward</c>: one optimizer step. Backward then needs a new Forward."
                    : "The update: w⁺ = w - η·∂E_total/∂w for every weight" + (_model.TrainBiases ? " and bias" : string.Empty) + ", from the gradients of the last <c>Backward</c>. Backward then needs a new Forward.");
            }

            GeneratedCode();
            using (_w.Block("public void ApplyGradients()"))
            {
                if (HasOptimizer)
                {
                    if (IsVectorized)
                    {
                        WriteOptimizerKernel();
                    }
                    else if (InParts)
                    {
                        WriteOptimizerPartCalls();
                    }
                    else
                    {
                        WriteApplyOptimizer();
                    }

                    WriteForgetPass();
                    return;
                }

                if (IsVectorized)
                {
                    WriteApplyGradientsKernel();
                    return;
                }

                if (InParts)
                {
                    WriteApplyGradientsInParts();
                }
                else
                {
                    _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
                    _w.Line("// w⁺ = w - η·∂E_total/∂w, for every trained parameter");
                    WritePacked(TrainedParameters.Select(p => $"{Naming.Field(p)} -= {Naming.LearningRate} * {Naming.Field(Naming.Gradient(p))};"), string.Empty, " ", string.Empty);
                }

                WriteForgetPass();
            }
        }

        private void WriteTrain()
        {
            _w.Line();
            Summary("One training step on one sample: the forward pass, the backward pass and the update. Equivalent to Forward, Backward and ApplyGradients, faster.");
            WriteStepParameterDocs();
            _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            GeneratedCode();
            if (HasSharedStep)
            {
                _w.Line($"public {T} Train({StepParameters()}) => {StepCall("Train", _layout.Inputs.Concat(Targets), "null")};");
                return;
            }

            using (_w.Block($"public {T} Train({StepParameters()})"))
            {
                if (IsVectorized)
                {
                    WriteTrainKernelCall();
                }
                else
                {
                    WriteTrainInParts();
                }
            }
        }

        /// <summary>
        /// Whether the step's statements live in one private method, <c>Step&lt;TMode&gt;</c>, that Forward, Backward, Train, the
        /// traced Train and the mini-batch's scalar path call in their modes: an unrolled step in one method.
        /// </summary>
        private bool HasSharedStep => HasSymbols;

        /// <summary><c>Step&lt;global::BackpropGen.Runtime.StepMode.Train&gt;(i1, ..., record)</c>.</summary>
        private static string StepCall(string mode, IEnumerable<string> arguments, string record) =>
            $"Step<{Runtime}.StepMode.{mode}>({string.Join(", ", arguments.Concat(new[] { record }))})";

        /// <summary>
        /// The unrolled step, written once: the forward pass, the error, the backward pass (each layer's gradients stored as
        /// they are computed) and the update over locals; then, by the mode, every symbol recorded for Symbols and the
        /// update written back. The JIT compiles it once per mode, so Train's copy holds neither the recording nor a branch.
        /// </summary>
        private void WriteSharedStep()
        {
            List<string> members = SymbolsMembers().ToList();
            string nullable = _facts.SupportsNullable ? "?" : string.Empty;
            _w.Line();
            Summary($"The training step that Forward, Backward, Train, Evaluate and the Train that records Symbols share, in the article's order: the forward pass, the error, the backward pass and the update. The JIT compiles it once per mode ({_mode}): StepMode.Forward stops after the forward pass and remembers it (Forward); StepMode.Error stops after the error, writing nothing (Evaluate); StepMode.Train writes the update back; StepMode.Gradients leaves every parameter as it was (Backward, and the samples of a mini-batch); StepMode.Recorded also writes every symbol's value into <paramref name=\"record\"/> (null in the other modes), in the order of Symbols. Returns E_total, before the update.");
            GeneratedCode();
            using (_w.Block($"private {T} Step<{_mode}>({StepParameters()}, double[]{nullable} record) where {_mode} : struct, {Runtime}.IStepMode"))
            {
                // Each layer's gradients are stored right after they are computed (not kept in registers to the end: faster)
                var gradients = new HashSet<string>(Parameters.Select(Naming.Gradient));
                var stored = new HashSet<string>();
                WriteLoadParameters();
                WriteStatements(_plan.Forward);
                _w.Line();
                using (_w.Block($"if (!default({_mode}).TakesError)"))
                {
                    _w.Line("// Forward: the pass that Backward differentiates (it runs the step again from these inputs: the same weights");
                    _w.Line("// give the same forward values), and the outputs");
                    WriteStores(_layout.Inputs.Concat(_layout.Outputs.Select(Naming.Out)), LastPassField + ".");
                    _w.Line($"{LastPassField}.HasValue = true;");
                    _w.Line($"return {Lit("0.0")};");
                }

                WriteStatements(_plan.Error);
                _w.Line();
                _w.Guard($"!default({_mode}).Differentiates", $"return {Naming.TotalError}; // Evaluate: the error alone");

                WriteStatements(
                    _plan.Backward.Concat(_plan.Update),
                    afterGroup: group =>
                    {
                        var kept = group.Select(line => line.Symbol).Where(gradients.Contains).ToList();
                        if (kept.Count > 0)
                        {
                            _w.Line("// Kept for the gradient properties and CopyGradientsTo");
                            WriteStores(kept, "_");
                            stored.UnionWith(kept);
                        }
                    });
                List<string> unstored = Parameters.Select(Naming.Gradient).Where(g => !stored.Contains(g)).ToList();
                if (unstored.Count > 0)
                {
                    _w.Line("// Kept for the gradient properties and CopyGradientsTo");
                    WriteStores(unstored, "_");
                }

                _w.Line();
                using (_w.Block($"if (default({_mode}).Records)"))
                {
                    _w.Line("// Every symbol of the step, in the order of Symbols: before the step, the pass, the update");
                    _w.Line($"double[] v = record{(_facts.SupportsNullable ? "!" : string.Empty)};");
                    WritePacked(members.Select((name, i) => $"v[{Count(i)}] = {name};"), string.Empty, " ", string.Empty);
                }

                _w.Line();
                _w.Guard($"!default({_mode}).Updates", $"return {Naming.TotalError}; // Backward: the gradients alone");

                _w.Line();
                _w.Line("// Write the step back: the new parameters (Backward needs a new Forward: the weights changed)");
                WriteStores(TrainedParameters, "_", Naming.Updated);
                WriteOptimizerStores();
                WriteForgetPass();
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>
        /// The traced step: the shared step in its recording mode (the same operations as Train's, so the same numbers),
        /// every symbol written into the Symbols' values.
        /// </summary>
        private void WriteTrainWithSymbols()
        {
            _w.Line();
            Summary("One training step, like the other Train overload (the same numbers), that also records the value of every symbol of the step in <paramref name=\"symbols\"/>.");
            WriteInheritTrainDocs();
            GeneratedCode();
            using (_w.Block($"public {T} Train({StepParameters()}, Symbols symbols)"))
            {
                WriteCheckNotNull("symbols");
                _w.Line($"return {StepCall("Recorded", _layout.Inputs.Concat(Targets), "symbols.Values")};");
            }
        }

        /// <summary>The traced steps' <c>Forward(...)</c> and <c>E_total = Backward(...)</c>, whose ApplyGradients the caller writes.</summary>
        private void WriteStepAsForwardAndBackward()
        {
            _w.Line("// The step as Forward, Backward and ApplyGradients, which perform Train's operations in Train's order");
            _w.Line($"Forward({string.Join(", ", _layout.Inputs.Concat(_layout.Outputs.Select(o => "out " + T + " " + Naming.Out(o))))});");
            _w.Line($"{T} {Naming.TotalError} = Backward({string.Join(", ", Targets)});");
        }

        private string StepParameters() => string.Join(", ", _layout.Inputs.Concat(Targets).Select(p => T + " " + p));

        /// <summary>
        /// The traced Train's parameters and result documented as the one-sample Train's, by <c>&lt;inheritdoc cref="..."/&gt;</c>;
        /// its own summary says what <c>symbols</c> receives (a <c>param</c> tag of its own would leave the inherited ones
        /// unseen by the compiler, which then reports CS1573 for each).
        /// </summary>
        private void WriteInheritTrainDocs() =>
            _w.Line($"/// <inheritdoc cref=\"Train({string.Join(", ", Enumerable.Repeat(T, _layout.InputCount + _layout.OutputCount))})\"/>");

        private void WriteStepParameterDocs()
        {
            foreach (string input in _layout.Inputs)
            {
                _w.Line($"/// <param name=\"{input}\">Input {input}.</param>");
            }

            foreach (string target in Targets)
            {
                _w.Line($"/// <param name=\"{target}\">The target of {target.Substring(7)}.</param>");
            }
        }

        /// <summary>The step works on locals, written back once at the end, so that the JIT can keep them in registers.</summary>
        private void WriteLoadParameters()
        {
            _w.Line("// The step works on locals, written back once at the end");
            WriteDeclarations(Parameters, Naming.Field);
            _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
            WriteOptimizerLoads();
        }

        /// <summary>After an update, the remembered forward pass no longer matches the weights: Backward needs a new Forward.</summary>
        private void WriteForgetPass() => _w.Line($"{LastPassField}.HasValue = false;");

        /// <summary>What the inputs are, for the argument checks' messages: "InputCount: i1..i2".</summary>
        private string InputsDescription => $"InputCount: {Range(_layout.Inputs)}";

        /// <summary>What the outputs are, for the argument checks' messages: "OutputCount: o1..o2".</summary>
        private string OutputsDescription => $"OutputCount: {Range(_layout.Outputs)}";

        /// <summary>Writes the runtime's check that a span holds exactly <paramref name="expected"/> values.</summary>
        private void WriteCheckLength(string span, int expected, string description) =>
            _w.Line($"{Runtime}.Check.Length({span}.Length, {Count(expected)}, \"{span}\", {Quote(description)});");

        /// <summary>Writes <c>int samples = ...</c>: the runtime's check that the inputs hold one or more (or, <paramref name="allowNone"/>, whole) samples.</summary>
        private void WriteCheckSamples(bool allowNone = false) =>
            _w.Line($"int samples = {Runtime}.Check.{(allowNone ? "WholeSamples" : "Samples")}(inputs.Length, {Count(_layout.InputCount)}, \"inputs\", {Quote(InputsDescription)});");

        /// <summary>Writes the runtime's check that <paramref name="span"/> holds <c>samples</c> rows of <paramref name="valuesPerSample"/> values.</summary>
        private void WriteCheckRows(string span, int valuesPerSample) =>
            _w.Line($"{Runtime}.Check.Rows({span}.Length, samples, {Count(valuesPerSample)}, \"{span}\");");

        /// <summary>Writes the documentation of the <c>inputs</c> and <c>targets</c> of a method over samples (rows).</summary>
        private void WriteSampleRowsDocs()
        {
            _w.Line($"/// <param name=\"inputs\">The samples' inputs, row by row: {Count(_layout.InputCount)} values (i1, ...) per sample.</param>");
            _w.Line($"/// <param name=\"targets\">The samples' targets, row by row: {Count(_layout.OutputCount)} values (target_o1, ...) per sample.</param>");
        }

        /// <summary>Writes <c>x</c> and <c>t</c>, the inputs and targets of sample <c>sample</c>, in a loop over the rows.</summary>
        private void WriteSampleRows()
        {
            _w.Line($"{ReadOnlySpan} x = inputs.Slice(sample * {Count(_layout.InputCount)}, {Count(_layout.InputCount)});");
            _w.Line($"{ReadOnlySpan} t = targets.Slice(sample * {Count(_layout.OutputCount)}, {Count(_layout.OutputCount)});");
        }

        /// <summary>Writes the runtime's check that a reference argument is not null.</summary>
        private void WriteCheckNotNull(string argument) => _w.Line($"{Runtime}.Check.NotNull({argument}, \"{argument}\");");

        // The walkthrough's checks (NetworkEmitter.Explain.cs) still write their own; the others call the runtime's Check.
        private static string Quote(string text) => "\"" + text.Replace("\"", "\\\"") + "\"";

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

        private void WriteForwardSpan()
        {
            _w.Line();
            if (!InheritDoc())
            {
                Summary("The forward pass over spans: inputs in the order i1, i2, ...; outputs in the order o1, o2, ....");
                _w.Line($"/// <param name=\"inputs\">The {Count(_layout.InputCount)} inputs.</param>");
                _w.Line($"/// <param name=\"outputs\">Receives the {Count(_layout.OutputCount)} outputs.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public void Forward({ReadOnlySpan} inputs, {Span} outputs)"))
            {
                WriteCheckLength("inputs", _layout.InputCount, InputsDescription);
                WriteCheckLength("outputs", _layout.OutputCount, OutputsDescription);
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
            if (HasEarlyUpdates || !InheritDoc())
            {
                Summary("Trains on a mini-batch: the gradients of every sample are averaged and applied in one update. A batch of one sample is one ordinary training step.");
                WriteSampleRowsDocs();
                _w.Line("/// <returns>The mean of the samples' E_total, before the update.</returns>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
                if (HasEarlyUpdates)
                {
                    _w.Line("/// <exception cref=\"global::System.NotSupportedException\">The batch holds more than one sample: UpdateRule.OutputLayerFirst trains one sample at a time.</exception>");
                }
            }

            GeneratedCode();
            using (_w.Block($"public {T} Train({ReadOnlySpan} inputs, {ReadOnlySpan} targets)"))
            {
                WriteCheckSamples();
                WriteCheckRows("targets", outputCount);
                if (!IsVectorized || HasEarlyUpdates)
                {
                    // (The vectorised shape's batch kernel takes one sample as an ordinary step itself: WriteTrainBatchKernel)
                    string arguments = string.Join(", ",
                        Enumerable.Range(0, inputCount).Select(i => $"inputs[{Count(i)}]")
                            .Concat(Enumerable.Range(0, outputCount).Select(o => $"targets[{Count(o)}]")));
                    _w.Guard("samples == 1", $"return Train({arguments});");
                }

                if (HasEarlyUpdates)
                {
                    _w.Line();
                    _w.Line("throw new global::System.NotSupportedException(\"UpdateRule.OutputLayerFirst updates each layer before back-propagating below it, one sample at a time; train on one sample per call (a Trainer: TrainerOptions.BatchSize = 1), or use UpdateRule.Simultaneous for mini-batches.\");");
                    return;
                }

                if (IsVectorized)
                {
                    _w.Line();
                    WriteTrainBatchKernel();
                    return;
                }

                if (HasVectorMethods)
                {
                    _w.Line();
                    _w.Guard($"samples >= {Lanes} && {CSharpRenderer.Vector}.IsHardwareAccelerated", $"return {VectorStepCall("Train", "targets", "default")};");
                }

                _w.Line();
                if (BatchInParts)
                {
                    WriteTrainBatchInParts();
                    return;
                }

                _w.Line("// Each sample's gradients by the step without its update, summed; then their averages, applied once");
                _w.Line($"{T} sum_E_total = {Lit("0.0")};");
                WriteDeclarations(Parameters.Select(p => "sum_" + Naming.Gradient(p)), _ => Lit("0.0"));
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteSampleRows();
                    _w.Line($"sum_E_total += {StepCall("Gradients", Enumerable.Range(0, inputCount).Select(i => $"x[{Count(i)}]").Concat(Enumerable.Range(0, outputCount).Select(o => $"t[{Count(o)}]")), "null")};");
                    WritePacked(Parameters.Select(p => $"sum_{Naming.Gradient(p)} += {Naming.Field(Naming.Gradient(p))};"), string.Empty, " ", string.Empty);
                }

                _w.Line();
                _w.Line($"{T} scale = {Lit("1.0")} / samples;");
                WritePacked(Parameters.Select(p => $"{Naming.Field(Naming.Gradient(p))} = scale * sum_{Naming.Gradient(p)};"), string.Empty, " ", string.Empty);
                _w.Line("ApplyGradients(); // which also forgets the last forward pass");
                _w.Line("return sum_E_total * scale;");
            }
        }

        private void WriteTrainOnline()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            _w.Line();
            if (!InheritDoc())
            {
                Summary("Online training (stochastic gradient descent): one training step per sample, in order, repeated for <paramref name=\"epochs\"/> passes over the samples. Equivalent to calling the one-sample Train for each sample in turn.");
                WriteSampleRowsDocs();
                _w.Line("/// <param name=\"epochs\">How many passes over the samples; at least 1.</param>");
                _w.Line("/// <returns>The mean of the samples' E_total in the last pass, each before its own step.</returns>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
                _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"epochs\"/> is less than 1.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public {T} TrainOnline({ReadOnlySpan} inputs, {ReadOnlySpan} targets, int epochs = 1)"))
            {
                WriteCheckSamples();
                WriteCheckRows("targets", outputCount);
                _w.Line($"{Runtime}.Check.AtLeastOne(epochs, \"epochs\");");

                _w.Line();
                if (IsVectorized)
                {
                    WriteTrainOnlineKernel();
                    return;
                }

                WriteTrainOnlineByCalls();
            }
        }

        /// <summary>
        /// Evaluate: the mean E_total of some samples as the step computes it (a cross-entropy from the net inputs), writing
        /// nothing: the shared step in StepMode.Error, the kernels over the pair pass, or the forward and error parts with
        /// the pass put back.
        /// </summary>
        private void WriteEvaluate()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            _w.Line();
            if (!InheritDoc())
            {
                Summary("The mean E_total of the samples, as the training step computes it (a cross-entropy from the net inputs, so that it stays finite where an output rounds to 0 or 1), changing nothing: not the parameters, the gradients, the optimizer's state, nor the pass that Backward differentiates.");
                WriteSampleRowsDocs();
                _w.Line("/// <returns>The mean of the samples' E_total.</returns>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public {T} Evaluate({ReadOnlySpan} inputs, {ReadOnlySpan} targets)"))
            {
                WriteCheckSamples();
                WriteCheckRows("targets", outputCount);
                if (!IsVectorized && !HasSharedStep)
                {
                    _w.Line($"ForwardPass pass = {LastPassField}; // the parts hand their values on in the pass: the one Backward differentiates is put back");
                }

                _w.Line($"{T} sum_E_total = {Lit("0.0")};");
                if (IsVectorized)
                {
                    _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PairPassField)};", "the second pass and deltas of a mini-batch's pairs, free here");
                    _w.Line($"ref {T} d = ref {StorageRef(DeltaStorageType, PairDeltasField)};");
                }

                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteSampleRows();
                    if (IsVectorized)
                    {
                        WriteKernelInputs(i => $"x[{Count(i)}]");
                        WriteKernelTargets(i => $"t[{Count(i)}]");
                        _w.Line("ForwardKernel(ref a);");
                        _w.Line("sum_E_total += PairErrorKernel(ref a, ref d);");
                    }
                    else if (HasSharedStep)
                    {
                        _w.Line($"sum_E_total += {StepCall("Error", Enumerable.Range(0, inputCount).Select(i => $"x[{Count(i)}]").Concat(Enumerable.Range(0, outputCount).Select(o => $"t[{Count(o)}]")), "null")};");
                    }
                    else
                    {
                        WritePassInputs(i => $"x[{Count(i)}]");
                        WritePassTargets(i => $"t[{Count(i)}]");
                        WritePartCalls(Parts.Forward);
                        WritePartCalls(Parts.Error);
                        _w.Line($"sum_E_total += {LastPassField}.{Naming.TotalError};");
                    }
                }

                _w.Line();
                if (!IsVectorized && !HasSharedStep)
                {
                    _w.Line($"{LastPassField} = pass;");
                }

                _w.Line("return sum_E_total / samples;");
            }
        }

        /// <summary>Online training is the one-sample Train, sample by sample: the step's statements are written once, in Train.</summary>
        private void WriteTrainOnlineByCalls()
        {
            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            using (_w.Block("for (int epoch = 0; epoch < epochs; epoch++)"))
            {
                _w.Line($"sum_E_total = {Lit("0.0")};");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteSampleRows();
                    string arguments = string.Join(", ",
                        Enumerable.Range(0, _layout.InputCount).Select(i => $"x[{Count(i)}]")
                            .Concat(Enumerable.Range(0, _layout.OutputCount).Select(o => $"t[{Count(o)}]")));
                    _w.Line($"sum_E_total += Train({arguments});");
                }
            }

            _w.Line("return sum_E_total / samples;");
        }
    }
}
