using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Momentum, Adam/AdamW and Sgd with weight decay against <see cref="ReferenceOptimizer"/> (PyTorch's formulas in
    /// PyTorch's order of operations) over many steps, on networks of every code shape (unrolled, in parts, vectorised):
    /// one-sample steps, TrainOnline, mini-batches (the scalar loop and the four-lane path), Forward + Backward +
    /// ApplyGradients. Parameters agree to 1e-10 relative to the largest parameter; then the state: ResetOptimizer,
    /// InitializeParameters, Save/Load with and without state, the hyperparameters' properties, and no allocation.
    /// </summary>
    public class OptimizerTests
    {
        private const double Tolerance = 1e-10;

        private static readonly Dictionary<string, Func<IOptimizerNetwork>> Networks = new Func<IOptimizerNetwork>[]
        {
            () => new Opt_Mazur_Adam(),
            () => new Opt_Mazur_Momentum_WeightDecay(),
            () => new Opt_3_4_2_Tanh_PerNeuron_AdamW(),
            () => new Opt_4_6_3_Tanh_Softmax_Momentum(),
            () => new Opt_2_5_5_5_3_LeakyReLU_Tanh_Adam(),
            () => new Opt_2_3_Sgd_WeightDecay(),
            () => new Opt_Parts_16_16_16_16_4_Tanh_Softmax_AdamW(),
            () => new Opt_Parts_16_16_16_2_LeakyReLU_Momentum(),
            () => new Opt_Vec_3_5_7_2_Logistic_Adam(),
            () => new Opt_Vec_4_9_6_1_ReLU_AdamW(),
            () => new Opt_Vec_3_4_2_Tanh_PerNeuron_AdamW(),
            () => new Opt_Vec_4_6_3_Tanh_Softmax_Momentum(),
            () => new Opt_Vec_3_5_2_Sgd_WeightDecay(),
        }.ToDictionary(create => create().GetType().Name);

        public static IEnumerable<object[]> All() => Networks.Keys.Select(name => new object[] { name });

        /// <summary>A network, its reference network and optimizer, the same random parameters in both, and samples.</summary>
        private sealed class Setup
        {
            public Setup(string name, int seed)
            {
                Network = Networks[name]();
                Zoo = ZooNetwork.Wrap(Network);
                Reference = Zoo.Reference();
                Optimizer = ReferenceOptimizer.For(Zoo, Reference);
                var random = new Random(seed);
                double[] parameters = TestData.Parameters(random, Zoo);
                Network.SetParameters(parameters);
                Reference.SetParameters(parameters);
                Inputs = Enumerable.Range(0, 12).Select(_ => TestData.Inputs(random, Zoo)).ToArray();
                Targets = Enumerable.Range(0, 12).Select(_ => TestData.Targets(random, Zoo)).ToArray();
            }

            public IOptimizerNetwork Network { get; }

            public ZooNetwork Zoo { get; }

            public ReferenceNetwork Reference { get; }

            public ReferenceOptimizer Optimizer { get; }

            public double[][] Inputs { get; }

            public double[][] Targets { get; }

            public (double[][] Inputs, double[][] Targets) Batch(int start, int size) =>
                (Enumerable.Range(start, size).Select(i => Inputs[i % Inputs.Length]).ToArray(),
                 Enumerable.Range(start, size).Select(i => Targets[i % Targets.Length]).ToArray());

            public void AssertParametersMatch(string what) => AssertClose(Reference.GetParameters(), Zoo.Parameters(), what);
        }

        /// <summary>Every value within <see cref="Tolerance"/> of the largest magnitude among the expected values.</summary>
        private static void AssertClose(double[] expected, double[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            double scale = Math.Max(expected.Max(Math.Abs), 1e-300);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= Tolerance * scale,
                    $"{what}[{i}]: reference {expected[i]:R}, generated {actual[i]:R} (scale {scale:R}).");
            }
        }

        private static void AssertClose(double expected, double actual, string what) => AssertClose(new[] { expected }, new[] { actual }, what);

        [Theory]
        [MemberData(nameof(All))]
        public void Two_hundred_one_sample_steps_follow_the_reference(string name)
        {
            var s = new Setup(name, 1301);
            for (int step = 0; step < 200; step++)
            {
                double[] x = s.Inputs[step % s.Inputs.Length], t = s.Targets[step % s.Targets.Length];
                double expected = s.Optimizer.Train(x, t);
                double actual = s.Network.Train(x, t);
                AssertClose(expected, actual, $"{name} error of step {step}");
                s.AssertParametersMatch($"{name} parameters after step {step}");
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void TrainOnline_is_one_optimizer_step_per_sample(string name)
        {
            var s = new Setup(name, 1302);
            double expected = 0.0;
            for (int epoch = 0; epoch < 17; epoch++)
            {
                expected = 0.0;
                for (int i = 0; i < s.Inputs.Length; i++)
                {
                    expected += s.Optimizer.Train(s.Inputs[i], s.Targets[i]);
                }

                expected /= s.Inputs.Length;
            }

            double actual = s.Network.TrainOnline(TestData.Rows(s.Inputs), TestData.Rows(s.Targets), 17);
            AssertClose(expected, actual, $"{name} mean error of the last epoch");
            s.AssertParametersMatch($"{name} parameters after 204 online steps");
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Mini_batches_are_one_optimizer_step_each(string name)
        {
            // Batches of 3 take the scalar loop; of 5, the four-lane path where there is one (and the kernels when vectorised)
            var s = new Setup(name, 1303);
            for (int step = 0; step < 150; step++)
            {
                int size = step % 2 == 0 ? 3 : 5;
                (double[][] inputs, double[][] targets) = s.Batch(step, size);
                double expected = s.Optimizer.TrainBatch(inputs, targets);
                double actual = s.Network.Train(TestData.Rows(inputs), TestData.Rows(targets));
                AssertClose(expected, actual, $"{name} mean error of batch {step}");
                s.AssertParametersMatch($"{name} parameters after batch {step}");
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Forward_Backward_ApplyGradients_is_one_optimizer_step(string name)
        {
            var s = new Setup(name, 1304);
            var outputs = new double[s.Zoo.OutputCount];
            for (int step = 0; step < 60; step++)
            {
                double[] x = s.Inputs[step % s.Inputs.Length], t = s.Targets[step % s.Targets.Length];
                s.Optimizer.Train(x, t);
                s.Network.Forward(x, outputs);
                s.Network.BackwardSpan(t);
                s.Network.ApplyGradients();
                s.AssertParametersMatch($"{name} parameters after step {step}");
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Hyperparameters_set_at_run_time_are_used(string name)
        {
            var s = new Setup(name, 1305);
            foreach ((string property, double value) in new[] { ("LearningRate", 0.003), ("Momentum", 0.5), ("Beta1", 0.7), ("Beta2", 0.95), ("Epsilon", 1e-4), ("WeightDecay", 0.2) })
            {
                PropertyInfo? info = s.Network.GetType().GetProperty(property);
                if (info is not null)
                {
                    info.SetValue(s.Network, value);
                    typeof(ReferenceOptimizer).GetProperty(property)!.SetValue(s.Optimizer, value);
                }
            }

            for (int step = 0; step < 100; step++)
            {
                double[] x = s.Inputs[step % s.Inputs.Length], t = s.Targets[step % s.Targets.Length];
                s.Optimizer.Train(x, t);
                s.Network.Train(x, t);
            }

            s.AssertParametersMatch($"{name} parameters after 100 steps with other hyperparameters");
        }

        [Theory]
        [MemberData(nameof(All))]
        public void The_hyperparameters_start_as_declared_and_reject_values_out_of_range(string name)
        {
            IOptimizerNetwork network = Networks[name]();
            NetworkAttribute declared = network.GetType().GetCustomAttribute<NetworkAttribute>()!;
            var expected = new Dictionary<string, (double Declared, double[] Invalid)>
            {
                ["Momentum"] = (declared.Momentum, new[] { -0.1, 1.0, double.NaN }),
                ["Beta1"] = (declared.Beta1, new[] { -1e-9, 1.0, double.NaN }),
                ["Beta2"] = (declared.Beta2, new[] { 1.5, double.NaN }),
                ["Epsilon"] = (declared.Epsilon, new[] { 0.0, -1e-8, double.PositiveInfinity, double.NaN }),
                ["WeightDecay"] = (declared.WeightDecay, new[] { -0.01, double.PositiveInfinity, double.NaN }),
            };
            var present = new List<string>();
            foreach (KeyValuePair<string, (double Declared, double[] Invalid)> entry in expected)
            {
                PropertyInfo? info = network.GetType().GetProperty(entry.Key);
                if (info is null)
                {
                    continue;
                }

                present.Add(entry.Key);
                Assert.Equal(entry.Value.Declared, (double)info.GetValue(network)!);
                foreach (double invalid in entry.Value.Invalid)
                {
                    var thrown = Assert.Throws<TargetInvocationException>(() => info.SetValue(network, invalid));
                    var exception = Assert.IsType<ArgumentOutOfRangeException>(thrown.InnerException);
                    Assert.Contains(entry.Key + " must be", exception.Message);
                }

                Assert.Equal(entry.Value.Declared, (double)info.GetValue(network)!);
            }

            string[] wanted = declared.Optimizer switch
            {
                Optimizer.Adam => new[] { "Beta1", "Beta2", "Epsilon", "WeightDecay" },
                Optimizer.Momentum => new[] { "Momentum", "WeightDecay" },
                _ => new[] { "WeightDecay" },
            };
            Assert.Equal(wanted, present.ToArray());
        }

        [Theory]
        [MemberData(nameof(All))]
        public void ResetOptimizer_starts_a_new_optimizer_from_the_current_parameters(string name)
        {
            var s = new Setup(name, 1306);
            for (int step = 0; step < 40; step++)
            {
                if (step == 20)
                {
                    s.Network.ResetOptimizer();
                    s.Optimizer.Reset();
                }

                double[] x = s.Inputs[step % s.Inputs.Length], t = s.Targets[step % s.Targets.Length];
                s.Optimizer.Train(x, t);
                s.Network.Train(x, t);
            }

            s.AssertParametersMatch($"{name} parameters after a reset at step 20 and 20 more steps");
        }

        [Theory]
        [MemberData(nameof(All))]
        public void InitializeParameters_resets_the_optimizer(string name)
        {
            var trained = new Setup(name, 1307);
            for (int step = 0; step < 10; step++)
            {
                trained.Network.Train(trained.Inputs[step], trained.Targets[step]);
            }

            IOptimizerNetwork fresh = Networks[name]();
            trained.Network.InitializeParameters(5);
            fresh.InitializeParameters(5);
            for (int step = 0; step < 10; step++)
            {
                trained.Network.Train(trained.Inputs[step], trained.Targets[step]);
                fresh.Train(trained.Inputs[step], trained.Targets[step]);
            }

            Assert.Equal(ZooNetwork.Wrap(fresh).Parameters(), trained.Zoo.Parameters());
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Save_and_Load_carry_the_optimizer_state(string name)
        {
            var s = new Setup(name, 1308);
            for (int step = 0; step < 30; step++)
            {
                s.Network.Train(s.Inputs[step % 12], s.Targets[step % 12]);
            }

            var stream = new MemoryStream();
            s.Network.Save(stream);
            byte[] file = stream.ToArray();
            bool stateful = s.Network.GetType().GetCustomAttribute<NetworkAttribute>()!.Optimizer != Optimizer.Sgd;
            Assert.Equal(stateful ? 4 : 2, BitConverter.ToInt32(file, 4));

            IOptimizerNetwork copy = Networks[name]();
            copy.InitializeParameters(99);
            copy.Train(s.Inputs[0], s.Targets[0]); // a state of its own, which Load replaces
            copy.Load(new MemoryStream(file));
            for (int step = 30; step < 60; step++)
            {
                s.Network.Train(s.Inputs[step % 12], s.Targets[step % 12]);
                copy.Train(s.Inputs[step % 12], s.Targets[step % 12]);
            }

            // Bit for bit: the same parameters and state give the same steps
            Assert.Equal(s.Zoo.Parameters(), ZooNetwork.Wrap(copy).Parameters());
        }

        [Theory]
        [MemberData(nameof(All))]
        public void A_file_without_optimizer_state_loads_with_the_state_reset(string name)
        {
            var s = new Setup(name, 1309);
            for (int step = 0; step < 30; step++)
            {
                s.Network.Train(s.Inputs[step % 12], s.Targets[step % 12]);
            }

            // A file of format version 2 (no state) with other parameters, as BackpropGen wrote before optimizers
            double[] parameters = TestData.Parameters(new Random(7), s.Zoo);
            var stream = new MemoryStream();
            Runtime.ParameterFile.Write(stream, s.Zoo.Layers, s.Zoo.Bias, parameters);
            stream.Position = 0;
            s.Network.Load(stream);
            s.Reference.SetParameters(parameters);
            s.Optimizer.Reset();
            for (int step = 0; step < 30; step++)
            {
                s.Optimizer.Train(s.Inputs[step % 12], s.Targets[step % 12]);
                s.Network.Train(s.Inputs[step % 12], s.Targets[step % 12]);
            }

            s.AssertParametersMatch($"{name} parameters after loading a version 2 file and 30 steps");
        }

        [Fact]
        public void Every_flipped_bit_of_a_file_with_state_is_rejected_and_changes_nothing()
        {
            var network = new Opt_Mazur_Adam();
            network.InitializeParameters(1);
            network.Train(0.05, 0.10, 0.01, 0.99);
            var stream = new MemoryStream();
            network.Save(stream);
            byte[] file = stream.ToArray();
            Assert.Equal(4 * 8 + (8 * 10) + 16 + (8 * 16) + 4, file.Length); // header, 10 parameters, state header, m and v of 8 weights, CRC

            var target = new Opt_Mazur_Adam();
            target.InitializeParameters(2);
            target.Train(0.2, 0.3, 0.4, 0.5);
            double[] parameters = ZooNetwork.Wrap(target).Parameters();
            double m = target.m_w3, v = target.v_w7;
            for (int bit = 0; bit < 8 * file.Length; bit++)
            {
                byte[] corrupt = (byte[])file.Clone();
                corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.Throws<InvalidDataException>(() => target.Load(new MemoryStream(corrupt)));
            }

            Assert.Equal(parameters, ZooNetwork.Wrap(target).Parameters());
            Assert.Equal((1L, m, v), (target.t, target.m_w3, target.v_w7));
        }

        [Fact]
        public void A_file_of_another_optimizer_loads_its_parameters_and_resets_the_state()
        {
            var momentum = new Opt_Mazur_Momentum_WeightDecay();
            momentum.InitializeParameters(3);
            momentum.Train(0.05, 0.10, 0.01, 0.99);
            var stream = new MemoryStream();
            momentum.Save(stream);

            var adam = new Opt_Mazur_Adam();
            adam.Train(0.05, 0.10, 0.01, 0.99);
            stream.Position = 0;
            adam.Load(stream);
            Assert.Equal(ZooNetwork.Wrap(momentum).Parameters(), ZooNetwork.Wrap(adam).Parameters());
            Assert.Equal((0L, 0.0, 0.0), (adam.t, adam.m_w1, adam.v_w1));

            // and a plain SGD network reads a file with state as parameters only
            var plain = new MazurNetwork();
            stream.Position = 0;
            plain.Load(stream);
            Assert.Equal(ZooNetwork.Wrap(momentum).Parameters().Take(8), new[] { plain.w1, plain.w2, plain.w3, plain.w4, plain.w5, plain.w6, plain.w7, plain.w8 });
        }

        /// <summary>
        /// Trajectories written by real PyTorch (Fixtures/optimizers.py, torch.optim.Adam, AdamW and SGD with momentum and
        /// weight decay, in float64; the JSON is committed, as CI has no Python): every step's parameters agree to 1e-10.
        /// </summary>
        [Fact]
        public void PyTorch_trajectories_are_reproduced()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "optimizers.json");
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            double[] Values(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            int runs = 0;
            foreach (System.Text.Json.JsonElement run in json.RootElement.GetProperty("runs").EnumerateArray())
            {
                string name = run.GetProperty("name").GetString()!;
                int batch = run.GetProperty("batch").GetInt32();
                IOptimizerNetwork network = Networks[name]();
                network.SetParameters(Values(run.GetProperty("initial")));
                double[][] inputs = run.GetProperty("inputs").EnumerateArray().Select(Values).ToArray();
                double[][] targets = run.GetProperty("targets").EnumerateArray().Select(Values).ToArray();
                int step = 0;
                foreach (System.Text.Json.JsonElement expected in run.GetProperty("trajectory").EnumerateArray())
                {
                    int[] rows = Enumerable.Range(0, batch).Select(i => ((step * batch) + i) % inputs.Length).ToArray();
                    network.Train(TestData.Rows(rows.Select(r => inputs[r]).ToArray()), TestData.Rows(rows.Select(r => targets[r]).ToArray()));
                    AssertClose(Values(expected), ZooNetwork.Wrap(network).Parameters(), $"{name} (batches of {batch}) after PyTorch's step {step}");
                    step++;
                }

                Assert.Equal(100, step);
                runs++;
            }

            Assert.Equal(5, runs);
        }

        [Fact]
        public void Adam_counts_its_steps_one_per_Train_call_and_batch()
        {
            var network = new Opt_Mazur_Adam();
            Assert.Equal(0L, network.t);
            network.Train(0.05, 0.10, 0.01, 0.99);
            network.Train(new[] { 0.05, 0.10, 0.2, 0.3, 0.4, 0.5 }, new[] { 0.01, 0.99, 0.5, 0.5, 0.3, 0.7 });
            network.TrainOnline(new[] { 0.05, 0.10, 0.2, 0.3 }, new[] { 0.01, 0.99, 0.5, 0.5 }, 2);
            Assert.Equal(6L, network.t);
            Assert.NotEqual(0.0, network.m_w1);
            Assert.True(network.v_w1 > 0.0);
            network.ResetOptimizer();
            Assert.Equal(0L, network.t);
            Assert.Equal(0.0, network.m_w1);
            Assert.Equal(0.0, network.v_w1);
        }

        [Fact]
        public void Momentum_velocity_is_the_gradient_on_the_first_step()
        {
            var network = new Opt_Mazur_Momentum_WeightDecay { w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b1 = 0.35, b2 = 0.60 };
            network.Train(0.05, 0.10, 0.01, 0.99);

            // The article's gradient of w5 (0.082167041) plus λ·w5 with λ = 0.01
            Assert.Equal(network.dE_total_dw5 + (0.01 * 0.40), network.velocity_w5, 15);
            Assert.Equal(0.082167041 + 0.004, network.velocity_w5, 8);
        }

        [Theory]
        [InlineData(nameof(Opt_Mazur_Adam))]
        [InlineData(nameof(Opt_Mazur_Momentum_WeightDecay))]
        [InlineData(nameof(Opt_Parts_16_16_16_2_LeakyReLU_Momentum))]
        [InlineData(nameof(Opt_Vec_4_9_6_1_ReLU_AdamW))]
        public void Untrained_biases_never_change(string name)
        {
            var s = new Setup(name, 1310);
            double[] before = s.Zoo.Parameters();
            for (int step = 0; step < 50; step++)
            {
                s.Network.Train(s.Inputs[step % 12], s.Targets[step % 12]);
                s.Network.Train(TestData.Rows(s.Batch(step, 5).Inputs), TestData.Rows(s.Batch(step, 5).Targets));
            }

            double[] after = s.Zoo.Parameters();
            Assert.Equal(before.Skip(s.Zoo.WeightCount), after.Skip(s.Zoo.WeightCount));
            Assert.NotEqual(before.Take(s.Zoo.WeightCount), after.Take(s.Zoo.WeightCount));
        }

        [Theory]
        [MemberData(nameof(All))]
        public void No_training_call_allocates(string name)
        {
            var s = new Setup(name, 1311);
            s.Network.LearningRate = 1e-9;
            double[] x = s.Inputs[0], t = s.Targets[0];
            double[] batchInputs = TestData.Rows(s.Batch(0, 5).Inputs), batchTargets = TestData.Rows(s.Batch(0, 5).Targets);
            double[] threeInputs = TestData.Rows(s.Batch(0, 3).Inputs), threeTargets = TestData.Rows(s.Batch(0, 3).Targets);
            var outputs = new double[s.Zoo.OutputCount];
            var calls = new Dictionary<string, Action>
            {
                ["Train(span, span) of one sample"] = () => s.Network.Train(x, t),
                ["Train of a batch of 5"] = () => s.Network.Train(batchInputs, batchTargets),
                ["Train of a batch of 3"] = () => s.Network.Train(threeInputs, threeTargets),
                ["TrainOnline over 3 samples"] = () => s.Network.TrainOnline(threeInputs, threeTargets, 2),
                ["Forward, Backward, ApplyGradients"] = () =>
                {
                    s.Network.Forward(x, outputs);
                    s.Network.BackwardSpan(t);
                    s.Network.ApplyGradients();
                },
                ["ResetOptimizer"] = () => s.Network.ResetOptimizer(),
            };
            foreach (KeyValuePair<string, Action> call in calls)
            {
                long allocated = 0;
                for (int round = 0; round < 5; round++)
                {
                    for (int i = 0; i < 100; i++)
                    {
                        call.Value();
                    }

                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 2000; i++)
                    {
                        call.Value();
                    }

                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (allocated == 0)
                    {
                        break;
                    }
                }

                Assert.True(allocated == 0, $"{name}: {call.Key} allocated {allocated} bytes in 2,000 calls.");
            }
        }

        [Fact]
        public void Explain_walks_through_the_Adam_step_and_performs_it()
        {
            var net = new Opt_Mazur_Adam { w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b1 = 0.35, b2 = 0.60 };
            var twin = new Opt_Mazur_Adam { w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b1 = 0.35, b2 = 0.60 };
            var writer = new StringWriter();
            double error = net.Explain(new[] { 0.05, 0.10 }, new[] { 0.01, 0.99 }, writer);
            double twinError = twin.Train(0.05, 0.10, 0.01, 0.99);
            Assert.Equal(twinError, error);
            Assert.Equal(ZooNetwork.Wrap(twin).Parameters(), ZooNetwork.Wrap(net).Parameters());
            Assert.Equal(1L, net.t);
            string text = writer.ToString();
            Assert.Contains(@"\hat{m}_{w_{5}}", text);
            Assert.Contains(@"\sqrt{\hat{v}_{w_{5}}}", text);
            Assert.Contains("Adam (as PyTorch's", text);

            // On the first step m̂ is the gradient itself and v̂ its square, so w5 moves by η·g/(|g| + ε), about η = 0.01;
            // the article's gradient of w5 is 0.082167041
            double g = net.dE_total_dw5;
            Assert.Equal(0.082167041, g, 9);
            Assert.Equal(0.40 - (0.01 * g / (Math.Abs(g) + 1e-8)), net.w5, 15);
            Assert.Contains("0.390000001", text);
        }
    }
}
