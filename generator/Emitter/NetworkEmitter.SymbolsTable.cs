using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Symbols for a network in vectorised kernels or in parts: a table by name (the runtime's StepSymbols) of what the step
    // keeps (each neuron's net, out and delta, the gradients, the parameters before and after), rather than a property per
    // symbol; the layout is StepSymbols.Layout's, and the recording writes it here. Explain's walkthrough is an unrolled
    // network's, rendered at run time over the table (the runtime's Walkthrough).
    internal sealed partial class NetworkEmitter
    {
        /// <summary>
        /// Whether the network gets the Symbols table, the Train that fills it and the Explain over it: a vectorised network,
        /// or an unrolled one in parts (a step in one method has a property per symbol instead); the runtime has StepSymbols.
        /// </summary>
        private bool HasSymbolsTable => (IsVectorized || InParts) && ImplementsInterface && _facts.HasStepSymbols;

        /// <summary>The neurons after the inputs: each has a net input, an output and a delta.</summary>
        private int NeuronsAfterInputs => Enumerable.Range(1, _layout.LayerCount - 1).Sum(l => _layout.Sizes[l]);

        /// <summary>The table's symbols of the neurons, which a step in parts keeps in its pass: each net_X, out_X and delta_X.</summary>
        private IEnumerable<string> TableNeuronSymbols() =>
            Enumerable.Range(1, _layout.LayerCount - 1)
                .SelectMany(l => _layout.Neurons[l])
                .SelectMany(neuron => new[] { Naming.Net(neuron), Naming.Out(neuron), Naming.Delta(neuron) });

        /// <summary>The table's symbols from net_X on, in its order (StepSymbols.Layout): net and out in pairs, E_total, the deltas (output layer first).</summary>
        private IEnumerable<string> TablePassSymbols() =>
            Enumerable.Range(1, _layout.LayerCount - 1).SelectMany(l => _layout.Neurons[l]).SelectMany(neuron => new[] { Naming.Net(neuron), Naming.Out(neuron) })
                .Concat(new[] { Naming.TotalError })
                .Concat(Enumerable.Range(1, _layout.LayerCount - 1).Reverse().SelectMany(l => _layout.Neurons[l]).Select(Naming.Delta));

        /// <summary>The parameters that a step changes: every weight, and the biases when they are trained.</summary>
        private int TrainedCount => _model.TrainBiases ? _layout.ParameterCount : _layout.Weights.Count;

        /// <summary>Where the table's sections start (StepSymbols.Layout).</summary>
        private (int Parameters, int Eta, int Pass, int Gradients, int After) TableOffsets
        {
            get
            {
                int parameters = _layout.InputCount + _layout.OutputCount;
                int eta = parameters + _layout.ParameterCount;
                int gradients = eta + 1 + (3 * NeuronsAfterInputs) + 1;
                return (parameters, eta, eta + 1, gradients, gradients + _layout.ParameterCount);
            }
        }

        /// <summary>
        /// Train(..., Symbols) of the vectorised shape: Forward, Backward and ApplyGradients (the same numbers as Train), and
        /// between them what the kernels keep copied into the table, in StepSymbols' order.
        /// </summary>
        private void WriteTrainWithKernelSymbols()
        {
            (int parameters, int eta, int pass, int gradients, int after) = TableOffsets;
            int targets = _layout.InputCount;
            int error = pass + (2 * NeuronsAfterInputs);
            int deltas = error + 1;

            using (BeginTrainWithTable())
            {

                int trained = TrainedCount;
                string Slice(int start, int count) => $"new global::System.Span<double>(v, {Count(start)}, {Count(count)})";

                _w.Line();
                _w.Line("// Before the step: every parameter and η");
                _w.Line("double[] v = symbols.Table;");
                if (DefersFirstLayer)
                {
                    _w.Line(ApplyPendingIfAny, "the last Train's update of the first layer");
                }

                _w.Line($"CopyInParameterOrder(ref {ParametersField}, {Slice(parameters, _layout.ParameterCount)});");
                _w.Line($"v[{Count(eta)}] = LearningRate;");

                _w.Line();
                WriteStepAsForwardAndBackward();

                _w.Line();
                _w.Line("// What the kernels keep of it: the inputs and targets, each layer's net and out in pairs, E_total, each layer's δ");
                _w.Line("// (the output layer first), the gradients");
                _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PassField)};");
                _w.Line($"ref {T} d = ref {StorageRef(DeltaStorageType, DeltasField)};");
                WriteTableLoop(0, _layout.InputCount, j => At("a", Plus("j", Kernels.Out[0])), Range(_layout.Inputs));
                WriteTableLoop(targets, _layout.OutputCount, j => At("a", Plus("j", Kernels.Targets)), Range(Targets.ToList()));
                int slot = pass;
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    _w.Line($"// net and out of {Range(_layout.Neurons[l])}");
                    using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[l])}; j++)"))
                    {
                        _w.Line($"v[{Plus("2 * j", slot)}] = {At("a", Plus("j", Kernels.Net[l]))};");
                        _w.Line($"v[{Plus("2 * j", slot + 1)}] = {At("a", Plus("j", Kernels.Out[l]))};");
                    }

                    slot += 2 * _layout.Sizes[l];
                }

                _w.Line($"v[{Count(error)}] = {Naming.TotalError};");
                slot = deltas;
                for (int l = _layout.LayerCount - 1; l >= 1; l--)
                {
                    WriteTableLoop(slot, _layout.Sizes[l], j => At("d", Plus("j", Kernels.Delta[l])), Range(_layout.Neurons[l].Select(n => "delta_" + n).ToList()));
                    slot += _layout.Sizes[l];
                }

                _w.Line("if (_gradientsFactored) MaterializeGradients();");
                _w.Line($"CopyInParameterOrder(ref {GradientsField}, {Slice(gradients, _layout.ParameterCount)});");

                _w.Line();
                _w.Line(trained == _layout.ParameterCount ? "// The update, and every parameter after it" : "// The update, and the weights after it (the biases are not trained)");
                _w.Line("ApplyGradients();");
                _w.Line($"CopyInParameterOrder(ref {ParametersField}, {Slice(after, trained)});");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>The documentation and signature of Train(..., Symbols) over the table, and its argument check; the caller writes the rest of the body.</summary>
        private Helpers.CodeWriter.Scope BeginTrainWithTable()
        {
            _w.Line();
            Summary("One training step, like the other Train overload (the same numbers), that also records in <paramref name=\"symbols\"/>, by the article's names, what the step keeps: the inputs, the targets, the parameters and η before the step, each neuron's net input and output, E_total, the deltas, the gradients, and the trained parameters after the step.");
            WriteInheritTrainDocs();
            GeneratedCode();
            Helpers.CodeWriter.Scope scope = _w.Block($"public {T} Train({StepParameters()}, Symbols symbols)");
            WriteCheckNotNull("symbols");
            return scope;
        }

        /// <summary>Copies <paramref name="count"/> values of the kernels' storage into the table from <paramref name="slot"/> on.</summary>
        private void WriteTableLoop(int slot, int count, System.Func<string, string> value, string what)
        {
            _w.Line("// " + what);
            using (_w.Block($"for (int j = 0; j < {Count(count)}; j++)"))
            {
                _w.Line($"v[{Plus("j", slot)}] = {value("j")};");
            }
        }

        /// <summary>
        /// Train(..., Symbols) of a step in parts: Forward, Backward and ApplyGradients (the same numbers as Train), the
        /// parameters and gradients copied through the scratch of the table, each neuron's net, out and delta from the pass.
        /// </summary>
        private void WriteTrainWithPartsSymbols()
        {
            (int parameters, int eta, int pass, int gradients, int after) = TableOffsets;
            var pairs = _layout.Inputs.Concat(Targets).Select((name, i) => $"v[{Count(i)}] = {name};").ToList();

            using (BeginTrainWithTable())
            {

                _w.Line();
                _w.Line("// Before the step: the inputs, the targets, every parameter and η");
                _w.Line("double[] v = symbols.Table;");
                _w.Line($"{T}[] scratch = symbols.Scratch;");
                WritePacked(pairs, string.Empty, " ", string.Empty);
                _w.Line("CopyParametersTo(scratch);");
                WriteScratchCopy(parameters, "ParameterCount");
                _w.Line($"v[{Count(eta)}] = LearningRate;");

                _w.Line();
                WriteStepAsForwardAndBackward();

                _w.Line();
                _w.Line("// What the pass keeps of it: each layer's net and out in pairs, E_total, each layer's δ (the output layer first); the gradients");
                WritePacked(
                    TablePassSymbols().Select((name, i) => $"v[{Count(pass + i)}] = {(name == Naming.TotalError ? name : LastPassField + "." + name)};"),
                    string.Empty, " ", string.Empty);
                _w.Line("CopyGradientsTo(scratch);");
                WriteScratchCopy(gradients, "ParameterCount");

                _w.Line();
                _w.Line(TrainedCount == _layout.ParameterCount ? "// The update, and every parameter after it" : "// The update, and the weights after it (the biases are not trained)");
                _w.Line("ApplyGradients();");
                _w.Line("CopyParametersTo(scratch);");
                WriteScratchCopy(after, TrainedCount == _layout.ParameterCount ? "ParameterCount" : "WeightCount");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>Copies the first <paramref name="count"/> values of the table's scratch into the table from <paramref name="slot"/> on.</summary>
        private void WriteScratchCopy(int slot, string count)
        {
            using (_w.Block($"for (int p = 0; p < {count}; p++)"))
            {
                _w.Line($"v[{Plus("p", slot)}] = scratch[p];");
            }
        }

        /// <summary>
        /// Explain over the Symbols table: the step recorded in it, then the walkthrough the runtime renders from the same
        /// model of the step as an unrolled network's, computing the symbols the table does not keep from those it keeps.
        /// </summary>
        private void WriteTableExplain()
        {
            using (BeginExplain(ExplainContents))
            {
                string inputs = ExplainArguments("inputs", _layout.InputCount), targets = ExplainArguments("targets", _layout.OutputCount);
                _w.Line();
                WriteOptimizerInputsForExplain();
                _w.Line(ExplainStepComment(IsVectorized ? "what the kernels keep" : "what the pass keeps"));
                _w.Line("var symbols = new Symbols();");
                _w.Line($"{T} {Naming.TotalError} = Train({inputs}, {targets}, symbols);");
                _w.Line(ErrorAfterStep);
                _w.Line("// The walkthrough, rendered by the runtime from the same model of the step as the code above, over the recorded values");
                _w.Line($"{Runtime}.Walkthrough.Write(writer, {Quote(_model.Type.PlainName)}, symbols, global::BackpropGen.UpdateRule.{_model.UpdateRule}, {ExplainOptimizer}, {(HasOptimizer ? "optimizer" : "null")}, E_total_after);");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>
        /// With an optimizer, what the table does not keep and the walkthrough's update reads, taken before the step: the
        /// hyperparameters after η, this step's count t, the state of each trained parameter, in the order of the unrolled
        /// Symbols (SymbolOrder.OptimizerInputs).
        /// </summary>
        private void WriteOptimizerInputsForExplain()
        {
            if (!HasOptimizer)
            {
                return;
            }

            _w.Line("// The optimizer's settings, this step's count and its state before the step, for the walkthrough (the table keeps none of them)");
            _w.Line($"double[] optimizer = new double[{Count(OptimizerInputs.Count())}];");
            var settings = OptimizerHyperparameters.Select(HyperparameterField).ToList();
            if (CountsSteps)
            {
                settings.Add(StepField + " + 1");
            }

            WritePacked(settings.Select((field, i) => $"optimizer[{Count(i)}] = {field};"), string.Empty, " ", string.Empty);
            if (HasOptimizerState)
            {
                WriteStateLoop($"optimizer[{Count(settings.Count)} + s++] = {{0}};");
            }

            _w.Line();
        }

        /// <summary>The Symbols of a vectorised network or one in parts: the runtime's table, laid out for this network.</summary>
        private void WriteSymbolsTableClass()
        {
            _w.Line();
            Summary("The values of one training step by the article's names, in a table read by name (<c>symbols[\"delta_h1\"]</c>; the keys in <see cref=\"global::BackpropGen.StepSymbols\"/>), filled by the Train overload that takes it" + (_real.IsSingle ? " (each float held exactly as a double)" : string.Empty) + ". Create one and reuse it: filling it allocates nothing.");
            GeneratedCode();
            using (_w.Block("public sealed class Symbols : global::BackpropGen.StepSymbols"))
            {
                Summary("An empty table for one step of this network.");
                _w.Line($"public Symbols() : base({DescriptionField}) {{ }}");
                _w.Line();
                Summary("The values, for the Train that fills them.");
                _w.Line("internal double[] Table => Recorded;");
                if (!IsVectorized)
                {
                    _w.Line();
                    Summary("The parameters or gradients on their way into the table (CopyParametersTo, CopyGradientsTo).");
                    _w.Line($"internal readonly {T}[] Scratch = new {T}[ParameterCount];");
                }
            }
        }
    }
}
