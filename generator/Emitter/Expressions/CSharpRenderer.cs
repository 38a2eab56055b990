using System;
using System.Collections.Generic;
using System.Text;

namespace BackpropGen.Generator.Emitter.Expressions
{
    /// <summary>
    /// Renders an expression tree as C#: over <c>double</c> or <c>float</c> (the named scalar step), or over <c>Vector256&lt;T&gt;</c>
    /// locals of the same names (one sample per lane), where numbers are named vector constants (<c>c_0_5</c>), calls go to
    /// <c>Vector256</c> and a rectifier's choice is a lane-wise select. Parentheses follow C#'s precedence, so the tree's
    /// order of operations is the code's.
    /// </summary>
    internal sealed class CSharpRenderer
    {
        public const string Vector = "global::System.Runtime.Intrinsics.Vector256";
        /// <summary>The helper the vector code calls for tanh (Vector256 has none), written once per compilation.</summary>
        public const string TanhHelper = VectorMathNames.Tanh;

        // C# precedence levels, lowest first.
        private const int Conditional = 0;
        private const int Additive = 1;
        private const int Multiplicative = 2;
        private const int Unary = 3;
        private const int Primary = 4;

        private readonly Real _real;
        private readonly Func<string, string>? _rename;
        private readonly ISet<string>? _constants;

        private CSharpRenderer(Real real, Func<string, string>? rename, ISet<string>? constants)
        {
            _real = real;
            _rename = rename;
            _constants = constants;
        }

        private bool IsVector => _constants is not null;

        /// <summary>Scalar C# over <paramref name="real"/>; <paramref name="rename"/> maps a symbol to the identifier that holds it (e.g. a backing field).</summary>
        public static string Scalar(Expr expression, Real real, Func<string, string>? rename = null) =>
            new CSharpRenderer(real, rename, null).Render(expression, out _);

        /// <summary>Vector C#; the numbers it uses are added to <paramref name="constants"/> (as C# double literals, which name the constants).</summary>
        public static string Vectorized(Expr expression, Real real, ISet<string> constants) =>
            new CSharpRenderer(real, null, constants).Render(expression, out _);

        /// <summary>The name of the vector constant of a C# literal: <c>c_0_5</c> for 0.5.</summary>
        public static string ConstantName(string literal) =>
            "c_" + literal.Replace('.', '_').Replace('-', 'm').Replace('+', 'p');

        private string Render(Expr e, out int precedence)
        {
            switch (e)
            {
                case Num n:
                    precedence = Primary;
                    if (!IsVector)
                    {
                        return _real.Literal(n.CSharp);
                    }

                    _constants!.Add(n.CSharp);
                    return ConstantName(n.CSharp);
                case Sym s:
                    precedence = Primary;
                    return _rename is null ? s.Name : _rename(s.Name);
                case Alias a:
                    return Render(a.Value, out precedence);
                case Apply apply:
                    return RenderApply(apply, out precedence);
                default:
                    throw new InvalidOperationException("Unknown expression node " + e.GetType().Name);
            }
        }

        private string RenderApply(Apply apply, out int precedence)
        {
            Expr[] args = apply.Args;
            switch (apply.Op)
            {
                case Op.Add:
                    precedence = Additive;
                    return Chain(args, " + ", Additive);
                case Op.Subtract:
                    precedence = Additive;
                    return Chain(args, " - ", Additive);
                case Op.Multiply:
                    precedence = Multiplicative;
                    var factors = new List<Expr>();
                    foreach (Expr factor in args)
                    {
                        if (factor is not Num { NotationOnly: true })
                        {
                            factors.Add(factor);
                        }
                    }

                    if (factors.Count == 1)
                    {
                        return Render(factors[0], out precedence);
                    }

                    return Chain(factors.ToArray(), " * ", Multiplicative);
                case Op.Divide:
                    precedence = Multiplicative;
                    return Chain(args, " / ", Multiplicative);
                case Op.Negate:
                    precedence = Unary;
                    string operand = Render(args[0], out int inner);
                    return inner < Primary || operand.StartsWith("-", StringComparison.Ordinal) ? "-(" + operand + ")" : "-" + operand;
                case Op.Exp:
                    return Call("Exp", args, out precedence);
                case Op.Log:
                    return Call("Log", args, out precedence);
                case Op.Tanh:
                    return Call("Tanh", args, out precedence);
                case Op.Abs:
                    return Call("Abs", args, out precedence);
                case Op.Max:
                    return Call("Max", args, out precedence);
                case Op.Sqrt:
                    return Call("Sqrt", args, out precedence);
                case Op.Power:
                    return Call("Pow", args, out precedence);
                case Op.IfPositive:
                    if (IsVector)
                    {
                        precedence = Primary;
                        return $"{Vector}.ConditionalSelect({Vector}.GreaterThan({Render(args[0], out _)}, {Render(Expr.Zero, out _)}), {Render(args[1], out _)}, {Render(args[2], out _)})";
                    }

                    precedence = Conditional;
                    return $"{Operand(args[0], Additive)} > {_real.Literal("0.0")} ? {Operand(args[1], Conditional + 1)} : {Operand(args[2], Conditional)}";
                default:
                    throw new InvalidOperationException("Unknown operation " + apply.Op);
            }
        }

        /// <summary>Operands joined left to right: the first keeps its own precedence level, later ones need a higher one.</summary>
        private string Chain(Expr[] args, string separator, int level)
        {
            var text = new StringBuilder();
            for (int i = 0; i < args.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(separator);
                }

                text.Append(Operand(args[i], i == 0 ? level : level + 1));
            }

            return text.ToString();
        }

        /// <summary>The operand in parentheses unless its precedence is at least <paramref name="minimum"/>.</summary>
        private string Operand(Expr e, int minimum)
        {
            string text = Render(e, out int precedence);
            return precedence < minimum ? "(" + text + ")" : text;
        }

        private string Call(string function, Expr[] args, out int precedence)
        {
            precedence = Primary;
            var arguments = new List<string>();
            foreach (Expr arg in args)
            {
                arguments.Add(Render(arg, out _));
            }

            string target = !IsVector ? _real.Math + "." + function : function == "Tanh" ? TanhHelper : Vector + "." + function;
            return target + "(" + string.Join(", ", arguments) + ")";
        }
    }
}
