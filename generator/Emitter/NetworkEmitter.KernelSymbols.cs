using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Symbols for a network in vectorised kernels: a table by name (the runtime's StepSymbols) of what the kernels compute
    // and keep, rather than a property per symbol; the layout is StepSymbols.Layout's, and the recording writes it here.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>Whether the network is vectorised and gets the Symbols table and the Train that fills it (the runtime has StepSymbols).</summary>
        private bool HasKernelSymbols => IsVectorized && ImplementsInterface && _facts.HasStepSymbols;

        /// <summary>The neurons after the inputs: each has a net input, an output and a delta.</summary>
        private int NeuronsAfterInputs => Enumerable.Range(1, _layout.LayerCount - 1).Sum(l => _layout.Sizes[l]);

        /// <summary>
        /// Train(..., Symbols) of the vectorised shape: Forward, Backward and ApplyGradients (the same numbers as Train), and
        /// between them what the kernels keep copied into the table, in StepSymbols' order.
        /// </summary>
        private void WriteTrainWithKernelSymbols()
        {
            int targets = _layout.InputCount;
            int parameters = targets + _layout.OutputCount;
            int eta = parameters + _layout.ParameterCount;
            int pass = eta + 1;
            int error = pass + (2 * NeuronsAfterInputs);
            int deltas = error + 1;
            int gradients = deltas + NeuronsAfterInputs;
            int after = gradients + _layout.ParameterCount;

            _w.Line();
            Summary("One training step, like the other Train overload (the same numbers), that also records what the kernels compute and keep in <paramref name=\"symbols\"/>, by the article's names: the inputs, the targets, the parameters and η before the step, each neuron's net input and output, E_total, the deltas, the gradients, and the trained parameters after the step.");
            WriteStepParameterDocs();
            _w.Line("/// <param name=\"symbols\">Receives the step's symbols.</param>");
            _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            GeneratedCode();
            using (_w.Block($"public {T} Train({StepParameters()}, Symbols symbols)"))
            {
                WriteCheckNotNull("symbols");

                int trained = _model.TrainBiases ? _layout.ParameterCount : _layout.Weights.Count;
                string Slice(int start, int count) => $"new global::System.Span<double>(v, {Count(start)}, {Count(count)})";

                _w.Line();
                _w.Line("// Before the step: every parameter and η");
                _w.Line("double[] v = symbols.Table;");
                _w.Line($"CopyInParameterOrder(ref {ParametersField}, {Slice(parameters, _layout.ParameterCount)});");
                _w.Line($"v[{Count(eta)}] = LearningRate;");

                _w.Line();
                _w.Line("// The step as Forward, Backward and ApplyGradients, which perform Train's operations in Train's order");
                _w.Line($"Forward({string.Join(", ", _layout.Inputs.Concat(_layout.Outputs.Select(o => "out " + T + " " + Naming.Out(o))))});");
                _w.Line($"{T} {Naming.TotalError} = Backward({string.Join(", ", Targets)});");

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
        /// Explain of the vectorised shape: the step recorded in the Symbols table, then the walkthrough that the runtime
        /// builds from the network's description over the table (KernelWalkthrough), in the unrolled walkthrough's notation.
        /// </summary>
        private void WriteKernelExplain()
        {
            string? update = _model.Optimizer switch
            {
                null => null,
                { Kind: OptimizerKind.Adam, WeightDecay: > 0 } => "AdamW",
                { Kind: OptimizerKind.Adam } => "Adam",
                { Kind: OptimizerKind.Momentum } => "momentum",
                _ => "weight-decayed gradient descent",
            };

            _w.Line();
            _w.Line("// ---- The walkthrough: apart from the training code above, for reading, not for speed ----");
            _w.Line();
            Summary("Performs one training step, exactly like <c>Train</c>, and writes it to <paramref name=\"writer\"/> as a Markdown walkthrough in the structure of Matt Mazur's article, from what the kernels keep: each neuron's net input and output, the error, each neuron's delta (its factors inside its formula), each gradient, each updated parameter, and the error after the step. Formulas are LaTeX between $$, numbers have 9 significant digits, in the invariant culture.");
            _w.Line($"/// <param name=\"inputs\">The {Count(_layout.InputCount)} inputs (i1, ...).</param>");
            _w.Line($"/// <param name=\"targets\">The {Count(_layout.OutputCount)} targets (target_o1, ...).</param>");
            _w.Line("/// <param name=\"writer\">Receives the Markdown.</param>");
            _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            GeneratedCode();
            using (_w.Block($"public {T} Explain({ReadOnlySpan} inputs, {ReadOnlySpan} targets, global::System.IO.TextWriter writer)"))
            {
                WriteCheckLength("inputs", _layout.InputCount, InputsDescription);
                WriteCheckLength("targets", _layout.OutputCount, OutputsDescription);
                WriteCheckNotNull("writer");

                string inputs = string.Join(", ", Enumerable.Range(0, _layout.InputCount).Select(i => $"inputs[{Count(i)}]"));
                string targets = string.Join(", ", Enumerable.Range(0, _layout.OutputCount).Select(i => $"targets[{Count(i)}]"));
                _w.Line();
                _w.Line("// The step, recording what the kernels keep; then the error fed forward again (the step's gradients stay)");
                _w.Line("var symbols = new Symbols();");
                _w.Line($"{T} {Naming.TotalError} = Train({inputs}, {targets}, symbols);");
                _w.Line($"Forward({inputs}, {string.Join(", ", _layout.Outputs.Select(o => "out " + T + " " + Naming.Out(o)))});");
                _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PassField)};");
                using (_w.Block($"for (int k = 0; k < {Count(_layout.OutputCount)}; k++)"))
                {
                    _w.Line($"{At("a", Plus("k", Kernels.Targets))} = targets[k];");
                }

                _w.Line($"{T} E_total_after = ErrorKernel();");
                WriteForgetPass();
                _w.Line($"string template = {Runtime}.KernelWalkthrough.Template(symbols, \"{_model.Type.Name}\", {(update is null ? "null" : "\"" + update + "\"")});");
                _w.Line($"{Runtime}.Walkthrough.Write(writer, template, symbols.Table, E_total_after, false);");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>The vectorised shape's Symbols: the runtime's table, laid out for this network.</summary>
        private void WriteKernelSymbolsClass()
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
            }
        }
    }
}
