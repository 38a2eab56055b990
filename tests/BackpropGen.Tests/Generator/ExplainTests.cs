using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BackpropGen.Tests.Infrastructure;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>The generated walkthrough (Explain) and diagram (ToMermaid).</summary>
    public class ExplainTests
    {
        private static readonly double[] Inputs = { 0.05, 0.10 };
        private static readonly double[] Targets = { 0.01, 0.99 };

        [Fact]
        public void Article_walkthrough()
        {
            var writer = new StringWriter { NewLine = "\n" };
            MazurNetwork.FromArticle().Explain(Inputs, Targets, writer);
            Snapshot.Verify(writer.ToString(), "walkthrough", "md");
        }

        [Fact]
        public void Article_walkthrough_numbers_are_the_independently_computed_ones()
        {
            var writer = new StringWriter { NewLine = "\n" };
            MazurNetwork.FromArticle().Explain(Inputs, Targets, writer);
            // forward, error, output deltas, output gradients (two forms each, and b2), hidden, hidden gradients, updates
            AssertEveryNumberIsTheArticlesByHand(writer.ToString(), 8 + 3 + 6 + 9 + 10 + 9 + 8);
        }

        [Fact]
        public void Vectorized_article_walkthrough()
        {
            var writer = new StringWriter { NewLine = "\n" };
            MazurVectorized.FromArticle().Explain(Inputs, Targets, writer);
            Snapshot.Verify(writer.ToString(), "walkthrough", "md");
        }

        [Fact]
        public void Vectorized_article_walkthrough_numbers_are_the_independently_computed_ones()
        {
            var writer = new StringWriter { NewLine = "\n" };
            MazurVectorized.FromArticle().Explain(Inputs, Targets, writer);
            // the same lines as the unrolled walkthrough's: the symbols the kernels do not keep are computed from those they do
            AssertEveryNumberIsTheArticlesByHand(writer.ToString(), 8 + 3 + 6 + 9 + 10 + 9 + 8);
        }

        [Fact]
        public void Vectorized_article_walkthrough_is_the_unrolled_one_but_for_the_name()
        {
            var unrolled = new StringWriter { NewLine = "\n" };
            MazurNetwork.FromArticle().Explain(Inputs, Targets, unrolled);
            var vectorized = new StringWriter { NewLine = "\n" };
            MazurVectorized.FromArticle().Explain(Inputs, Targets, vectorized);
            Assert.Equal(unrolled.ToString().Replace("of MazurNetwork,", "of MazurVectorized,"), vectorized.ToString());
        }

        /// <summary>
        /// Every formula's result in <paramref name="walkthrough"/> is the article's step worked by hand (to 9 significant
        /// digits), and so is every number substituted into it; and the error after the step.
        /// </summary>
        private static void AssertEveryNumberIsTheArticlesByHand(string walkthrough, int results)
        {
            Dictionary<string, double> expected = ArticleByHand();
            var known = new HashSet<string>(expected.Values.Select(Sig9)) { "1", "2" };

            int checkedResults = 0;
            foreach (Match formula in Regex.Matches(walkthrough, @"\$\$(.+?)\$\$"))
            {
                string[] sides = formula.Groups[1].Value.Split(" = ");
                string symbol = sides[0];
                double result = ParseNumber(sides[^1]);
                Assert.True(expected.ContainsKey(symbol), $"no independent value for {symbol}");
                Assert.Equal(Sig9(expected[symbol]), Sig9(result));
                checkedResults++;

                // Every number substituted into the formula is one of the independently computed values (or 1 or 2).
                // A negative number stands in parentheses; a bare minus is the formula's own operator (e^{-net}).
                if (sides.Length == 4)
                {
                    foreach (Match number in Regex.Matches(sides[2], @"\(-[\d.]+( \\times 10\^\{-?\d+\})?\)|\d+(\.\d+)?( \\times 10\^\{-?\d+\})?"))
                    {
                        Assert.Contains(Sig9(ParseNumber(number.Value)), known);
                    }
                }
            }

            Assert.Equal(results, checkedResults);
            Assert.Contains($"$E_{{total}} = {Sig9(expected["after"])}$", walkthrough);
        }

        [Fact]
        public void Article_walkthrough_gradients_equal_central_finite_differences()
        {
            var writer = new StringWriter { NewLine = "\n" };
            MazurNetwork.FromArticle().Explain(Inputs, Targets, writer);
            double[] w = { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55 };
            for (int n = 1; n <= 8; n++)
            {
                const double h = 1e-6;
                double[] plus = (double[])w.Clone(), minus = (double[])w.Clone();
                plus[n - 1] += h;
                minus[n - 1] -= h;
                double difference = (ErrorByHand(plus) - ErrorByHand(minus)) / (2 * h);
                Match line = Regex.Match(writer.ToString(), @"\$\$\\frac\{\\partial E_\{total\}\}\{\\partial w_\{" + n + @"\}\} = \\delta.*? = (-?[\d.]+)\$\$");
                Assert.True(line.Success, $"no delta-form line for w{n}");
                Assert.Equal(difference, ParseNumber(line.Groups[1].Value), Math.Abs(difference) * 1e-6 + 1e-12);
            }
        }

        /// <summary>
        /// A softmax classifier's walkthrough (tanh hidden, cross-entropy, trained per-neuron biases), reviewed for the
        /// notation: the softmax's maximum written one way, no line that repeats its own name as its formula, the
        /// derivatives' forms explained once each.
        /// </summary>
        [Fact]
        public void Softmax_walkthrough()
        {
            var net = new SmallClassifier();
            net.SetParameters(new[] { 0.5, -0.4, 0.3, 0.8, -0.6, 0.2, 0.7, -0.3, 0.1, -0.9, 0.4, -0.2, 0.05, -0.1, 0.15, 0.2, -0.25 });
            var writer = new StringWriter { NewLine = "\n" };
            net.Explain(new[] { 0.3, -0.8 }, new[] { 0.0, 1.0 }, writer);
            Snapshot.Verify(writer.ToString(), "walkthrough", "md");
        }

        /// <summary>
        /// A rectifier network's walkthrough (ReLU hidden with one neuron off, leaky ReLU out, untrained shared biases),
        /// reviewed for the notation: both derivatives written alike, zeros never printed as -0, the untrained biases said.
        /// </summary>
        [Fact]
        public void Rectifier_walkthrough()
        {
            var net = new SmallRectifier();
            net.SetParameters(new[] { 0.5, -0.4, 0.3, 0.8, 0.6, -0.2, -0.7, 0.3, 0.1, -0.05 });
            var writer = new StringWriter { NewLine = "\n" };
            net.Explain(new[] { 0.3, 0.8 }, new[] { 0.2, 0.4 }, writer);
            Snapshot.Verify(writer.ToString(), "walkthrough", "md");
        }

        [Fact]
        public void Walkthrough_of_another_network_has_every_section_and_a_finite_result_per_line()
        {
            var net = new SmallClassifier();
            net.InitializeParameters(7);
            var writer = new StringWriter { NewLine = "\n" };
            net.Explain(new[] { 0.3, -0.8 }, new[] { 0.0, 1.0 }, writer);
            string text = writer.ToString();

            foreach (string heading in new[] { "## The forward pass", "## The error", "## The backward pass", "## The update", "## After the step" })
            {
                Assert.Contains(heading, text);
            }

            Assert.DoesNotContain("> The article", text);
            MatchCollection formulas = Regex.Matches(text, @"\$\$(.+?)\$\$");
            Assert.True(formulas.Count > 60, formulas.Count.ToString(CultureInfo.InvariantCulture));
            Assert.All(formulas.Select(f => f.Groups[1].Value.Split(" = ")[^1]), result => Assert.True(double.IsFinite(ParseNumber(result)), result));
        }

        [Fact]
        public void Walkthrough_of_the_article_updated_output_layer_first_ends_at_the_articles_last_figure()
        {
            // The article's 0.291027924 comes from updating w5..w8 before back-propagating to the hidden layer; the
            // runtime renders this network's walkthrough from its model of the step, with that order.
            var writer = new StringWriter { NewLine = "\n" };
            MazurNetworkOutputLayerFirst.FromArticle().Explain(Inputs, Targets, writer);
            string text = writer.ToString();
            Assert.StartsWith("# One training step of MazurNetworkOutputLayerFirst, step by step", text);
            Assert.Contains("each layer updated before back-propagating below it", text);
            Assert.Contains("the total error is $E_{total} = 0.291027924$ (it was 0.298371109)", text);
            Assert.DoesNotContain("> The article", text); // the errata notes are the article's Simultaneous network's
        }

        [Fact]
        public void Walkthrough_of_an_Adam_network_says_the_optimizer_once_and_shows_its_state()
        {
            var net = new Opt_Mazur_Adam { w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b1 = 0.35, b2 = 0.60 };
            var writer = new StringWriter { NewLine = "\n" };
            double error = net.Explain(Inputs, Targets, writer);
            string text = writer.ToString();
            Assert.Equal(0.298371109, error, 9);
            Assert.Contains("The optimizer's settings and state before the step: $\\beta_1 = 0.9$, $\\beta_2 = 0.999$", text);
            Assert.Single(Regex.Matches(text, "Adam \\(as PyTorch's"));
            Assert.Equal(1, net.t);
        }

        [Fact]
        public void Diagram_of_a_three_layer_network()
        {
            var net = new SmallClassifier();
            net.SetParameters(Enumerable.Range(1, SmallClassifier.ParameterCount).Select(i => i / 10.0).ToArray());
            Snapshot.Verify(net.ToMermaid(), "diagram", "mmd");
        }

        [Fact]
        public void ToMermaid_through_INetwork_is_the_class_s_diagram()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            INetwork network = net;
            Assert.Equal(net.ToMermaid(), network.ToMermaid());
            Assert.Contains("0.15", network.ToMermaid(), StringComparison.Ordinal); // w1's value, read through the interface
        }

        [Fact]
        public void Explain_trains_exactly_like_Train()
        {
            MazurNetwork explained = MazurNetwork.FromArticle(), trained = MazurNetwork.FromArticle();
            double e1 = explained.Explain(Inputs, Targets, TextWriter.Null);
            double e2 = trained.Train(Inputs[0], Inputs[1], Targets[0], Targets[1]);
            Assert.Equal(e2, e1);
            double[] a = new double[MazurNetwork.ParameterCount], b = new double[MazurNetwork.ParameterCount];
            explained.CopyParametersTo(a);
            trained.CopyParametersTo(b);
            Assert.Equal(b, a);

            // The error after the step, which the walkthrough also computes, leaves the step's gradients and no pass behind
            explained.CopyGradientsTo(a);
            trained.CopyGradientsTo(b);
            Assert.Equal(b, a);
            Assert.Throws<InvalidOperationException>(() => explained.Backward(Targets[0], Targets[1]));
        }

        private static string Sig9(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

        private static double ParseNumber(string text)
        {
            text = text.Trim().Trim('(', ')');
            Match exponent = Regex.Match(text, @"^(-?[\d.]+) \\times 10\^\{(-?\d+)\}$");
            return exponent.Success
                ? double.Parse(exponent.Groups[1].Value, CultureInfo.InvariantCulture) * Math.Pow(10, int.Parse(exponent.Groups[2].Value, CultureInfo.InvariantCulture))
                : double.Parse(text, CultureInfo.InvariantCulture);
        }

        private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

        private static double ErrorByHand(double[] w)
        {
            double h1 = Logistic(w[0] * 0.05 + w[1] * 0.10 + 0.35), h2 = Logistic(w[2] * 0.05 + w[3] * 0.10 + 0.35);
            double o1 = Logistic(w[4] * h1 + w[5] * h2 + 0.60), o2 = Logistic(w[6] * h1 + w[7] * h2 + 0.60);
            return 0.5 * (0.01 - o1) * (0.01 - o1) + 0.5 * (0.99 - o2) * (0.99 - o2);
        }

        /// <summary>The article's step written out by hand, keyed by the walkthrough's LaTeX symbols.</summary>
        private static Dictionary<string, double> ArticleByHand()
        {
            double i1 = 0.05, i2 = 0.10, t1 = 0.01, t2 = 0.99, eta = 0.5;
            double[] w = { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55 };
            double netH1 = w[0] * i1 + w[1] * i2 + 0.35, netH2 = w[2] * i1 + w[3] * i2 + 0.35;
            double h1 = Logistic(netH1), h2 = Logistic(netH2);
            double netO1 = w[4] * h1 + w[5] * h2 + 0.60, netO2 = w[6] * h1 + w[7] * h2 + 0.60;
            double o1 = Logistic(netO1), o2 = Logistic(netO2);
            double eo1 = 0.5 * (t1 - o1) * (t1 - o1), eo2 = 0.5 * (t2 - o2) * (t2 - o2);
            double dEdo1 = -(t1 - o1), dEdo2 = -(t2 - o2), so1 = o1 * (1 - o1), so2 = o2 * (1 - o2);
            double d1 = dEdo1 * so1, d2 = dEdo2 * so2;
            double e1h1 = d1 * w[4], e2h1 = d2 * w[6], e1h2 = d1 * w[5], e2h2 = d2 * w[7];
            double sh1 = h1 * (1 - h1), sh2 = h2 * (1 - h2);
            double dh1 = (e1h1 + e2h1) * sh1, dh2 = (e1h2 + e2h2) * sh2;
            double[] g = { dh1 * i1, dh1 * i2, dh2 * i1, dh2 * i2, d1 * h1, d1 * h2, d2 * h1, d2 * h2 };
            var values = new Dictionary<string, double>
            {
                ["i_{1}"] = i1, ["i_{2}"] = i2, ["target_{o1}"] = t1, ["target_{o2}"] = t2, ["\\eta"] = eta,
                ["b_{1}"] = 0.35, ["b_{2}"] = 0.60,
                ["net_{h1}"] = netH1, ["net_{h2}"] = netH2, ["out_{h1}"] = h1, ["out_{h2}"] = h2,
                ["net_{o1}"] = netO1, ["net_{o2}"] = netO2, ["out_{o1}"] = o1, ["out_{o2}"] = o2,
                ["E_{o1}"] = eo1, ["E_{o2}"] = eo2, ["E_{total}"] = eo1 + eo2,
                [@"\frac{\partial E_{total}}{\partial out_{o1}}"] = dEdo1, [@"\frac{\partial E_{total}}{\partial out_{o2}}"] = dEdo2,
                [@"\frac{\partial out_{o1}}{\partial net_{o1}}"] = so1, [@"\frac{\partial out_{o2}}{\partial net_{o2}}"] = so2,
                [@"\delta_{o1}"] = d1, [@"\delta_{o2}"] = d2, [@"\delta_{h1}"] = dh1, [@"\delta_{h2}"] = dh2,
                [@"\frac{\partial E_{o1}}{\partial out_{h1}}"] = e1h1, [@"\frac{\partial E_{o2}}{\partial out_{h1}}"] = e2h1,
                [@"\frac{\partial E_{o1}}{\partial out_{h2}}"] = e1h2, [@"\frac{\partial E_{o2}}{\partial out_{h2}}"] = e2h2,
                [@"\frac{\partial E_{total}}{\partial out_{h1}}"] = e1h1 + e2h1, [@"\frac{\partial E_{total}}{\partial out_{h2}}"] = e1h2 + e2h2,
                [@"\frac{\partial out_{h1}}{\partial net_{h1}}"] = sh1, [@"\frac{\partial out_{h2}}{\partial net_{h2}}"] = sh2,
                [@"\frac{\partial E_{total}}{\partial b_{1}}"] = dh1 + dh2, [@"\frac{\partial E_{total}}{\partial b_{2}}"] = d1 + d2,
            };
            var updated = new double[8];
            for (int n = 0; n < 8; n++)
            {
                values[$"w_{{{n + 1}}}"] = w[n];
                values[$@"\frac{{\partial E_{{total}}}}{{\partial w_{{{n + 1}}}}}"] = g[n];
                updated[n] = w[n] - eta * g[n];
                values[$"w_{{{n + 1}}}^{{+}}"] = updated[n];
            }

            values["after"] = ErrorByHand(updated);
            return values;
        }
    }
}
