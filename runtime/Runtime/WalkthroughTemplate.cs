using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Emitter;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The walkthrough of an unrolled network's step as a template (the Markdown of <see cref="Walkthrough"/>, with the
    /// places of the recorded values marked), rendered from the generator's own model of the step: the same formulas
    /// (<c>Formulas</c>), the same expression trees and the same notation renderer, compiled into this assembly from the
    /// generator's sources. So the generated file holds the step once, as code, and the walkthrough that explains it
    /// cannot drift from it.
    /// </summary>
    internal sealed class WalkthroughTemplate
    {
        private readonly NetworkModel _model;
        private readonly NetworkLayout _layout;
        private readonly StepPlan _plan;
        private readonly List<string> _members;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        /// <summary>
        /// Over a table that keeps only some of the symbols: every symbol whose value is known, from the table or computed
        /// from it by the step's own trees; null where the traced step recorded every symbol.
        /// </summary>
        private readonly Dictionary<string, double>? _known;

        private WalkthroughTemplate(string name, NetworkDescription network, UpdateRule updateRule, Optimizer? optimizer, StepSymbols? table = null, double[]? optimizerInputs = null)
        {
            _model = StepModel.Of(network, name, updateRule, optimizer);
            _layout = new NetworkLayout(_model);
            _plan = Formulas.Build(_layout);
            _members = SymbolOrder.Members(_layout, _plan).ToList();
            for (int i = 0; i < _members.Count; i++)
            {
                _index[_members[i]] = i;
            }

            if (table is not null)
            {
                _known = KnownValues(table, optimizerInputs);
            }
        }

        /// <summary>The template, and whether the network is the article's (whose errata notes apply to the article's numbers).</summary>
        public static (string Template, bool IsArticleNetwork) Build(string name, NetworkDescription network, UpdateRule updateRule, Optimizer? optimizer)
        {
            var template = new WalkthroughTemplate(name, network, updateRule, optimizer);
            return (template.Render(), template.IsArticleNetwork);
        }

        /// <summary>
        /// The template of a step recorded in a table (a network in vectorised kernels or in parts), the same as an unrolled
        /// network's: the symbols the table does not keep (E_o1, ∂E_total/∂out, ∂out/∂net, ∂E_o1/∂out_h1, the softmax's
        /// helpers) are computed from those it keeps by the step's own trees, in the code's order of operations. Only an
        /// optimizer's settings and state, which the table does not keep, come apart (<paramref name="optimizerInputs"/>); without
        /// them its update shows each formula and the result.
        /// </summary>
        /// <returns>The template, whether the network is the article's, and the values it refers to (NaN where unknown).</returns>
        public static (string Template, bool IsArticleNetwork, double[] Values) BuildOverTable(string name, StepSymbols table, UpdateRule updateRule, Optimizer? optimizer, double[]? optimizerInputs)
        {
            var template = new WalkthroughTemplate(name, table.Description, updateRule, optimizer, table, optimizerInputs);
            double[] values = template._members.Select(m => template._known!.TryGetValue(m, out double value) ? value : double.NaN).ToArray();
            return (template.Render(), template.IsArticleNetwork, values);
        }

        /// <summary>The table's values and the optimizer's inputs, then every statement of the step whose reads are known, in the step's order.</summary>
        private Dictionary<string, double> KnownValues(StepSymbols table, double[]? optimizerInputs)
        {
            var known = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (string member in _members)
            {
                if (table.TryGetValue(member, out double value))
                {
                    known[member] = value;
                }
            }

            if (optimizerInputs is not null)
            {
                List<string> names = SymbolOrder.OptimizerInputs(_layout).ToList();
                if (optimizerInputs.Length != names.Count)
                {
                    throw new ArgumentException($"The optimizer's inputs of this network are {names.Count} values ({string.Join(", ", names.Take(4))}, ...), not {optimizerInputs.Length}.", nameof(optimizerInputs));
                }

                for (int i = 0; i < names.Count; i++)
                {
                    known[names[i]] = optimizerInputs[i];
                }
            }

            bool single = _model.Precision == PrecisionKind.Single;
            foreach (PlanLine line in _plan.Statements(_plan.Forward, _plan.Error, _plan.Backward, _plan.Update))
            {
                if (!known.ContainsKey(line.Symbol) && line.Reads.All(known.ContainsKey))
                {
                    known[line.Symbol] = StepEvaluator.Evaluate(line.Code, known, single);
                }
            }

            return known;
        }

        /// <summary>Whether the walkthrough has the symbol's value: always, unless over a table that does not let it be computed.</summary>
        private bool IsKnown(string symbol) => _known is null || _known.ContainsKey(symbol);

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

        private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A symbol's place in the recorded values, as an operand (<c>«k»</c>) or a result (<c>‹k›</c>); its LaTeX where it is not recorded.</summary>
        private string Value(string symbol, bool operand)
        {
            return _index.TryGetValue(symbol, out int index) ? (operand ? "«" : "‹") + Count(index) + (operand ? "»" : "›") : Naming.Latex(symbol);
        }

        private string Render()
        {
            var t = new List<string>();
            void ValueList(string title, IEnumerable<string> symbols) =>
                t.Add(title + ": " + string.Join(", ", symbols.Select(symbol => $"${Naming.Latex(symbol)} = {Value(symbol, operand: false)}$")) + ".");

            IEnumerable<string> parameters = _layout.Weights.Concat(_layout.Biases);
            t.Add($"# One training step of {_model.Type.Name}, step by step");
            t.Add(Describe());
            ValueList("Inputs and targets", _layout.Inputs.Concat(_layout.Outputs.Select(Naming.Target)));
            ValueList("Parameters before the step", parameters.Concat(new[] { Naming.LearningRate }));
            if (_model.HasOptimizer && SymbolOrder.OptimizerInputs(_layout).All(IsKnown))
            {
                ValueList("The optimizer's settings and state before the step", SymbolOrder.OptimizerInputs(_layout));
            }
            else if (_model.HasOptimizer)
            {
                t.Add("The step records the parameters after the update but not the optimizer's settings and state, so the update shows each parameter's formula and its result.");
            }

            var explained = new HashSet<string>();
            Section(t, "The forward pass", _plan.Forward, explained);
            Section(t, "The error", _plan.Error, explained);
            Section(t, "The backward pass", _plan.Backward, explained);
            bool untrainedBiases = _model.Bias != BiasKind.None && !_model.TrainBiases;
            if (_plan.Update.Any(line => line.IsStatement) || untrainedBiases)
            {
                Section(t, "The update", _plan.Update, explained);
                if (untrainedBiases)
                {
                    t.Add($"The biases {string.Join(", ", _layout.Biases.Select(b => "$" + Naming.Latex(b) + "$"))} are not trained (TrainBiases is false, as in the article): they keep their values.");
                }
            }

            t.Add("## After the step");
            t.Add($"Fed forward again with the updated parameters, the total error is $E_{{total}} = ‹after›$ (it was {Value(Naming.TotalError, operand: false)}).");
            if (IsArticleNetwork)
            {
                t.Add("> The article prints 0.291027924 here: it updated w5..w8 before back-propagating to the hidden layer, against its own text (UpdateRule.OutputLayerFirst reproduces that figure).");
            }

            return string.Join("\n", t);
        }

        private void Section(List<string> t, string title, List<PlanLine> lines, HashSet<string> explained)
        {
            t.Add("## " + title);
            foreach (PlanLine line in lines)
            {
                if (!line.IsStatement)
                {
                    t.Add("### " + Heading(line.Comment!));
                    continue;
                }

                if (!IsKnown(line.Symbol))
                {
                    continue; // over a table: an optimizer's state
                }

                if (Explanation(line) is { } why && explained.Add(why.Kind))
                {
                    t.Add(why.Text);
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
                    string substituted = form.Reads().All(IsKnown)
                        ? string.Concat(NotationRenderer.Substituted(form).Select(p => p.Value is null ? p.Text : Value(p.Value, true)))
                        : symbolic; // a value it reads is not known: the formula and the result
                    t.Add($"$${name}¦{(symbolic == name ? string.Empty : symbolic)}¦{substituted}¦{Value(line.Symbol, false)}$$");
                }

                if (IsArticleNetwork && ArticleNotes.TryGetValue(line.Symbol, out string? note))
                {
                    t.Add("> " + note);
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

        /// <summary>The one paragraph on the optimizer, before its first statement.</summary>
        private (string Kind, string Text)? OptimizerExplanation(string symbol)
        {
            if (!_model.HasOptimizer || !_plan.Statements(_plan.Update).Any(line => line.Symbol == symbol))
            {
                return null;
            }

            return ("optimizer", _model.OptimizerKind switch
            {
                OptimizerKind.Adam => @"Adam (as PyTorch's `torch.optim.Adam`, and `AdamW` when $\lambda > 0$) keeps for every parameter a running mean of its gradient, $m$, and of its squared gradient, $v$. Both start at 0, so early on they lean towards 0; dividing by $1 - \beta^t$ corrects that. Each parameter then moves by $\eta \cdot \frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon}$, a step of about $\eta$ whatever the gradient's scale, after the decoupled weight decay $w \cdot (1 - \eta \cdot \lambda)$.",
                OptimizerKind.Momentum => @"Momentum (as PyTorch's `torch.optim.SGD` with `momentum`) keeps for every parameter a velocity, a running sum of its gradients decayed by $\mu$, and moves the parameter against it: steps along a steady slope add up, steps that flip sign cancel. The gradient includes the weight decay, $g = \frac{\partial E_{total}}{\partial w} + \lambda \cdot w$.",
                _ => @"Gradient descent with weight decay (as PyTorch's `torch.optim.SGD` with `weight_decay`) adds $\lambda \cdot w$ to each gradient, pulling every parameter towards 0, then moves it against that gradient: $w^{+} = w - \eta \cdot g$.",
            });
        }
    }

    /// <summary>The generator's model of a network, from what the runtime knows of it.</summary>
    internal static class StepModel
    {
        /// <summary>
        /// The model of the network <paramref name="network"/> describes, named <paramref name="name"/>, with its update rule
        /// and optimizer (null: the article's update); what only the generated code needs (the learning rate, the
        /// optimizer's hyperparameters, the code shape) is left at defaults.
        /// </summary>
        public static NetworkModel Of(NetworkDescription network, string name = "", UpdateRule updateRule = UpdateRule.Simultaneous, Optimizer? optimizer = null)
        {
            IReadOnlyList<Activation> activations = network.Activations;
            return new NetworkModel(
                new TypeDeclarationModel(string.Empty, EquatableArray<ContainingTypeModel>.Empty, name, name, name),
                network.LayerSizes.ToEquatableArray(),
                (ActivationKind)activations[0],
                (ActivationKind)activations[activations.Count - 1],
                (LossKind)network.Loss,
                (BiasKind)network.Bias,
                network.TrainBiases,
                LearningRate: 0.0,
                (UpdateRuleKind)updateRule,
                AttributeText: string.Empty,
                Optimizer: optimizer is { } kind ? new OptimizerModel((OptimizerKind)kind, 0.0, 0.0, 0.0, 0.0, 0.0) : null,
                Precision: (PrecisionKind)network.Precision);
        }
    }
}
