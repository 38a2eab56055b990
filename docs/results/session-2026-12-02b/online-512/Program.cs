using System;
using System.Diagnostics;
using BackpropGen;
namespace BackpropGen.Benchmarks
{
    public partial class CmpA { }
    public partial class CmpW { }
    static class P
    {
        const int Samples = 32;
        static double Run(INetwork net, double[] x, double[] t, int n, int m, int reps)
        {
            var sw = Stopwatch.StartNew(); double s = 0;
            for (int r = 0; r < reps; r++)
                for (int k = 0; k < Samples; k++)
                    s += net.Train(x.AsSpan(k * n, n), t.AsSpan(k * m, m));
            sw.Stop();
            if (s == 42) Console.WriteLine();
            return sw.Elapsed.TotalNanoseconds / (reps * Samples);
        }
        static void Main(string[] args)
        {
            INetwork a = new CmpA(), w = new CmpW();
            int n = a.Description.LayerSizes[0], m = a.Description.LayerSizes[a.Description.LayerSizes.Count - 1];
            var rnd = new Random(7);
            double[] x = new double[Samples * n], t = new double[Samples * m];
            for (int i = 0; i < x.Length; i++) x[i] = rnd.NextDouble() * 2 - 1;
            for (int k = 0; k < Samples; k++) t[k * m + rnd.Next(m)] = 1;
            a.InitializeParameters(1); w.InitializeParameters(1);
            for (int r = 0; r < 50; r++) for (int k = 0; k < Samples; k++) { a.Train(x.AsSpan(k * n, n), t.AsSpan(k * m, m)); w.Train(x.AsSpan(k * n, n), t.AsSpan(k * m, m)); }
            double[] pa = new double[a.Description.ParameterCount], pw = new double[pa.Length];
            a.CopyParametersTo(pa); w.CopyParametersTo(pw);
            double maxd = 0; for (int i = 0; i < pa.Length; i++) maxd = Math.Max(maxd, Math.Abs(pa[i] - pw[i]));
            Console.WriteLine($"{string.Join("-", a.Description.LayerSizes)}: max |A - W| after 1600 steps {maxd:E2}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
            int reps = Math.Max(200, 20_000_000 / a.Description.ParameterCount);
            for (int i = 0; i < 6; i++) { Run(a, x, t, n, m, reps / 2); Run(w, x, t, n, m, reps / 2); }
            for (int round = 0; round < 7; round++)
            {
                double ta = Run(a, x, t, n, m, reps), tw = Run(w, x, t, n, m, reps);
                Console.WriteLine($"A {ta:F1} ns  W {tw:F1} ns  W/A {tw / ta:F3}");
            }
        }
    }
}
