using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// The order of the symbols a traced step records: the generated <c>Symbols</c> and the record of the shared step
    /// follow it, and so does the walkthrough, which the runtime renders from the same model of the step (this file is
    /// compiled into the runtime too) and reads the values by position.
    /// </summary>
    internal static class SymbolOrder
    {
        /// <summary>
        /// Every symbol in the order of Symbols: the inputs, the targets, the parameters and η before the step, the
        /// optimizer's inputs, then each statement of the step in order.
        /// </summary>
        public static IEnumerable<string> Members(NetworkLayout layout, StepPlan plan) =>
            layout.Inputs
                .Concat(layout.Outputs.Select(Naming.Target))
                .Concat(layout.Weights)
                .Concat(layout.Biases)
                .Concat(new[] { Naming.LearningRate })
                .Concat(OptimizerInputs(layout))
                .Concat(plan.Statements(plan.Forward, plan.Error, plan.Backward, plan.Update).Select(s => s.Symbol));

        /// <summary>What is recorded before the update besides the parameters and η: the optimizer's hyperparameters other than η, its step count t, its state.</summary>
        public static IEnumerable<string> OptimizerInputs(NetworkLayout layout)
        {
            NetworkModel model = layout.Model;
            if (!model.HasOptimizer)
            {
                return Enumerable.Empty<string>();
            }

            OptimizerKind kind = model.OptimizerKind;
            IEnumerable<string> trained = model.TrainBiases ? layout.Weights.Concat(layout.Biases) : layout.Weights;
            return Optimizers.Hyperparameters(kind).Skip(1)
                .Concat(Optimizers.CountsSteps(kind) ? new[] { Naming.Step } : System.Array.Empty<string>())
                .Concat(Optimizers.StatePerParameter(kind).SelectMany(state => trained.Select(state)));
        }
    }
}
