using System;
using System.Collections.Generic;
using BackpropGen.Generator.Emitter.Expressions;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The value of an expression tree of the step, in the order of operations the tree fixes (the order the generated code
    /// computes in): for the walkthrough of a network whose step does not keep every symbol (vectorised kernels, a step in
    /// parts), the symbols in between what it keeps (∂E_total/∂out, ∂out/∂net, E_o1, ...) are computed from the kept ones.
    /// </summary>
    internal static class StepEvaluator
    {
        /// <summary>
        /// The value of <paramref name="expression"/>, reading its symbols from <paramref name="values"/>; over
        /// <c>float</c>, each operation's result is rounded to <c>float</c>, as the <c>float</c> code's is.
        /// </summary>
        /// <exception cref="KeyNotFoundException">The expression reads a symbol that <paramref name="values"/> does not hold.</exception>
        public static double Evaluate(Expr expression, IReadOnlyDictionary<string, double> values, bool single)
        {
            double Round(double x) => single ? (float)x : x;

            switch (expression)
            {
                case Num n:
                    return Round(n.Value);
                case Sym s:
                    return values.TryGetValue(s.Name, out double value)
                        ? value
                        : throw new KeyNotFoundException("The walkthrough has no value of " + s.Name + ", which a formula of the step reads.");
                case Alias a:
                    return Evaluate(a.Value, values, single);
                case Apply apply:
                    return Apply(apply, values, single, Round);
                default:
                    throw new InvalidOperationException("Unknown expression node " + expression.GetType().Name);
            }
        }

        private static double Apply(Apply apply, IReadOnlyDictionary<string, double> values, bool single, Func<double, double> round)
        {
            Expr[] args = apply.Args;
            double Arg(int i) => Evaluate(args[i], values, single);

            switch (apply.Op)
            {
                case Op.Add:
                case Op.Multiply:
                    // Left to right, as C# evaluates a + b + c; a notation-only factor of 1 is not in the code.
                    double result = double.NaN;
                    bool first = true;
                    foreach (Expr arg in args)
                    {
                        if (apply.Op == Op.Multiply && arg is Num { NotationOnly: true })
                        {
                            continue;
                        }

                        double x = Evaluate(arg, values, single);
                        result = first ? x : round(apply.Op == Op.Add ? result + x : result * x);
                        first = false;
                    }

                    return first ? 1.0 : result;
                case Op.Subtract:
                    return round(Arg(0) - Arg(1));
                case Op.Divide:
                    return round(Arg(0) / Arg(1));
                case Op.Negate:
                    return -Arg(0);
                case Op.Exp:
                    return round(Math.Exp(Arg(0)));
                case Op.Log:
                    return round(Math.Log(Arg(0)));
                case Op.Tanh:
                    return round(Math.Tanh(Arg(0)));
                case Op.Abs:
                    return Math.Abs(Arg(0));
                case Op.Max:
                    return Math.Max(Arg(0), Arg(1));
                case Op.Sqrt:
                    return round(Math.Sqrt(Arg(0)));
                case Op.Power:
                    return round(Math.Pow(Arg(0), Arg(1)));
                case Op.IfPositive:
                    return Arg(0) > 0.0 ? Arg(1) : Arg(2);
                default:
                    throw new InvalidOperationException("Unknown operation " + apply.Op);
            }
        }
    }
}
