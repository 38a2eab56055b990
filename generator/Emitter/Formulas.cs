using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Writes the mathematics of a training step: every symbol of the article with its C# expression and its formula.
    /// The order of floating-point operations follows the article (and its reference C implementation).
    /// </summary>
    internal static class Formulas
    {
        private const string Math = "global::System.Math.";
        private const string Times = @" \cdot ";

        private static Part S(string identifier) => Part.Symbol(identifier);

        private static Part T(string latex) => Part.Text(latex);

        /// <summary>Parts joined by a LaTeX operator: a + b + c.</summary>
        private static Part[] Join(string separator, IEnumerable<Part[]> terms)
        {
            var parts = new List<Part>();
            foreach (Part[] term in terms)
            {
                if (parts.Count > 0)
                {
                    parts.Add(T(separator));
                }

                parts.AddRange(term);
            }

            return parts.ToArray();
        }

        public static StepPlan Build(NetworkLayout layout)
        {
            var plan = new StepPlan();
            for (int l = 1; l < layout.LayerCount; l++)
            {
                AddForwardLayer(plan.Forward, layout, l);
            }

            AddError(plan.Error, layout);
            for (int l = layout.OutputLayer; l >= 1; l--)
            {
                AddDeltas(plan, layout, l);
                AddGradients(plan.Backward, layout, l);
                if (layout.Model.UpdateRule == UpdateRuleKind.OutputLayerFirst && l > 1)
                {
                    plan.Backward.Add(PlanLine.Section(
                        "OutputLayerFirst: update these weights now, so that the layers below back-propagate through the new ones"));
                    AddWeightUpdates(plan.Backward, layout, l);
                    foreach (string weight in WeightsInto(layout, l))
                    {
                        plan.UpdatedEarly.Add(weight);
                    }
                }
            }

            AddUpdate(plan, layout);
            return plan;
        }

        private static void AddForwardLayer(List<PlanLine> lines, NetworkLayout layout, int l)
        {
            ActivationKind activation = layout.ActivationOf(l);
            lines.Add(PlanLine.Section(
                $"Forward pass, {layout.LayerTitle(l)}: the total net input of each neuron, {Squash(activation)}"));
            for (int j = 0; j < layout.Sizes[l]; j++)
            {
                string neuron = layout.Neurons[l][j];
                AddNet(lines, layout, l, j);
                if (activation != ActivationKind.Softmax)
                {
                    lines.Add(Activate(activation, neuron));
                }
            }

            if (activation == ActivationKind.Softmax)
            {
                AddSoftmax(lines, layout.Neurons[l]);
            }
        }

        private static string Squash(ActivationKind activation) => activation switch
        {
            ActivationKind.Logistic => "squashed by the logistic function",
            ActivationKind.Tanh => "squashed by tanh",
            ActivationKind.ReLU => "rectified (ReLU)",
            ActivationKind.LeakyReLU => "rectified with a slope of 0.01 below zero (leaky ReLU)",
            ActivationKind.Identity => "passed through unchanged (identity)",
            _ => "normalised by the softmax",
        };

        private static void AddNet(List<PlanLine> lines, NetworkLayout layout, int l, int j)
        {
            string neuron = layout.Neurons[l][j];
            var code = new List<string>();
            var formula = new List<string>();
            for (int k = 0; k < layout.Sizes[l - 1]; k++)
            {
                string weight = layout.Weight(l, j, k);
                string source = Naming.Out(layout.Neurons[l - 1][k]);
                code.Add(weight + " * " + source);
                formula.Add(weight + "·" + source);
            }

            string? bias = layout.Bias(l, j);
            if (bias is not null)
            {
                code.Add(bias);
                formula.Add(bias + "·1");
            }

            var terms = new List<Part[]>();
            for (int k = 0; k < layout.Sizes[l - 1]; k++)
            {
                terms.Add(new[] { S(layout.Weight(l, j, k)), T(Times), S(Naming.Out(layout.Neurons[l - 1][k])) });
            }

            if (bias is not null)
            {
                terms.Add(new[] { S(bias), T(Times + "1") });
            }

            string net = Naming.Net(neuron);
            lines.Add(PlanLine.Statement(net, string.Join(" + ", code), net + " = " + string.Join(" + ", formula)).Explained(Join(" + ", terms)));
        }

        private static PlanLine Activate(ActivationKind activation, string neuron)
        {
            string net = Naming.Net(neuron);
            string output = Naming.Out(neuron);
            return activation switch
            {
                ActivationKind.Logistic => PlanLine.Statement(
                    output, $"1.0 / (1.0 + {Math}Exp(-{net}))", $"{output} = 1/(1 + e^-{net})")
                    .Explained(T(@"\frac{1}{1+e^{-"), S(net), T("}}")),
                ActivationKind.Tanh => PlanLine.Statement(
                    output, $"{Math}Tanh({net})", $"{output} = tanh({net})")
                    .Explained(T(@"\tanh "), S(net)),
                ActivationKind.ReLU => PlanLine.Statement(
                    output, $"{net} > 0.0 ? {net} : 0.0", $"{output} = max(0, {net})")
                    .Explained(T(@"\max(0, "), S(net), T(")")),
                ActivationKind.LeakyReLU => PlanLine.Statement(
                    output, $"{net} > 0.0 ? {net} : 0.01 * {net}", $"{output} = {net} if {net} > 0, else 0.01·{net}")
                    .Explained(T(@"\max("), S(net), T(", 0.01" + Times), S(net), T(")")),
                _ => PlanLine.Statement(output, net, $"{output} = {net}").Explained(S(net)),
            };
        }

        private static void AddSoftmax(List<PlanLine> lines, string[] outputs)
        {
            string max = Naming.Net(outputs[0]);
            for (int k = 1; k < outputs.Length; k++)
            {
                max = $"{Math}Max({max}, {Naming.Net(outputs[k])})";
            }

            lines.Add(PlanLine.Statement(Naming.SoftmaxMax, max, "max_k net_ok, subtracted below so that no e^x overflows")
                .Explained(new[] { T(@"\max(") }.Concat(Join(", ", outputs.Select(o => new[] { S(Naming.Net(o)) }))).Concat(new[] { T(")") }).ToArray()));
            foreach (string output in outputs)
            {
                lines.Add(PlanLine.Statement(
                    Naming.SoftmaxExp(output),
                    $"{Math}Exp({Naming.Net(output)} - {Naming.SoftmaxMax})",
                    $"e^({Naming.Net(output)} - {Naming.SoftmaxMax})")
                    .Explained(T("e^{"), S(Naming.Net(output)), T(" - "), S(Naming.SoftmaxMax), T("}")));
            }

            lines.Add(PlanLine.Statement(
                Naming.SoftmaxSum,
                string.Join(" + ", outputs.Select(Naming.SoftmaxExp)),
                "Σ_k e^(net_ok - max_net_o)")
                .Explained(Join(" + ", outputs.Select(o => new[] { S(Naming.SoftmaxExp(o)) }))));
            foreach (string output in outputs)
            {
                lines.Add(PlanLine.Statement(
                    Naming.Out(output),
                    $"{Naming.SoftmaxExp(output)} / {Naming.SoftmaxSum}",
                    $"{Naming.Out(output)} = e^{Naming.Net(output)} / Σ_k e^net_ok")
                    .Explained(T(@"\frac{"), S(Naming.SoftmaxExp(output)), T("}{"), S(Naming.SoftmaxSum), T("}")));
            }
        }

        private static void AddError(List<PlanLine> lines, NetworkLayout layout)
        {
            NetworkModel model = layout.Model;
            string[] outputs = layout.Outputs;
            if (model.Loss == LossKind.SquaredError)
            {
                lines.Add(PlanLine.Section("Error: the squared error of each output, and their sum"));
                foreach (string output in outputs)
                {
                    string difference = $"({Naming.Target(output)} - {Naming.Out(output)})";
                    lines.Add(PlanLine.Statement(
                        Naming.Error(output), $"0.5 * {difference} * {difference}", $"{Naming.Error(output)} = ½{difference}²")
                        .Explained(T(@"\frac{1}{2}("), S(Naming.Target(output)), T(" - "), S(Naming.Out(output)), T(")^2")));
                }
            }
            else if (model.OutputActivation == ActivationKind.Softmax)
            {
                lines.Add(PlanLine.Section("Error: the cross-entropy of each output, and their sum"));
                lines.Add(PlanLine.Statement(
                    Naming.SoftmaxLogSum, $"{Math}Log({Naming.SoftmaxSum})", "ln Σ_k e^(net_ok - max_net_o)")
                    .Explained(T(@"\ln "), S(Naming.SoftmaxSum)));
                foreach (string output in outputs)
                {
                    string target = Naming.Target(output);
                    lines.Add(PlanLine.Statement(
                        Naming.Error(output),
                        $"-{target} * ({Naming.Net(output)} - {Naming.SoftmaxMax} - {Naming.SoftmaxLogSum})",
                        $"{Naming.Error(output)} = -{target}·ln({Naming.Out(output)}), ln({Naming.Out(output)}) taken as {Naming.Net(output)} - max_net_o - ln_sum_exp_o")
                        .Explained(T("-"), S(target), T(@" \ln "), S(Naming.Out(output)))
                        .Explained(T("-"), S(target), T(@" \cdot ("), S(Naming.Net(output)), T(" - "), S(Naming.SoftmaxMax), T(" - "), S(Naming.SoftmaxLogSum), T(")")));
                }
            }
            else
            {
                lines.Add(PlanLine.Section("Error: the binary cross-entropy of each output, and their sum"));
                foreach (string output in outputs)
                {
                    string target = Naming.Target(output);
                    string net = Naming.Net(output);
                    string result = Naming.Out(output);
                    lines.Add(PlanLine.Statement(
                        Naming.Error(output),
                        $"{Math}Max({net}, 0.0) - {net} * {target} + {Math}Log(1.0 + {Math}Exp(-{Math}Abs({net})))",
                        $"{Naming.Error(output)} = -[{target}·ln({result}) + (1 - {target})·ln(1 - {result})], from {net} so never ln 0")
                        .Explained(T("-["), S(target), T(@" \ln "), S(result), T(" + (1 - "), S(target), T(@") \ln(1 - "), S(result), T(")]")));
                }
            }

            string sum = string.Join(" + ", outputs.Select(Naming.Error));
            lines.Add(PlanLine.Statement(Naming.TotalError, sum, Naming.TotalError + " = " + sum)
                .Explained(Join(" + ", outputs.Select(o => new[] { S(Naming.Error(o)) }))));
        }

        private static void AddDeltas(StepPlan plan, NetworkLayout layout, int l)
        {
            List<PlanLine> lines = plan.Backward;
            ActivationKind activation = layout.ActivationOf(l);
            if (l == layout.OutputLayer)
            {
                lines.Add(PlanLine.Section(layout.FusedOutputDelta
                    ? $"Backward pass, output layer: with cross-entropy after {activation}, the activation's derivative cancels: δ = ∂E_total/∂net = out - target"
                    : "Backward pass, output layer: δ = ∂E_total/∂out · ∂out/∂net"));
                foreach (string output in layout.Outputs)
                {
                    string result = Naming.Out(output);
                    string target = Naming.Target(output);
                    string delta = Naming.Delta(output);
                    if (layout.FusedOutputDelta)
                    {
                        lines.Add(PlanLine.Statement(delta, $"{result} - {target}", $"δ_{output} = ∂E_total/∂{Naming.Net(output)} = {result} - {target}")
                            .Explained(S(result), T(" - "), S(target)));
                        continue;
                    }

                    string byOut = Naming.TotalErrorByOut(output);
                    lines.Add(PlanLine.Statement(byOut, $"{result} - {target}", $"∂E_total/∂{result} = -({target} - {result})")
                        .Explained(T("-("), S(target), T(" - "), S(result), T(")")));
                    lines.Add(Derivative(activation, output));
                    lines.Add(PlanLine.Statement(
                        delta,
                        $"{byOut} * {Naming.OutByNet(output)}",
                        $"δ_{output} = ∂E_total/∂{result} · ∂{result}/∂{Naming.Net(output)}")
                        .Explained(S(byOut), T(Times), S(Naming.OutByNet(output))));
                }

                return;
            }

            int upper = l + 1;
            bool perOutputTerms = upper == layout.OutputLayer && layout.Model.OutputActivation != ActivationKind.Softmax;
            lines.Add(PlanLine.Section(
                $"Backward pass, {layout.LayerTitle(l)}: each output feeds every neuron of the layer above, so ∂E_total/∂out sums over them"));
            for (int j = 0; j < layout.Sizes[l]; j++)
            {
                string neuron = layout.Neurons[l][j];
                string result = Naming.Out(neuron);
                string byOut = Naming.TotalErrorByOut(neuron);
                var terms = new List<string>();
                var termFormulas = new List<string>();
                var termParts = new List<Part[]>();
                for (int k = 0; k < layout.Sizes[upper]; k++)
                {
                    string above = layout.Neurons[upper][k];
                    string weight = layout.Weight(upper, k, j);
                    string weightNow = plan.UpdatedEarly.Contains(weight) ? Naming.Updated(weight) : weight;
                    if (perOutputTerms)
                    {
                        string term = Naming.OutputErrorByOut(above, neuron);
                        lines.Add(PlanLine.Statement(
                            term,
                            $"{Naming.Delta(above)} * {weightNow}",
                            $"∂{Naming.Error(above)}/∂{result} = δ_{above} · ∂{Naming.Net(above)}/∂{result} = δ_{above}·{FormulaName(weightNow)}")
                            .Explained(S(Naming.Delta(above)), T(Times), S(weightNow)));
                        terms.Add(term);
                        termFormulas.Add($"∂{Naming.Error(above)}/∂{result}");
                        termParts.Add(new[] { S(term) });
                    }
                    else
                    {
                        terms.Add($"{Naming.Delta(above)} * {weightNow}");
                        termFormulas.Add($"δ_{above}·{FormulaName(weightNow)}");
                        termParts.Add(new[] { S(Naming.Delta(above)), T(Times), S(weightNow) });
                    }
                }

                lines.Add(PlanLine.Statement(byOut, string.Join(" + ", terms), $"∂E_total/∂{result} = {string.Join(" + ", termFormulas)}")
                    .Explained(Join(" + ", termParts)));
                lines.Add(Derivative(activation, neuron));
                lines.Add(PlanLine.Statement(
                    Naming.Delta(neuron),
                    $"{byOut} * {Naming.OutByNet(neuron)}",
                    $"δ_{neuron} = ∂E_total/∂{result} · ∂{result}/∂{Naming.Net(neuron)}")
                    .Explained(S(byOut), T(Times), S(Naming.OutByNet(neuron))));
            }
        }

        private static string FormulaName(string identifier) =>
            identifier.EndsWith("_plus", System.StringComparison.Ordinal) ? identifier.Substring(0, identifier.Length - 5) + "⁺" : identifier;

        private static PlanLine Derivative(ActivationKind activation, string neuron)
        {
            string result = Naming.Out(neuron);
            string symbol = Naming.OutByNet(neuron);
            string name = $"∂{result}/∂{Naming.Net(neuron)}";
            return activation switch
            {
                ActivationKind.Logistic => PlanLine.Statement(symbol, $"{result} * (1.0 - {result})", $"{name} = {result}(1 - {result})")
                    .Explained(S(result), T("(1 - "), S(result), T(")")),
                ActivationKind.Tanh => PlanLine.Statement(symbol, $"1.0 - {result} * {result}", $"{name} = 1 - {result}²")
                    .Explained(T("1 - "), S(result), T("^2")),
                ActivationKind.ReLU => PlanLine.Statement(symbol, $"{result} > 0.0 ? 1.0 : 0.0", $"{name} = 1 if {Naming.Net(neuron)} > 0, else 0")
                    .Explained(T(@"[\,"), S(Naming.Net(neuron)), T(@" > 0\,]")),
                ActivationKind.LeakyReLU => PlanLine.Statement(symbol, $"{result} > 0.0 ? 1.0 : 0.01", $"{name} = 1 if {Naming.Net(neuron)} > 0, else 0.01")
                    .Explained(T(@"1 \text{ if } "), S(Naming.Net(neuron)), T(@" > 0 \text{, else } 0.01")),
                _ => PlanLine.Statement(symbol, "1.0", $"{name} = 1").Explained(T("1")),
            };
        }

        private static void AddGradients(List<PlanLine> lines, NetworkLayout layout, int l)
        {
            lines.Add(PlanLine.Section(
                $"Gradients of the weights into the {layout.LayerTitle(l)}: ∂E_total/∂w = δ of the neuron it feeds · the output it multiplies"));
            for (int j = 0; j < layout.Sizes[l]; j++)
            {
                string neuron = layout.Neurons[l][j];
                for (int k = 0; k < layout.Sizes[l - 1]; k++)
                {
                    string weight = layout.Weight(l, j, k);
                    string source = Naming.Out(layout.Neurons[l - 1][k]);
                    var netByWeight = new Part(Naming.Partial(Naming.Latex(Naming.Net(neuron)), Naming.Latex(weight)), source);
                    Part[] chain = l == layout.OutputLayer && layout.FusedOutputDelta
                        ? new[] { new Part(Naming.Partial("E_{total}", Naming.Latex(Naming.Net(neuron))), Naming.Delta(neuron)), T(Times), netByWeight }
                        : new[] { S(Naming.TotalErrorByOut(neuron)), T(Times), S(Naming.OutByNet(neuron)), T(Times), netByWeight };
                    lines.Add(PlanLine.Statement(
                        Naming.Gradient(weight),
                        $"{Naming.Delta(neuron)} * {source}",
                        $"∂E_total/∂{weight} = δ_{neuron} · ∂{Naming.Net(neuron)}/∂{weight} = δ_{neuron}·{source}")
                        .Explained(chain)
                        .Explained(S(Naming.Delta(neuron)), T(Times), S(source)));
                }
            }

            if (layout.Model.Bias == BiasKind.SharedPerLayer)
            {
                string bias = Naming.SharedBias(l);
                string sum = string.Join(" + ", layout.Neurons[l].Select(Naming.Delta));
                string formula = string.Join(" + ", layout.Neurons[l].Select(n => "δ_" + n));
                lines.Add(PlanLine.Statement(Naming.Gradient(bias), sum, $"∂E_total/∂{bias} = {formula} (the bias feeds every neuron of the layer)")
                    .Explained(Join(" + ", layout.Neurons[l].Select(n => new[] { S(Naming.Delta(n)) }))));
            }
            else if (layout.Model.Bias == BiasKind.PerNeuron)
            {
                foreach (string neuron in layout.Neurons[l])
                {
                    string bias = Naming.NeuronBias(neuron);
                    lines.Add(PlanLine.Statement(Naming.Gradient(bias), Naming.Delta(neuron), $"∂E_total/∂{bias} = δ_{neuron}")
                        .Explained(S(Naming.Delta(neuron))));
                }
            }
        }

        private static IEnumerable<string> WeightsInto(NetworkLayout layout, int l)
        {
            for (int j = 0; j < layout.Sizes[l]; j++)
            {
                for (int k = 0; k < layout.Sizes[l - 1]; k++)
                {
                    yield return layout.Weight(l, j, k);
                }
            }
        }

        private static void AddWeightUpdates(List<PlanLine> lines, NetworkLayout layout, int l)
        {
            foreach (string weight in WeightsInto(layout, l))
            {
                lines.Add(UpdateOf(weight));
            }
        }

        private static PlanLine UpdateOf(string parameter) => PlanLine.Statement(
            Naming.Updated(parameter),
            $"{parameter} - {Naming.LearningRate} * {Naming.Gradient(parameter)}",
            $"{parameter}⁺ = {parameter} - η·∂E_total/∂{parameter}")
            .Explained(S(parameter), T(" - "), S(Naming.LearningRate), T(Times), S(Naming.Gradient(parameter)));

        private static void AddUpdate(StepPlan plan, NetworkLayout layout)
        {
            bool early = plan.UpdatedEarly.Count > 0;
            plan.Update.Add(PlanLine.Section(early
                ? "Update the remaining weights: w⁺ = w - η·∂E_total/∂w"
                : "Update: w⁺ = w - η·∂E_total/∂w, every gradient taken from the weights before the step"));
            foreach (string weight in layout.Weights)
            {
                if (!plan.UpdatedEarly.Contains(weight))
                {
                    plan.Update.Add(UpdateOf(weight));
                }
            }

            if (layout.Model.TrainBiases)
            {
                foreach (string bias in layout.Biases)
                {
                    plan.Update.Add(UpdateOf(bias));
                }
            }
        }
    }
}
