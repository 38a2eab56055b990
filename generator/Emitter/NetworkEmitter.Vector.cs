using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Four samples at once (eight in float): the step's statements over Vector256<T> locals, one sample per lane.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>The samples a vector holds, as C# source: 4 doubles or 8 floats.</summary>
        private string Lanes => Count(_real.Lanes);

        /// <summary>The lanes after the first, four to a line: <c>1, 2, 3</c>, then <c>4, 5, 6, 7</c> for floats.</summary>
        private IEnumerable<List<int>> OtherLanesByFour() =>
            Enumerable.Range(1, _real.Lanes - 1).GroupBy(lane => lane / 4).Select(group => group.ToList());

        /// <summary>
        /// Whether the vector methods are generated: the compilation has <c>Vector256.Exp</c> (.NET 9 and later), the
        /// step fits one method (a network in parts has too many values for one vector method), and each sample's step is
        /// independent of the others' (not OutputLayerFirst with hidden layers, which trains one sample at a time).
        /// </summary>
        private bool HasVectorMethods => _facts.HasSpan && _facts.HasVector256 && !BatchInParts && !HasEarlyUpdates && !IsVectorized;

        private void WriteVectorMethods()
        {
            if (IsVectorized)
            {
                WriteKernelMethods();
                return;
            }

            if (!HasVectorMethods)
            {
                if (_facts.HasSpan)
                {
                    WriteForwardBatchBySamples();
                }

                return;
            }

            WriteForwardBatch();
            WriteVectorStep();
        }

        /// <summary>The constants that the vector form of <paramref name="lines"/> uses.</summary>
        private SortedSet<string> VectorConstants(IEnumerable<PlanLine> lines)
        {
            var constants = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (PlanLine line in lines)
            {
                if (line.IsStatement)
                {
                    CSharpRenderer.Vectorized(line.Code, _real, constants);
                }
            }

            return constants;
        }

        /// <summary>The statements over <c>Vector256&lt;T&gt;</c>: each symbol a <c>var</c> local of the same name.</summary>
        private void WriteVectorStatements(IEnumerable<PlanLine> lines, ISet<string> constants) =>
            WriteStatements(lines, declaration: "var ", render: line => (line.Symbol, CSharpRenderer.Vectorized(line.Code, _real, constants)));

        /// <summary>Writes <c>var name = value;</c> for each item, several per line.</summary>
        private void WriteVars(IEnumerable<string> assignments) =>
            WritePacked(assignments.Select(a => "var " + a + ";"), string.Empty, " ", string.Empty);

        private void WriteVectorConstants(ISet<string> constants)
        {
            WriteVars(constants.OrderBy(c => double.Parse(c, CultureInfo.InvariantCulture)).Select(c => $"{CSharpRenderer.ConstantName(c)} = {CSharpRenderer.Vector}.Create({Lit(c)})"));
        }

        /// <summary>Each parameter the lines read, broadcast to every lane.</summary>
        private void WriteVectorParameters(IEnumerable<PlanLine> lines)
        {
            HashSet<string> read = References(lines);
            WriteVars(Parameters.Where(read.Contains).Select(p => $"{p} = {CSharpRenderer.Vector}.Create({Naming.Field(p)})"));
        }

        /// <summary>
        /// The rows of the group's four lanes (the last group repeats its last sample in the lanes past the end; they
        /// are computed and not used), then the named inputs (and targets) as vectors of the four samples' values.
        /// </summary>
        private void WriteVectorSample(bool withTargets)
        {
            _w.Line("int last = samples - 1;");
            foreach (List<int> lanes in OtherLanesByFour())
            {
                _w.Line("int " + string.Join(", ", lanes.Select(l => $"s{Count(l)} = sample + {Count(l)} < samples ? sample + {Count(l)} : last")) + ";");
            }

            WriteLaneRows("inputs", _layout.Inputs, _layout.InputCount);
            if (withTargets)
            {
                WriteLaneRows("targets", Targets.ToList(), _layout.OutputCount);
            }
        }

        private void WriteLaneRows(string span, IReadOnlyList<string> names, int width)
        {
            string w = Count(width);
            foreach (List<int> lanes in OtherLanesByFour())
            {
                string first = lanes[0] == 1 ? $"{span}0 = sample * {w}, " : string.Empty;
                _w.Line($"int {first}{string.Join(", ", lanes.Select(l => $"{span}{Count(l)} = s{Count(l)} * {w}"))};");
            }

            WriteVars(names.Select((name, i) => $"{name} = {CSharpRenderer.Vector}.Create({string.Join(", ", Enumerable.Range(0, _real.Lanes).Select(l => $"{span}[{span}{Count(l)} + {Count(i)}]"))})"));
        }

        private void WriteForwardBatch()
        {
            _w.Line();
            _w.Line($"// ---- {Capitalize(_real.LanesInWords)} samples at once: the step over Vector256<{T}>, one sample per lane ----");
            using (BeginForwardBatch(_real.IsSingle
                ? "The forward pass of several samples, eight at a time in the lanes of <c>Vector256&lt;float&gt;</c>: the same statements as Forward, over vectors. Results agree with Forward closely but not bit for bit (Vector256.Exp is not MathF.Exp). It does not change the pass that Backward differentiates."
                : "The forward pass of several samples, four at a time in the lanes of <c>Vector256&lt;double&gt;</c>: the same statements as Forward, over vectors. Results agree with Forward closely but not bit for bit (Vector256.Exp is not Math.Exp; the tests allow 1e-12 relative). It does not change the pass that Backward differentiates."))
            {
                _w.Line($"{VectorStepCall("Forward", "default", "outputs")};");
            }
        }

        /// <summary>
        /// ForwardBatch of a network without the vector step (no Vector256 in the compilation, OutputLayerFirst with hidden
        /// layers, a step in parts): each sample through Forward, the pass that Backward differentiates put back after.
        /// </summary>
        private void WriteForwardBatchBySamples()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            using (BeginForwardBatch("The forward pass of several samples, one after another through Forward (this network has no vector step). It does not change the pass that Backward differentiates."))
            {
                _w.Line($"ForwardPass pass = {LastPassField}; // Forward remembers each sample's pass: the one Backward differentiates is put back");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    _w.Line($"Forward(inputs.Slice(sample * {Count(inputCount)}, {Count(inputCount)}), outputs.Slice(sample * {Count(outputCount)}, {Count(outputCount)}));");
                }

                _w.Line($"{LastPassField} = pass;");
            }
        }

        /// <summary>
        /// ForwardBatch's documentation (the interface's, or <paramref name="summary"/> and the parameters where the member
        /// does not implement it), signature and argument checks, with a blank line before; the caller writes the rest of
        /// the body, which has <c>samples</c>.
        /// </summary>
        private Helpers.CodeWriter.Scope BeginForwardBatch(string summary)
        {
            _w.Line();
            if (!InheritDoc())
            {
                Summary(summary);
                _w.Line($"/// <param name=\"inputs\">The samples' inputs, row by row: {Count(_layout.InputCount)} values (i1, ...) per sample.</param>");
                _w.Line($"/// <param name=\"outputs\">Receives the samples' outputs, row by row: {Count(_layout.OutputCount)} values (o1, ...) per sample.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of samples.</exception>");
            }

            GeneratedCode();
            Helpers.CodeWriter.Scope scope = _w.Block($"public void ForwardBatch({ReadOnlySpan} inputs, {Span} outputs)");
            WriteCheckSamples(allowNone: true);
            WriteCheckRows("outputs", _layout.OutputCount);
            return scope;
        }

        /// <summary>The call of the vector step in a mode: <c>StepVector256&lt;...StepMode.Train&gt;(inputs, targets, default, samples)</c>.</summary>
        private static string VectorStepCall(string mode, string targets, string outputs) =>
            $"StepVector256<{Runtime}.StepMode.{mode}>(inputs, {targets}, {outputs}, samples)";

        /// <summary>
        /// The step over vectors, written once for ForwardBatch and the mini-batch Train: the forward pass, then by the
        /// mode either each lane's outputs (StepMode.Forward) or the error, the backward pass and the masked sums of the
        /// error and gradients, averaged and applied after the last group of samples (StepMode.Train).
        /// </summary>
        private void WriteVectorStep()
        {
            List<PlanLine> step = _plan.Forward.Concat(_plan.Error).Concat(_plan.Backward).ToList();
            SortedSet<string> constants = VectorConstants(step);
            List<string> gradients = Parameters.Select(Naming.Gradient).ToList();
            int outputCount = _layout.OutputCount;
            _w.Line();
            Summary($"The step over <c>Vector256&lt;{T}&gt;</c>, {_real.LanesInWords} samples at a time, one in each lane: the forward pass, then in StepMode.Forward each sample's outputs (ForwardBatch), in StepMode.Train the error and the backward pass, their sums over the batch averaged and applied once (the mini-batch Train).");
            using (_w.Block($"private {T} StepVector256<{_mode}>({ReadOnlySpan} inputs, {ReadOnlySpan} targets, {Span} outputs, int samples) where {_mode} : struct, {Runtime}.IStepMode"))
            {
                _w.Line("// The sums over the batch, lane by lane (a lane past the last sample adds nothing: its mask is 0)");
                WriteDeclarationList(V, new[] { "sum_E_total" }.Concat(gradients.Select(g => "sum_" + g)).Select(s => s + " = default"));
                using (_w.Block(string.Empty))
                {
                    WriteVectorParameters(step);
                    WriteVectorConstants(constants);
                    using (_w.Block($"for (int sample = 0; sample < samples; sample += {Lanes})"))
                    {
                        WriteVectorSample(withTargets: false);
                        WriteVectorStatements(_plan.Forward, constants);
                        _w.Line();
                        using (_w.Block($"if (!default({_mode}).Differentiates)"))
                        {
                            WriteLaneOutputs(outputCount);
                        }

                        _w.Line();
                        WriteLaneRows("targets", Targets.ToList(), outputCount);
                        string lanes = string.Join(", ", new[] { Lit("1.0") }.Concat(Enumerable.Range(1, _real.Lanes - 1).Select(l => $"sample + {Count(l)} < samples ? {Lit("1.0")} : {Lit("0.0")}")));
                        _w.Line($"var mask = {CSharpRenderer.Vector}.Create({lanes}); // lanes past the last sample add nothing");
                        WriteVectorStatements(_plan.Error.Concat(_plan.Backward), constants);
                        _w.Line();
                        _w.Line("// Sum the samples' error and gradients");
                        _w.Line($"sum_E_total += {Naming.TotalError} * mask;");
                        WritePacked(gradients.Select(g => $"sum_{g} += {g} * mask;"), string.Empty, " ", string.Empty);
                    }
                }

                _w.Line();
                _w.Guard($"!default({_mode}).Differentiates", $"return {Lit("0.0")}; // ForwardBatch: the outputs alone");

                _w.Line();
                _w.Line("// The batch's gradients are the averages of its samples' (the lanes added up), applied once");
                _w.Line($"{T} scale = {Lit("1.0")} / samples;");
                WritePacked(gradients.Select(g => $"{Naming.Field(g)} = {CSharpRenderer.Vector}.Sum(sum_{g}) * scale;"), string.Empty, " ", string.Empty);
                _w.Line("ApplyGradients(); // which also forgets the last forward pass");
                _w.Line($"return {CSharpRenderer.Vector}.Sum(sum_E_total) * scale;");
            }
        }

        /// <summary>
        /// ForwardBatch's end of a group: each output's lanes that hold samples, into their rows (the shared helper
        /// <c>VectorMath.StoreLanes</c>), then on to the next group.
        /// </summary>
        private void WriteLaneOutputs(int outputCount)
        {
            _w.Line("// ForwardBatch: the outputs of the lanes that hold samples, each into its sample's row");
            _w.Line($"int row = sample * {Count(outputCount)}, lanes = samples - sample;");
            int j = 0;
            foreach (string output in _layout.Outputs)
            {
                _w.Line($"{VectorMathNames.StoreLanes}({Naming.Out(output)}, outputs, row + {Count(j++)}, {Count(outputCount)}, lanes);");
            }

            _w.Line("continue;");
        }
    }
}
