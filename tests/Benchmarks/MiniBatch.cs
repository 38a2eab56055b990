using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// Cost per sample of training on 16 samples: 16 online steps (the scalar Train, Baseline) against two mini-batches
    /// of 8 and one of 16 (the span Train). OperationsPerInvoke = 16, so every row is time per sample.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class MiniBatch
    {
        private ArticleNet _article = null!;
        private double[] _articleInputs = null!;
        private double[] _articleTargets = null!;
        private Classifier<Net4x8x8x3> _net4 = null!;
        private Classifier<Net16x32x32x4> _net16 = null!;
#if LARGE_NETWORK
        private Classifier<Net64x64x10> _net64 = null!;
#endif

        [GlobalSetup]
        public void GlobalSetup()
        {
            _article = ArticleNet.FromArticle();
            (_articleInputs, _articleTargets) = Setup.ArticleBatch();
            _net4 = new Classifier<Net4x8x8x3>(new[] { 4, 8, 8, 3 }, weightCount: 120, parameterCount: 139, seed: 1);
            _net16 = new Classifier<Net16x32x32x4>(new[] { 16, 32, 32, 4 }, weightCount: 1664, parameterCount: 1732, seed: 1);
#if LARGE_NETWORK
            _net64 = new Classifier<Net64x64x10>(new[] { 64, 64, 10 }, weightCount: 4736, parameterCount: 4810, seed: 1);
#endif
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("2-2-2")]
        public double Online_2_2_2()
        {
            ArticleNet net = _article;
            double[] x = _articleInputs, t = _articleTargets;
            double sum = 0.0;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                sum += net.Train(x[2 * s], x[2 * s + 1], t[2 * s], t[2 * s + 1]);
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("2-2-2")]
        public double Batch8_2_2_2()
        {
            return _article.Train(_articleInputs.AsSpan(0, 16), _articleTargets.AsSpan(0, 16))
                + _article.Train(_articleInputs.AsSpan(16, 16), _articleTargets.AsSpan(16, 16));
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("2-2-2")]
        public double Batch16_2_2_2()
        {
            return _article.Train(_articleInputs, _articleTargets);
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("4-8-8-3")]
        public double Online_4_8_8_3()
        {
            Classifier<Net4x8x8x3> c = _net4;
            double sum = 0.0;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                sum += ScalarCalls.Train(c.Net, c.X(s), c.T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("4-8-8-3")]
        public double Batch8_4_8_8_3()
        {
            Classifier<Net4x8x8x3> c = _net4;
            return c.Net.Train(c.Xs(0, 8), c.Ts(0, 8)) + c.Net.Train(c.Xs(8, 8), c.Ts(8, 8));
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("4-8-8-3")]
        public double Batch16_4_8_8_3()
        {
            Classifier<Net4x8x8x3> c = _net4;
            return c.Net.Train(c.Xs(0, 16), c.Ts(0, 16));
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("16-32-32-4")]
        public double Online_16_32_32_4()
        {
            Classifier<Net16x32x32x4> c = _net16;
            double sum = 0.0;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                sum += ScalarCalls.Train(c.Net, c.X(s), c.T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("16-32-32-4")]
        public double Batch8_16_32_32_4()
        {
            Classifier<Net16x32x32x4> c = _net16;
            return c.Net.Train(c.Xs(0, 8), c.Ts(0, 8)) + c.Net.Train(c.Xs(8, 8), c.Ts(8, 8));
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("16-32-32-4")]
        public double Batch16_16_32_32_4()
        {
            Classifier<Net16x32x32x4> c = _net16;
            return c.Net.Train(c.Xs(0, 16), c.Ts(0, 16));
        }
#if LARGE_NETWORK

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("64-64-10")]
        public double Online_64_64_10()
        {
            Classifier<Net64x64x10> c = _net64;
            double sum = 0.0;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                sum += ScalarCalls.Train(c.Net, c.X(s), c.T(s));
            }

            return sum;
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("64-64-10")]
        public double Batch8_64_64_10()
        {
            Classifier<Net64x64x10> c = _net64;
            return c.Net.Train(c.Xs(0, 8), c.Ts(0, 8)) + c.Net.Train(c.Xs(8, 8), c.Ts(8, 8));
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("64-64-10")]
        public double Batch16_64_64_10()
        {
            Classifier<Net64x64x10> c = _net64;
            return c.Net.Train(c.Xs(0, 16), c.Ts(0, 16));
        }
#endif
    }
}
