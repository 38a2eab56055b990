using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/Benchmarks -- [BenchmarkDotNet arguments]   the benchmarks (BenchmarkSwitcher)
    /// dotnet run -c Release --project tests/Benchmarks -- generator-cost [--reps N]     the generator's own cost, a Markdown table
    /// dotnet run -c Release --project tests/Benchmarks -- jit-check [--seconds S]       what the JIT makes of each generated Train
    /// dotnet run -c Release --project tests/Benchmarks -- size-sweep [--quick] [--processes N] [--out DIR]
    ///                                                                                    the size sweep of issue 10 (SizeSweepRunner)
    /// When the CFloor benchmarks run, the C floor (c-floor/mazur.c, built with gcc) is measured before and after them
    /// and the ratios printed; --no-c-floor skips that.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "generator-cost")
            {
                return GeneratorCost.Run(args.Skip(1).ToArray());
            }

            if (args.Length > 0 && args[0] == "size-sweep")
            {
                return SizeSweepRunner.Run(args.Skip(1).ToArray());
            }

            if (args.Length > 0 && args[0] == "size-sweep-process")
            {
                return SizeSweepRunner.RunProcess(args.Skip(1).ToArray());
            }

            if (args.Length > 0 && args[0] == "size-sweep-check")
            {
                return SizeSweepRunner.Check();
            }

            if (args.Length > 0 && args[0] == "jit-check")
            {
                return JitCheck.Run(args.Skip(1).ToArray());
            }

            bool cFloor = !args.Contains("--no-c-floor") && CFloorRunner.Selected(args);
            args = args.Where(a => a != "--no-c-floor").ToArray();
            List<double> before = cFloor ? CFloorRunner.Measure("before") : new List<double>();
            // BenchmarkDotNet rebuilds this project, without the compiler server, before it measures: with 20 MB of
            // generated code that takes minutes on a busy machine, past its default timeout of 2 minutes.
            IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(20));
            IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
            if (cFloor)
            {
                List<double> after = CFloorRunner.Measure("after");
                CFloorRunner.Report(summaries, before, after);
                CFloorRunner.CleanUp();
            }

            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
