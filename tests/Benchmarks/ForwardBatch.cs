using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// Cost per sample of the forward pass of 16 samples: 16 scalar Forward calls (Baseline) against one ForwardBatch,
    /// which runs them four at a time in the lanes of Vector256&lt;double&gt;. OperationsPerInvoke = 16: time per sample.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ForwardBatch
    {
        private ArticleNet _article = null!;
        private double[] _articleInputs = null!;
        private readonly double[] _articleOutputs = new double[2 * Setup.SampleCount];
        private Classifier<Net4x8x8x3> _net4 = null!;
        private readonly double[] _net4Outputs = new double[3 * Setup.SampleCount];

        [GlobalSetup]
        public void GlobalSetup()
        {
            _article = ArticleNet.FromArticle();
            (_articleInputs, _) = Setup.ArticleBatch();
            _net4 = new Classifier<Net4x8x8x3>(new[] { 4, 8, 8, 3 }, weightCount: 120, parameterCount: 139, seed: 1);
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("2-2-2")]
        public double Scalar_2_2_2()
        {
            ArticleNet net = _article;
            double[] x = _articleInputs, y = _articleOutputs;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                net.Forward(x[2 * s], x[2 * s + 1], out y[2 * s], out y[2 * s + 1]);
            }

            return y[0];
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("2-2-2")]
        public double Vector_2_2_2()
        {
            _article.ForwardBatch(_articleInputs, _articleOutputs);
            return _articleOutputs[0];
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("4-8-8-3")]
        public double Scalar_4_8_8_3()
        {
            Classifier<Net4x8x8x3> c = _net4;
            Span<double> y = _net4Outputs;
            for (int s = 0; s < Setup.SampleCount; s++)
            {
                c.Net.Forward(c.X(s), y.Slice(3 * s, 3));
            }

            return y[0];
        }

        [Benchmark(OperationsPerInvoke = Setup.SampleCount), BenchmarkCategory("4-8-8-3")]
        public double Vector_4_8_8_3()
        {
            Classifier<Net4x8x8x3> c = _net4;
            c.Net.ForwardBatch(c.Xs(0, Setup.SampleCount), _net4Outputs);
            return _net4Outputs[0];
        }
    }
}
