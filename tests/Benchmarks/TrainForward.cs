using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// One training step and one forward pass of each network, generated against the loop baseline (Baseline = true
    /// in each category, so the Ratio column is generated / loop). The article's network trains on the article's
    /// sample; the classifiers cycle through 16 samples. Weights carry over from call to call.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class TrainForward
    {
        private ArticleNet _article = null!;
        private LoopMlp _articleLoop = null!;
        private readonly double[] _articleX = (double[])Setup.ArticleInputs.Clone();
        private readonly double[] _articleT = (double[])Setup.ArticleTargets.Clone();
        private readonly double[] _articleOut = new double[2];
        private double _i1 = 0.05, _i2 = 0.10, _t1 = 0.01, _t2 = 0.99;
        private Classifier<Net4x8x8x3> _net4 = null!;
        private Classifier<Net8x16x8x4> _net8 = null!;
        private Classifier<Net16x16x16x8> _net16x16 = null!;
        private Classifier<Net16x32x32x4> _net16 = null!;
#if LARGE_NETWORK
        private Classifier<Net64x64x10> _net64 = null!;
#endif

        [GlobalSetup]
        public void GlobalSetup()
        {
            _article = ArticleNet.FromArticle();
            _articleLoop = Setup.ArticleLoop();
            double generatedError = _article.Train(_i1, _i2, _t1, _t2);
            double loopError = _articleLoop.Train(_articleX, _articleT);
            var parameters = new double[ArticleNet.ParameterCount];
            _article.CopyParametersTo(parameters);
            Setup.CheckSameStep("ArticleNet", generatedError, loopError, parameters.AsSpan(0, ArticleNet.WeightCount), _articleLoop.CopyParameters().AsSpan(0, ArticleNet.WeightCount).ToArray());
            _net4 = new Classifier<Net4x8x8x3>(new[] { 4, 8, 8, 3 }, weightCount: 120, parameterCount: 139, seed: 1);
            _net8 = new Classifier<Net8x16x8x4>(new[] { 8, 16, 8, 4 }, weightCount: 288, parameterCount: 316, seed: 1);
            _net16x16 = new Classifier<Net16x16x16x8>(new[] { 16, 16, 16, 8 }, weightCount: 640, parameterCount: 680, seed: 1);
            _net16 = new Classifier<Net16x32x32x4>(new[] { 16, 32, 32, 4 }, weightCount: 1664, parameterCount: 1732, seed: 1);
#if LARGE_NETWORK
            _net64 = new Classifier<Net64x64x10>(new[] { 64, 64, 10 }, weightCount: 4736, parameterCount: 4810, seed: 1);
#endif
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Train 2-2-2")]
        public double Train_2_2_2_Loop() => _articleLoop.Train(_articleX, _articleT);

        [Benchmark, BenchmarkCategory("Train 2-2-2")]
        public double Train_2_2_2_Generated() => _article.Train(_i1, _i2, _t1, _t2);

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 2-2-2")]
        public double Forward_2_2_2_Loop()
        {
            _articleLoop.Forward(_articleX, _articleOut);
            return _articleOut[0];
        }

        [Benchmark, BenchmarkCategory("Forward 2-2-2")]
        public double Forward_2_2_2_Generated()
        {
            _article.Forward(_i1, _i2, out double o1, out double o2);
            return o1 + o2;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Train 4-8-8-3")]
        public double Train_4_8_8_3_Loop()
        {
            Classifier<Net4x8x8x3> c = _net4;
            int s = c.Next();
            return c.Loop.Train(c.X(s), c.T(s));
        }

        [Benchmark, BenchmarkCategory("Train 4-8-8-3")]
        public double Train_4_8_8_3_Generated()
        {
            Classifier<Net4x8x8x3> c = _net4;
            int s = c.Next();
            return ScalarCalls.Train(c.Net, c.X(s), c.T(s));
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 4-8-8-3")]
        public double Forward_4_8_8_3_Loop()
        {
            Classifier<Net4x8x8x3> c = _net4;
            int s = c.Next();
            c.Loop.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark, BenchmarkCategory("Forward 4-8-8-3")]
        public double Forward_4_8_8_3_Generated()
        {
            Classifier<Net4x8x8x3> c = _net4;
            int s = c.Next();
            c.Net.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Train 8-16-8-4")]
        public double Train_8_16_8_4_Loop()
        {
            Classifier<Net8x16x8x4> c = _net8;
            int s = c.Next();
            return c.Loop.Train(c.X(s), c.T(s));
        }

        [Benchmark, BenchmarkCategory("Train 8-16-8-4")]
        public double Train_8_16_8_4_Generated()
        {
            Classifier<Net8x16x8x4> c = _net8;
            int s = c.Next();
            return ScalarCalls.Train(c.Net, c.X(s), c.T(s));
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 8-16-8-4")]
        public double Forward_8_16_8_4_Loop()
        {
            Classifier<Net8x16x8x4> c = _net8;
            int s = c.Next();
            c.Loop.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark, BenchmarkCategory("Forward 8-16-8-4")]
        public double Forward_8_16_8_4_Generated()
        {
            Classifier<Net8x16x8x4> c = _net8;
            int s = c.Next();
            c.Net.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Train 16-16-16-8")]
        public double Train_16_16_16_8_Loop()
        {
            Classifier<Net16x16x16x8> c = _net16x16;
            int s = c.Next();
            return c.Loop.Train(c.X(s), c.T(s));
        }

        [Benchmark, BenchmarkCategory("Train 16-16-16-8")]
        public double Train_16_16_16_8_Generated()
        {
            Classifier<Net16x16x16x8> c = _net16x16;
            int s = c.Next();
            return ScalarCalls.Train(c.Net, c.X(s), c.T(s));
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 16-16-16-8")]
        public double Forward_16_16_16_8_Loop()
        {
            Classifier<Net16x16x16x8> c = _net16x16;
            int s = c.Next();
            c.Loop.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark, BenchmarkCategory("Forward 16-16-16-8")]
        public double Forward_16_16_16_8_Generated()
        {
            Classifier<Net16x16x16x8> c = _net16x16;
            int s = c.Next();
            c.Net.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Train 16-32-32-4")]
        public double Train_16_32_32_4_Loop()
        {
            Classifier<Net16x32x32x4> c = _net16;
            int s = c.Next();
            return c.Loop.Train(c.X(s), c.T(s));
        }

        [Benchmark, BenchmarkCategory("Train 16-32-32-4")]
        public double Train_16_32_32_4_Generated()
        {
            Classifier<Net16x32x32x4> c = _net16;
            int s = c.Next();
            return ScalarCalls.Train(c.Net, c.X(s), c.T(s));
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 16-32-32-4")]
        public double Forward_16_32_32_4_Loop()
        {
            Classifier<Net16x32x32x4> c = _net16;
            int s = c.Next();
            c.Loop.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark, BenchmarkCategory("Forward 16-32-32-4")]
        public double Forward_16_32_32_4_Generated()
        {
            Classifier<Net16x32x32x4> c = _net16;
            int s = c.Next();
            c.Net.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }
#if LARGE_NETWORK

        [Benchmark(Baseline = true), BenchmarkCategory("Train 64-64-10")]
        public double Train_64_64_10_Loop()
        {
            Classifier<Net64x64x10> c = _net64;
            int s = c.Next();
            return c.Loop.Train(c.X(s), c.T(s));
        }

        [Benchmark, BenchmarkCategory("Train 64-64-10")]
        public double Train_64_64_10_Generated()
        {
            Classifier<Net64x64x10> c = _net64;
            int s = c.Next();
            return ScalarCalls.Train(c.Net, c.X(s), c.T(s));
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Forward 64-64-10")]
        public double Forward_64_64_10_Loop()
        {
            Classifier<Net64x64x10> c = _net64;
            int s = c.Next();
            c.Loop.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }

        [Benchmark, BenchmarkCategory("Forward 64-64-10")]
        public double Forward_64_64_10_Generated()
        {
            Classifier<Net64x64x10> c = _net64;
            int s = c.Next();
            c.Net.Forward(c.X(s), c.Outputs);
            return c.Outputs[0];
        }
#endif
    }
}
