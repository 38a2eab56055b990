using System.Collections.Generic;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>One line of a step: a section comment, or a named symbol with its C# expression and its formula.</summary>
    internal sealed class PlanLine
    {
        private PlanLine(string? comment, string symbol, string expression, string formula)
        {
            Comment = comment;
            Symbol = symbol;
            Expression = expression;
            Formula = formula;
        }

        /// <summary>A comment line that opens a group of statements, or null for a statement.</summary>
        public string? Comment { get; }

        public string Symbol { get; }

        public string Expression { get; }

        /// <summary>The formula in the article's notation, written as the statement's comment.</summary>
        public string Formula { get; }

        public bool IsStatement => Comment is null;

        private List<string>? _reads;

        /// <summary>Every identifier that <see cref="Expression"/> reads (including names such as <c>global</c> or <c>Math</c>).</summary>
        public List<string> Reads => _reads ??= Identifiers(Expression);

        /// <summary>A rough count of the IL instructions of the statement: a load per operand, an operation between operands, a store.</summary>
        public int EstimatedInstructions => IsStatement ? (2 * Operands(Expression)) + 1 : 0;

        /// <summary><paramref name="text"/> with each identifier replaced by <paramref name="rename"/>'s result (numbers and operators unchanged).</summary>
        public static string RenameIdentifiers(string text, System.Func<string, string> rename)
        {
            var result = new System.Text.StringBuilder(text.Length + 16);
            int i = 0;
            while (i < text.Length)
            {
                int start = i;
                if (char.IsLetter(text[i]) || text[i] == '_')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    bool qualified = start > 0 && (text[start - 1] == '.' || text[start - 1] == ':');
                    string name = text.Substring(start, i - start);
                    result.Append(qualified ? name : rename(name));
                }
                else if (char.IsDigit(text[i]))
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    result.Append(text, start, i - start);
                }
                else
                {
                    result.Append(text[i]);
                    i++;
                }
            }

            return result.ToString();
        }

        private static List<string> Identifiers(string text)
        {
            var names = new List<string>();
            int i = 0;
            while (i < text.Length)
            {
                if (char.IsLetter(text[i]) || text[i] == '_')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    names.Add(text.Substring(start, i - start));
                }
                else if (char.IsDigit(text[i]))
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }

            return names;
        }

        /// <summary>Identifiers and numbers in an expression; <c>global::System.Math.Exp</c> counts as one (a call).</summary>
        private static int Operands(string text)
        {
            int count = 0;
            int i = 0;
            while (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]) || text[i] == '_')
                {
                    count++;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.' || text[i] == ':'))
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }

            return count;
        }

        /// <summary>The right-hand sides the walkthrough shows, in the article's notation (e.g. the chain rule, then the delta form).</summary>
        public List<Part[]> Forms { get; } = new();

        /// <summary>Adds a right-hand side for the walkthrough.</summary>
        public PlanLine Explained(params Part[] parts)
        {
            Forms.Add(parts);
            return this;
        }

        public static PlanLine Section(string comment) => new(comment, string.Empty, string.Empty, string.Empty);

        public static PlanLine Statement(string symbol, string expression, string formula) =>
            new(null, symbol, expression, formula);
    }

    /// <summary>
    /// A piece of a formula in the walkthrough: LaTeX text, and the C# expression whose value replaces it when the numbers
    /// are substituted (null for text that stays, such as an operator).
    /// </summary>
    internal readonly struct Part
    {
        public Part(string latex, string? value)
        {
            Latex = latex;
            Value = value;
        }

        public string Latex { get; }

        public string? Value { get; }

        /// <summary>A symbol: its LaTeX name, and its value.</summary>
        public static Part Symbol(string identifier) => new(Naming.Latex(identifier), identifier);

        /// <summary>Text that is the same in the symbolic and the substituted formula.</summary>
        public static Part Text(string latex) => new(latex, null);
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

        /// <summary>Parameters updated inside <see cref="Backward"/> (<c>OutputLayerFirst</c>).</summary>
        public HashSet<string> UpdatedEarly { get; } = new();

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
