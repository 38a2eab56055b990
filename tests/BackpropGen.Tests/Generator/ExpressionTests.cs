using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter;
using BackpropGen.Generator.Emitter.Expressions;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// The model of the step, without a compilation: expression trees rendered as C# (whose parentheses must keep the tree's
    /// order of operations), as vector C#, and in the article's notation.
    /// </summary>
    public class ExpressionTests
    {
        private static Expr S(string name) => Expr.Symbol(name);

        [Fact]
        public void Scalar_CSharp_keeps_the_trees_order_of_operations()
        {
            foreach ((Expr tree, string expected) in CSharpCases())
            {
                Assert.Equal(expected, CSharpRenderer.Scalar(tree, Real.Double));
            }
        }

        private static (Expr, string)[] CSharpCases() => new (Expr, string)[]
        {
            (Expr.Subtract(S("a"), Expr.Subtract(S("b"), S("c"))), "a - (b - c)"),
            (Expr.Subtract(Expr.Subtract(S("a"), S("b")), S("c")), "a - b - c"),
            (Expr.Add(S("a"), Expr.Add(S("b"), S("c"))), "a + (b + c)"),
            (Expr.Multiply(S("a"), Expr.Add(S("b"), S("c"))), "a * (b + c)"),
            (Expr.Multiply(S("a"), Expr.Multiply(S("b"), S("c"))), "a * (b * c)"),
            (Expr.Divide(S("a"), Expr.Multiply(S("b"), S("c"))), "a / (b * c)"),
            (Expr.Divide(Expr.Multiply(S("a"), S("b")), S("c")), "a * b / c"),
            (Expr.Negate(Expr.Negate(S("x"))), "-(-x)"),
            (Expr.Negate(Expr.Subtract(S("t"), S("o"))), "-(t - o)"),
            (Expr.Multiply(Expr.Negate(S("t")), S("y")), "-t * y"),
            (Expr.Multiply(Expr.Half, Expr.Subtract(S("t"), S("o")), Expr.Subtract(S("t"), S("o"))), "0.5 * (t - o) * (t - o)"),
            (Expr.Add(Expr.Multiply(S("w1"), S("i1")), Expr.Multiply(S("b1"), Expr.ShownOne)), "w1 * i1 + b1"),
            (Expr.Divide(Expr.One, Expr.Add(Expr.One, Expr.Exp(Expr.Negate(S("net"))))), "1.0 / (1.0 + global::System.Math.Exp(-net))"),
            (Expr.IfPositive(S("x"), S("x"), Expr.Multiply(Expr.Number(0.01), S("x"))), "x > 0.0 ? x : 0.01 * x"),
            (Expr.Add(S("a"), Expr.IfPositive(S("x"), Expr.One, Expr.Zero)), "a + (x > 0.0 ? 1.0 : 0.0)"),
            (Expr.Multiply(S("d"), Expr.Named("dnet_o1_dw5", S("out_h1"))), "d * out_h1"),
        };

        [Fact]
        public void Vector_CSharp_names_its_constants_and_selects_lane_by_lane()
        {
            var constants = new SortedSet<string>(System.StringComparer.Ordinal);
            Expr leaky = Expr.IfPositive(S("x"), S("x"), Expr.Multiply(Expr.Number(0.01), S("x")));
            string code = CSharpRenderer.Vectorized(leaky, Real.Double, constants);
            Assert.Equal(
                "global::System.Runtime.Intrinsics.Vector256.ConditionalSelect(global::System.Runtime.Intrinsics.Vector256.GreaterThan(x, c_0_0), x, c_0_01 * x)",
                code);
            Assert.Equal(new[] { "0.0", "0.01" }, constants.ToArray());
            Assert.Equal("global::BackpropGen.Generated.VectorMath.Tanh(net)", CSharpRenderer.Vectorized(Expr.Tanh(S("net")), Real.Double, constants));
        }

        [Fact]
        public void Notation_is_the_articles()
        {
            foreach ((Expr tree, string text, string latex) in NotationCases())
            {
                Assert.Equal(text, NotationRenderer.Render(tree, Notation.Text));
                Assert.Equal(latex, NotationRenderer.Render(tree, Notation.Latex));
            }
        }

        private static (Expr, string, string)[] NotationCases()
        {
            Expr difference = Expr.Subtract(S("target_o1"), S("out_o1"));
            return new (Expr, string, string)[]
            {
                (Expr.Multiply(Expr.Half, difference, difference), "½(target_o1 - out_o1)²", @"\frac{1}{2}(target_{o1} - out_{o1})^2"),
                (Expr.Divide(Expr.One, Expr.Add(Expr.One, Expr.Exp(Expr.Negate(S("net_h1"))))), "1/(1 + e^-net_h1)", @"\frac{1}{1 + e^{-net_{h1}}}"),
                (Expr.Multiply(S("out_o1"), Expr.Subtract(Expr.One, S("out_o1"))), "out_o1(1 - out_o1)", @"out_{o1}(1 - out_{o1})"),
                (Expr.Subtract(S("w1"), Expr.Multiply(S("eta"), S("dE_total_dw1"))), "w1 - η·∂E_total/∂w1", @"w_{1} - \eta \cdot \frac{\partial E_{total}}{\partial w_{1}}"),
                (Expr.Multiply(S("dE_total_dout_o1"), S("dout_o1_dnet_o1")), "∂E_total/∂out_o1 · ∂out_o1/∂net_o1", @"\frac{\partial E_{total}}{\partial out_{o1}} \cdot \frac{\partial out_{o1}}{\partial net_{o1}}"),
                (Expr.IfPositive(S("out_h1"), Expr.One, Expr.Number(0.01)), "1 if out_h1 > 0, else 0.01", @"1 \text{ if } out_{h1} > 0 \text{, else } 0.01"),
                (Expr.Max(Expr.Max(S("net_o1"), S("net_o2")), S("net_o3")), "max(net_o1, net_o2, net_o3)", @"\max(net_{o1}, net_{o2}, net_{o3})"),
                (Expr.Add(Expr.Multiply(S("w1"), S("i1")), Expr.Multiply(S("b1"), Expr.ShownOne)), "w1·i1 + b1·1", @"w_{1} \cdot i_{1} + b_{1} \cdot 1"),
            };
        }

        [Fact]
        public void A_named_quantity_is_shown_by_name_or_resolved_and_computed_as_its_value()
        {
            Expr gradient = Expr.Multiply(S("delta_o1"), Expr.Named("dnet_o1_dw5", S("out_h1")));
            Assert.Equal("δ_o1 · ∂net_o1/∂w5", NotationRenderer.Render(gradient, Notation.Text));
            Assert.Equal("δ_o1·out_h1", NotationRenderer.Render(gradient, Notation.Text, resolveNames: true));
            Assert.Equal(new[] { "delta_o1", "out_h1" }, gradient.Reads());

            List<FormulaPiece> substituted = NotationRenderer.Substituted(gradient);
            Assert.Equal(new[] { "delta_o1", null, "out_h1" }, substituted.Select(p => p.Value).ToArray());
            Assert.Equal(@" \cdot ", substituted[1].Text);
        }
    }
}
