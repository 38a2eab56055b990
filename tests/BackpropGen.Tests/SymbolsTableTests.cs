using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using BackpropGen.Runtime;
using BackpropGen.Tests.SinglePrecision;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// <c>Train(..., Symbols)</c> and <c>Explain</c> of the networks whose <c>Symbols</c> is a table by name
    /// (<see cref="StepSymbols"/>): the vectorised ones and the unrolled ones in parts;
    /// every recorded value against <see cref="ReferenceNetwork"/> (1e-12 relative, or absolute below 1; the inputs,
    /// targets and parameters before the step exactly), the names against the README's naming rules and the generated
    /// properties, and the step against the plain <c>Train</c> bit for bit.
    /// </summary>
    public class SymbolsTableTests
    {
        /// <summary>The zoo's networks that have the table: the vectorised ones and those in parts.</summary>
        public static IEnumerable<object[]> WithTable() =>
            ZooNetwork.All().Where(row => SymbolsType(ZooNetwork.Create((string)row[0]).Type) is not null);

        private static Type? SymbolsType(Type network)
        {
            Type? symbols = network.GetNestedType("Symbols");
            return symbols is not null && symbols.IsSubclassOf(typeof(StepSymbols)) ? symbols : null;
        }

        /// <summary>Calls the generated <c>Train(i1, ..., target_o1, ..., symbols)</c> (its arity is the network's).</summary>
        internal static double TrainWithSymbols(object network, StepSymbols symbols, double[] inputs, double[] targets)
        {
            Type[] signature = inputs.Concat(targets).Select(_ => typeof(double)).Append(symbols.GetType()).ToArray();
            MethodInfo train = network.GetType().GetMethod("Train", signature)
                ?? throw new InvalidOperationException(network.GetType().Name + " has no Train(..., Symbols).");
            return (double)train.Invoke(network, inputs.Concat(targets).Cast<object>().Append(symbols).ToArray())!;
        }

        internal static StepSymbols NewSymbols(Type network) => (StepSymbols)Activator.CreateInstance(SymbolsType(network)!)!;

        /// <summary>The README's neuron names: i1.., o1.., h1.. with one hidden layer, h{layer}_{n} with several.</summary>
        private static string Neuron(int layer, int layers, int index) =>
            layer == 0 ? $"i{index + 1}"
            : layer == layers - 1 ? $"o{index + 1}"
            : layers == 3 ? $"h{index + 1}"
            : $"h{layer}_{index + 1}";

        [Theory]
        [MemberData(nameof(WithTable))]
        public void Every_recorded_symbol_is_the_references(string name)
        {
            (ZooNetwork zoo, ReferenceNetwork reference, Random random) = ReferenceTrainingTests.Start(name, 90);
            double[] parameters = zoo.Parameters();
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);

            ReferenceNetwork.Pass pass = reference.Forward(x);
            double[][] deltas = reference.Deltas(x, t);
            double error = reference.Train(x, t, out double[] gradients); // with the network's update rule
            double[] after = reference.GetParameters();

            StepSymbols symbols = NewSymbols(zoo.Type);
            double returned = TrainWithSymbols(zoo.Instance, symbols, x, t);

            int layers = zoo.Layers.Length;
            var parameterNames = Enumerable.Range(1, zoo.WeightCount).Select(w => $"w{w}").ToList();
            for (int l = 1; l < layers; l++)
            {
                if (zoo.Bias == BiasMode.SharedPerLayer)
                {
                    parameterNames.Add($"b{l}");
                }
                else if (zoo.Bias == BiasMode.PerNeuron)
                {
                    parameterNames.AddRange(Enumerable.Range(0, zoo.Layers[l]).Select(j => "b_" + Neuron(l, layers, j)));
                }
            }

            foreach (string parameter in parameterNames)
            {
                Assert.NotNull(zoo.Type.GetProperty(parameter)); // the table's names are the generated properties'
                Assert.NotNull(zoo.Type.GetProperty("dE_total_d" + parameter));
            }

            var expected = new List<(string Name, double Value, bool Exact)>();
            for (int i = 0; i < zoo.InputCount; i++)
            {
                expected.Add((Neuron(0, layers, i), x[i], true));
            }

            for (int k = 0; k < zoo.OutputCount; k++)
            {
                expected.Add(("target_" + Neuron(layers - 1, layers, k), t[k], true));
            }

            expected.AddRange(parameterNames.Select((p, i) => (p, parameters[i], true)));
            expected.Add(("eta", zoo.DeclaredLearningRate, true));
            for (int l = 1; l < layers; l++)
            {
                for (int j = 0; j < zoo.Layers[l]; j++)
                {
                    expected.Add(("net_" + Neuron(l, layers, j), pass.Net[l][j], false));
                    expected.Add(("out_" + Neuron(l, layers, j), pass.Out[l][j], false));
                }
            }

            expected.Add(("E_total", error, false));
            for (int l = layers - 1; l >= 1; l--)
            {
                for (int j = 0; j < zoo.Layers[l]; j++)
                {
                    expected.Add(("delta_" + Neuron(l, layers, j), deltas[l][j], false));
                }
            }

            expected.AddRange(parameterNames.Select((p, i) => ("dE_total_d" + p, gradients[i], false)));
            int trained = zoo.TrainBiases ? zoo.ParameterCount : zoo.WeightCount;
            expected.AddRange(parameterNames.Take(trained).Select((p, i) => (p + "_plus", after[i], false)));

            Assert.Equal(expected.Select(e => e.Name), symbols.Keys);
            Assert.Equal(expected.Count, symbols.Count);
            foreach ((string symbol, double value, bool exact) in expected)
            {
                if (exact)
                {
                    Assert.Equal(value, symbols[symbol]);
                }
                else
                {
                    ReferenceTrainingTests.AssertClose(value, symbols[symbol], $"{name} {symbol}");
                }
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(returned), BitConverter.DoubleToInt64Bits(symbols["E_total"]));
        }

        /// <summary>Two instances of a zoo network with the same random parameters, the random source that drew them, and the parameters.</summary>
        private static (ZooNetwork First, ZooNetwork Second, Random Random, double[] Parameters) Twins(string name, int salt)
        {
            ZooNetwork first = ZooNetwork.Create(name), second = ZooNetwork.Create(name);
            var random = new Random(GradientCheckTests.Seed(name) + salt);
            double[] parameters = TestData.Parameters(random, first);
            first.Network.SetParameters(parameters);
            second.Network.SetParameters(parameters);
            return (first, second, random, parameters);
        }

        [Theory]
        [MemberData(nameof(WithTable))]
        public void Recording_a_step_changes_nothing_in_it(string name)
        {
            (ZooNetwork recorded, ZooNetwork plain, Random random, _) = Twins(name, 91);
            StepSymbols symbols = NewSymbols(recorded.Type);
            for (int step = 0; step < 3; step++)
            {
                double[] x = TestData.Inputs(random, recorded), t = TestData.Targets(random, recorded);
                double withSymbols = TrainWithSymbols(recorded.Instance, symbols, x, t);
                double without = plain.Network.Train(x, t);
                Assert.Equal(BitConverter.DoubleToInt64Bits(without), BitConverter.DoubleToInt64Bits(withSymbols));
                ArticleValueTests.AssertBitEqual(plain.Parameters(), recorded.Parameters());
                ArticleValueTests.AssertBitEqual(plain.Gradients(), recorded.Gradients());
            }
        }

        private delegate double ExplainCall(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TextWriter writer);

        [Theory]
        [MemberData(nameof(WithTable))]
        public void Explain_trains_like_Train_and_writes_each_recorded_value_as_its_symbols_result(string name)
        {
            (ZooNetwork explained, ZooNetwork plain, Random random, double[] parameters) = Twins(name, 92);
            double[] x = TestData.Inputs(random, explained), t = TestData.Targets(random, explained);

            var explain = explained.Type.GetMethod("Explain")!.CreateDelegate<ExplainCall>(explained.Instance);
            var writer = new StringWriter { NewLine = "\n" };
            double error = explain(x, t, writer);
            double trained = plain.Network.Train(x, t);

            Assert.Equal(BitConverter.DoubleToInt64Bits(trained), BitConverter.DoubleToInt64Bits(error));
            ArticleValueTests.AssertBitEqual(plain.Parameters(), explained.Parameters());
            ArticleValueTests.AssertBitEqual(plain.Gradients(), explained.Gradients());

            // Each recorded value from net_ on is the result of its own symbol's formula lines, and of nothing else there
            StepSymbols symbols = NewSymbols(explained.Type);
            explained.Network.SetParameters(parameters);
            TrainWithSymbols(explained.Instance, symbols, x, t);
            Dictionary<string, List<string>> results = Formulas(writer.ToString())
                .GroupBy(sides => sides[0], sides => sides[^1])
                .ToDictionary(group => group.Key, group => group.Distinct().ToList());
            foreach (KeyValuePair<string, double> pair in symbols.SkipWhile(pair => !pair.Key.StartsWith("net_", StringComparison.Ordinal)))
            {
                string latex = BackpropGen.Generator.Emitter.Naming.Latex(pair.Key);
                Assert.True(results.ContainsKey(latex), $"no formula line for {pair.Key} ({latex})");
                Assert.Equal(new[] { Walkthrough.Number(pair.Value) }, results[latex]);
            }

            Assert.Contains("## After the step", writer.ToString());
            Assert.DoesNotContain("NaN", writer.ToString());
        }

        /// <summary>A generated network of the tests by its class name, read like a zoo network.</summary>
        private static ZooNetwork Network(string name) =>
            ZooNetwork.Wrap((IZooNetwork)Activator.CreateInstance(typeof(SymbolsTableTests).Assembly.GetType("BackpropGen.Tests." + name)!)!);

        /// <summary>
        /// The networks in vectorised kernels whose twin among the tests' networks (Zoo_Vec_X and Zoo_X, Opt_Vec_X and
        /// Opt_X) is the same network unrolled: the same description, update rule, learning rate and optimizer.
        /// </summary>
        public static IEnumerable<object[]> VectorizedWithUnrolledTwin()
        {
            static string Describe(string name)
            {
                ZooNetwork zoo = Network(name);
                var network = (INetwork)zoo.Instance;
                string optimizer = string.Join(", ", zoo.Type.GetProperties()
                    .Where(p => p.Name is "Momentum" or "Beta1" or "Beta2" or "Epsilon" or "WeightDecay")
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => $"{p.Name} = {p.GetValue(zoo.Instance)}"));
                return $"{network.Description}, {zoo.UpdateRule}, η = {network.LearningRate:R}, {optimizer}";
            }

            var names = new HashSet<string>(typeof(SymbolsTableTests).Assembly.GetTypes()
                .Where(type => type.Namespace == "BackpropGen.Tests" && typeof(IZooNetwork).IsAssignableFrom(type) && !type.IsAbstract)
                .Select(type => type.Name));
            foreach (string name in names.OrderBy(name => name, StringComparer.Ordinal))
            {
                foreach (string prefix in new[] { "Zoo_", "Opt_" })
                {
                    string twin = prefix + name.Substring(Math.Min(name.Length, (prefix + "Vec_").Length));
                    if (name.StartsWith(prefix + "Vec_", StringComparison.Ordinal) && names.Contains(twin) && Describe(name) == Describe(twin))
                    {
                        yield return new object[] { name, twin };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(VectorizedWithUnrolledTwin))]
        public void Explain_over_the_table_is_the_unrolled_twins_walkthrough(string name, string unrolledName)
        {
            ZooNetwork vectorized = Network(name), unrolled = Network(unrolledName);
            var random = new Random(GradientCheckTests.Seed(name) + 95);
            double[] parameters = TestData.Parameters(random, vectorized);
            vectorized.Network.SetParameters(parameters);
            unrolled.Network.SetParameters(parameters);
            for (int step = 0; step < 2; step++)
            {
                // a few steps first, so that an optimizer's state is not its initial zeros
                double[] xs = TestData.Inputs(random, vectorized), ts = TestData.Targets(random, vectorized);
                vectorized.Network.Train(xs, ts);
                unrolled.Network.Train(xs, ts);
            }

            double[] x = TestData.Inputs(random, vectorized), t = TestData.Targets(random, vectorized);
            var fromTable = new StringWriter { NewLine = "\n" };
            var fromSymbols = new StringWriter { NewLine = "\n" };
            ((INetwork)vectorized.Instance).Explain(x, t, fromTable);
            ((INetwork)unrolled.Instance).Explain(x, t, fromSymbols);

            // The same text, line by line, but for the name; the numbers the same to the last of their 9 digits or within
            // the kernels' rounding (their sums in another order, their exp not Math.Exp's)
            const string Number = @"-?\d+(?:\.\d+)?(?: \\times 10\^\{-?\d+\})?";
            string expected = fromSymbols.ToString().Replace("of " + unrolledName + ",", "of " + name + ",");
            Assert.Equal(Regex.Replace(expected, Number, "#"), Regex.Replace(fromTable.ToString(), Number, "#"));
            double[] want = Regex.Matches(expected, Number).Select(m => Parse(m.Value)).ToArray();
            double[] got = Regex.Matches(fromTable.ToString(), Number).Select(m => Parse(m.Value)).ToArray();
            Assert.Equal(want.Length, got.Length);
            Assert.True(want.Length > 100, $"{want.Length} numbers");
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(want[i] - got[i]) <= 1e-7 * Math.Max(Math.Abs(want[i]), 1e-6), $"number {i}: {got[i]:R} against {want[i]:R}");
            }
        }

        /// <summary>The sides of each formula line <c>$$a = b = ... = result$$</c> of a walkthrough.</summary>
        private static IEnumerable<string[]> Formulas(string walkthrough) =>
            Regex.Matches(walkthrough, @"\$\$(.+?)\$\$").Select(m => m.Groups[1].Value.Split(" = "));

        [Fact]
        public void Under_OutputLayerFirst_the_walkthroughs_hidden_deltas_sum_over_the_updated_weights()
        {
            var network = new Zoo_Parts_16_16_16_Logistic_OutputLayerFirst();
            ZooNetwork zoo = ZooNetwork.Wrap(network);
            var random = new Random(93);
            double[] parameters = TestData.Parameters(random, zoo);
            double[] x = TestData.Inputs(random, zoo), t = TestData.Targets(random, zoo);
            network.SetParameters(parameters);
            var writer = new StringWriter { NewLine = "\n" };
            network.Explain(x, t, writer);
            var symbols = new Zoo_Parts_16_16_16_Logistic_OutputLayerFirst.Symbols();
            network.SetParameters(parameters);
            TrainWithSymbols(network, symbols, x, t);
            List<string[]> formulas = Formulas(writer.ToString()).ToList();

            // ∂E_ok/∂out_hj = δ_ok · ∂net_ok/∂out_hj = δ_ok · w_n⁺ = d · w = result: through the weight after its update,
            // the recorded w_n_plus, and the numbers substituted give the result (to the 9 digits they are written with)
            var through = formulas.Where(sides => Regex.IsMatch(sides[0], @"^\\frac\{\\partial E_\{o\d+\}\}\{\\partial out_\{h\d+\}\}$")).ToList();
            Assert.Equal(16 * 16, through.Count);
            foreach (string[] sides in through)
            {
                Assert.Equal(5, sides.Length);
                Match weight = Regex.Match(sides[2], @"^\\delta_\{o\d+\} \\cdot w_\{(\d+)\}\^\{\+\}$");
                Assert.True(weight.Success, sides[2]);
                double[] numbers = Numbers(sides[3]);
                Assert.Equal(2, numbers.Length);
                Assert.Equal(Walkthrough.Number(symbols[$"w{weight.Groups[1].Value}_plus"]), Walkthrough.Number(numbers[1]));
                AssertClose(numbers[0] * numbers[1], Parse(sides[4]), sides[0]);
            }

            // ∂E_total/∂out_hj sums the 16 of them, and δ_hj = ∂E_total/∂out_hj · ∂out_hj/∂net_hj is the recorded delta
            var sums = formulas.Where(sides => Regex.IsMatch(sides[0], @"^\\frac\{\\partial E_\{total\}\}\{\\partial out_\{h\d+\}\}$")).ToList();
            Assert.Equal(16, sums.Count);
            foreach (string[] sides in sums)
            {
                double[] numbers = Numbers(sides[^2]);
                Assert.Equal(16, numbers.Length);
                AssertClose(numbers.Sum(), Parse(sides[^1]), sides[0]);
            }

            var hidden = formulas.Where(sides => Regex.IsMatch(sides[0], @"^\\delta_\{h\d+\}$")).ToList();
            Assert.Equal(16, hidden.Count);
            foreach (string[] sides in hidden)
            {
                double[] numbers = Numbers(sides[^2]);
                Assert.Equal(2, numbers.Length);
                AssertClose(numbers[0] * numbers[1], Parse(sides[^1]), sides[0]);
                string neuron = Regex.Match(sides[0], @"h\d+").Value;
                Assert.Equal(Walkthrough.Number(symbols["delta_" + neuron]), sides[^1]);
            }
        }

        /// <summary>The numbers of a side of a formula line: "(-0.1)", "2.5", "1.5 \times 10^{-7}".</summary>
        private static double[] Numbers(string side) =>
            Regex.Matches(side, @"\(-[\d.]+(?: \\times 10\^\{-?\d+\})?\)|[\d.]+(?: \\times 10\^\{-?\d+\})?").Select(m => Parse(m.Value)).ToArray();

        private static void AssertClose(double computed, double written, string what) =>
            Assert.True(Math.Abs(computed - written) <= 1e-7 * Math.Max(Math.Abs(written), 1e-9), $"{what}: {computed:R} against {written:R}");

        private static double Parse(string text)
        {
            text = text.Trim('(', ')');
            Match exponent = Regex.Match(text, @"^(-?[\d.]+) \\times 10\^\{(-?\d+)\}$");
            return exponent.Success
                ? double.Parse(exponent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * Math.Pow(10, int.Parse(exponent.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
                : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }

        public static IEnumerable<object[]> WithOptimizer() => new[]
        {
            new object[] { nameof(Opt_Vec_3_5_7_2_Logistic_Adam) },
            new object[] { nameof(Opt_Parts_16_16_16_2_LeakyReLU_Momentum) },
        };

        [Theory]
        [MemberData(nameof(WithOptimizer))]
        public void With_an_optimizer_the_parameters_after_are_the_optimizers_step(string name)
        {
            Type type = typeof(SymbolsTableTests).Assembly.GetType("BackpropGen.Tests." + name)!;
            ZooNetwork recorded = ZooNetwork.Wrap((IZooNetwork)Activator.CreateInstance(type)!);
            ZooNetwork plain = ZooNetwork.Wrap((IZooNetwork)Activator.CreateInstance(type)!);
            var random = new Random(94);
            double[] parameters = TestData.Parameters(random, recorded);
            recorded.Network.SetParameters(parameters);
            plain.Network.SetParameters(parameters);
            StepSymbols symbols = NewSymbols(type);
            for (int step = 0; step < 3; step++)
            {
                double[] x = TestData.Inputs(random, recorded), t = TestData.Targets(random, recorded);
                double withSymbols = TrainWithSymbols(recorded.Instance, symbols, x, t);
                double without = plain.Network.Train(x, t);
                Assert.Equal(BitConverter.DoubleToInt64Bits(without), BitConverter.DoubleToInt64Bits(withSymbols));
            }

            // The table's trained parameters after the last step are the optimizer's
            string[] names = symbols.Keys.Where(key => key.EndsWith("_plus", StringComparison.Ordinal)).ToArray();
            int trained = plain.TrainBiases ? plain.ParameterCount : plain.WeightCount;
            Assert.Equal(trained, names.Length);
            ArticleValueTests.AssertBitEqual(plain.Parameters().Take(trained).ToArray(), names.Select(key => symbols[key]).ToArray());
            ArticleValueTests.AssertBitEqual(plain.Parameters(), recorded.Parameters());
        }

        [Fact]
        public void A_float_network_records_its_floats_exactly()
        {
            var recorded = new SingleVec_3_5_2_Tanh_Logistic();
            var plain = new SingleVec_3_5_2_Tanh_Logistic();
            recorded.InitializeParameters(7);
            plain.InitializeParameters(7);
            float w1 = recorded.w1, b_o2 = recorded.b_o2;
            var symbols = new SingleVec_3_5_2_Tanh_Logistic.Symbols();

            float withSymbols = recorded.Train(0.25f, -0.5f, 0.75f, 0.1f, 0.8f, symbols);
            float without = plain.Train(0.25f, -0.5f, 0.75f, 0.1f, 0.8f);

            Assert.Equal(BitConverter.SingleToInt32Bits(without), BitConverter.SingleToInt32Bits(withSymbols));
            Assert.Equal((double)withSymbols, symbols["E_total"]);
            Assert.Equal((double)w1, symbols["w1"]);
            Assert.Equal((double)b_o2, symbols["b_o2"]);
            Assert.Equal((double)plain.w1, symbols["w1_plus"]);
            Assert.Equal((double)plain.b_o2, symbols["b_o2_plus"]);
            Assert.Equal((double)plain.dE_total_dw25, symbols["dE_total_dw25"]);
            Assert.Equal(0.25, symbols["i1"]);

            // Explain: the same float step again, and its walkthrough prints the table's values (floats widened)
            var explained = new SingleVec_3_5_2_Tanh_Logistic();
            explained.InitializeParameters(7);
            var writer = new StringWriter { NewLine = "\n" };
            float explainedError = explained.Explain(new[] { 0.25f, -0.5f, 0.75f }, new[] { 0.1f, 0.8f }, writer);
            Assert.Equal(BitConverter.SingleToInt32Bits(without), BitConverter.SingleToInt32Bits(explainedError));
            Assert.Equal(plain.w1, explained.w1);
            Assert.Contains($"$$w_{{1}}^{{+}} = w_{{1}} - \\eta \\cdot \\frac{{\\partial E_{{total}}}}{{\\partial w_{{1}}}} = ", writer.ToString());
            Assert.Contains($" = {Walkthrough.Number(symbols["w1_plus"])}$$", writer.ToString());
        }

        [Fact]
        public void An_unknown_name_is_a_clear_error()
        {
            var symbols = new Zoo_Vec_3_5_2_Logistic_CrossEntropy.Symbols();
            var error = Assert.Throws<KeyNotFoundException>(() => symbols["net_h9"]);
            Assert.Contains("\"net_h9\"", error.Message);
            Assert.Contains("3-5-2", error.Message);
            Assert.False(symbols.TryGetValue("dE_o1_dout_h1", out double value)); // a symbol the kernels do not keep
            Assert.Equal(0.0, value);
            Assert.False(symbols.ContainsKey(null!));
            Assert.True(symbols.ContainsKey("delta_h5"));
            Assert.False(symbols.ContainsKey("b1")); // no biases
            Assert.Equal(symbols.Keys, symbols.Select(pair => pair.Key));
            Assert.Same(symbols.Description, symbols.Description);
            Assert.Equal(new[] { 3, 5, 2 }, symbols.Description.LayerSizes);
        }
    }
}
