using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen.Generator.Emitter.Expressions
{
    /// <summary>The operations of a step's expressions.</summary>
    internal enum Op
    {
        /// <summary>a + b + ..., added left to right.</summary>
        Add,

        /// <summary>a - b.</summary>
        Subtract,

        /// <summary>a · b · ..., multiplied left to right.</summary>
        Multiply,

        /// <summary>a / b.</summary>
        Divide,

        /// <summary>-a.</summary>
        Negate,

        /// <summary>e^a.</summary>
        Exp,

        /// <summary>ln a.</summary>
        Log,

        /// <summary>tanh a.</summary>
        Tanh,

        /// <summary>|a|.</summary>
        Abs,

        /// <summary>max(a, b).</summary>
        Max,

        /// <summary>√a.</summary>
        Sqrt,

        /// <summary>a^b (an optimizer's β^t).</summary>
        Power,

        /// <summary>a rectifier's choice: <c>Args[1]</c> if <c>Args[0]</c> &gt; 0, else <c>Args[2]</c>.</summary>
        IfPositive,
    }

    /// <summary>
    /// One node of the expression tree that defines a symbol of the step. <see cref="Formulas"/> builds the trees once;
    /// renderers turn them into scalar C#, vector C#, the formula comment, LaTeX and the walkthrough's substituted numbers.
    /// The tree fixes the order of the floating-point operations: the C# renderers never reorder it.
    /// </summary>
    internal abstract class Expr
    {
        public static Expr Number(double value) => new Num(value, null, null, notationOnly: false);

        /// <summary>A symbol of the step: an input, a parameter, a local such as <c>net_h1</c>.</summary>
        public static Expr Symbol(string name) => new Sym(name);

        /// <summary>
        /// A quantity the article names that is another symbol's value, e.g. ∂net_o1/∂w5 = out_h1: formulas show the name,
        /// code computes the value.
        /// </summary>
        public static Expr Named(string name, Expr value) => new Alias(name, value);

        public static Expr Add(params Expr[] terms) => terms.Length == 1 ? terms[0] : new Apply(Op.Add, terms);

        public static Expr Add(IEnumerable<Expr> terms) => Add(new List<Expr>(terms).ToArray());

        public static Expr Subtract(Expr a, Expr b) => new Apply(Op.Subtract, a, b);

        public static Expr Multiply(params Expr[] factors) => factors.Length == 1 ? factors[0] : new Apply(Op.Multiply, factors);

        public static Expr Divide(Expr a, Expr b) => new Apply(Op.Divide, a, b);

        public static Expr Negate(Expr a) => new Apply(Op.Negate, a);

        public static Expr Exp(Expr a) => new Apply(Op.Exp, a);

        public static Expr Log(Expr a) => new Apply(Op.Log, a);

        public static Expr Tanh(Expr a) => new Apply(Op.Tanh, a);

        public static Expr Abs(Expr a) => new Apply(Op.Abs, a);

        public static Expr Max(Expr a, Expr b) => new Apply(Op.Max, a, b);

        public static Expr Sqrt(Expr a) => new Apply(Op.Sqrt, a);

        public static Expr Power(Expr a, Expr b) => new Apply(Op.Power, a, b);

        /// <summary><paramref name="ifPositive"/> where <paramref name="x"/> &gt; 0, else <paramref name="otherwise"/>.</summary>
        public static Expr IfPositive(Expr x, Expr ifPositive, Expr otherwise) => new Apply(Op.IfPositive, x, ifPositive, otherwise);

        /// <summary>The number 1 of a formula such as <c>b1·1</c>: shown in formulas, left out of code (multiplying by 1 is exact).</summary>
        public static readonly Expr ShownOne = new Num(1.0, null, null, notationOnly: true);

        /// <summary>½, as the article writes the squared error's factor.</summary>
        public static readonly Expr Half = new Num(0.5, "½", @"\frac{1}{2}", notationOnly: false);

        public static readonly Expr Zero = Number(0.0);

        public static readonly Expr One = Number(1.0);

        /// <summary>Every symbol the expression reads (an alias reads its value's symbols), in order, with repeats.</summary>
        public List<string> Reads()
        {
            var names = new List<string>();
            CollectReads(this, names);
            return names;
        }

        private static void CollectReads(Expr e, List<string> names)
        {
            switch (e)
            {
                case Sym s:
                    names.Add(s.Name);
                    break;
                case Alias a:
                    CollectReads(a.Value, names);
                    break;
                case Apply apply:
                    foreach (Expr arg in apply.Args)
                    {
                        CollectReads(arg, names);
                    }

                    break;
            }
        }

        /// <summary>
        /// The operands of the code (symbols, numbers, calls): the basis of the IL estimate that decides when a step is cut
        /// into parts (a load per operand, an operation between operands).
        /// </summary>
        public int Operands()
        {
            switch (this)
            {
                case Num n:
                    return n.NotationOnly ? 0 : 1;
                case Sym:
                    return 1;
                case Alias a:
                    return a.Value.Operands();
                case Apply apply:
                    int count = apply.Op switch
                    {
                        Op.Exp or Op.Log or Op.Tanh or Op.Abs or Op.Max => 1,
                        Op.IfPositive => 1, // the comparison's 0
                        _ => 0,
                    };
                    foreach (Expr arg in apply.Args)
                    {
                        count += arg.Operands();
                    }

                    return count;
                default:
                    return 0;
            }
        }
    }

    /// <summary>A number; <see cref="Unicode"/> and <see cref="Latex"/> override how formulas show it (½).</summary>
    internal sealed class Num : Expr
    {
        public Num(double value, string? unicode, string? latex, bool notationOnly)
        {
            Value = value;
            Unicode = unicode;
            Latex = latex;
            NotationOnly = notationOnly;
        }

        public double Value { get; }

        public string? Unicode { get; }

        public string? Latex { get; }

        /// <summary>A factor of 1 that formulas show and code leaves out.</summary>
        public bool NotationOnly { get; }

        /// <summary>The number as formulas write it: <c>0.5</c>, <c>1</c>.</summary>
        public string Text => Value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>The number as a C# double literal: <c>0.5</c>, <c>1.0</c>.</summary>
        public string CSharp
        {
            get
            {
                string text = Text;
                return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
            }
        }
    }

    /// <summary>A symbol read by name.</summary>
    internal sealed class Sym : Expr
    {
        public Sym(string name) => Name = name;

        public string Name { get; }
    }

    /// <summary>A quantity shown by its own name in formulas and computed as <see cref="Value"/>.</summary>
    internal sealed class Alias : Expr
    {
        public Alias(string name, Expr value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public Expr Value { get; }
    }

    /// <summary>An operation on arguments.</summary>
    internal sealed class Apply : Expr
    {
        public Apply(Op op, params Expr[] args)
        {
            Op = op;
            Args = args;
        }

        public Op Op { get; }

        public Expr[] Args { get; }
    }
}
