using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Writes the mathematics of a training step: every symbol of the article with the expression tree that defines it
    /// (and, where the article writes it otherwise, its notation). The order of floating-point operations follows the
    /// article (and its reference C implementation).
    /// </summary>
    internal static class Formulas
    {
        private static Expr S(string symbol) => Expr.Symbol(symbol);

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

        /// <summary>net = w·out + ... + b·1.</summary>
        private static void AddNet(List<PlanLine> lines, NetworkLayout layout, int l, int j)
        {
            var terms = new List<Expr>();
            for (int k = 0; k < layout.Sizes[l - 1]; k++)
            {
                terms.Add(Expr.Multiply(S(layout.Weight(l, j, k)), S(Naming.Out(layout.Neurons[l - 1][k]))));
            }

            string? bias = layout.Bias(l, j);
            if (bias is not null)
            {
                terms.Add(Expr.Multiply(S(bias), Expr.ShownOne));
            }

            lines.Add(PlanLine.Statement(Naming.Net(layout.Neurons[l][j]), Expr.Add(terms)));
        }

        /// <summary>The activation of <paramref name="x"/>: the formula of out = f(net).</summary>
        internal static Expr Activation(ActivationKind activation, Expr x) => activation switch
        {
            ActivationKind.Logistic => Expr.Divide(Expr.One, Expr.Add(Expr.One, Expr.Exp(Expr.Negate(x)))),
            ActivationKind.Tanh => Expr.Tanh(x),
            ActivationKind.ReLU => Expr.IfPositive(x, x, Expr.Zero),
            ActivationKind.LeakyReLU => Expr.IfPositive(x, x, Expr.Multiply(Expr.Number(0.01), x)),
            _ => x,
        };

        /// <summary>The activation's derivative ∂out/∂net, from the output <paramref name="output"/> (out &gt; 0 exactly where net &gt; 0).</summary>
        internal static Expr Derivative(ActivationKind activation, Expr output) => activation switch
        {
            ActivationKind.Logistic => Expr.Multiply(output, Expr.Subtract(Expr.One, output)),
            ActivationKind.Tanh => Expr.Subtract(Expr.One, Expr.Multiply(output, output)),
            ActivationKind.ReLU => Expr.IfPositive(output, Expr.One, Expr.Zero),
            ActivationKind.LeakyReLU => Expr.IfPositive(output, Expr.One, Expr.Number(0.01)),
            _ => Expr.One,
        };

        private static PlanLine Activate(ActivationKind activation, string neuron) =>
            PlanLine.Statement(Naming.Out(neuron), Activation(activation, S(Naming.Net(neuron))));

        private static void AddSoftmax(List<PlanLine> lines, string[] outputs)
        {
            Expr max = S(Naming.Net(outputs[0]));
            for (int k = 1; k < outputs.Length; k++)
            {
                max = Expr.Max(max, S(Naming.Net(outputs[k])));
            }

            lines.Add(PlanLine.Statement(Naming.SoftmaxMax, max, note: ", subtracted below so that no e^x overflows"));
            foreach (string output in outputs)
            {
                lines.Add(PlanLine.Statement(Naming.SoftmaxExp(output), Expr.Exp(Expr.Subtract(S(Naming.Net(output)), S(Naming.SoftmaxMax)))));
            }

            lines.Add(PlanLine.Statement(Naming.SoftmaxSum, Expr.Add(outputs.Select(o => S(Naming.SoftmaxExp(o))))));
            foreach (string output in outputs)
            {
                lines.Add(PlanLine.Statement(
                    Naming.Out(output),
                    Expr.Divide(S(Naming.SoftmaxExp(output)), S(Naming.SoftmaxSum)),
                    note: $", which is e^{Naming.Net(output)} / Σ_k e^net_ok"));
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
                    Expr difference = Expr.Subtract(S(Naming.Target(output)), S(Naming.Out(output)));
                    lines.Add(PlanLine.Statement(Naming.Error(output), Expr.Multiply(Expr.Half, difference, difference)));
                }
            }
            else if (model.OutputActivation == ActivationKind.Softmax)
            {
                lines.Add(PlanLine.Section("Error: the cross-entropy of each output, and their sum"));
                lines.Add(PlanLine.Statement(Naming.SoftmaxLogSum, Expr.Log(S(Naming.SoftmaxSum))));
                foreach (string output in outputs)
                {
                    Expr target = S(Naming.Target(output));
                    Expr logOut = Expr.Subtract(Expr.Subtract(S(Naming.Net(output)), S(Naming.SoftmaxMax)), S(Naming.SoftmaxLogSum));
                    Expr code = Expr.Multiply(Expr.Negate(target), logOut);
                    Expr notation = Expr.Multiply(Expr.Negate(target), Expr.Log(S(Naming.Out(output))));
                    lines.Add(PlanLine.Statement(
                        Naming.Error(output), code, notation,
                        $", ln(out_{output}) taken as {NotationRenderer.Render(logOut, Expressions.Notation.Text)}")
                        .Explained(notation, code));
                }
            }
            else
            {
                lines.Add(PlanLine.Section("Error: the binary cross-entropy of each output, and their sum"));
                foreach (string output in outputs)
                {
                    Expr target = S(Naming.Target(output));
                    Expr net = S(Naming.Net(output));
                    Expr result = S(Naming.Out(output));
                    Expr code = Expr.Add(
                        Expr.Subtract(Expr.Max(net, Expr.Zero), Expr.Multiply(net, target)),
                        Expr.Log(Expr.Add(Expr.One, Expr.Exp(Expr.Negate(Expr.Abs(net))))));
                    Expr notation = Expr.Negate(Expr.Add(
                        Expr.Multiply(target, Expr.Log(result)),
                        Expr.Multiply(Expr.Subtract(Expr.One, target), Expr.Log(Expr.Subtract(Expr.One, result)))));
                    lines.Add(PlanLine.Statement(Naming.Error(output), code, notation, $", computed from {Naming.Net(output)} so that it never takes ln 0"));
                }
            }

            lines.Add(PlanLine.Statement(Naming.TotalError, Expr.Add(outputs.Select(o => S(Naming.Error(o))))));
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
                    Expr result = S(Naming.Out(output));
                    Expr target = S(Naming.Target(output));
                    string delta = Naming.Delta(output);
                    if (layout.FusedOutputDelta)
                    {
                        Expr difference = Expr.Subtract(result, target);
                        lines.Add(PlanLine.Statement(delta, difference, Expr.Named(Naming.TotalErrorByNet(output), difference)).Explained(difference));
                        continue;
                    }

                    string byOut = Naming.TotalErrorByOut(output);
                    lines.Add(PlanLine.Statement(byOut, Expr.Subtract(result, target), Expr.Negate(Expr.Subtract(target, result))));
                    lines.Add(PlanLine.Statement(Naming.OutByNet(output), Derivative(activation, result)));
                    lines.Add(PlanLine.Statement(delta, Expr.Multiply(S(byOut), S(Naming.OutByNet(output)))));
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
                var terms = new List<Expr>();
                for (int k = 0; k < layout.Sizes[upper]; k++)
                {
                    string above = layout.Neurons[upper][k];
                    string weight = layout.Weight(upper, k, j);
                    Expr weightNow = S(plan.UpdatedEarly.Contains(weight) ? Naming.Updated(weight) : weight);
                    if (perOutputTerms)
                    {
                        string term = Naming.OutputErrorByOut(above, neuron);
                        lines.Add(PlanLine.Statement(term, Expr.Multiply(S(Naming.Delta(above)), Expr.Named(Naming.NetByOut(above, neuron), weightNow))));
                        terms.Add(S(term));
                    }
                    else
                    {
                        terms.Add(Expr.Multiply(S(Naming.Delta(above)), weightNow));
                    }
                }

                lines.Add(PlanLine.Statement(byOut, Expr.Add(terms)));
                lines.Add(PlanLine.Statement(Naming.OutByNet(neuron), Derivative(activation, S(result))));
                lines.Add(PlanLine.Statement(Naming.Delta(neuron), Expr.Multiply(S(byOut), S(Naming.OutByNet(neuron)))));
            }
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
                    Expr source = S(Naming.Out(layout.Neurons[l - 1][k]));
                    Expr netByWeight = Expr.Named(Naming.NetByWeight(neuron, weight), source);
                    Expr chain = l == layout.OutputLayer && layout.FusedOutputDelta
                        ? Expr.Multiply(Expr.Named(Naming.TotalErrorByNet(neuron), S(Naming.Delta(neuron))), netByWeight)
                        : Expr.Multiply(S(Naming.TotalErrorByOut(neuron)), S(Naming.OutByNet(neuron)), netByWeight);
                    lines.Add(PlanLine.Statement(Naming.Gradient(weight), Expr.Multiply(S(Naming.Delta(neuron)), netByWeight))
                        .Explained(chain, Expr.Multiply(S(Naming.Delta(neuron)), source)));
                }
            }

            if (layout.Model.Bias == BiasKind.SharedPerLayer)
            {
                string bias = Naming.SharedBias(l);
                lines.Add(PlanLine.Statement(
                    Naming.Gradient(bias),
                    Expr.Add(layout.Neurons[l].Select(n => S(Naming.Delta(n)))),
                    note: " (the bias feeds every neuron of the layer)"));
            }
            else if (layout.Model.Bias == BiasKind.PerNeuron)
            {
                foreach (string neuron in layout.Neurons[l])
                {
                    lines.Add(PlanLine.Statement(Naming.Gradient(Naming.NeuronBias(neuron)), S(Naming.Delta(neuron))));
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

        /// <summary>w⁺ = w - η·∂E_total/∂w.</summary>
        private static PlanLine UpdateOf(string parameter) => PlanLine.Statement(
            Naming.Updated(parameter),
            Expr.Subtract(S(parameter), Expr.Multiply(S(Naming.LearningRate), S(Naming.Gradient(parameter)))));

        private static void AddUpdate(StepPlan plan, NetworkLayout layout)
        {
            if (layout.Model.HasOptimizer)
            {
                Optimizers.AddUpdate(plan, layout, layout.Model.TrainBiases ? layout.Weights.Concat(layout.Biases) : layout.Weights);
                return;
            }

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
