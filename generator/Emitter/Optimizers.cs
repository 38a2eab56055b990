using System.Collections.Generic;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// The update of a network with an optimizer (Momentum, Adam, or Sgd with weight decay), as PyTorch computes it: every
    /// symbol with its expression tree, like <see cref="Formulas"/> writes the rest of the step. Plain SGD keeps the
    /// article's update (<c>w⁺ = w - η·∂E_total/∂w</c>) and never comes here.
    /// </summary>
    internal static class Optimizers
    {
        private static Expr S(string symbol) => Expr.Symbol(symbol);

        /// <summary>The hyperparameters the optimizer's step reads, as the locals that hold them (η first).</summary>
        public static IEnumerable<string> Hyperparameters(OptimizerKind kind)
        {
            yield return Naming.LearningRate;
            if (kind == OptimizerKind.Momentum)
            {
                yield return Naming.Momentum;
            }
            else if (kind == OptimizerKind.Adam)
            {
                yield return Naming.Beta1;
                yield return Naming.Beta2;
                yield return Naming.Epsilon;
            }

            yield return Naming.WeightDecay;
        }

        /// <summary>The property that holds a hyperparameter's local: <c>mu</c> → <c>Momentum</c>.</summary>
        public static string Property(string hyperparameter) => hyperparameter switch
        {
            Naming.LearningRate => "LearningRate",
            Naming.Momentum => "Momentum",
            Naming.Beta1 => "Beta1",
            Naming.Beta2 => "Beta2",
            Naming.Epsilon => "Epsilon",
            _ => "WeightDecay",
        };

        /// <summary>The state the optimizer keeps per trained parameter: the velocity, or Adam's m and v.</summary>
        public static IEnumerable<System.Func<string, string>> StatePerParameter(OptimizerKind kind)
        {
            if (kind == OptimizerKind.Momentum)
            {
                yield return Naming.Velocity;
            }
            else if (kind == OptimizerKind.Adam)
            {
                yield return Naming.FirstMoment;
                yield return Naming.SecondMoment;
            }
        }

        /// <summary>Whether the optimizer counts its steps (Adam's bias correction needs t).</summary>
        public static bool CountsSteps(OptimizerKind kind) => kind == OptimizerKind.Adam;

        public static void AddUpdate(StepPlan plan, NetworkLayout layout, IEnumerable<string> trained)
        {
            OptimizerKind kind = layout.Model.OptimizerKind;
            if (kind == OptimizerKind.Adam)
            {
                plan.Update.Add(PlanLine.Section("Adam's bias correction for step t (the step count, from 1): β1ᵗ and β2ᵗ"));
                AddStep(plan, PlanLine.Statement(Naming.Beta1Power, Expr.Power(S(Naming.Beta1), S(Naming.Step))));
                AddStep(plan, PlanLine.Statement(Naming.Beta2Power, Expr.Power(S(Naming.Beta2), S(Naming.Step))));
            }

            plan.Update.Add(PlanLine.Section(kind switch
            {
                OptimizerKind.Momentum => "Update with momentum (PyTorch's SGD): g = ∂E_total/∂w + λ·w; velocity⁺ = μ·velocity + g; w⁺ = w - η·velocity⁺",
                OptimizerKind.Adam => "Update (PyTorch's Adam; AdamW when λ > 0): m⁺ = β1·m + (1 - β1)·g; v⁺ = β2·v + (1 - β2)·g²; m̂ = m⁺/(1 - β1ᵗ); v̂ = v⁺/(1 - β2ᵗ); w⁺ = w·(1 - η·λ) - η·m̂/(√v̂ + ε)",
                _ => "Update with weight decay (PyTorch's SGD): g = ∂E_total/∂w + λ·w; w⁺ = w - η·g",
            }));
            foreach (string parameter in trained)
            {
                var lines = new List<PlanLine>();
                Expr w = S(parameter);
                Expr eta = S(Naming.LearningRate);
                Expr gradient = S(Naming.Gradient(parameter));
                if (kind == OptimizerKind.Adam)
                {
                    string m = Naming.FirstMoment(parameter), v = Naming.SecondMoment(parameter);
                    string mhat = Naming.CorrectedFirstMoment(parameter), vhat = Naming.CorrectedSecondMoment(parameter);
                    lines.Add(PlanLine.Statement(
                        Naming.Updated(m),
                        Expr.Add(Expr.Multiply(S(Naming.Beta1), S(m)), Expr.Multiply(Expr.Subtract(Expr.One, S(Naming.Beta1)), gradient))));
                    lines.Add(PlanLine.Statement(
                        Naming.Updated(v),
                        Expr.Add(Expr.Multiply(S(Naming.Beta2), S(v)), Expr.Multiply(Expr.Subtract(Expr.One, S(Naming.Beta2)), gradient, gradient)),
                        Expr.Add(Expr.Multiply(S(Naming.Beta2), S(v)), Expr.Multiply(Expr.Subtract(Expr.One, S(Naming.Beta2)), Expr.Power(gradient, Expr.Number(2.0))))));
                    lines.Add(PlanLine.Statement(mhat, Expr.Divide(S(Naming.Updated(m)), Expr.Subtract(Expr.One, S(Naming.Beta1Power)))));
                    lines.Add(PlanLine.Statement(vhat, Expr.Divide(S(Naming.Updated(v)), Expr.Subtract(Expr.One, S(Naming.Beta2Power)))));
                    lines.Add(PlanLine.Statement(
                        Naming.Updated(parameter),
                        Expr.Subtract(
                            Expr.Multiply(w, Expr.Subtract(Expr.One, Expr.Multiply(eta, S(Naming.WeightDecay)))),
                            Expr.Divide(Expr.Multiply(eta, S(mhat)), Expr.Add(Expr.Sqrt(S(vhat)), S(Naming.Epsilon))))));
                }
                else
                {
                    string g = Naming.DecayedGradient(parameter);
                    lines.Add(PlanLine.Statement(g, Expr.Add(gradient, Expr.Multiply(S(Naming.WeightDecay), w))));
                    Expr step = S(g);
                    if (kind == OptimizerKind.Momentum)
                    {
                        string velocity = Naming.Velocity(parameter);
                        lines.Add(PlanLine.Statement(
                            Naming.Updated(velocity),
                            Expr.Add(Expr.Multiply(S(Naming.Momentum), S(velocity)), S(g)),
                            note: " (velocity starts at 0, so it is g on the first step)"));
                        step = S(Naming.Updated(velocity));
                    }

                    lines.Add(PlanLine.Statement(Naming.Updated(parameter), Expr.Subtract(w, Expr.Multiply(eta, step))));
                }

                plan.OptimizerLines[parameter] = lines;
                plan.Update.AddRange(lines);
            }
        }

        private static void AddStep(StepPlan plan, PlanLine line)
        {
            plan.OptimizerStep.Add(line);
            plan.Update.Add(line);
        }
    }
}
