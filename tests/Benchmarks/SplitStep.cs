using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The article's step through the split API (Forward, Backward, ApplyGradients) against the fused Train, one step
    /// a call, weights carried over. Backward runs the shared step again from the remembered inputs (it no longer
    /// reads forward values that Forward stored), so this shows what the split API costs over Train.
    /// </summary>
    [MemoryDiagnoser]
    public class SplitStep
    {
        private ArticleNet _article = null!;
        private double _i1 = 0.05, _i2 = 0.10, _t1 = 0.01, _t2 = 0.99;

        [GlobalSetup]
        public void GlobalSetup() => _article = ArticleNet.FromArticle();

        /// <summary>The fused step.</summary>
        [Benchmark(Baseline = true)]
        public double Train() => _article.Train(_i1, _i2, _t1, _t2);

        /// <summary>The same step through the split API.</summary>
        [Benchmark]
        public double ForwardBackwardApply()
        {
            _article.Forward(_i1, _i2, out double _, out double _);
            double error = _article.Backward(_t1, _t2);
            _article.ApplyGradients();
            return error;
        }

        /// <summary>Forward alone.</summary>
        [Benchmark]
        public double Forward()
        {
            _article.Forward(_i1, _i2, out double o1, out double _);
            return o1;
        }
    }
}
