using System;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The article's network trained for <see cref="Steps"/> steps in a loop, weights carried over from step to step
    /// and from invocation to invocation: the work of c-floor/mazur.c, timed per step (OperationsPerInvoke), so that
    /// the figures divide by the C floor's ns_per_step. The program measures the C floor in the same session and
    /// prints the ratios after the run (see CFloorRunner).
    /// </summary>
    [MemoryDiagnoser]
    public class CFloor
    {
        public const int Steps = 100_000;

        private ArticleNet _article = null!;
        private LoopMlp _loop = null!;
        private readonly double[] _x = (double[])Setup.ArticleInputs.Clone();
        private readonly double[] _t = (double[])Setup.ArticleTargets.Clone();

        // Read once per invocation, as mazur.c reads its volatiles once: run-time data, not constants.
        private double _i1 = 0.05, _i2 = 0.10, _t1 = 0.01, _t2 = 0.99, _b1 = 0.35, _b2 = 0.60, _eta = 0.5;

        // The hand-written port's weights, carried over between invocations.
        private double _w1 = 0.15, _w2 = 0.20, _w3 = 0.25, _w4 = 0.30, _w5 = 0.40, _w6 = 0.45, _w7 = 0.50, _w8 = 0.55;

        [GlobalSetup]
        public void GlobalSetup()
        {
            _article = ArticleNet.FromArticle();
            _loop = Setup.ArticleLoop();
        }

        /// <summary>The generated Train, called once per step.</summary>
        [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
        public double GeneratedTrain()
        {
            ArticleNet net = _article;
            double i1 = _i1, i2 = _i2, t1 = _t1, t2 = _t2;
            double error = 0.0;
            for (int s = 0; s < Steps; s++)
            {
                error = net.Train(i1, i2, t1, t2);
            }

            return error;
        }

        /// <summary>
        /// The generated TrainOnline over the article's one sample for <see cref="Steps"/> epochs: the same steps, with the
        /// parameters kept in locals from one step to the next, as mazur.c keeps them.
        /// </summary>
        [Benchmark(OperationsPerInvoke = Steps)]
        public double GeneratedTrainOnline() => _article.TrainOnline(_x, _t, Steps);

        /// <summary>mazur.c's loop body, statement for statement, in C#: what the JIT makes of the C code itself.</summary>
        [Benchmark(OperationsPerInvoke = Steps)]
        public double HandWrittenCSharpPortOfC()
        {
            double i1 = _i1, i2 = _i2, t1 = _t1, t2 = _t2, b1 = _b1, b2 = _b2, lr = _eta;
            double w1 = _w1, w2 = _w2, w3 = _w3, w4 = _w4, w5 = _w5, w6 = _w6, w7 = _w7, w8 = _w8;
            for (int s = 0; s < Steps; s++)
            {
                double h1 = 1.0 / (1.0 + Math.Exp(-((i1 * w1 + i2 * w2) + b1)));
                double h2 = 1.0 / (1.0 + Math.Exp(-((i1 * w3 + i2 * w4) + b1)));
                double o1 = 1.0 / (1.0 + Math.Exp(-((h1 * w5 + h2 * w6) + b2)));
                double o2 = 1.0 / (1.0 + Math.Exp(-((h1 * w7 + h2 * w8) + b2)));
                double d_o1 = -(t1 - o1) * (o1 * (1.0 - o1));
                double d_o2 = -(t2 - o2) * (o2 * (1.0 - o2));
                double d_h1 = (d_o1 * w5 + d_o2 * w7) * (h1 * (1.0 - h1));
                double d_h2 = (d_o1 * w6 + d_o2 * w8) * (h2 * (1.0 - h2));
                w5 -= lr * (d_o1 * h1);
                w6 -= lr * (d_o1 * h2);
                w7 -= lr * (d_o2 * h1);
                w8 -= lr * (d_o2 * h2);
                w1 -= lr * (d_h1 * i1);
                w2 -= lr * (d_h1 * i2);
                w3 -= lr * (d_h2 * i1);
                w4 -= lr * (d_h2 * i2);
            }

            _w1 = w1; _w2 = w2; _w3 = w3; _w4 = w4; _w5 = w5; _w6 = w6; _w7 = w7; _w8 = w8;
            return w1 + w8;
        }

        /// <summary>The loop baseline's Train, called once per step.</summary>
        [Benchmark(OperationsPerInvoke = Steps)]
        public double LoopTrain()
        {
            LoopMlp loop = _loop;
            double[] x = _x, t = _t;
            double error = 0.0;
            for (int s = 0; s < Steps; s++)
            {
                error = loop.Train(x, t);
            }

            return error;
        }
    }
}
