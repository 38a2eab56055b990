using System.Collections.Generic;
using BackpropGen.Generator.Emitter.Expressions;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// One line of a step: a section comment, or a named symbol defined by an expression tree. Every rendering of the line
    /// (scalar and vector C#, the formula comment, the walkthrough's LaTeX and numbers) comes from its trees.
    /// </summary>
    internal sealed class PlanLine
    {
        private PlanLine(string? comment, string symbol, Expr? code, Expr? notation, string? note)
        {
            Comment = comment;
            Symbol = symbol;
            Code = code!;
            Notation = notation ?? code!;
            Note = note;
        }

        /// <summary>A comment line that opens a group of statements, or null for a statement.</summary>
        public string? Comment { get; }

        public string Symbol { get; }

        /// <summary>What the code computes: the tree fixes the order of operations.</summary>
        public Expr Code { get; }

        /// <summary>The formula in the article's notation for the comment, where it is written otherwise than the code (-(target - out) for out - target).</summary>
        public Expr Notation { get; }

        /// <summary>Prose after the comment's formula (", from net_o1 so never ln 0"), or null.</summary>
        public string? Note { get; }

        public bool IsStatement => Comment is null;

        private string? _formula;

        /// <summary>
        /// The formula comment: the symbol, its formula with named quantities (∂net_o1/∂w5), then the same with what they
        /// stand for (out_h1) where that differs, then the note.
        /// </summary>
        public string Formula => _formula ??= FormulaText();

        private string FormulaText()
        {
            string named = NotationRenderer.Render(Notation, Expressions.Notation.Text);
            string resolved = NotationRenderer.Render(Notation, Expressions.Notation.Text, resolveNames: true);
            string text = Naming.Text(Symbol) + " = " + named + (resolved != named ? " = " + resolved : string.Empty);
            return text + Note;
        }

        private List<string>? _reads;

        /// <summary>Every symbol that <see cref="Code"/> reads.</summary>
        public List<string> Reads => _reads ??= Code.Reads();

        /// <summary>A rough count of the IL instructions of the statement: a load per operand, an operation between operands, a store.</summary>
        public int EstimatedInstructions => IsStatement ? (2 * Code.Operands()) + 1 : 0;

        /// <summary>The right-hand sides the walkthrough shows, in the article's notation (e.g. the chain rule, then the delta form).</summary>
        public List<Expr> Forms { get; } = new();

        /// <summary>The forms the walkthrough shows: those added, or else the comment's formula.</summary>
        public IEnumerable<Expr> WalkthroughForms => Forms.Count > 0 ? Forms : new[] { Notation };

        /// <summary>Adds a right-hand side for the walkthrough.</summary>
        public PlanLine Explained(params Expr[] forms)
        {
            Forms.AddRange(forms);
            return this;
        }

        public static PlanLine Section(string comment) => new(comment, string.Empty, null, null, null);

        public static PlanLine Statement(string symbol, Expr code, Expr? notation = null, string? note = null) =>
            new(null, symbol, code, notation, note);
    }

    /// <summary>
    /// A training step as ordered lines: the forward pass, the error, the backward pass and the update. Every generated
    /// method renders some of these sections, so each formula is written once (in <see cref="Formulas"/>).
    /// </summary>
    internal sealed class StepPlan
    {
        public List<PlanLine> Forward { get; } = new();

        public List<PlanLine> Error { get; } = new();

        /// <summary>Deltas and gradients, top layer first; under <c>OutputLayerFirst</c> also the early updates of upper layers.</summary>
        public List<PlanLine> Backward { get; } = new();

        public List<PlanLine> Update { get; } = new();

        /// <summary>With an optimizer: the statements of <see cref="Update"/> computed once per step (Adam's β1ᵗ, β2ᵗ).</summary>
        public List<PlanLine> OptimizerStep { get; } = new();

        /// <summary>With an optimizer: the statements of <see cref="Update"/> of each trained parameter, in parameter order.</summary>
        public Dictionary<string, List<PlanLine>> OptimizerLines { get; } = new();

        /// <summary>Parameters updated inside <see cref="Backward"/> (<c>OutputLayerFirst</c>).</summary>
        public HashSet<string> UpdatedEarly { get; } = new();

        /// <summary>The same step without its update, for the parts of a network whose optimizer updates in parts of its own.</summary>
        public StepPlan WithoutUpdate()
        {
            var plan = new StepPlan();
            plan.Forward.AddRange(Forward);
            plan.Error.AddRange(Error);
            plan.Backward.AddRange(Backward);
            plan.UpdatedEarly.UnionWith(UpdatedEarly);
            return plan;
        }

        public IEnumerable<PlanLine> Statements(params List<PlanLine>[] sections)
        {
            foreach (List<PlanLine> section in sections)
            {
                foreach (PlanLine line in section)
                {
                    if (line.IsStatement)
                    {
                        yield return line;
                    }
                }
            }
        }
    }
}
