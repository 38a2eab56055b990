using System.Collections.Generic;
using System.Linq;
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
                WriteErrorAt();
            }

            WriteToMermaid();
            WriteExplainHelpers();
        }

        /// <summary>Whether this is the article's network, whose walkthrough notes the article's errata.</summary>
        private bool IsArticleNetwork =>
            _layout.Sizes.SequenceEqual(new[] { 2, 2, 2 })
            && _model.HiddenActivation == ActivationKind.Logistic
            && _model.OutputActivation == ActivationKind.Logistic
            && _model.Loss == LossKind.SquaredError
            && _model.Bias == BiasKind.SharedPerLayer
            && !_model.TrainBiases
            && _model.UpdateRule == UpdateRuleKind.Simultaneous;

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
            _w.Line();
            _w.Line("// ---- The walkthrough and the diagram: apart from the training code above, for reading, not for speed ----");
            _w.Line();
            Summary($"Performs one training step, exactly like <c>Train</c>, and writes it to <paramref name=\"writer\"/> as a Markdown walkthrough in the structure of Matt Mazur's article: the forward pass (each formula, the numbers substituted, the result), the error, the backward pass (for each weight the chain-rule factors and the delta form), each updated parameter, and the error after the step. Formulas are LaTeX between $$, numbers have 9 significant digits, in the invariant culture.");
            _w.Line($"/// <param name=\"inputs\">The {Count(_layout.InputCount)} inputs (i1, ...).</param>");
            _w.Line($"/// <param name=\"targets\">The {Count(_layout.OutputCount)} targets (target_o1, ...).</param>");
            _w.Line("/// <param name=\"writer\">Receives the Markdown.</param>");
            _w.Line("/// <returns>E_total, the total error of the forward pass (before the update).</returns>");
            GeneratedCode();
            using (_w.Block($"public double Explain({ReadOnlySpan} inputs, {ReadOnlySpan} targets, global::System.IO.TextWriter writer)"))
            {
                WriteLengthCheck("inputs", $"inputs.Length != {Count(_layout.InputCount)}", $"inputs must have length {Count(_layout.InputCount)} (InputCount: {Range(_layout.Inputs)}), not {{inputs.Length}}.");
                WriteLengthCheck("targets", $"targets.Length != {Count(_layout.OutputCount)}", $"targets must have length {Count(_layout.OutputCount)} (OutputCount: {Range(_layout.Outputs)}), not {{targets.Length}}.");
                using (_w.Block("if (writer is null)"))
                {
                    _w.Line("throw new global::System.ArgumentNullException(\"writer\");");
                }

                WriteDeclarations(_layout.Inputs, input => $"inputs[{Count(System.Array.IndexOf(_layout.Inputs, input))}]");
                WriteDeclarations(Targets, target => $"targets[{Count(Targets.ToList().IndexOf(target))}]");
                _w.Line();
                _w.Line("// The step, as in Train");
                WriteLoadParameters();
                if (IsArticleNetwork)
                {
                    _w.Line($"bool {ArticleCheck} = i1 == 0.05 && i2 == 0.1 && target_o1 == 0.01 && target_o2 == 0.99 && w1 == 0.15 && w2 == 0.2 && w3 == 0.25 && w4 == 0.3");
                    _w.Line("    && w5 == 0.4 && w6 == 0.45 && w7 == 0.5 && w8 == 0.55 && b1 == 0.35 && b2 == 0.6 && eta == 0.5;");
                }

                WriteStatements(_plan.Forward.Concat(_plan.Error).Concat(_plan.Backward).Concat(_plan.Update));
                WriteStoreStep();
                string arguments = string.Join(", ", _layout.Inputs.Concat(Targets));
                _w.Line($"double E_total_after = ErrorAt({arguments});");

                _w.Line();
                _w.Line("// The walkthrough");
                string shape = string.Join("-", _layout.Sizes.Select(Count));
                _w.Line($"writer.WriteLine(\"# One training step of {_model.Type.Name}, step by step\");");
                _w.Line("writer.WriteLine();");
                _w.Line($"writer.WriteLine({Verbatim(Describe())});");
                _w.Line("writer.WriteLine();");
                WriteValueList("Inputs and targets", _layout.Inputs.Concat(Targets));
                WriteValueList("Parameters before the step", Parameters.Concat(new[] { Naming.LearningRate }));
                WriteWalkthroughSection("The forward pass", _plan.Forward);
                WriteWalkthroughSection("The error", _plan.Error);
                WriteWalkthroughSection("The backward pass", _plan.Backward);
                if (_plan.Update.Any(line => line.IsStatement))
                {
                    WriteWalkthroughSection("The update", _plan.Update);
                }

                _w.Line("writer.WriteLine(\"## After the step\");");
                _w.Line("writer.WriteLine();");
                _w.Line("writer.WriteLine(\"Fed forward again with the updated parameters, the total error is $E_{total} = \" + ExplainNumber(E_total_after) + \"$ (it was \" + ExplainNumber(E_total) + \").\");");
                if (IsArticleNetwork)
                {
                    using (_w.Block($"if ({ArticleCheck})"))
                    {
                        _w.Line("writer.WriteLine();");
                        _w.Line("writer.WriteLine(\"> The article prints 0.291027924 here: it updated w5..w8 before back-propagating to the hidden layer, against its own text (UpdateRule.OutputLayerFirst reproduces that figure).\");");
                    }
                }

                _w.Line("return E_total;");
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

        private void WriteValueList(string title, IEnumerable<string> symbols)
        {
            var items = symbols.Select(s => $"\"${Naming.Latex(s).Replace("\\", "\\\\")} = \" + ExplainNumber({s}) + \"$\"").ToList();
            _w.Line($"writer.WriteLine(\"{title}: \" + {string.Join(" + \", \" + ", items)} + \".\");");
            _w.Line("writer.WriteLine();");
        }

        private void WriteWalkthroughSection(string title, List<PlanLine> lines)
        {
            _w.Line($"writer.WriteLine(\"## {title}\");");
            _w.Line("writer.WriteLine();");
            foreach (PlanLine line in lines)
            {
                if (!line.IsStatement)
                {
                    _w.Line($"writer.WriteLine({Verbatim("### " + Heading(line.Comment!))});");
                    _w.Line("writer.WriteLine();");
                    continue;
                }

                foreach (Part[] form in line.Forms)
                {
                    string symbolic = string.Concat(form.Select(p => p.Latex));
                    string substituted = string.Join(" + ", form.Select(p => p.Value is null ? Verbatim(p.Latex) : $"ExplainOperand({p.Value})"));
                    _w.Line($"ExplainLine(writer, {Verbatim(Naming.Latex(line.Symbol))}, {Verbatim(symbolic)}, {substituted}, {line.Symbol});");
                }

                if (IsArticleNetwork && ArticleNotes.TryGetValue(line.Symbol, out string? note))
                {
                    using (_w.Block($"if ({ArticleCheck})"))
                    {
                        _w.Line($"writer.WriteLine({Verbatim("> " + note)});");
                        _w.Line("writer.WriteLine();");
                    }
                }
            }
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

        private void WriteErrorAt()
        {
            _w.Line();
            _w.Line("/// <summary>E_total of a forward pass with the current parameters, for the walkthrough's last line.</summary>");
            using (_w.Block($"private double ErrorAt({string.Join(", ", _layout.Inputs.Concat(Targets).Select(p => "double " + p))})"))
            {
                WriteStatements(_plan.Forward.Concat(_plan.Error));
                _w.Line($"return {Naming.TotalError};");
            }
        }

        private void WriteToMermaid()
        {
            _w.Line();
            Summary("A Mermaid flowchart of the network, as in the article's figure: the neurons layer by layer, each connection labelled with its weight's name and current value, and the biases feeding their neurons.");
            GeneratedCode();
            using (_w.Block("public string ToMermaid()"))
            {
                _w.Line("var text = new global::System.Text.StringBuilder();");
                _w.Line("text.Append(\"flowchart LR\\n\");");
                for (int l = 0; l < _layout.LayerCount; l++)
                {
                    string title = char.ToUpperInvariant(_layout.LayerTitle(l)[0]) + _layout.LayerTitle(l).Substring(1);
                    _w.Line($"text.Append(\"    subgraph layer{Count(l)} [\\\"{title}\\\"]\\n\");");
                    foreach (string neuron in _layout.Neurons[l])
                    {
                        _w.Line($"text.Append(\"        {neuron}(({neuron}))\\n\");");
                    }

                    _w.Line("text.Append(\"    end\\n\");");
                }

                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    for (int j = 0; j < _layout.Sizes[l]; j++)
                    {
                        for (int k = 0; k < _layout.Sizes[l - 1]; k++)
                        {
                            string weight = _layout.Weight(l, j, k);
                            _w.Line($"text.Append(\"    {_layout.Neurons[l - 1][k]} -->|\\\"{weight} = \").Append(ExplainNumber({weight})).Append(\"\\\"| {_layout.Neurons[l][j]}\\n\");");
                        }
                    }

                    for (int j = 0; j < _layout.Sizes[l] && _model.Bias != BiasKind.None; j++)
                    {
                        string bias = _layout.Bias(l, j)!;
                        if (_model.Bias == BiasKind.PerNeuron || j == 0)
                        {
                            _w.Line($"text.Append(\"    {bias}[\\\"{bias} = \").Append(ExplainNumber({bias})).Append(\"\\\"]\\n\");");
                        }

                        _w.Line($"text.Append(\"    {bias} --> {_layout.Neurons[l][j]}\\n\");");
                    }
                }

                _w.Line("return text.ToString();");
            }
        }

        private void WriteExplainHelpers()
        {
            _w.Line();
            _w.Line("/// <summary>A number with 9 significant digits in the invariant culture, an exponent written as × 10^n.</summary>");
            using (_w.Block("private static string ExplainNumber(double value)"))
            {
                _w.Line("string text = value.ToString(\"G9\", global::System.Globalization.CultureInfo.InvariantCulture);");
                _w.Line("int exponent = text.IndexOf('E');");
                _w.Line("return exponent < 0 ? text : text.Substring(0, exponent) + @\" \\times 10^{\" + int.Parse(text.Substring(exponent + 1), global::System.Globalization.CultureInfo.InvariantCulture) + \"}\";");
            }

            _w.Line();
            _w.Line("/// <summary>A number inside a formula: negative numbers in parentheses.</summary>");
            _w.Line("private static string ExplainOperand(double value) => value < 0 ? \"(\" + ExplainNumber(value) + \")\" : ExplainNumber(value);");
            _w.Line();
            _w.Line("/// <summary>One display formula: the symbol, its formula, the numbers substituted, and the result.</summary>");
            using (_w.Block("private static void ExplainLine(global::System.IO.TextWriter writer, string symbol, string formula, string substituted, double value)"))
            {
                _w.Line("string result = ExplainNumber(value);");
                _w.Line("string line = \"$$\" + symbol + \" = \" + formula;");
                using (_w.Block("if (substituted != formula && substituted.Trim('(', ')') != result)"))
                {
                    _w.Line("line += \" = \" + substituted;");
                }

                using (_w.Block("if (result != formula)"))
                {
                    _w.Line("line += \" = \" + result;");
                }

                _w.Line("writer.WriteLine(line + \"$$\");");
                _w.Line("writer.WriteLine();");
            }
        }
    }
}
