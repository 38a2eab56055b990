using System;
using System.Collections.Generic;
using System.Globalization;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Every value that "A Step by Step Backpropagation Example" prints (/work/shared/seed/backprop-step-by-step.md),
    /// checked to the decimals it is printed with: |actual - printed| ≤ ½·10^-decimals. Where the article is wrong,
    /// the test pins the correct value and its name says "Erratum".
    /// </summary>
    public class ArticleValueTests
    {
        private const double I1 = 0.05, I2 = 0.10, TargetO1 = 0.01, TargetO2 = 0.99;

        /// <summary>The symbols of the article's one training step (the network as its text prescribes).</summary>
        private static MazurNetwork.Symbols FirstStep()
        {
            var symbols = new MazurNetwork.Symbols();
            MazurNetwork.FromArticle().Train(I1, I2, TargetO1, TargetO2, symbols);
            return symbols;
        }

        private static MazurNetworkOutputLayerFirst.Symbols FirstStepOutputLayerFirst()
        {
            var symbols = new MazurNetworkOutputLayerFirst.Symbols();
            MazurNetworkOutputLayerFirst.FromArticle().Train(I1, I2, TargetO1, TargetO2, symbols);
            return symbols;
        }

        /// <summary>Asserts that <paramref name="actual"/> rounds to <paramref name="printed"/> at the decimals printed.</summary>
        internal static void AssertPrinted(string printed, double actual, string what)
        {
            double value = double.Parse(printed, NumberStyles.Float, CultureInfo.InvariantCulture);
            int point = printed.IndexOf('.');
            int decimals = point < 0 ? 0 : printed.Length - point - 1;
            double halfUnit = 0.5 * Math.Pow(10, -decimals);
            Assert.True(
                Math.Abs(actual - value) <= halfUnit + 1e-15,
                $"{what}: the article prints {printed} ({decimals} decimals), the network gives {actual.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        /// <summary>Whether <paramref name="actual"/> rounds to <paramref name="printed"/> at the decimals printed.</summary>
        private static bool RoundsTo(string printed, double actual)
        {
            double value = double.Parse(printed, NumberStyles.Float, CultureInfo.InvariantCulture);
            int point = printed.IndexOf('.');
            int decimals = point < 0 ? 0 : printed.Length - point - 1;
            return Math.Abs(actual - value) <= (0.5 * Math.Pow(10, -decimals)) + 1e-15;
        }

        private static readonly Dictionary<string, Func<MazurNetwork.Symbols, double>> Symbol = new()
        {
            ["net_h1"] = s => s.net_h1,
            ["out_h1"] = s => s.out_h1,
            ["out_h2"] = s => s.out_h2,
            ["net_o1"] = s => s.net_o1,
            ["out_o1"] = s => s.out_o1,
            ["out_o2"] = s => s.out_o2,
            ["E_o1"] = s => s.E_o1,
            ["E_o2"] = s => s.E_o2,
            ["E_total"] = s => s.E_total,
            ["dE_total_dout_o1"] = s => s.dE_total_dout_o1,
            ["dout_o1_dnet_o1"] = s => s.dout_o1_dnet_o1,
            // ∂net_o1/∂w5 = out_h1: the factor that turns δ_o1 into ∂E_total/∂w5.
            ["dnet_o1_dw5"] = s => s.dE_total_dw5 / s.delta_o1,
            ["dE_total_dw5"] = s => s.dE_total_dw5,
            ["eta"] = s => s.eta,
            ["w5_plus"] = s => s.w5_plus,
            ["w6_plus"] = s => s.w6_plus,
            ["w7_plus"] = s => s.w7_plus,
            ["w8_plus"] = s => s.w8_plus,
            // The article's ∂E_o1/∂net_o1 = ∂E_o1/∂out_o1 · ∂out_o1/∂net_o1 is the node delta δ_o1.
            ["delta_o1"] = s => s.delta_o1,
            // ∂net_o1/∂out_h1 = w5.
            ["dnet_o1_dout_h1"] = s => s.dE_o1_dout_h1 / s.delta_o1,
            ["dE_o1_dout_h1"] = s => s.dE_o1_dout_h1,
            ["dE_total_dout_h1"] = s => s.dE_total_dout_h1,
            ["dout_h1_dnet_h1"] = s => s.dout_h1_dnet_h1,
            // ∂net_h1/∂w1 = i1 (the article writes "i").
            ["dnet_h1_dw1"] = s => s.dE_total_dw1 / s.delta_h1,
            ["dE_total_dw1"] = s => s.dE_total_dw1,
            ["w1_plus"] = s => s.w1_plus,
            ["w2_plus"] = s => s.w2_plus,
            ["w3_plus"] = s => s.w3_plus,
            ["w4_plus"] = s => s.w4_plus,
        };

        /// <summary>(symbol, the value as the article prints it, where).</summary>
        public static IEnumerable<object[]> PrintedValues() => new[]
        {
            new object[] { "net_h1", "0.3775", "The Forward Pass" },
            new object[] { "out_h1", "0.593269992", "The Forward Pass" },
            new object[] { "out_h2", "0.596884378", "The Forward Pass" },
            new object[] { "net_o1", "1.105905967", "The Forward Pass" },
            new object[] { "out_o1", "0.75136507", "The Forward Pass" },
            new object[] { "out_o2", "0.772928465", "The Forward Pass" },
            new object[] { "E_o1", "0.274811083", "Calculating the Total Error" },
            new object[] { "E_o2", "0.023560026", "Calculating the Total Error" },
            new object[] { "E_total", "0.298371109", "Calculating the Total Error" },
            new object[] { "dE_total_dout_o1", "0.74136507", "Output Layer" },
            new object[] { "dout_o1_dnet_o1", "0.186815602", "Output Layer" },
            new object[] { "dnet_o1_dw5", "0.593269992", "Output Layer" },
            new object[] { "eta", "0.5", "Output Layer (\"which we'll set to 0.5\")" },
            new object[] { "dE_total_dw5", "0.082167041", "Output Layer, the w5 update" },
            new object[] { "w5_plus", "0.35891648", "Output Layer" },
            new object[] { "w6_plus", "0.408666186", "Output Layer" },
            new object[] { "w7_plus", "0.511301270", "Output Layer" },
            new object[] { "w8_plus", "0.561370121", "Output Layer" },
            new object[] { "delta_o1", "0.138498562", "Hidden Layer (as ∂E_o1/∂net_o1)" },
            new object[] { "dnet_o1_dout_h1", "0.40", "Hidden Layer" },
            new object[] { "dE_o1_dout_h1", "0.055399425", "Hidden Layer" },
            new object[] { "dE_total_dout_h1", "0.036350306", "Hidden Layer" },
            new object[] { "out_h1", "0.59326999", "Hidden Layer, inside the ∂out_h1/∂net_h1 working" },
            new object[] { "dout_h1_dnet_h1", "0.241300709", "Hidden Layer" },
            new object[] { "dnet_h1_dw1", "0.05", "Hidden Layer" },
            new object[] { "dE_total_dw1", "0.000438568", "Hidden Layer" },
            new object[] { "w1_plus", "0.149780716", "Hidden Layer" },
            new object[] { "w2_plus", "0.19956143", "Hidden Layer" },
            new object[] { "w3_plus", "0.24975114", "Hidden Layer" },
            new object[] { "w4_plus", "0.29950229", "Hidden Layer" },
        };

        [Theory]
        [MemberData(nameof(PrintedValues))]
        public void Every_value_of_the_first_step_matches_the_article(string symbol, string printed, string where)
        {
            AssertPrinted(printed, Symbol[symbol](FirstStep()), symbol + " (" + where + ")");
        }

        [Fact]
        public void The_net_inputs_of_the_hidden_layer_are_the_articles_sums()
        {
            // net_h1 = 0.15·0.05 + 0.2·0.1 + 0.35·1, as the article writes it out.
            MazurNetwork.Symbols s = FirstStep();
            AssertPrinted("0.3775", (0.15 * 0.05) + (0.2 * 0.1) + 0.35, "the article's sum for net_h1");
            Assert.Equal((0.15 * 0.05) + (0.2 * 0.1) + 0.35, s.net_h1, 15);
        }

        [Fact]
        public void Erratum_out_o1_working_has_net_o1_typed_as_1_1059059067_the_result_0_75136507_follows_from_1_105905967()
        {
            // The article squashes "e^-1.1059059067" but prints 0.75136507, which is σ(1.105905967), not σ(1.1059059067).
            MazurNetwork.Symbols s = FirstStep();
            AssertPrinted("1.105905967", s.net_o1, "net_o1");
            AssertPrinted("0.75136507", s.out_o1, "out_o1");
            Assert.False(RoundsTo("0.75136507", 1.0 / (1.0 + Math.Exp(-1.1059059067))));
        }

        [Fact]
        public void Erratum_dE_total_dout_o1_is_minus_target_minus_out_the_articles_absolute_value_loses_the_sign_but_the_value_is_right()
        {
            // The article derives |target - out| (the chain rule's inner -1 is lost); the true ∂E_total/∂out_o1 is
            // -(target_o1 - out_o1) = out_o1 - target_o1, which here happens to be positive, so 0.74136507 is right.
            MazurNetwork.Symbols s = FirstStep();
            AssertPrinted("0.74136507", s.dE_total_dout_o1, "dE_total_dout_o1");
            Assert.True(s.dE_total_dout_o1 > 0);
            Assert.Equal(s.out_o1 - TargetO1, s.dE_total_dout_o1);
        }

        [Fact]
        public void Erratum_dE_total_dw5_is_0_082167041_not_the_hidden_layers_0_000433568_pasted_into_putting_it_all_together()
        {
            // "Putting it all together" for w5 shows 0.036350306 · 0.241300709 · 0.05 = 0.000433568: the hidden layer's
            // line (itself with a typo for 0.000438568). The value it then uses, via w5⁺ = 0.4 - 0.5·0.082167041, is right.
            MazurNetwork.Symbols s = FirstStep();
            AssertPrinted("0.082167041", s.dE_total_dw5, "dE_total_dw5");
            Assert.False(RoundsTo("0.000433568", s.dE_total_dw5));
            AssertPrinted("0.082167041", 0.74136507 * 0.186815602 * 0.593269992, "the delta rule from the article's own factors");
        }

        [Fact]
        public void Erratum_dE_o2_dout_h1_is_minus_0_019049118_the_article_prints_minus_0_01904919_and_then_minus_0_019049119()
        {
            MazurNetwork.Symbols s = FirstStep();
            AssertPrinted("-0.019049118", s.dE_o2_dout_h1, "dE_o2_dout_h1");
            Assert.False(RoundsTo("-0.01904919", s.dE_o2_dout_h1));  // a dropped digit
            Assert.False(RoundsTo("-0.019049119", s.dE_o2_dout_h1)); // a rounding slip (it ends in ...1183)
            // The article's sum 0.055399425 + -0.019049119 = 0.036350306 holds with the correct term too.
            AssertPrinted("0.036350306", s.dE_o1_dout_h1 + s.dE_o2_dout_h1, "dE_total_dout_h1 as the sum");
        }

        [Fact]
        public void Erratum_w1_plus_working_multiplies_by_0_15_where_eta_is_0_5_the_result_0_149780716_uses_0_5()
        {
            MazurNetwork.Symbols s = FirstStep();
            Assert.Equal(0.5, s.eta);
            AssertPrinted("0.149780716", s.w1_plus, "w1_plus");
            AssertPrinted("0.149780716", 0.15 - (0.5 * 0.000438568), "0.15 - η·0.000438568");
            Assert.False(RoundsTo("0.149780716", 0.15 - (0.15 * 0.000438568)));
        }

        [Fact]
        public void The_step_leaves_the_biases_alone_as_in_the_article()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.Train(I1, I2, TargetO1, TargetO2);
            Assert.Equal(0.35, net.b1);
            Assert.Equal(0.60, net.b2);
        }

        [Fact]
        public void The_network_after_the_step_holds_the_articles_new_weights()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.Train(I1, I2, TargetO1, TargetO2);
            AssertPrinted("0.149780716", net.w1, "w1");
            AssertPrinted("0.19956143", net.w2, "w2");
            AssertPrinted("0.24975114", net.w3, "w3");
            AssertPrinted("0.29950229", net.w4, "w4");
            AssertPrinted("0.35891648", net.w5, "w5");
            AssertPrinted("0.408666186", net.w6, "w6");
            AssertPrinted("0.511301270", net.w7, "w7");
            AssertPrinted("0.561370121", net.w8, "w8");
        }

        /// <summary>E_total of the forward pass with the current weights, from Forward's outputs and ½(target - out)².</summary>
        private static double ErrorNow(MazurNetwork net, out double outO1, out double outO2)
        {
            net.Forward(I1, I2, out outO1, out outO2);
            return (0.5 * (TargetO1 - outO1) * (TargetO1 - outO1)) + (0.5 * (TargetO2 - outO2) * (TargetO2 - outO2));
        }

        private static double ErrorNow(MazurNetworkOutputLayerFirst net, out double outO1, out double outO2)
        {
            net.Forward(I1, I2, out outO1, out outO2);
            return (0.5 * (TargetO1 - outO1) * (TargetO1 - outO1)) + (0.5 * (TargetO2 - outO2) * (TargetO2 - outO2));
        }

        [Fact]
        public void Train_returns_the_error_before_the_step_0_298371109()
        {
            AssertPrinted("0.298371109", MazurNetwork.FromArticle().Train(I1, I2, TargetO1, TargetO2), "Train's E_total");
            AssertPrinted("0.298371109", MazurNetworkOutputLayerFirst.FromArticle().Train(I1, I2, TargetO1, TargetO2), "Train's E_total (OutputLayerFirst)");
        }

        [Fact]
        public void Erratum_error_after_one_step_is_0_291027774_the_articles_0_291027924_updates_the_output_layer_first()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.Train(I1, I2, TargetO1, TargetO2);
            double error = ErrorNow(net, out _, out _);
            AssertPrinted("0.291027774", error, "E_total after one step");
            Assert.False(RoundsTo("0.291027924", error));
            Assert.Equal(error, net.Backward(TargetO1, TargetO2)); // Backward returns the same E_total of that Forward
        }

        [Fact]
        public void OutputLayerFirst_reproduces_the_articles_error_after_one_step_0_291027924()
        {
            MazurNetworkOutputLayerFirst net = MazurNetworkOutputLayerFirst.FromArticle();
            net.Train(I1, I2, TargetO1, TargetO2);
            AssertPrinted("0.291027924", ErrorNow(net, out _, out _), "E_total after one step (OutputLayerFirst)");
        }

        [Fact]
        public void Erratum_after_10000_steps_error_is_0_000035102_and_outputs_0_015913620_0_984064274_the_article_prints_OutputLayerFirsts()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            for (int step = 0; step < 10000; step++)
            {
                net.Train(I1, I2, TargetO1, TargetO2);
            }

            double error = ErrorNow(net, out double outO1, out double outO2);
            AssertPrinted("0.000035102", error, "E_total after 10,000 steps");
            AssertPrinted("0.015913620", outO1, "out_o1 after 10,000 steps");
            AssertPrinted("0.984064274", outO2, "out_o2 after 10,000 steps");
            Assert.False(RoundsTo("0.000035085", error));
            Assert.False(RoundsTo("0.015912196", outO1));
            Assert.False(RoundsTo("0.984065734", outO2));
        }

        [Fact]
        public void OutputLayerFirst_reproduces_the_articles_error_and_outputs_after_10000_steps()
        {
            MazurNetworkOutputLayerFirst net = MazurNetworkOutputLayerFirst.FromArticle();
            for (int step = 0; step < 10000; step++)
            {
                net.Train(I1, I2, TargetO1, TargetO2);
            }

            double error = ErrorNow(net, out double outO1, out double outO2);
            AssertPrinted("0.000035085", error, "E_total after 10,000 steps (OutputLayerFirst)");
            AssertPrinted("0.015912196", outO1, "out_o1 after 10,000 steps (OutputLayerFirst)");
            AssertPrinted("0.984065734", outO2, "out_o2 after 10,000 steps (OutputLayerFirst)");
        }

        [Fact]
        public void OutputLayerFirst_agrees_with_the_article_up_to_the_output_layers_new_weights()
        {
            // Forward pass, error and the output layer's gradients come before any update, so they are the article's.
            MazurNetworkOutputLayerFirst.Symbols s = FirstStepOutputLayerFirst();
            AssertPrinted("0.593269992", s.out_h1, "out_h1");
            AssertPrinted("0.75136507", s.out_o1, "out_o1");
            AssertPrinted("0.298371109", s.E_total, "E_total");
            AssertPrinted("0.138498562", s.delta_o1, "delta_o1");
            AssertPrinted("0.082167041", s.dE_total_dw5, "dE_total_dw5");
            AssertPrinted("0.35891648", s.w5_plus, "w5_plus");
            AssertPrinted("0.408666186", s.w6_plus, "w6_plus");
            AssertPrinted("0.511301270", s.w7_plus, "w7_plus");
            AssertPrinted("0.561370121", s.w8_plus, "w8_plus");
        }

        [Fact]
        public void Erratum_the_articles_hidden_layer_figures_follow_its_text_not_the_OutputLayerFirst_rule_of_its_final_figures()
        {
            // Back-propagating through w5⁺..w8⁺ changes ∂E_total/∂out_h1 and so w1⁺..w4⁺: the article's printed
            // hidden-layer values are the simultaneous ones, while its final errors are OutputLayerFirst's.
            MazurNetworkOutputLayerFirst.Symbols s = FirstStepOutputLayerFirst();
            Assert.False(RoundsTo("0.036350306", s.dE_total_dout_h1));
            Assert.False(RoundsTo("0.000438568", s.dE_total_dw1));
            Assert.False(RoundsTo("0.149780716", s.w1_plus));

            // What they are instead comes from the reference implementation with the same rule.
            var reference = new ReferenceNetwork(
                new[] { 2, 2, 2 }, Activation.Logistic, Activation.Logistic, Loss.SquaredError, BiasMode.SharedPerLayer,
                trainBiases: false, learningRate: 0.5, UpdateRule.OutputLayerFirst);
            reference.SetParameters(new[] { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 });
            reference.Train(new[] { I1, I2 }, new[] { TargetO1, TargetO2 }, out double[] gradients);
            Assert.Equal(gradients[0], s.dE_total_dw1, 1e-15);
            Assert.Equal(0.15 - (0.5 * gradients[0]), s.w1_plus, 1e-15);
            Assert.Equal(reference.GetParameters()[0], s.w1_plus, 1e-15);
        }

        [Fact]
        public void Forward_Backward_ApplyGradients_is_bit_for_bit_Train()
        {
            MazurNetwork stepwise = MazurNetwork.FromArticle();
            MazurNetwork trained = MazurNetwork.FromArticle();
            for (int step = 0; step < 5; step++)
            {
                stepwise.Forward(I1, I2, out _, out _);
                double stepwiseError = stepwise.Backward(TargetO1, TargetO2);
                stepwise.ApplyGradients();
                double trainedError = trained.Train(I1, I2, TargetO1, TargetO2);

                Assert.Equal(BitConverter.DoubleToInt64Bits(trainedError), BitConverter.DoubleToInt64Bits(stepwiseError));
                AssertBitEqual(Parameters(trained), Parameters(stepwise));
                AssertBitEqual(Gradients(trained), Gradients(stepwise));
            }
        }

        [Fact]
        public void Forward_Backward_ApplyGradients_is_bit_for_bit_Train_with_OutputLayerFirst()
        {
            MazurNetworkOutputLayerFirst stepwise = MazurNetworkOutputLayerFirst.FromArticle();
            MazurNetworkOutputLayerFirst trained = MazurNetworkOutputLayerFirst.FromArticle();
            for (int step = 0; step < 5; step++)
            {
                stepwise.Forward(I1, I2, out _, out _);
                double stepwiseError = stepwise.Backward(TargetO1, TargetO2);
                stepwise.ApplyGradients();
                double trainedError = trained.Train(I1, I2, TargetO1, TargetO2);

                Assert.Equal(BitConverter.DoubleToInt64Bits(trainedError), BitConverter.DoubleToInt64Bits(stepwiseError));
                var a = new double[MazurNetworkOutputLayerFirst.ParameterCount];
                var b = new double[MazurNetworkOutputLayerFirst.ParameterCount];
                trained.CopyParametersTo(a);
                stepwise.CopyParametersTo(b);
                AssertBitEqual(a, b);
                trained.CopyGradientsTo(a);
                stepwise.CopyGradientsTo(b);
                AssertBitEqual(a, b);
            }
        }

        [Fact]
        public void The_Symbols_overload_is_bit_for_bit_the_plain_Train()
        {
            MazurNetwork withSymbols = MazurNetwork.FromArticle();
            MazurNetwork plain = MazurNetwork.FromArticle();
            var symbols = new MazurNetwork.Symbols();
            for (int step = 0; step < 3; step++)
            {
                double a = withSymbols.Train(I1, I2, TargetO1, TargetO2, symbols);
                double b = plain.Train(I1, I2, TargetO1, TargetO2);
                Assert.Equal(BitConverter.DoubleToInt64Bits(b), BitConverter.DoubleToInt64Bits(a));
                Assert.Equal(BitConverter.DoubleToInt64Bits(a), BitConverter.DoubleToInt64Bits(symbols.E_total));
                AssertBitEqual(Parameters(plain), Parameters(withSymbols));
            }
        }

        [Fact]
        public void The_Symbols_record_the_weights_before_the_step_and_the_new_ones_after()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            var symbols = new MazurNetwork.Symbols();
            net.Train(I1, I2, TargetO1, TargetO2, symbols);
            Assert.Equal(0.15, symbols.w1);
            Assert.Equal(0.55, symbols.w8);
            Assert.Equal(I1, symbols.i1);
            Assert.Equal(TargetO2, symbols.target_o2);
            Assert.Equal(net.w1, symbols.w1_plus);
            Assert.Equal(net.w8, symbols.w8_plus);
        }

        [Fact]
        public void Backward_before_any_Forward_throws_InvalidOperationException()
        {
            Assert.Throws<InvalidOperationException>(() => MazurNetwork.FromArticle().Backward(TargetO1, TargetO2));
            Assert.Throws<InvalidOperationException>(() => new MazurNetworkOutputLayerFirst().Backward(TargetO1, TargetO2));
        }

        [Fact]
        public void Backward_after_Train_needs_a_new_Forward_because_the_weights_changed()
        {
            MazurNetwork net = MazurNetwork.FromArticle();
            net.Forward(I1, I2, out _, out _);
            net.Train(I1, I2, TargetO1, TargetO2);
            Assert.Throws<InvalidOperationException>(() => net.Backward(TargetO1, TargetO2));

            // With a new Forward, Backward differentiates at the updated weights, as a fresh network with them would.
            var fresh = new MazurNetwork();
            double[] updated = Parameters(net);
            fresh.SetParameters(updated);
            net.Forward(I1, I2, out _, out _);
            fresh.Forward(I1, I2, out _, out _);
            Assert.Equal(fresh.Backward(TargetO1, TargetO2), net.Backward(TargetO1, TargetO2));
            AssertBitEqual(Gradients(fresh), Gradients(net));
        }

        private static double[] Parameters(MazurNetwork net)
        {
            var values = new double[MazurNetwork.ParameterCount];
            net.CopyParametersTo(values);
            return values;
        }

        private static double[] Gradients(MazurNetwork net)
        {
            var values = new double[MazurNetwork.ParameterCount];
            net.CopyGradientsTo(values);
            return values;
        }

        internal static void AssertBitEqual(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                    $"Element {i}: expected {expected[i]:R}, actual {actual[i]:R}.");
            }
        }
    }
}
