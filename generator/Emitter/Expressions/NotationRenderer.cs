using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace BackpropGen.Generator.Emitter.Expressions
{
    /// <summary>How a formula is written: plain text for comments, or LaTeX for the walkthrough.</summary>
    internal enum Notation
    {
        /// <summary>The article's notation in plain text: <c>out_h1 = 1/(1 + e^-net_h1)</c>, <c>δ_o1·w5</c>, <c>½(target_o1 - out_o1)²</c>.</summary>
        Text,

        /// <summary>LaTeX: <c>\frac{1}{1+e^{-net_{h1}}}</c>.</summary>
        Latex,
    }

    /// <summary>A piece of a rendered formula: text, or the C# expression whose run-time value the walkthrough prints there.</summary>
    internal readonly struct FormulaPiece
    {
        public FormulaPiece(string text, string? value)
        {
            Text = text;
            Value = value;
        }

        public string Text { get; }

        /// <summary>The C# expression of a value to print in place of <see cref="Text"/>, or null for text.</summary>
        public string? Value { get; }
    }

    /// <summary>
    /// Renders an expression tree in the article's notation: the formula comments of the generated code and the header,
    /// and the walkthrough's LaTeX, symbolic or with each symbol's value substituted. Named quantities (∂net_o1/∂w5) are
    /// shown by name, or, resolved, as the symbol they stand for.
    /// </summary>
    internal sealed class NotationRenderer
    {
        private const int Conditional = 0;
        private const int Additive = 1;
        private const int Multiplicative = 2;
        private const int Unary = 3;
        private const int Primary = 4;

        private readonly Notation _notation;
        private readonly bool _resolveNames;
        private readonly bool _substitute;
        private readonly List<FormulaPiece> _pieces = new();
        private readonly StringBuilder _text = new();

        private NotationRenderer(Notation notation, bool resolveNames, bool substitute)
        {
            _notation = notation;
            _resolveNames = resolveNames;
            _substitute = substitute;
        }

        private bool IsLatex => _notation == Notation.Latex;

        /// <summary>The formula as text: named quantities by name, or, with <paramref name="resolveNames"/>, by what they stand for.</summary>
        public static string Render(Expr e, Notation notation, bool resolveNames = false)
        {
            var renderer = new NotationRenderer(notation, resolveNames, substitute: false);
            renderer.Write(e, out _);
            return renderer.Finish().Single().Text;
        }

        /// <summary>
        /// The LaTeX of the formula with every symbol replaced by its value at run time: pieces of text, and the C# expressions
        /// of the values (named quantities print the value they stand for).
        /// </summary>
        public static List<FormulaPiece> Substituted(Expr e)
        {
            var renderer = new NotationRenderer(Notation.Latex, resolveNames: true, substitute: true);
            renderer.Write(e, out _);
            return renderer.Finish();
        }

        /// <summary>The name of a symbol in <paramref name="notation"/>.</summary>
        public static string Name(string symbol, Notation notation) =>
            notation == Notation.Latex ? Naming.Latex(symbol) : Naming.Text(symbol);

        private List<FormulaPiece> Finish()
        {
            FlushText();
            if (_pieces.Count == 0)
            {
                _pieces.Add(new FormulaPiece(string.Empty, null));
            }

            return _pieces;
        }

        private void FlushText()
        {
            if (_text.Length > 0)
            {
                _pieces.Add(new FormulaPiece(_text.ToString(), null));
                _text.Clear();
            }
        }

        private void Text(string text) => _text.Append(text);

        private void Value(string csharp)
        {
            FlushText();
            _pieces.Add(new FormulaPiece(string.Empty, csharp));
        }

        /// <summary>Writes the expression; <paramref name="precedence"/> says how tightly it binds, for the caller's parentheses.</summary>
        private void Write(Expr e, out int precedence)
        {
            switch (e)
            {
                case Num n:
                    precedence = Primary;
                    Text((IsLatex ? n.Latex : n.Unicode) ?? n.Text);
                    return;
                case Sym s:
                    precedence = Primary;
                    if (_substitute)
                    {
                        Value(s.Name);
                    }
                    else
                    {
                        Text(Name(s.Name, _notation));
                    }

                    return;
                case Alias a:
                    if (_resolveNames)
                    {
                        if (_substitute && a.Value is not Sym)
                        {
                            // A named quantity that is a computation: its value, computed as the code computes it (over
                            // the recorded values, which the walkthrough holds as doubles at either precision).
                            precedence = Primary;
                            Value(CSharpRenderer.Scalar(a.Value, Real.Double));
                            return;
                        }

                        Write(a.Value, out precedence);
                        return;
                    }

                    precedence = Primary;
                    Text(Name(a.Name, _notation));
                    return;
                case Apply apply:
                    WriteApply(apply, out precedence);
                    return;
                default:
                    throw new InvalidOperationException("Unknown expression node " + e.GetType().Name);
            }
        }

        private void WriteApply(Apply apply, out int precedence)
        {
            Expr[] args = apply.Args;
            switch (apply.Op)
            {
                case Op.Add:
                case Op.Subtract:
                    precedence = Additive;
                    for (int i = 0; i < args.Length; i++)
                    {
                        if (i > 0)
                        {
                            Text(apply.Op == Op.Add ? " + " : " - ");
                        }

                        Operand(args[i], i == 0 ? Additive : Additive + 1);
                    }

                    return;
                case Op.Multiply:
                    precedence = Multiplicative;
                    WriteProduct(args);
                    return;
                case Op.Divide:
                    if (IsLatex)
                    {
                        precedence = Primary;
                        Text(@"\frac{");
                        Write(args[0], out _);
                        Text("}{");
                        Write(args[1], out _);
                        Text("}");
                        return;
                    }

                    precedence = Multiplicative;
                    Operand(args[0], Primary);
                    Text("/");
                    Operand(args[1], Primary);
                    return;
                case Op.Negate:
                    precedence = Unary;
                    Text("-");
                    Operand(args[0], Primary);
                    return;
                case Op.Exp:
                    precedence = Primary;
                    if (IsLatex)
                    {
                        Text("e^{");
                        Write(args[0], out _);
                        Text("}");
                        return;
                    }

                    Text("e^");
                    Operand(args[0], args[0] is Apply { Op: Op.Negate, Args: [Sym or Alias] } ? Unary : Primary);
                    return;
                case Op.Log:
                    Function(IsLatex ? @"\ln" : "ln", args[0], out precedence);
                    return;
                case Op.Tanh:
                    Function(IsLatex ? @"\tanh" : "tanh", args[0], out precedence);
                    return;
                case Op.Abs:
                    precedence = Primary;
                    Text("|");
                    Write(args[0], out _);
                    Text("|");
                    return;
                case Op.Max:
                    precedence = Primary;
                    Text(IsLatex ? @"\max(" : "max(");
                    var operands = new List<Expr>();
                    FlattenMax(apply, operands);
                    for (int i = 0; i < operands.Count; i++)
                    {
                        if (i > 0)
                        {
                            Text(", ");
                        }

                        Write(operands[i], out _);
                    }

                    Text(")");
                    return;
                case Op.Sqrt:
                    precedence = Primary;
                    if (IsLatex)
                    {
                        Text(@"\sqrt{");
                        Write(args[0], out _);
                        Text("}");
                        return;
                    }

                    Text("√");
                    Operand(args[0], Primary);
                    return;
                case Op.Power:
                    precedence = Primary;
                    if (Render(args[0], Notation.Text, _resolveNames).IndexOf('/') >= 0)
                    {
                        // A derivative's name is a fraction: (∂E_total/∂w1)²
                        Text(IsLatex ? @"\left(" : "(");
                        Write(args[0], out _);
                        Text(IsLatex ? @"\right)" : ")");
                    }
                    else
                    {
                        Operand(args[0], Primary);
                    }

                    if (!IsLatex && args[1] is Num { Value: 2.0 })
                    {
                        Text("²");
                        return;
                    }

                    Text("^");
                    if (IsLatex)
                    {
                        Text("{");
                        Write(args[1], out _);
                        Text("}");
                        return;
                    }

                    Operand(args[1], Primary);
                    return;
                case Op.IfPositive:
                    precedence = Conditional;
                    Operand(args[1], Additive);
                    Text(IsLatex ? @" \text{ if } " : " if ");
                    Operand(args[0], Additive);
                    Text(IsLatex ? @" > 0 \text{, else } " : " > 0, else ");
                    Operand(args[2], Additive);
                    return;
                default:
                    throw new InvalidOperationException("Unknown operation " + apply.Op);
            }
        }

        /// <summary>
        /// A product as the article writes one: a repeated factor squared (½(target - out)²), a parenthesised factor after a
        /// number or symbol juxtaposed (out(1 - out)), otherwise a middle dot, spaced between named derivatives.
        /// </summary>
        private void WriteProduct(Expr[] factors)
        {
            bool spaced = factors.Any(f => f is Alias && !_resolveNames)
                || factors.Count(f => Render(f, Notation.Text, _resolveNames).IndexOf('/') >= 0 && f is Sym or Alias) >= 2;
            Expr? previous = null;
            for (int i = 0; i < factors.Length; i++)
            {
                Expr factor = factors[i];
                int power = 1;
                while (i + power < factors.Length && SameText(factor, factors[i + power]))
                {
                    power++;
                }

                bool parenthesised = Precedence(factor) < (power > 1 ? Primary : Multiplicative + 1);
                if (previous is not null)
                {
                    bool juxtapose = parenthesised && previous is Num or Sym;
                    Text(juxtapose ? string.Empty : IsLatex ? @" \cdot " : spaced ? " · " : "·");
                }

                Operand(factor, power > 1 ? Primary : Multiplicative + 1);
                if (power > 1)
                {
                    string exponent = power.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Text(IsLatex ? "^" + exponent : power == 2 ? "²" : power == 3 ? "³" : "^" + exponent);
                }

                previous = factor;
                i += power - 1;
            }
        }

        private bool SameText(Expr a, Expr b) =>
            ReferenceEquals(a, b) || Render(a, _notation, _resolveNames) == Render(b, _notation, _resolveNames);

        /// <summary>How tightly the expression's notation binds (what <see cref="Write"/> reports), without rendering it.</summary>
        private int Precedence(Expr e) => e switch
        {
            Alias a when _resolveNames && !(_substitute && a.Value is not Sym) => Precedence(a.Value),
            Apply apply => apply.Op switch
            {
                Op.Add or Op.Subtract => Additive,
                Op.Multiply => Multiplicative,
                Op.Divide => IsLatex ? Primary : Multiplicative,
                Op.Negate => Unary,
                Op.IfPositive => Conditional,
                _ => Primary,
            },
            _ => Primary,
        };

        private void Function(string name, Expr argument, out int precedence)
        {
            precedence = Primary;
            Text(name);
            if (Precedence(argument) == Primary && argument is Sym or Alias)
            {
                Text(IsLatex ? " " : "(");
                Write(argument, out _);
                Text(IsLatex ? string.Empty : ")");
                return;
            }

            Text("(");
            Write(argument, out _);
            Text(")");
        }

        private static void FlattenMax(Expr e, List<Expr> operands)
        {
            if (e is Apply { Op: Op.Max } max)
            {
                foreach (Expr arg in max.Args)
                {
                    FlattenMax(arg, operands);
                }

                return;
            }

            operands.Add(e);
        }

        private void Operand(Expr e, int minimum)
        {
            int precedence = Precedence(e);
            if (precedence < minimum)
            {
                Text("(");
                Write(e, out _);
                Text(")");
                return;
            }

            Write(e, out _);
        }
    }
}
