using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace BackpropGen.Tests.SinglePrecision
{
    /// <summary>
    /// Precision.Single networks of the unrolled shape (scalar step, parts, the eight-lane mini-batch): they compute in
    /// float (checked against a hand-written float port of the article's step, bit for bit), and they train like the
    /// double reference implementation within float tolerance, online, in mini-batches and with optimizers.
    /// </summary>
    public class SinglePrecisionTests
    {
        /// <summary>
        /// Parameters after a few steps agree with the double reference to this, relative to max(1, |value|). A float
        /// step rounds each operation to 2^-24 (6e-8) relative; a chain of a few dozen operations, over 5 steps that feed
        /// each other, accumulates many of those (measured on these networks: every check passes at 1e-6, one fails at
        /// 5e-7), so ten times the largest seen. A formula that is wrong (a missing term, a wrong derivative) is off by
        /// far more.
        /// </summary>
        private const double Tolerance = 1e-5;

        private static readonly Dictionary<string, Func<ISingleNetwork>> Networks = new()
        {
            [nameof(SingleMazur)] = () => new SingleMazur(),
            [nameof(SingleMazurOutputLayerFirst)] = () => new SingleMazurOutputLayerFirst(),
            [nameof(Single_3_4_2_Tanh_PerNeuron)] = () => new Single_3_4_2_Tanh_PerNeuron(),
            [nameof(Single_4_8_6_1_ReLU_Identity)] = () => new Single_4_8_6_1_ReLU_Identity(),
            [nameof(Single_2_5_5_5_3_LeakyReLU_Tanh)] = () => new Single_2_5_5_5_3_LeakyReLU_Tanh(),
            [nameof(Single_4_6_3_Tanh_Softmax)] = () => new Single_4_6_3_Tanh_Softmax(),
            [nameof(Single_3_5_2_Logistic_CrossEntropy)] = () => new Single_3_5_2_Logistic_CrossEntropy(),
            [nameof(Single_2_4_3_2_Tanh_Logistic_OutputLayerFirst)] = () => new Single_2_4_3_2_Tanh_Logistic_OutputLayerFirst(),
            [nameof(Single_Parts_16_16_16_16_4_Tanh_Softmax)] = () => new Single_Parts_16_16_16_16_4_Tanh_Softmax(),
            [nameof(Single_3_4_2_AdamW)] = () => new Single_3_4_2_AdamW(),
            [nameof(Single_2_3_2_Momentum)] = () => new Single_2_3_2_Momentum(),
        };

        public static IEnumerable<object[]> All() => Networks.Keys.Select(name => new object[] { name });

        public static IEnumerable<object[]> BatchTrainable() =>
            Networks.Keys.Where(name => Declaration(Networks[name]().GetType()).UpdateRule == UpdateRule.Simultaneous).Select(name => new object[] { name });

        private static NetworkAttribute Declaration(Type type) => type.GetCustomAttribute<NetworkAttribute>()!;

        /// <summary>The network, its double reference (and optimizer) from the same declaration, the same float-exact parameters in both.</summary>
        private static (ISingleNetwork Net, ReferenceNetwork Reference, ReferenceOptimizer? Optimizer, Random Random) Start(string name, int seed)
        {
            ISingleNetwork net = Networks[name]();
            NetworkAttribute declaration = Declaration(net.GetType());
            var reference = new ReferenceNetwork(
                declaration.Layers.ToArray(), declaration.Activation, declaration.OutputActivation, declaration.Loss, declaration.Bias,
                declaration.TrainBiases, (float)declaration.LearningRate, declaration.UpdateRule);
            int weights = 0;
            for (int l = 1; l < declaration.Layers.Length; l++)
            {
                weights += declaration.Layers[l] * declaration.Layers[l - 1];
            }

            ReferenceOptimizer? optimizer = null;
            if (declaration.Optimizer != Optimizer.Sgd || declaration.WeightDecay != 0)
            {
                optimizer = new ReferenceOptimizer(reference, declaration, weights)
                {
                    // The network holds its hyperparameters as floats: the reference takes the same values.
                    LearningRate = (float)declaration.LearningRate,
                    Momentum = (float)declaration.Momentum,
                    Beta1 = (float)declaration.Beta1,
                    Beta2 = (float)declaration.Beta2,
                    Epsilon = (float)declaration.Epsilon,
                    WeightDecay = (float)declaration.WeightDecay,
                };
            }

            var random = new Random(seed);
            double[] parameters = Floats(TestData.Uniform(random, net.Description.ParameterCount, -1.0, 1.0));
            net.SetParameters(parameters);
            reference.SetParameters(parameters);
            return (net, reference, optimizer, random);
        }

        /// <summary>The values rounded to float (so that the network and the reference see the same numbers).</summary>
        private static double[] Floats(double[] values) => values.Select(v => (double)(float)v).ToArray();

        private static double[] Inputs(Random random, INetwork net) => Floats(TestData.Uniform(random, net.Description.InputCount, -1.0, 1.0));

        private static double[] Targets(Random random, INetwork net) =>
            Floats(TestData.Targets(random, net.Description.OutputCount, net.Description.Activations[net.Description.Activations.Count - 1]));

        private static double[] Parameters(INetwork net)
        {
            var values = new double[net.Description.ParameterCount];
            net.CopyParametersTo(values);
            return values;
        }

        private static void AssertClose(double expected, double actual, double tolerance, string what)
        {
            double allowed = tolerance * Math.Max(1.0, Math.Abs(expected));
            Assert.True(Math.Abs(expected - actual) <= allowed, $"{what}: reference {expected:R}, float network {actual:R} (allowed {allowed:G3}).");
        }

        private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], actual[i], tolerance, $"{what}[{i}]");
            }
        }

        // ---- The article's network computes in float ----

        /// <summary>
        /// The article's step written out by hand in float, operation for operation as the article's formulas (and
        /// mazur.c) compute it: an independent float port for the generated Single code to match bit for bit.
        /// </summary>
        private static (float E, float[] W) HandWrittenFloatStep(float[] w, float i1, float i2, float t1, float t2, float b1, float b2, float eta)
        {
            float h1 = 1.0f / (1.0f + MathF.Exp(-(w[0] * i1 + w[1] * i2 + b1)));
            float h2 = 1.0f / (1.0f + MathF.Exp(-(w[2] * i1 + w[3] * i2 + b1)));
            float o1 = 1.0f / (1.0f + MathF.Exp(-(w[4] * h1 + w[5] * h2 + b2)));
            float o2 = 1.0f / (1.0f + MathF.Exp(-(w[6] * h1 + w[7] * h2 + b2)));
            float e = 0.5f * (t1 - o1) * (t1 - o1) + 0.5f * (t2 - o2) * (t2 - o2);
            float dO1 = (o1 - t1) * (o1 * (1.0f - o1));
            float dO2 = (o2 - t2) * (o2 * (1.0f - o2));
            float dH1 = (dO1 * w[4] + dO2 * w[6]) * (h1 * (1.0f - h1));
            float dH2 = (dO1 * w[5] + dO2 * w[7]) * (h2 * (1.0f - h2));
            float[] gradients = { dH1 * i1, dH1 * i2, dH2 * i1, dH2 * i2, dO1 * h1, dO1 * h2, dO2 * h1, dO2 * h2 };
            return (e, w.Select((value, k) => value - eta * gradients[k]).ToArray());
        }

        private static SingleMazur SingleArticle()
        {
            var net = new SingleMazur
            {
                w1 = 0.15f, w2 = 0.20f, w3 = 0.25f, w4 = 0.30f, w5 = 0.40f, w6 = 0.45f, w7 = 0.50f, w8 = 0.55f, b1 = 0.35f, b2 = 0.60f,
            };
            return net;
        }

        private static float[] Weights(SingleMazur net) => new[] { net.w1, net.w2, net.w3, net.w4, net.w5, net.w6, net.w7, net.w8 };

        [Fact]
        public void The_article_step_in_float_is_the_hand_written_float_step_bit_for_bit_for_100_steps()
        {
            SingleMazur net = SingleArticle();
            float[] w = Weights(net);
            for (int step = 0; step < 100; step++)
            {
                (float e, float[] next) = HandWrittenFloatStep(w, 0.05f, 0.10f, 0.01f, 0.99f, 0.35f, 0.60f, 0.5f);
                float error = net.Train(0.05f, 0.10f, 0.01f, 0.99f);
                Assert.Equal(BitConverter.SingleToInt32Bits(e), BitConverter.SingleToInt32Bits(error));
                Assert.Equal(next.Select(BitConverter.SingleToInt32Bits), Weights(net).Select(BitConverter.SingleToInt32Bits));
                w = next;
            }
        }

        [Fact]
        public void The_article_values_in_float_are_the_article_s_to_float_precision_and_differ_from_the_double_network_s()
        {
            SingleMazur net = SingleArticle();
            var symbols = new SingleMazur.Symbols();
            float error = net.Train(0.05f, 0.10f, 0.01f, 0.99f, symbols);

            // The article's printed values (9 significant digits), and float's precision: a few units of 2^-24 relative.
            (double Printed, float Value, string Name)[] values =
            {
                (0.593269992, symbols.out_h1, "out_h1"), (0.596884378, symbols.out_h2, "out_h2"),
                (0.75136507, symbols.out_o1, "out_o1"), (0.772928465, symbols.out_o2, "out_o2"),
                (0.298371109, error, "E_total"), (0.082167041, symbols.dE_total_dw5, "dE_total_dw5"),
                (0.35891648, net.w5, "w5+"), (0.408666186, net.w6, "w6+"), (0.511301270, net.w7, "w7+"), (0.561370121, net.w8, "w8+"),
                (0.149780716, net.w1, "w1+"), (0.19956143, net.w2, "w2+"), (0.24975114, net.w3, "w3+"), (0.29950229, net.w4, "w4+"),
            };
            foreach ((double printed, float value, string name) in values)
            {
                AssertClose(printed, value, 2e-6, name);
            }

            // It computes in float: its error is not the double network's (which has 0.29837110876000...).
            var doubleNet = MazurNetwork.FromArticle();
            double doubleError = doubleNet.Train(0.05, 0.10, 0.01, 0.99);
            Assert.True(Math.Abs(doubleError - error) > 1e-10, $"float {error:R} vs double {doubleError:R}");
            Assert.Equal(typeof(float), typeof(SingleMazur).GetMethod("Train", new[] { typeof(float), typeof(float), typeof(float), typeof(float) })!.ReturnType);
        }

        // ---- Every network against the double reference ----

        [Theory]
        [MemberData(nameof(All))]
        public void Online_steps_agree_with_the_reference_within_float_tolerance(string name)
        {
            (ISingleNetwork net, ReferenceNetwork reference, ReferenceOptimizer? optimizer, Random random) = Start(name, 31);
            for (int step = 0; step < 5; step++)
            {
                double[] x = Inputs(random, net), t = Targets(random, net);
                double expected = optimizer is null ? reference.Train(x, t) : optimizer.Train(x, t);
                double actual = net.Train(x, t);
                AssertClose(expected, actual, Tolerance, $"{name} E_total of step {step}");
                AssertClose(reference.GetParameters(), Parameters(net), Tolerance, $"{name} parameters after step {step}");
            }
        }

        [Theory]
        [MemberData(nameof(BatchTrainable))]
        public void Mini_batches_agree_with_the_reference_within_float_tolerance(string name)
        {
            // 3 samples run the scalar batch; 11 run eight at a time in Vector256<float> (and 3 in the last group).
            foreach (int size in new[] { 3, 11 })
            {
                (ISingleNetwork net, ReferenceNetwork reference, ReferenceOptimizer? optimizer, Random random) = Start(name, 40 + size);
                for (int step = 0; step < 3; step++)
                {
                    double[][] x = Enumerable.Range(0, size).Select(_ => Inputs(random, net)).ToArray();
                    double[][] t = Enumerable.Range(0, size).Select(_ => Targets(random, net)).ToArray();
                    double expected = optimizer is null ? reference.TrainBatch(x, t, out _) : optimizer.TrainBatch(x, t);
                    float[] xs = x.SelectMany(row => row).Select(v => (float)v).ToArray();
                    float[] ts = t.SelectMany(row => row).Select(v => (float)v).ToArray();
                    double actual = net.Train(xs, ts);
                    AssertClose(expected, actual, Tolerance, $"{name} batch of {size}, mean E_total of step {step}");
                    AssertClose(reference.GetParameters(), Parameters(net), Tolerance, $"{name} batch of {size}, parameters after step {step}");
                }
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void TrainOnline_is_the_one_sample_steps_in_turn(string name)
        {
            (ISingleNetwork online, _, _, Random random) = Start(name, 50);
            (ISingleNetwork stepwise, _, _, _) = Start(name, 50);
            var x = new List<float>();
            var t = new List<float>();
            for (int sample = 0; sample < 4; sample++)
            {
                x.AddRange(Inputs(random, online).Select(v => (float)v));
                t.AddRange(Targets(random, online).Select(v => (float)v));
            }

            int inputs = online.Description.InputCount, outputs = online.Description.OutputCount;
            online.TrainOnline(x.ToArray(), t.ToArray(), epochs: 2);
            for (int epoch = 0; epoch < 2; epoch++)
            {
                for (int sample = 0; sample < 4; sample++)
                {
                    stepwise.Train(x.GetRange(sample * inputs, inputs).ToArray(), t.GetRange(sample * outputs, outputs).ToArray());
                }
            }

            Assert.Equal(Parameters(stepwise), Parameters(online));
        }

        // ---- Files, the double view, the walkthrough, allocation ----

        [Theory]
        [MemberData(nameof(All))]
        public void Save_and_Load_give_back_every_float_exactly(string name)
        {
            (ISingleNetwork net, _, _, Random random) = Start(name, 60);
            net.Train(Inputs(random, net), Targets(random, net)); // moves the optimizer's state off 0 too
            var stream = new MemoryStream();
            net.Save(stream);

            ISingleNetwork copy = Networks[name]();
            stream.Position = 0;
            copy.Load(stream);
            var expected = new float[net.Description.ParameterCount];
            var actual = new float[net.Description.ParameterCount];
            net.CopyParametersTo(expected);
            copy.CopyParametersTo(actual);
            Assert.Equal(expected, actual);

            // The same step from both gives the same parameters (the optimizer's state came along).
            double[] x = Inputs(random, net), t = Targets(random, net);
            net.Train(x, t);
            copy.Train(x, t);
            Assert.Equal(Parameters(net), Parameters(copy));
        }

        [Fact]
        public void A_double_network_s_file_loads_into_the_single_network_rounded_to_float()
        {
            var stream = new MemoryStream();
            MazurNetwork.FromArticle().Save(stream);
            stream.Position = 0;
            var net = new SingleMazur();
            net.Load(stream);
            Assert.Equal(new[] { 0.15f, 0.20f, 0.25f, 0.30f, 0.40f, 0.45f, 0.50f, 0.55f }, Weights(net));
            Assert.Equal(0.35f, net.b1);
        }

        [Fact]
        public void The_double_view_rounds_in_and_widens_out()
        {
            INetwork net = SingleArticle();
            Assert.Equal(0.5, net.LearningRate);
            net.LearningRate = 0.1;
            Assert.Equal((double)0.1f, net.LearningRate);
            var outputs = new double[2];
            net.Forward(new[] { 0.05, 0.10 }, outputs);
            ((SingleMazur)net).Forward(0.05f, 0.10f, out float o1, out float o2);
            Assert.Equal(new double[] { o1, o2 }, outputs);
            Assert.Throws<ArgumentException>(() => net.Forward(new double[3], outputs));
            Assert.Throws<ArgumentException>(() => net.CopyParametersTo(new double[9]));
        }

        [Fact]
        public void Safetensors_of_a_single_network_are_F32_and_load_back_bit_for_bit()
        {
            (ISingleNetwork net, _, _, _) = Start(nameof(Single_3_4_2_Tanh_PerNeuron), 70);
            var stream = new MemoryStream();
            net.SaveSafetensors(stream);
            byte[] file = stream.ToArray();
            long length = BitConverter.ToInt64(file, 0);
            using (JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)length)))
            {
                Assert.Equal("F32", header.RootElement.GetProperty("0.weight").GetProperty("dtype").GetString());
                Assert.Equal(4 * 12, header.RootElement.GetProperty("0.weight").GetProperty("data_offsets")[1].GetInt64());
            }

            Assert.Equal(8 + length + (4 * net.Description.ParameterCount), file.Length);
            ISingleNetwork copy = Networks[nameof(Single_3_4_2_Tanh_PerNeuron)]();
            copy.LoadSafetensors(new MemoryStream(file));
            Assert.Equal(Parameters(net), Parameters(copy));
        }

        [Theory]
        [InlineData(nameof(Single_4_6_3_Tanh_Softmax))]
        [InlineData(nameof(Single_2_5_5_5_3_LeakyReLU_Tanh))]
        public void Onnx_of_a_single_network_computes_in_float_in_OnnxRuntime_like_Forward(string name)
        {
            (ISingleNetwork net, _, _, Random random) = Start(name, 71);
            var stream = new MemoryStream();
            net.SaveOnnx(stream);
            Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(stream.ToArray());
            Assert.Equal((int)Onnx.TensorProto.Types.DataType.Float, model.Graph.Input[0].Type.TensorType.ElemType);
            Assert.All(model.Graph.Initializer, tensor => Assert.Equal((int)Onnx.TensorProto.Types.DataType.Float, tensor.DataType));

            // In float, ONNX Runtime has LeakyRelu, and its float alpha 0.01f is the slope the float network uses.
            Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Mul" or "Max");
            const int Samples = 5;
            int inputCount = net.Description.InputCount, outputCount = net.Description.OutputCount;
            float[] inputs = Enumerable.Range(0, Samples * inputCount).Select(_ => (float)((4.0 * random.NextDouble()) - 2.0)).ToArray();
            using var session = new InferenceSession(stream.ToArray());
            var tensor = new DenseTensor<float>(inputs, new[] { Samples, inputCount });
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", tensor) });
            float[] actual = Assert.Single(results).AsTensor<float>().ToArray();
            var expected = new float[outputCount];
            for (int s = 0; s < Samples; s++)
            {
                net.Forward(inputs.AsSpan(s * inputCount, inputCount), expected);
                for (int j = 0; j < outputCount; j++)
                {
                    // Both in float, by different kernels (ONNX Runtime's Gemm, activations and softmax against the generated code).
                    AssertClose(expected[j], actual[(s * outputCount) + j], 1e-6, $"sample {s}, output {j}");
                }
            }
        }

        [Fact]
        public void The_trainer_trains_a_single_network_through_the_double_view()
        {
            var net = new Single_3_4_2_Tanh_PerNeuron();
            net.InitializeParameters(7);
            var random = new Random(3);
            int samples = 64;
            double[] x = TestData.Uniform(random, samples * 3, -1.0, 1.0);
            double[] t = Enumerable.Range(0, samples).SelectMany(s => new[] { Math.Tanh(x[s * 3] - x[(s * 3) + 1]) * 0.8, Math.Tanh(x[(s * 3) + 2]) * 0.8 }).ToArray();
            var trainer = new Trainer(net, new TrainerOptions { Epochs = 40, BatchSize = 8, Seed = 1 });
            IReadOnlyList<EpochResult> history = trainer.Fit(x, t).Epochs;
            Assert.True(history[history.Count - 1].TrainingLoss < 0.5 * history[0].TrainingLoss, $"{history[0].TrainingLoss} → {history[history.Count - 1].TrainingLoss}");
        }

        [Fact]
        public void Explain_walks_through_a_float_step_and_changes_the_network_as_Train_does()
        {
            SingleMazur explained = SingleArticle(), trained = SingleArticle();
            var writer = new StringWriter();
            float error = explained.Explain(new[] { 0.05f, 0.10f }, new[] { 0.01f, 0.99f }, writer);
            Assert.Equal(trained.Train(0.05f, 0.10f, 0.01f, 0.99f), error);
            Assert.Equal(Weights(trained), Weights(explained));
            Assert.Contains("0.298371", writer.ToString());
        }

        [Fact]
        public void Through_INetwork_a_float_network_trains_online_and_explains_as_its_float_members_do()
        {
            float[] x = { 0.05f, 0.10f, 0.3f, -0.2f }, t = { 0.01f, 0.99f, 0.5f, 0.25f };
            double[] xd = x.Select(v => (double)v).ToArray(), td = t.Select(v => (double)v).ToArray();
            SingleMazur direct = SingleArticle(), viewed = SingleArticle();
            float error = direct.TrainOnline(x, t, epochs: 3);
            Assert.Equal(error, ((INetwork)viewed).TrainOnline(xd, td, 3));
            Assert.Equal(Weights(direct).Select(BitConverter.SingleToInt32Bits), Weights(viewed).Select(BitConverter.SingleToInt32Bits));

            var directText = new StringWriter();
            var viewedText = new StringWriter();
            float explained = direct.Explain(x.AsSpan(0, 2), t.AsSpan(0, 2), directText);
            Assert.Equal(explained, ((INetwork)viewed).Explain(xd.AsSpan(0, 2), td.AsSpan(0, 2), viewedText));
            Assert.Equal(directText.ToString(), viewedText.ToString());
            Assert.Equal(Weights(direct).Select(BitConverter.SingleToInt32Bits), Weights(viewed).Select(BitConverter.SingleToInt32Bits));
        }

        [Fact]
        public void Float_steps_allocate_nothing()
        {
            SingleMazur net = SingleArticle();
            net.LearningRate = 1e-6f;
            float[] x = Enumerable.Range(0, 22).Select(i => i / 30f).ToArray(), t = Enumerable.Range(0, 22).Select(i => 1 - (i / 30f)).ToArray();
            float[] outputs = new float[22];
            INetwork view = net;
            double[] xd = x.Select(v => (double)v).ToArray(), td = t.Select(v => (double)v).ToArray();
            var calls = new Dictionary<string, Action>
            {
                ["Train"] = () => net.Train(0.05f, 0.10f, 0.01f, 0.99f),
                ["batch Train (11 samples, vector)"] = () => net.Train(x, t),
                ["batch Train (3 samples, scalar)"] = () => net.Train(x.AsSpan(0, 6), t.AsSpan(0, 6)),
                ["TrainOnline"] = () => net.TrainOnline(x, t),
                ["ForwardBatch"] = () => net.ForwardBatch(x, outputs),
                ["INetwork.Train"] = () => view.Train(xd, td),
                ["INetwork.TrainOnline"] = () => view.TrainOnline(xd, td),
            };
            foreach ((string call, Action action) in calls)
            {
                long allocated = SteadyAllocation.Of(action);

                Assert.True(allocated == 0, $"{call}: {allocated} bytes in 2,000 calls.");
            }
        }
    }
}
