using System;
using System.Diagnostics;
using BackpropGen;
namespace BackpropGen.Benchmarks
{
    public partial class Sweep128x64x10 { }
    public partial class Sweep128x64x10W { }
    static class P
    {
        const int Samples = 32;
        static double Run(INetwork net, double[] x, double[] t, int reps)
        {
            var sw = Stopwatch.StartNew(); double s = 0;
            for (int r = 0; r < reps; r++)
                for (int k = 0; k < Samples; k++)
                    s += net.Train(x.AsSpan(k * 128, 128), t.AsSpan(k * 10, 10));
            sw.Stop();
            if (s == 42) Console.WriteLine();
            return sw.Elapsed.TotalNanoseconds / (reps * Samples);
        }
        static void Main(string[] args)
        {
            var rnd = new Random(7);
            double[] x = new double[Samples * 128], t = new double[Samples * 10];
            for (int i = 0; i < x.Length; i++) x[i] = rnd.NextDouble() * 2 - 1;
            for (int k = 0; k < Samples; k++) t[k * 10 + rnd.Next(10)] = 1;
            INetwork a = new Sweep128x64x10(), w = new Sweep128x64x10W();
            a.InitializeParameters(1); w.InitializeParameters(1);
            // agreement after some steps
            for (int r = 0; r < 50; r++) for (int k = 0; k < Samples; k++) { a.Train(x.AsSpan(k * 128, 128), t.AsSpan(k * 10, 10)); w.Train(x.AsSpan(k * 128, 128), t.AsSpan(k * 10, 10)); }
            double[] pa = new double[a.Description.ParameterCount], pw = new double[pa.Length];
            a.CopyParametersTo(pa); w.CopyParametersTo(pw);
            double maxd = 0; for (int i = 0; i < pa.Length; i++) maxd = Math.Max(maxd, Math.Abs(pa[i] - pw[i]));
            Console.WriteLine($"max |A - W| after 1600 steps: {maxd:E2}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
            for (int i = 0; i < 3; i++) { Run(a, x, t, 200); Run(w, x, t, 200); }
            for (int round = 0; round < 7; round++)
            {
                double ta = Run(a, x, t, 1000), tw = Run(w, x, t, 1000);
                Console.WriteLine($"A {ta:F0} ns  W {tw:F0} ns  W/A {tw / ta:F3}");
            }
        }
    }
}
