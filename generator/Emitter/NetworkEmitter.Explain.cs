using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The walkthrough and the diagram: written after the training code and apart from it, for reading, not for speed.
    internal sealed partial class NetworkEmitter
    {
        private const string ArticleCheck = "articleNumbers";

        private void WriteExplainMethods()
        {
            if (_facts.HasSpan && HasSymbols)
            {
                WriteExplain();
            }
            else if (HasSymbolsTable)
            {
                WriteTableExplain();
            }

            if (HasNamedParameters)
            {
                WriteToMermaid();
            }
        }

        /// <summary>Whether this is the article's network, whose walkthrough notes the article's errata.</summary>
        private bool IsArticleNetwork =>
            _layout.Sizes.SequenceEqual(new[] { 2, 2, 2 })
            && _model.HiddenActivation == ActivationKind.Logistic
            && _model.OutputActivation == ActivationKind.Logistic
            && _model.Loss == LossKind.SquaredError
            && _model.Bias == BiasKind.SharedPerLayer
            && !_model.TrainBiases
            && _model.UpdateRule == UpdateRuleKind.Simultaneous
            && !_model.HasOptimizer
            && _model.Precision == PrecisionKind.Double;

        /// <summary>One-line notes on the article's errata, by the symbol they follow; shown when the step has the article's numbers.</summary>
        private static readonly Dictionary<string, string> ArticleNotes = new()
        {
            ["out_o1"] = "The article's working shows $e^{-1.1059059067}$, a typo for $net_{o1} = 1.105905967$.",
            ["dE_total_dout_o1"] = "The article derives this with absolute values, $2 \\cdot \\frac{1}{2}|target - out|^{2-1}$, which loses the chain rule's minus sign; its value 0.74136507 is right.",
            ["dE_total_dw5"] = "The article's \"putting it all together\" for $w_5$ shows the hidden layer's line instead ($0.036350306 \\cdot 0.241300709 \\cdot 0.05 = 0.000433568$); the chain above is the one its next line uses.",
            ["dE_o2_dout_h1"] = "The article prints -0.01904919 here and -0.019049119 a line later; to its 9 decimals the value is -0.019049118.",
            ["dE_total_dw1"] = "The article writes $\\frac{\\partial net_{h1}}{\\partial w_1} = i$; it is $i_1$.",
            ["w1_plus"] = "The article's working reads $0.15 - 0.15 \\cdot 0.000438568$; η is 0.5 (its result, 0.149780716, is right).",
        };

        private void WriteExplain()
        {
            using (BeginExplain(": the forward pass (each formula, the numbers substituted, the result), the error, the backward pass (for each weight the chain-rule factors and the delta form), each updated parameter, and the error after the step", "the walkthrough and the diagram"))
            {
                string inputs = ExplainArguments("inputs", _layout.InputCount), targets = ExplainArguments("targets", _layout.OutputCount);
                _w.Line();
                _w.Line("// The step, recording every symbol; then the error fed forward again, and the step's gradients put back");
                _w.Line("var symbols = new Symbols();");
                _w.Line($"{T} {Naming.TotalError} = Train({inputs}, {targets}, symbols);");
                _w.Line("double[] v = symbols.Values;");
                _w.Line($"Forward({inputs}, {string.Join(", ", _layout.Outputs.Select(o => "out " + T + " " + Naming.Out(o)))});");
                _w.Line($"{T} E_total_after = Backward({targets});");
                List<string> members = SymbolsMembers().ToList();
                WritePacked(Parameters.Select(p => $"{Naming.Field(Naming.Gradient(p))} = {(_real.IsSingle ? "(float)" : string.Empty)}v[{Count(members.IndexOf(Naming.Gradient(p)))}];"), string.Empty, " ", string.Empty);
                WriteForgetPass();
                string articleNumbers = "false";
                if (IsArticleNetwork)
                {
                    articleNumbers = ArticleCheck;
                    _w.Line($"bool {ArticleCheck} = v[0] == 0.05 && v[1] == 0.1 && v[2] == 0.01 && v[3] == 0.99 && v[4] == 0.15 && v[5] == 0.2 && v[6] == 0.25");
                    _w.Line("    && v[7] == 0.3 && v[8] == 0.4 && v[9] == 0.45 && v[10] == 0.5 && v[11] == 0.55 && v[12] == 0.35 && v[13] == 0.6 && v[14] == 0.5;");
                }

                _w.Line($"global::BackpropGen.Runtime.Walkthrough.Write(writer, WalkthroughTemplate, v, E_total_after, {articleNumbers});");
                _w.Line($"return {Naming.TotalError};");
            }

            WriteWalkthroughTemplate();
        }

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

        /// <summary>
        /// The walkthrough as Markdown with the values' places marked (see BackpropGen.Runtime.Walkthrough): rendered
        /// here, once, from the model of the step; the numbers come from the step that Explain records.
        /// </summary>
        private void WriteWalkthroughTemplate()
        {
            List<string> members = SymbolsMembers().ToList();
            var t = new List<string>();
            string Value(string symbol, bool operand)
            {
                int index = members.IndexOf(symbol);
                return index < 0 ? Naming.Latex(symbol) : (operand ? "«" : "‹") + Count(index) + (operand ? "»" : "›");
            }

            void ValueList(string title, IEnumerable<string> symbols)
            {
                t.Add(title + ": " + string.Join(", ", symbols.Select(symbol => $"${Naming.Latex(symbol)} = {Value(symbol, operand: false)}$")) + ".");
                t.Add(string.Empty);
            }

            t.Add($"# One training step of {_model.Type.Name}, step by step");
            t.Add(string.Empty);
            t.Add(Describe());
            t.Add(string.Empty);
            ValueList("Inputs and targets", _layout.Inputs.Concat(Targets));
            ValueList("Parameters before the step", Parameters.Concat(new[] { Naming.LearningRate }));
            if (HasOptimizer)
            {
                ValueList("The optimizer's settings and state before the step", OptimizerInputs);
            }

            var explained = new HashSet<string>();
            WalkthroughSection(t, "The forward pass", _plan.Forward, Value, explained);
            WalkthroughSection(t, "The error", _plan.Error, Value, explained);
            WalkthroughSection(t, "The backward pass", _plan.Backward, Value, explained);
            if (_plan.Update.Any(line => line.IsStatement) || (_model.Bias != BiasKind.None && !_model.TrainBiases))
            {
                WalkthroughSection(t, "The update", _plan.Update, Value, explained);
                if (_model.Bias != BiasKind.None && !_model.TrainBiases)
                {
                    t.Add($"The biases {string.Join(", ", _layout.Biases.Select(b => "$" + Naming.Latex(b) + "$"))} are not trained (TrainBiases is false, as in the article): they keep their values.");
                    t.Add(string.Empty);
                }
            }

            t.Add("## After the step");
            t.Add(string.Empty);
            t.Add($"Fed forward again with the updated parameters, the total error is $E_{{total}} = ‹after›$ (it was {Value(Naming.TotalError, operand: false)}).");
            if (IsArticleNetwork)
            {
                t.Add(string.Empty);
                t.Add("> The article prints 0.291027924 here: it updated w5..w8 before back-propagating to the hidden layer, against its own text (UpdateRule.OutputLayerFirst reproduces that figure).");
            }

            _w.Line();
            _w.Line("/// <summary>The walkthrough that Explain writes: Markdown paragraphs, one a line, with the places of the step's values marked (see BackpropGen.Runtime.Walkthrough).</summary>");
            _w.LineRaw("private const string WalkthroughTemplate = @\"" + string.Join("\n", t.Where(line => line.Length > 0)).Replace("\"", "\"\"") + "\";");
        }

        private void WalkthroughSection(List<string> t, string title, List<PlanLine> lines, System.Func<string, bool, string> value, HashSet<string> explained)
        {
            t.Add("## " + title);
            t.Add(string.Empty);
            foreach (PlanLine line in lines)
            {
                if (!line.IsStatement)
                {
                    t.Add("### " + Heading(line.Comment!));
                    t.Add(string.Empty);
                    continue;
                }

                if (Explanation(line) is { } why && explained.Add(why.Kind))
                {
                    t.Add(why.Text);
                    t.Add(string.Empty);
                }

                string name = Naming.Latex(line.Symbol);
                foreach (Expr form in line.WalkthroughForms)
                {
                    string symbolic = NotationRenderer.Render(form, Notation.Latex);
                    string resolved = NotationRenderer.Render(form, Notation.Latex, resolveNames: true);
                    if (line.Forms.Count == 0 && resolved != symbolic)
                    {
                        symbolic += " = " + resolved; // δ_o1 · ∂net_o1/∂out_h1 = δ_o1 · w5
                    }

                    // A symbol whose name is its formula (e^{net - net_max}) shows the numbers at once.
                    string substituted = string.Concat(NotationRenderer.Substituted(form).Select(p => p.Value is null ? p.Text : value(p.Value, true)));
                    t.Add($"$${name}¦{(symbolic == name ? string.Empty : symbolic)}¦{substituted}¦{value(line.Symbol, false)}$$");
                    t.Add(string.Empty);
                }

                if (IsArticleNetwork && ArticleNotes.TryGetValue(line.Symbol, out string? note))
                {
                    t.Add("> " + note);
                    t.Add(string.Empty);
                }
            }
        }

        private string Describe()
        {
            string activations = _layout.LayerCount > 2
                ? $"{_model.HiddenActivation} hidden layer{(_layout.LayerCount > 3 ? "s" : string.Empty)}, {_model.OutputActivation} output"
                : $"{_model.OutputActivation} output";
            string loss = _model.Loss == LossKind.SquaredError ? "squared error" : "cross-entropy";
            string biases = _model.Bias switch
            {
                BiasKind.SharedPerLayer => "one bias shared per layer",
                BiasKind.PerNeuron => "one bias per neuron",
                _ => "no biases",
            };
            return $"A {string.Join("-", _layout.Sizes.Select(Count))} network: {activations}, {loss}, {biases}{(_model.Bias != BiasKind.None ? (_model.TrainBiases ? " (trained)" : " (not trained)") : string.Empty)}, {(_model.UpdateRule == UpdateRuleKind.Simultaneous ? "every gradient from the weights before the step" : "each layer updated before back-propagating below it")}.";
        }

        /// <summary>
        /// Why a kind of symbol has its form, said once before its first line, as the article does for each derivative
        /// (e.g. 2·½(target - out)^{2-1}·(-1)); null for a symbol that needs no word.
        /// </summary>
        private (string Kind, string Text)? Explanation(PlanLine line)
        {
            string symbol = line.Symbol;
            if (symbol.StartsWith("dE_total_dout_", System.StringComparison.Ordinal) && _layout.Outputs.Contains(symbol.Substring(14)))
            {
                return ("dE_total_dout_o",
                    @"Only the output's own term of $E_{total}$ depends on its output, so by the chain rule $\frac{\partial E_{total}}{\partial out_{o}} = 2 \cdot \frac{1}{2}(target_{o} - out_{o})^{2-1} \cdot (-1) = -(target_{o} - out_{o})$.");
            }

            if (symbol.StartsWith("dE_total_dout_", System.StringComparison.Ordinal))
            {
                return ("dE_total_dout_h",
                    @"A hidden neuron's output feeds every neuron of the layer above, so $\frac{\partial E_{total}}{\partial out}$ adds up what flows back through each of them: their $\delta$ times the weight between.");
            }

            if (symbol.StartsWith("dE_", System.StringComparison.Ordinal) && symbol.Contains("_dout_"))
            {
                return ("dE_o_dout_h",
                    @"$net_{o}$ depends on $out_{h}$ through one weight, so $\frac{\partial net_{o}}{\partial out_{h}}$ is that weight, and $\frac{\partial E_{o}}{\partial out_{h}} = \frac{\partial E_{o}}{\partial net_{o}} \cdot \frac{\partial net_{o}}{\partial out_{h}} = \delta_{o} \cdot w$.");
            }

            if (symbol.StartsWith("dout_", System.StringComparison.Ordinal))
            {
                ActivationKind activation = _layout.Outputs.Any(o => symbol == Naming.OutByNet(o)) ? _model.OutputActivation : _model.HiddenActivation;
                string text = activation switch
                {
                    ActivationKind.Logistic => @"The logistic function $out = \frac{1}{1 + e^{-net}}$ has the derivative $\frac{\partial out}{\partial net} = out(1 - out)$.",
                    ActivationKind.Tanh => @"$out = \tanh net$ has the derivative $\frac{\partial out}{\partial net} = 1 - \tanh^2 net = 1 - out^2$.",
                    ActivationKind.ReLU => @"The rectifier passes $net$ where it is positive and gives 0 elsewhere, so its derivative is 1 where $net > 0$ (where $out > 0$) and 0 elsewhere (0 is taken at $net = 0$).",
                    ActivationKind.LeakyReLU => @"The leaky rectifier passes $net$ where it is positive and $0.01 \cdot net$ elsewhere, so its derivative is 1 where $net > 0$ (where $out > 0$) and 0.01 elsewhere.",
                    _ => @"The identity passes $net$ unchanged: its derivative is 1.",
                };
                return ("dout_dnet_" + activation, text);
            }

            if (symbol.StartsWith("delta_", System.StringComparison.Ordinal))
            {
                bool output = _layout.Outputs.Any(o => symbol == Naming.Delta(o));
                if (output && _layout.FusedOutputDelta)
                {
                    return ("delta_fused",
                        @"With the cross-entropy after the " + _model.OutputActivation + @" output, the activation's derivative cancels against the loss's: $\delta_{o} = \frac{\partial E_{total}}{\partial net_{o}} = out_{o} - target_{o}$.");
                }

                return ("delta",
                    @"The node delta is the error's derivative by the net input, by the chain rule through the output: $\delta = \frac{\partial E_{total}}{\partial net} = \frac{\partial E_{total}}{\partial out} \cdot \frac{\partial out}{\partial net}$.");
            }

            if (symbol.StartsWith("dE_total_dw", System.StringComparison.Ordinal))
            {
                return ("dE_total_dw",
                    @"$net$ depends on a weight only through the output the weight multiplies, so $\frac{\partial net}{\partial w}$ is that output, and $\frac{\partial E_{total}}{\partial w} = \frac{\partial E_{total}}{\partial net} \cdot \frac{\partial net}{\partial w} = \delta \cdot out$.");
            }

            if (symbol.StartsWith("dE_total_db", System.StringComparison.Ordinal))
            {
                return ("dE_total_db", _model.Bias == BiasKind.SharedPerLayer
                    ? @"A shared bias enters the net input of every neuron of its layer (times 1), so its gradient adds up their deltas."
                    : @"A bias enters its neuron's net input times 1, so $\frac{\partial net}{\partial b} = 1$ and its gradient is the neuron's delta.");
            }

            if (OptimizerExplanation(symbol) is { } optimizer)
            {
                return optimizer;
            }

            if (symbol.EndsWith("_plus", System.StringComparison.Ordinal))
            {
                return ("update",
                    @"Gradient descent moves each parameter against its gradient, scaled by the learning rate: $w^{+} = w - \eta \cdot \frac{\partial E_{total}}{\partial w}$.");
            }

            return null;
        }

        /// <summary>A plan comment as a heading: "Forward pass, hidden layer: ..." → "Hidden layer: ...".</summary>
        private static string Heading(string comment)
        {
            foreach (string prefix in new[] { "Forward pass, ", "Backward pass, ", "Error: " })
            {
                if (comment.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    comment = comment.Substring(prefix.Length);
                    break;
                }
            }

            return char.ToUpperInvariant(comment[0]) + comment.Substring(1);
        }

        private static string Verbatim(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";

        private void WriteToMermaid()
        {
            string Strings(IEnumerable<string> items) => "new[] { " + string.Join(", ", items.Select(item => "\"" + item + "\"")) + " }";
            _w.Line();
            Summary("A Mermaid flowchart of the network, as in the article's figure: the neurons layer by layer, each connection labelled with its weight's name and current value, and the biases feeding their neurons.");
            GeneratedCode();
            _w.Line($"public string ToMermaid() => {Runtime}.Mermaid.Flowchart(");
            _w.Indent();
            _w.Line(Strings(Enumerable.Range(0, _layout.LayerCount).Select(l => char.ToUpperInvariant(_layout.LayerTitle(l)[0]) + _layout.LayerTitle(l).Substring(1))) + ",");
            _w.Line("new[] { " + string.Join(", ", _layout.Neurons.Select(Strings)) + " },");
            _w.Line($"global::BackpropGen.BiasMode.{_model.Bias},");
            _w.Line(Strings(Parameters) + ",");
            // Where Train may leave an update pending, the weights through their properties, which apply it first
            System.Func<string, string> value = DefersFirstLayer ? parameter => parameter : ParameterField;
            _w.Line((_real.IsSingle ? "new double[] { " : "new[] { ") + string.Join(", ", Parameters.Select(value)) + " });");
            _w.Unindent();
        }
    }
}
