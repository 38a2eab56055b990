using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>A classifier for the Trainer's tests: three classes of points in the plane.</summary>
    [Network(2, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.1)]
    public partial class TrainerClassifier { }

    /// <summary>Binary cross-entropy with two logistic outputs.</summary>
    [Network(2, 4, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true)]
    public partial class TrainerBinary { }

    /// <summary>
    /// The Trainer (issue 13): shuffling, batches, validation, early stopping with the best parameters restored, the
    /// schedules' rates against PyTorch's formulas, cancellation, no allocation per epoch, and its loss against the
    /// networks' own E_total. A scripted <see cref="FakeNetwork"/> makes the loop's decisions observable.
    /// </summary>
    public class TrainerTests
    {
        [Fact]
        public void Every_epoch_visits_every_sample_once_in_batches_and_in_a_new_order()
        {
            var fake = new FakeNetwork();
            var trainer = new Trainer(fake, new TrainerOptions { Epochs = 3, BatchSize = 4, Seed = 7 });
            double[] inputs = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
            trainer.Fit(inputs, new double[10]);

            Assert.Equal(9, fake.Batches.Count); // 4 + 4 + 2 per epoch
            var orders = new List<double[]>();
            for (int epoch = 0; epoch < 3; epoch++)
            {
                double[][] batches = fake.Batches.Skip(3 * epoch).Take(3).ToArray();
                Assert.Equal(new[] { 4, 4, 2 }, batches.Select(b => b.Length));
                double[] order = batches.SelectMany(b => b).ToArray();
                Assert.Equal(inputs, order.OrderBy(x => x)); // a permutation
                orders.Add(order);
            }

            Assert.NotEqual(orders[0], orders[1]);
            Assert.NotEqual(orders[1], orders[2]);
            Assert.NotEqual(inputs, orders[0]);
        }

        [Fact]
        public void The_order_is_the_same_for_the_same_seed_and_differs_for_another()
        {
            double[] Order(int seed, bool shuffle = true)
            {
                var fake = new FakeNetwork();
                new Trainer(fake, new TrainerOptions { Epochs = 2, BatchSize = 3, Seed = seed, Shuffle = shuffle }).Fit(Enumerable.Range(0, 9).Select(i => (double)i).ToArray(), new double[9]);
                return fake.Batches.SelectMany(b => b).ToArray();
            }

            Assert.Equal(Order(1), Order(1));
            Assert.NotEqual(Order(1), Order(2));
            Assert.Equal(Enumerable.Range(0, 9).Concat(Enumerable.Range(0, 9)).Select(i => (double)i), Order(1, shuffle: false));
        }

        [Fact]
        public void A_real_network_trains_to_the_same_parameters_for_the_same_seed()
        {
            (double[] x, double[] t) = Blobs(90, new Random(3));
            double[] Run(int seed)
            {
                var network = new TrainerClassifier();
                network.InitializeParameters(11);
                new Trainer(network, new TrainerOptions { Epochs = 5, BatchSize = 8, Seed = seed }).Fit(x, t);
                var p = new double[TrainerClassifier.ParameterCount];
                network.CopyParametersTo(p);
                return p;
            }

            Assert.Equal(Run(5), Run(5));
            Assert.NotEqual(Run(5), Run(6));
        }

        [Fact]
        public void The_validation_split_holds_back_the_last_samples()
        {
            var fake = new FakeNetwork();
            double[] inputs = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
            TrainingHistory history = new Trainer(fake, new TrainerOptions { Epochs = 1, BatchSize = 100, ValidationSplit = 0.3 }).Fit(inputs, new double[10]);

            Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6 }, fake.Batches.Single().OrderBy(v => v));
            Assert.Equal(new double[] { 7, 8, 9 }, fake.EvaluatedInputs.Distinct().OrderBy(v => v)); // validated on, never trained on
            Assert.False(double.IsNaN(history.Epochs[0].ValidationLoss));
        }

        [Fact]
        public void Early_stopping_stops_after_the_patience_and_restores_the_best_parameters()
        {
            // The fake's one parameter counts its training steps (one per epoch here) and its output is that parameter:
            // against targets of 5 the validation loss ½(5 - w)² is lowest after epoch 5.
            var fake = new FakeNetwork();
            var reports = new List<EpochResult>();
            TrainingHistory history = new Trainer(fake, new TrainerOptions { Epochs = 20, BatchSize = 100, Patience = 2 })
                .Fit(new double[4], new double[4], new double[] { 0, 0 }, new double[] { 5, 5 }, new ListProgress(reports));

            Assert.True(history.StoppedEarly);
            Assert.Equal(7, history.Epochs.Count);
            Assert.Equal(5, history.BestEpoch);
            Assert.True(history.RestoredBestParameters);
            Assert.Equal(5.0, fake.W);
            Assert.Equal(new[] { 0.5 * 16, 0.5 * 9, 0.5 * 4, 0.5 * 1, 0.0, 0.5 * 1, 0.5 * 4 }, history.Epochs.Select(e => e.ValidationLoss));
            Assert.Equal(new[] { true, true, true, true, true, false, false }, history.Epochs.Select(e => e.IsBest));
            Assert.Equal(history.Epochs, reports);
        }

        [Fact]
        public void Without_patience_the_run_goes_to_the_end_and_keeps_its_last_parameters()
        {
            var fake = new FakeNetwork();
            TrainingHistory history = new Trainer(fake, new TrainerOptions { Epochs = 8, BatchSize = 100 })
                .Fit(new double[4], new double[4], new double[] { 0 }, new double[] { 5 });
            Assert.False(history.StoppedEarly);
            Assert.False(history.RestoredBestParameters);
            Assert.Equal(8, history.Epochs.Count);
            Assert.Equal(8.0, fake.W);
        }

        [Fact]
        public void The_schedules_give_PyTorchs_rates()
        {
            double[] Rates(LearningRateSchedule schedule, int epochs)
            {
                var fake = new FakeNetwork { LearningRate = 0.1 };
                new Trainer(fake, new TrainerOptions { Epochs = epochs, Schedule = schedule, Shuffle = false }).Fit(new double[2], new double[2]);
                return fake.Rates.ToArray();
            }

            // StepLR(step_size=2, gamma=0.5) from 0.1
            Assert.Equal(new[] { 0.1, 0.1, 0.05, 0.05, 0.025, 0.025 }, Rates(LearningRateSchedule.Step(2, 0.5), 6), new Tolerance(1e-15));

            // CosineAnnealingLR(T_max=4, eta_min=0.01) from 0.1: 0.01 + 0.09·(1 + cos(π·e/4))/2, with cos(π/4) = √2/2
            double[] cosine = Rates(LearningRateSchedule.Cosine(4, 0.01), 4);
            Assert.Equal(new[] { 0.1, 0.01 + (0.09 * (1 + (Math.Sqrt(2) / 2)) / 2), 0.055, 0.01 + (0.09 * (1 - (Math.Sqrt(2) / 2)) / 2) }, cosine, new Tolerance(1e-15));
            Assert.Equal(0.0868198051533946, cosine[1], 15); // 0.01 + 0.045·1.7071067811865475
        }

        [Fact]
        public void Fit_gives_the_network_back_the_learning_rate_it_came_with()
        {
            // The schedule sets the rate of each epoch; after the run (finished, or ended by an exception) the network has
            // its own rate again, so that a second run follows the schedule from the same start.
            var fake = new FakeNetwork { LearningRate = 0.1 };
            var trainer = new Trainer(fake, new TrainerOptions { Epochs = 3, BatchSize = 100, Schedule = LearningRateSchedule.Step(1, 0.5) });
            trainer.Fit(new double[2], new double[2]);
            Assert.Equal(0.1, fake.LearningRate);
            trainer.Fit(new double[2], new double[2]);
            Assert.Equal(new[] { 0.1, 0.05, 0.025, 0.1, 0.05, 0.025 }, fake.Rates.ToArray(), new Tolerance(1e-15));

            using var cancellation = new CancellationTokenSource();
            var progress = new CallbackProgress(result =>
            {
                if (result.Epoch == 2)
                {
                    cancellation.Cancel();
                }
            });
            Assert.Throws<OperationCanceledException>(() => trainer.Fit(new double[2], new double[2], progress: progress, cancellationToken: cancellation.Token));
            Assert.Equal(0.05, fake.Rates[^1]); // the run was inside the schedule when it stopped
            Assert.Equal(0.1, fake.LearningRate);
        }

        [Fact]
        public void A_rate_of_zero_measures_the_epoch_without_training()
        {
            // Cosine with minimum 0 reaches 0 at its period: η = 0 changes nothing, and the network refuses 0 as its rate.
            var fake = new FakeNetwork { LearningRate = 0.1 };
            TrainingHistory history = new Trainer(fake, new TrainerOptions { Epochs = 3, BatchSize = 100, Schedule = LearningRateSchedule.Cosine(2) }).Fit(new double[2], new double[2]);
            Assert.Equal(2, fake.Batches.Count);
            Assert.Equal(0.0, history.Epochs[2].LearningRate);
            Assert.Equal(0.5 * 2 * 2, history.Epochs[2].TrainingLoss); // outputs 2 against targets 0: ½·2² per sample
        }

        [Fact]
        public void Cancellation_throws_and_leaves_the_last_completed_step()
        {
            var fake = new FakeNetwork();
            using var cancellation = new CancellationTokenSource();
            var progress = new CallbackProgress(result =>
            {
                if (result.Epoch == 2)
                {
                    cancellation.Cancel();
                }
            });

            Assert.Throws<OperationCanceledException>(() =>
                new Trainer(fake, new TrainerOptions { Epochs = 10, BatchSize = 1 }).Fit(new double[3], new double[3], progress: progress, cancellationToken: cancellation.Token));
            Assert.Equal(6.0, fake.W); // two epochs of three steps
        }

        [Fact]
        public void An_epoch_allocates_nothing_once_the_run_has_started()
        {
            (double[] x, double[] t) = Blobs(60, new Random(4));
            var network = new TrainerClassifier();
            network.InitializeParameters(2);
            var allocated = new long[12];
            var progress = new CallbackProgress(result => allocated[result.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread());
            var trainer = new Trainer(network, new TrainerOptions { Epochs = 12, BatchSize = 7, ValidationSplit = 0.25, Patience = 50, Schedule = LearningRateSchedule.Cosine(12, 1e-3) });
            trainer.Fit(x, t, progress: progress);
            trainer.Fit(x, t, progress: progress); // the second run: every method compiled

            // From one epoch's report to the next: shuffling, 7 steps, the training and validation passes, the schedule,
            // the copy of the best parameters.
            for (int epoch = 1; epoch < 12; epoch++)
            {
                Assert.Equal(0, allocated[epoch] - allocated[epoch - 1]);
            }
        }

        [Fact]
        public void A_classifier_learns_three_blobs()
        {
            (double[] x, double[] t) = Blobs(300, new Random(5));
            (double[] vx, double[] vt) = Blobs(90, new Random(6));
            var network = new TrainerClassifier();
            network.InitializeParameters(1);
            TrainingHistory history = new Trainer(network, new TrainerOptions { Epochs = 40, BatchSize = 16, Seed = 1 }).Fit(x, t, vx, vt);

            EpochResult last = history.Epochs[history.Epochs.Count - 1];
            Assert.True(last.ValidationAccuracy > 0.95, $"validation accuracy {last.ValidationAccuracy}");
            Assert.True(last.TrainingLoss < history.Epochs[0].TrainingLoss / 2, $"loss {history.Epochs[0].TrainingLoss} -> {last.TrainingLoss}");
        }

        [Theory]
        [InlineData("softmax")]
        [InlineData("binary")]
        [InlineData("squared")]
        public void The_trainers_loss_is_the_networks_E_total(string kind)
        {
            // Train returns E_total of its forward pass (before the update); Evaluate takes it from the network's own Evaluate.
            INetwork network = kind switch
            {
                "softmax" => new TrainerClassifier(),
                "binary" => new TrainerBinary(),
                _ => new MazurNetwork(),
            };
            var random = new Random(8);
            var parameters = new double[network.Description.ParameterCount];
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] = random.NextDouble() - 0.5;
            }

            network.SetParameters(parameters);
            int outputs = network.Description.OutputCount;
            double[] x = { 0.3, -0.7 };
            double[] t = kind == "softmax" ? new[] { 0.0, 1.0, 0.0 } : new[] { 0.2, 0.9 }.Take(outputs).ToArray();

            double evaluated = new Trainer(network).Evaluate(x, t, out double accuracy);
            double trained = network.Train(x, t);
            Assert.Equal(trained, evaluated, 12);
            Assert.Equal(kind == "squared", double.IsNaN(accuracy));
        }

        [Fact]
        public void Bad_arguments_are_rejected_with_clear_messages()
        {
            var trainer = new Trainer(new FakeNetwork());
            ArgumentException e = Assert.Throws<ArgumentException>(() => trainer.Fit(new double[3], new double[2]));
            Assert.Equal("Expected the targets of 3 samples (3 values), found 2 values. (Parameter 'targets')", e.Message);
            Assert.Equal(
                "Expected the targets of 1 sample (1 value), found 2 values. (Parameter 'targets')",
                Assert.Throws<ArgumentException>(() => trainer.Fit(new double[1], new double[2])).Message);
            Assert.Throws<ArgumentException>(() => trainer.Fit(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
            Assert.Throws<ArgumentException>(() => trainer.Fit(new double[2], new double[2], new double[2], new double[1]));
            trainer.Options.ValidationSplit = 0.5;
            Assert.Contains("leaves none", Assert.Throws<ArgumentException>(() => trainer.Fit(new double[1], new double[1])).Message, StringComparison.Ordinal);

            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Epochs = 0 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { BatchSize = 0 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { ValidationSplit = 1 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Patience = -1 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { MinDelta = double.NaN });
            Assert.Throws<ArgumentNullException>(() => new TrainerOptions { Schedule = null! });
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Step(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(3, -1));
            Assert.Throws<ArgumentNullException>(() => new Trainer(null!));
        }

        /// <summary>Three Gaussian blobs around (0, 2), (-2, -1), (2, -1), σ = 0.5; one-hot targets.</summary>
        private static (double[] Inputs, double[] Targets) Blobs(int samples, Random random)
        {
            double[][] centres = { new[] { 0.0, 2.0 }, new[] { -2.0, -1.0 }, new[] { 2.0, -1.0 } };
            var x = new double[2 * samples];
            var t = new double[3 * samples];
            for (int s = 0; s < samples; s++)
            {
                int c = s % 3;
                for (int d = 0; d < 2; d++)
                {
                    double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    x[(2 * s) + d] = centres[c][d] + (0.5 * gaussian);
                }

                t[(3 * s) + c] = 1;
            }

            return (x, t);
        }

        private sealed class Tolerance : IEqualityComparer<double>
        {
            private readonly double _tolerance;

            public Tolerance(double tolerance) => _tolerance = tolerance;

            public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance;

            public int GetHashCode(double value) => 0;
        }

        private sealed class ListProgress : IProgress<EpochResult>
        {
            private readonly List<EpochResult> _results;

            public ListProgress(List<EpochResult> results) => _results = results;

            public void Report(EpochResult value) => _results.Add(value);
        }

        private sealed class CallbackProgress : IProgress<EpochResult>
        {
            private readonly Action<EpochResult> _callback;

            public CallbackProgress(Action<EpochResult> callback) => _callback = callback;

            public void Report(EpochResult value) => _callback(value);
        }

        /// <summary>
        /// A 1-1 identity network without biases whose Train ignores the data: it records the batch (its inputs), adds 1 to
        /// its one weight and returns 0; its output is the weight. So the loop's order, batches, validation and
        /// restoring can be read off.
        /// </summary>
        private sealed class FakeNetwork : Infrastructure.HandWrittenNetwork
        {
            public List<double[]> Batches { get; } = new();

            public List<double> EvaluatedInputs { get; } = new();

            public List<double> Rates { get; } = new();

            public double W { get; private set; }

            public override NetworkDescription Description { get; } = new(new[] { 1, 1 }, new[] { Activation.Identity }, Loss.SquaredError, BiasMode.None, trainBiases: false);

            public override void Forward(ReadOnlySpan<double> inputs, Span<double> outputs) => outputs[0] = W;

            /// <summary>The mean of ½(target - W)² (the output is W), the inputs recorded.</summary>
            public override double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
            {
                double sum = 0.0;
                for (int s = 0; s < inputs.Length; s++)
                {
                    EvaluatedInputs.Add(inputs[s]);
                    sum += 0.5 * (targets[s] - W) * (targets[s] - W);
                }

                return sum / inputs.Length;
            }

            public override double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
            {
                Rates.Add(LearningRate);
                Batches.Add(inputs.ToArray());
                W += 1;
                return 0.0;
            }

            public override void CopyParametersTo(Span<double> destination) => destination[0] = W;

            public override void SetParameters(ReadOnlySpan<double> source) => W = source[0];

            public override void CopyGradientsTo(Span<double> destination) => destination[0] = 0;

        }
    }
}
