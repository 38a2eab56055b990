using System.Linq;

namespace BackpropGen.Generator.Emitter
{
    // The walkthrough and the diagram: written after the training code and apart from it, for reading, not for speed.
    internal sealed partial class NetworkEmitter
    {
        private void WriteExplainMethods()
        {
            if (ImplementsInterface && HasSymbols)
            {
                WriteExplain();
            }
            else if (HasSymbolsTable)
            {
                WriteTableExplain();
            }

            // INetwork has it, and the runtime draws it through the interface; without the interface, from the named parameters
            if (ImplementsInterface || (HasNamedParameters && _facts.HasNetworkInterface))
            {
                WriteToMermaid();
            }
        }

        private void WriteExplain()
        {
            using (BeginExplain(ExplainContents, "the walkthrough and the diagram"))
            {
                string inputs = ExplainArguments("inputs", _layout.InputCount), targets = ExplainArguments("targets", _layout.OutputCount);
                _w.Line();
                _w.Line(ExplainStepComment("every symbol"));
                _w.Line("var symbols = new Symbols();");
                _w.Line($"{T} {Naming.TotalError} = Train({inputs}, {targets}, symbols);");
                _w.Line(ErrorAfterStep);
                _w.Line("// The walkthrough, rendered by the runtime from the same model of the step as the code above, with the recorded values");
                _w.Line($"{Runtime}.Walkthrough.Write(writer, {Quote(_model.Type.PlainName)}, {DescriptionField}, global::BackpropGen.UpdateRule.{_model.UpdateRule}, {ExplainOptimizer}, symbols.Values, E_total_after);");
                _w.Line($"return {Naming.TotalError};");
            }
        }

        /// <summary>The comment over Explain's step: "// The step, recording every symbol; then the error after it, ...".</summary>
        private static string ExplainStepComment(string recorded) => $"// The step, recording {recorded}; then the error after it, by Evaluate (which changes nothing)";

        /// <summary>The error after Explain's step, for the walkthrough's last section.</summary>
        private string ErrorAfterStep => $"{T} E_total_after = Evaluate(inputs, targets);";

        /// <summary>What Explain's walkthrough holds, completing "a Markdown walkthrough in the structure of Matt Mazur's article".</summary>
        private const string ExplainContents = ": the forward pass (each formula, the numbers substituted, the result), the error, the backward pass (for each weight the chain-rule factors and the delta form), each updated parameter, and the error after the step";

        /// <summary>The optimizer argument of the runtime's walkthrough: the network's, or null for the article's update.</summary>
        private string ExplainOptimizer => _model.HasOptimizer ? "global::BackpropGen.Optimizer." + OptimizerKind : "null";

        /// <summary>
        /// The separator before the reading members, Explain's documentation and signature, and its argument checks; the
        /// caller writes the rest of the body. <paramref name="what"/> completes "a Markdown walkthrough in the structure of
        /// Matt Mazur's article" (": the forward pass ...", ", from what the step keeps: ...").
        /// </summary>
        private Helpers.CodeWriter.Scope BeginExplain(string what, string section = "the walkthrough")
        {
            _w.Line();
            _w.Line($"// ---- {Capitalize(section)}: apart from the training code above, for reading, not for speed ----");
            _w.Line();
            if (!InheritDoc())
            {
                Summary($"Performs one training step, exactly like <c>Train</c>, and writes it to <paramref name=\"writer\"/> as a Markdown walkthrough in the structure of Matt Mazur's article{what}. Formulas are LaTeX between $$, numbers have 9 significant digits, in the invariant culture.");
                _w.Line($"/// <param name=\"inputs\">The {Count(_layout.InputCount)} inputs (i1, ...).</param>");
                _w.Line($"/// <param name=\"targets\">The {Count(_layout.OutputCount)} targets (target_o1, ...).</param>");
                _w.Line("/// <param name=\"writer\">Receives the Markdown.</param>");
                _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            }

            GeneratedCode();
            Helpers.CodeWriter.Scope scope = _w.Block($"public {T} Explain({ReadOnlySpan} inputs, {ReadOnlySpan} targets, global::System.IO.TextWriter writer)");
            WriteCheckLength("inputs", _layout.InputCount, InputsDescription);
            WriteCheckLength("targets", _layout.OutputCount, OutputsDescription);
            WriteCheckNotNull("writer");
            return scope;
        }

        /// <summary><c>inputs[0], inputs[1], ...</c>: a span's values as the arguments of a call.</summary>
        private static string ExplainArguments(string span, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"{span}[{Count(i)}]"));

        private void WriteToMermaid()
        {
            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary("A Mermaid flowchart of the network, as in the article's figure: the neurons layer by layer, each connection labelled with its weight's name and current value, and the biases feeding their neurons.");
            }

            GeneratedCode();
            if (ImplementsInterface)
            {
                // The runtime reads the parameters through INetwork.CopyParametersTo
                _w.Line($"public string ToMermaid() => {Runtime}.Mermaid.Flowchart(this);");
                return;
            }

            // Where Train may leave an update pending, the weights through their properties, which apply it first
            System.Func<string, string> value = DefersFirstLayer ? parameter => parameter : ParameterField;
            string array = _real.IsSingle ? "new double[]" : "new[]";
            string values = $"{array} {{ {string.Join(", ", Parameters.Select(value))} }});";
            if (values.Length <= 110)
            {
                _w.Line($"public string ToMermaid() => {Runtime}.Mermaid.Flowchart({DescriptionField},");
                _w.Line("    " + values);
                return;
            }

            _w.Line($"public string ToMermaid() => {Runtime}.Mermaid.Flowchart({DescriptionField}, {array}");
            using (_w.Block(string.Empty, "});"))
            {
                WritePacked(Parameters.Select(p => value(p) + ","), string.Empty, " ", string.Empty);
            }
        }
    }
}
