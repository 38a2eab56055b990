using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using BackpropGen.Runtime;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// The runtime library's helpers for generated code (BackpropGen.Runtime): the CRC-32, the argument checks and
    /// their messages, the walkthrough's number format and the Mermaid writer.
    /// </summary>
    public class RuntimeTests
    {
        // ---------------------------------------------------------------- Crc32

        [Theory]
        [InlineData("", 0x00000000u)]
        [InlineData("a", 0xE8B7BE43u)]
        [InlineData("abc", 0x352441C2u)]
        [InlineData("123456789", 0xCBF43926u)] // the check value of CRC-32/ISO-HDLC in every CRC catalogue
        [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
        public void Crc32_of_known_vectors(string text, uint expected)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.Equal(expected, Crc32.Compute(bytes, 0, bytes.Length));
        }

        [Fact]
        public void Crc32_agrees_with_the_bitwise_definition_and_can_be_computed_piece_by_piece()
        {
            var random = new Random(11);
            for (int length = 0; length < 300; length += 7)
            {
                byte[] bytes = new byte[length];
                random.NextBytes(bytes);
                uint whole = Crc32.Compute(bytes, 0, length);
                Assert.Equal(ParametersTests.BitwiseCrc32(bytes), whole);
                int cut = length / 3;
                Assert.Equal(whole, Crc32.Append(Crc32.Compute(bytes, 0, cut), bytes, cut, length - cut));
            }
        }

        [Fact]
        public void Crc32_rejects_a_range_outside_the_array()
        {
            Assert.Throws<ArgumentNullException>(() => Crc32.Compute(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => Crc32.Compute(new byte[4], 2, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => Crc32.Compute(new byte[4], -1, 1));
        }

        // ---------------------------------------------------------------- Check

        [Fact]
        public void Check_passes_valid_arguments_and_returns_the_sample_count()
        {
            Check.Length(2, 2, "inputs", "InputCount: i1..i2");
            Assert.Equal(3, Check.Samples(6, 2, "inputs", "InputCount: i1..i2"));
            Assert.Equal(0, Check.WholeSamples(0, 2, "inputs", "InputCount: i1..i2"));
            Assert.Equal(4, Check.WholeSamples(8, 2, "inputs", "InputCount: i1..i2"));
            Check.Rows(6, 3, 2, "targets");
            Check.AtLeastOne(1, "epochs");
            Check.NotNull(new object(), "stream");
            Check.ForwardPass(true);
            Assert.Equal(1e-300, Check.LearningRate(1e-300));
            Assert.Equal(double.MaxValue, Check.LearningRate(double.MaxValue));
        }

        [Fact]
        public void Check_messages_name_the_argument_and_the_numbers()
        {
            AssertMessage<ArgumentException>(() => Check.Length(3, 2, "inputs", "InputCount: i1..i2"), "inputs", "inputs must have length 2 (InputCount: i1..i2), not 3.");
            AssertMessage<ArgumentException>(() => Check.Samples(0, 2, "inputs", "InputCount: i1..i2"), "inputs", "inputs must hold one or more samples of 2 values (InputCount: i1..i2); its length 0 is not a positive multiple of 2.");
            AssertMessage<ArgumentException>(() => Check.Samples(5, 2, "inputs", "InputCount: i1..i2"), "inputs", "inputs must hold one or more samples of 2 values (InputCount: i1..i2); its length 5 is not a positive multiple of 2.");
            AssertMessage<ArgumentException>(() => Check.WholeSamples(5, 2, "inputs", "InputCount: i1..i2"), "inputs", "inputs must hold whole samples of 2 values (InputCount: i1..i2); its length 5 is not a multiple of 2.");
            AssertMessage<ArgumentException>(() => Check.Rows(5, 3, 2, "targets"), "targets", "targets must have length 6 (2 values per sample for 3 samples), not 5.");
            AssertMessage<ArgumentException>(() => Check.Rows(3, 1, 2, "targets"), "targets", "targets must have length 2 (2 values per sample for 1 sample), not 3.");
            AssertMessage<ArgumentException>(() => Check.Rows(2, 3, 1, "targets"), "targets", "targets must have length 3 (1 value per sample for 3 samples), not 2.");
            AssertMessage<ArgumentOutOfRangeException>(() => Check.AtLeastOne(0, "epochs"), "epochs", "epochs must be at least 1.");
            AssertMessage<ArgumentNullException>(() => Check.NotNull(null, "stream"), "stream", null);
            Assert.StartsWith("Call Forward before Backward", Assert.Throws<InvalidOperationException>(() => Check.ForwardPass(false)).Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(double.NegativeInfinity)]
        [InlineData(0.0)]
        [InlineData(-0.5)]
        public void Check_LearningRate_rejects_NaN_infinities_zero_and_negatives(double value)
        {
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => Check.LearningRate(value));
            Assert.StartsWith("LearningRate must be finite and greater than 0", error.Message, StringComparison.Ordinal);
        }

        private static void AssertMessage<T>(Action check, string parameter, string? message)
            where T : ArgumentException
        {
            T error = Assert.Throws<T>(check);
            Assert.Equal(parameter, error.ParamName);
            if (message is not null)
            {
                Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
            }
        }

        // ---------------------------------------------------------------- Walkthrough

        [Theory]
        [InlineData(0.2983711087600027, "0.298371109")]
        [InlineData(-0.25, "-0.25")]
        [InlineData(1.0, "1")]
        [InlineData(0.0, "0")]
        [InlineData(1.5e-7, @"1.5 \times 10^{-7}")]
        [InlineData(-2.5e12, @"-2.5 \times 10^{12}")]
        [InlineData(123456789012.0, @"1.23456789 \times 10^{11}")]
        [InlineData(double.NaN, "NaN")]
        public void Walkthrough_Number_has_9_significant_digits_and_a_LaTeX_exponent(double value, string expected)
        {
            Assert.Equal(expected, Walkthrough.Number(value));
        }

        [Fact]
        public void Walkthrough_Number_writes_negative_zero_as_0() => Assert.Equal("0", Walkthrough.Number(-0.0));

        [Fact]
        public void Walkthrough_Write_fills_the_template_and_leaves_out_what_only_repeats()
        {
            string template = "# Title\n"
                + "Values: $a = ‹0›$, $b = ‹1›$.\n"
                + "$$c¦a + b¦«0» + «1»¦‹2›$$\n"
                + "$$d¦¦e^{«0»}¦‹3›$$\n"
                + "$$e¦b¦«1»¦‹1›$$\n"
                + "> An erratum.\n"
                + "After: ‹after›.";
            var values = new[] { 0.5, -0.25, 0.25, 1.6487212707001282 };
            var article = new StringWriter { NewLine = "\n" };
            Walkthrough.Write(article, template, values, 0.125, articleNumbers: true);
            Assert.Equal(
                "# Title\n\nValues: $a = 0.5$, $b = -0.25$.\n\n$$c = a + b = 0.5 + (-0.25) = 0.25$$\n\n$$d = e^{0.5} = 1.64872127$$\n\n"
                + "$$e = b = -0.25$$\n\n> An erratum.\n\nAfter: 0.125.\n",
                article.ToString());

            var other = new StringWriter { NewLine = "\n" };
            Walkthrough.Write(other, template, values, 0.125, articleNumbers: false);
            Assert.DoesNotContain("erratum", other.ToString(), StringComparison.Ordinal);
            Assert.Throws<FormatException>(() => Walkthrough.Write(TextWriter.Null, "$$a¦b¦c$$", values, 0, false));
        }

        [Fact]
        public void Walkthrough_Write_of_a_network_checks_its_arguments()
        {
            var description = new NetworkDescription(new[] { 2, 2, 2 }, new[] { Activation.Logistic, Activation.Logistic }, Loss.SquaredError, BiasMode.SharedPerLayer, trainBiases: false);
            double[] values = new double[60];
            Assert.Throws<ArgumentNullException>(() => Walkthrough.Write(null!, "N", description, UpdateRule.Simultaneous, null, values, 0.0));
            Assert.Throws<ArgumentNullException>(() => Walkthrough.Write(TextWriter.Null, null!, description, UpdateRule.Simultaneous, null, values, 0.0));
            Assert.Throws<ArgumentNullException>(() => Walkthrough.Write(TextWriter.Null, "N", (NetworkDescription)null!, UpdateRule.Simultaneous, null, values, 0.0));
            Assert.Throws<ArgumentNullException>(() => Walkthrough.Write(TextWriter.Null, "N", (StepSymbols)null!, UpdateRule.Simultaneous, null, null, 0.0));
            Assert.Throws<ArgumentNullException>(() => Walkthrough.Write(TextWriter.Null, "N", description, UpdateRule.Simultaneous, null, null!, 0.0));
        }

        [Fact]
        public void Walkthrough_Operand_puts_negative_numbers_in_parentheses()
        {
            Assert.Equal("0.15", Walkthrough.Operand(0.15));
            Assert.Equal("(-0.2)", Walkthrough.Operand(-0.2));
        }

        // ---------------------------------------------------------------- Mermaid

        /// <summary>The zoo's networks of one to three hidden layers and every bias mode.</summary>
        public static IEnumerable<object[]> MermaidNetworks() => new[]
        {
            nameof(MazurNetwork), nameof(Zoo_3_4_2_Tanh_PerNeuron), nameof(Zoo_3_5_2_Logistic_CrossEntropy),
            nameof(Zoo_2_5_5_5_3_LeakyReLU_Tanh), nameof(Zoo_4_8_6_1_ReLU_Identity), nameof(Zoo_2_3_Logistic),
        }.Select(name => new object[] { name });

        [Theory]
        [MemberData(nameof(MermaidNetworks))]
        public void Mermaid_Flowchart_draws_what_the_generated_ToMermaid_draws(string name)
        {
            // The generated ToMermaid passes only its description and values: the names it draws, from the runtime's model of
            // the step, are the ones written out independently here.
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(8);
            int layers = zoo.Layers.Length;
            string[][] neurons = zoo.Layers
                .Select((size, l) => Enumerable.Range(1, size).Select(n => l == 0 ? "i" + n : l == layers - 1 ? "o" + n : layers == 3 ? "h" + n : "h" + l + "_" + n).ToArray())
                .ToArray();
            string[] titles = Enumerable.Range(0, layers)
                .Select(l => l == 0 ? "Input layer" : l == layers - 1 ? "Output layer" : layers == 3 ? "Hidden layer" : "Hidden layer " + l)
                .ToArray();
            var values = new double[zoo.ParameterCount];
            zoo.Network.CopyParametersTo(values);
            string[] names = ParametersTests.ExpectedParameterNames(zoo).ToArray();

            string generated = (string)zoo.Network.GetType().GetMethod("ToMermaid", BindingFlags.Public | BindingFlags.Instance)!.Invoke(zoo.Network, null)!;
            Assert.Equal(generated, Mermaid.Flowchart(titles, neurons, zoo.Bias, names, values));
        }

        [Fact]
        public void Mermaid_Flowchart_rejects_names_that_do_not_fit_the_layers()
        {
            string[][] neurons = { new[] { "i1" }, new[] { "o1" } };
            Assert.Throws<ArgumentException>(() => Mermaid.Flowchart(new[] { "Input layer", "Output layer" }, neurons, BiasMode.SharedPerLayer, new[] { "w1" }, new[] { 0.5 }));
            Assert.StartsWith("flowchart LR\n", Mermaid.Flowchart(new[] { "Input layer", "Output layer" }, neurons, BiasMode.None, new[] { "w1" }, new[] { 0.5 }), StringComparison.Ordinal);
        }

        [Fact]
        public void Mermaid_Flowchart_of_a_description_checks_its_arguments()
        {
            var description = new NetworkDescription(new[] { 2, 1 }, new[] { Activation.Logistic }, Loss.SquaredError, BiasMode.SharedPerLayer, trainBiases: false);
            Assert.Throws<ArgumentNullException>(() => Mermaid.Flowchart(null!, new[] { 0.1, 0.2, 0.3 }));
            Assert.Throws<ArgumentNullException>(() => Mermaid.Flowchart(description, null!));
            Assert.Throws<ArgumentException>(() => Mermaid.Flowchart(description, new[] { 0.1, 0.2 }));
            Assert.Contains("i2 -->|\"w2 = 0.2\"| o1", Mermaid.Flowchart(description, new[] { 0.1, 0.2, 0.3 }), StringComparison.Ordinal);
        }

        [Fact]
        public void Mermaid_Flowchart_of_a_network_reads_its_description_and_parameters()
        {
            var network = new ArrayNetwork(0.1, 0.2, 0.3);
            Assert.Equal(Mermaid.Flowchart(network.Description, new[] { 0.1, 0.2, 0.3 }), Mermaid.Flowchart(network));
            Assert.Throws<ArgumentNullException>(() => Mermaid.Flowchart((INetwork)null!));
        }

        // ---------------------------------------------------------------- ParameterFile through INetwork

        [Fact]
        public void ParameterFile_Save_of_a_network_writes_its_shape_bias_mode_and_parameters()
        {
            var network = new ArrayNetwork(0.1, -0.2, double.NaN);
            using var saved = new MemoryStream();
            ParameterFile.Save(network, saved);

            using var expected = new MemoryStream();
            ParameterFile.Write(expected, new[] { 2, 1 }, BiasMode.SharedPerLayer, new[] { 0.1, -0.2, double.NaN });
            Assert.Equal(expected.ToArray(), saved.ToArray());
            Assert.Throws<ArgumentNullException>(() => ParameterFile.Save(null!, saved));
            Assert.Throws<ArgumentNullException>(() => ParameterFile.Save(network, null!));
        }

        [Fact]
        public void ParameterFile_Load_of_a_network_sets_its_parameters_only_when_every_check_passes()
        {
            using var file = new MemoryStream();
            ParameterFile.Write(file, new[] { 2, 1 }, BiasMode.SharedPerLayer, new[] { 0.5, 0.25, -1.0 });
            var network = new ArrayNetwork(0.0, 0.0, 0.0);
            file.Position = 0;
            ParameterFile.Load(network, file);
            Assert.Equal(new[] { 0.5, 0.25, -1.0 }, network.Values);
            Assert.Equal(file.Length, file.Position);

            using var other = new MemoryStream();
            ParameterFile.Write(other, new[] { 3, 1 }, BiasMode.SharedPerLayer, new[] { 1.0, 2.0, 3.0, 4.0 });
            other.Position = 0;
            var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(network, other));
            Assert.Contains("but ArrayNetwork is 2-1", error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { 0.5, 0.25, -1.0 }, network.Values); // unchanged
            Assert.Equal(1, network.SetCalls);
            Assert.Throws<ArgumentNullException>(() => ParameterFile.Load(null!, file));
            Assert.Throws<ArgumentNullException>(() => ParameterFile.Load(network, null!));
        }

        /// <summary>A 2-1 network with a shared bias whose three parameters are an array: what the runtime reads and sets through INetwork.</summary>
        private sealed class ArrayNetwork : Infrastructure.HandWrittenNetwork
        {
            public ArrayNetwork(params double[] values) => Values = values;

            public double[] Values { get; private set; }

            public int SetCalls { get; private set; }

            public override NetworkDescription Description { get; } =
                new NetworkDescription(new[] { 2, 1 }, new[] { Activation.Logistic }, Loss.SquaredError, BiasMode.SharedPerLayer, trainBiases: false);

            public override void Forward(ReadOnlySpan<double> inputs, Span<double> outputs) => throw new NotSupportedException();

            public override double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets) => throw new NotSupportedException();

            public override void CopyParametersTo(Span<double> destination) => Values.CopyTo(destination);

            public override void SetParameters(ReadOnlySpan<double> source)
            {
                Values = source.ToArray();
                SetCalls++;
            }

            public override void CopyGradientsTo(Span<double> destination) => throw new NotSupportedException();
        }

        // ---------------------------------------------------------------- Initialization

        [Fact]
        public void Initialization_Draw_draws_the_weights_in_parameter_order_within_each_layers_limit_and_zeroes_the_biases()
        {
            // A ReLU hidden layer (He: ±√(6/3) = ±√2) and a logistic output (Xavier: ±√(6/(4+2)) = ±1), biases per neuron.
            var description = new NetworkDescription(new[] { 3, 4, 2 }, new[] { Activation.ReLU, Activation.Logistic }, Loss.SquaredError, BiasMode.PerNeuron, trainBiases: true);
            double[] values = Initialization.Draw(description, new Random(11));

            var random = new Random(11);
            var expected = new double[description.ParameterCount];
            for (int w = 0; w < 12; w++)
            {
                expected[w] = Math.Sqrt(2.0) * ((2.0 * random.NextDouble()) - 1.0);
            }

            for (int w = 12; w < 20; w++)
            {
                expected[w] = 1.0 * ((2.0 * random.NextDouble()) - 1.0);
            }

            Assert.Equal(26, values.Length);
            Assert.Equal(expected, values); // w1..w20, then the six biases at 0
            Assert.Throws<ArgumentNullException>(() => Initialization.Draw(null!, new Random(1)));
            Assert.Throws<ArgumentNullException>(() => Initialization.Draw(description, null!));
        }
    }
}
