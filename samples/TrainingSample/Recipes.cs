using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BackpropGen;

namespace TrainingSample
{
    /// <summary>Fisher's Iris: 4 measurements → 3 species. 4-8-3, tanh, softmax with cross-entropy, Adam.</summary>
    [Network(4, 8, 3, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
        Bias = BiasMode.PerNeuron, TrainBiases = true, Optimizer = Optimizer.Adam, LearningRate = 0.005)]
    public partial class IrisClassifier { }

    /// <summary>Two interleaved moons: a point in the plane → its moon. 2-16-16-2, tanh, softmax with cross-entropy, Adam.</summary>
    [Network(2, 16, 16, 2, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
        Bias = BiasMode.PerNeuron, TrainBiases = true, Optimizer = Optimizer.Adam, LearningRate = 0.01)]
    public partial class MoonsClassifier { }

    /// <summary>A data set split for training: row-major inputs and one-hot targets, and a held-back test part.</summary>
    public sealed record DataSet(double[] Inputs, double[] Targets, double[] TestInputs, double[] TestTargets, int InputCount, int ClassCount)
    {
        public int Samples => Inputs.Length / InputCount;

        public int TestSamples => TestInputs.Length / InputCount;
    }

    /// <summary>
    /// The sample's two tasks, as data, networks and trainer settings with fixed seeds, shared with the tests that check
    /// the README's claims (tests/BackpropGen.Tests/TrainingSampleTests.cs links this file).
    /// </summary>
    public static class Recipes
    {
        public const int Seed = 1;

        /// <summary>
        /// Iris from its CSV (scikit-learn's copy: a header line, then 4 measurements and the class 0..2 per row),
        /// shuffled with <paramref name="seed"/>, 30 flowers held back for the test, every measurement standardised by
        /// the training part's mean and standard deviation.
        /// </summary>
        public static DataSet Iris(string csvPath, int seed = Seed)
        {
            string[][] rows = File.ReadAllLines(csvPath).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')).ToArray();
            Shuffle(rows, new Random(seed));
            double[] x = rows.SelectMany(row => row.Take(4).Select(v => double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
            double[] t = rows.SelectMany(row => OneHot(int.Parse(row[4], CultureInfo.InvariantCulture), 3)).ToArray();
            const int Test = 30;
            int train = rows.Length - Test;
            Standardise(x, 4, train);
            return new DataSet(x[..(train * 4)], t[..(train * 3)], x[(train * 4)..], t[(train * 3)..], 4, 3);
        }

        /// <summary>
        /// Two interleaved half circles (scikit-learn's make_moons): the upper one (cos θ, sin θ) and the lower one
        /// (1 − cos θ, ½ − sin θ), θ uniform in [0, π], plus Gaussian noise of σ = <paramref name="noise"/>; 20% held back.
        /// </summary>
        public static DataSet Moons(int samples = 1000, double noise = 0.15, int seed = Seed)
        {
            var random = new Random(seed);
            var x = new double[2 * samples];
            var t = new double[2 * samples];
            for (int s = 0; s < samples; s++)
            {
                int moon = s % 2;
                double theta = Math.PI * random.NextDouble();
                x[2 * s] = (moon == 0 ? Math.Cos(theta) : 1 - Math.Cos(theta)) + (noise * Gaussian(random));
                x[(2 * s) + 1] = (moon == 0 ? Math.Sin(theta) : 0.5 - Math.Sin(theta)) + (noise * Gaussian(random));
                t[(2 * s) + moon] = 1;
            }

            int train = samples - (samples / 5);
            return new DataSet(x[..(train * 2)], t[..(train * 2)], x[(train * 2)..], t[(train * 2)..], 2, 2);
        }

        /// <summary>The Iris run: 300 epochs at most of batches of 8, 20% of the training part validating, early stopping after 30 epochs without improvement, a cosine schedule.</summary>
        public static TrainerOptions IrisOptions() => new()
        {
            Epochs = 300,
            BatchSize = 8,
            Seed = Seed,
            ValidationSplit = 0.2,
            Patience = 30,
            Schedule = LearningRateSchedule.Cosine(300, 1e-4),
        };

        /// <summary>The moons run: 150 epochs of batches of 16, 20% validating, early stopping after 25 epochs, a step schedule.</summary>
        public static TrainerOptions MoonsOptions() => new()
        {
            Epochs = 150,
            BatchSize = 16,
            Seed = Seed,
            ValidationSplit = 0.2,
            Patience = 25,
            Schedule = LearningRateSchedule.Step(50, 0.5),
        };

        private static void Standardise(double[] x, int features, int rowsForStatistics)
        {
            for (int f = 0; f < features; f++)
            {
                double mean = 0, square = 0;
                for (int r = 0; r < rowsForStatistics; r++)
                {
                    mean += x[(r * features) + f];
                }

                mean /= rowsForStatistics;
                for (int r = 0; r < rowsForStatistics; r++)
                {
                    square += (x[(r * features) + f] - mean) * (x[(r * features) + f] - mean);
                }

                double sd = Math.Sqrt(square / rowsForStatistics);
                for (int r = 0; r < x.Length / features; r++)
                {
                    x[(r * features) + f] = (x[(r * features) + f] - mean) / sd;
                }
            }
        }

        private static double[] OneHot(int index, int count)
        {
            var row = new double[count];
            row[index] = 1;
            return row;
        }

        private static void Shuffle<T>(T[] items, Random random)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
