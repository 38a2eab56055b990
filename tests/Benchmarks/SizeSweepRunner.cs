using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The size sweep (issue 10), as several processes.
    /// <para>
    /// <c>size-sweep [--quick] [--processes N] [--out DIR]</c> runs this program N times (default 5; 3 with --quick),
    /// one process after the other, each in mode <c>size-sweep-process</c>, and writes into DIR/process-i each one's
    /// BenchmarkDotNet reports (csv, GitHub markdown), its C floor runs and the machine's load.
    /// </para>
    /// <para>
    /// <c>size-sweep-process --out DIR [--quick] [--rotate R]</c>: one process. It runs the C floor (c-floor/mazur.c) 3
    /// times, then every <see cref="SizeSweep"/> class and <see cref="CFloor"/>'s two generated benchmarks with
    /// BenchmarkDotNet in this process (InProcessEmitToolchain: no rebuild, and all implementations of a size measured
    /// one after the other in the same process, so their ratios share the process's conditions), then the C floor 3
    /// times again. The class order is rotated by R, so that over the processes each size runs early and late.
    /// </para>
    /// <para><c>size-sweep-check</c>: only the setups' self-checks (the generated network, LoopMlp and VectorMlp agree), in seconds.</para>
    /// </summary>
    internal static class SizeSweepRunner
    {
        public static int Run(string[] args)
        {
            bool quick = args.Contains("--quick");
            int processes = int.Parse(Option(args, "--processes") ?? (quick ? "3" : "5"), CultureInfo.InvariantCulture);
            string output = Path.GetFullPath(Option(args, "--out") ?? "size-sweep-results");
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            Directory.CreateDirectory(output);
            string executable = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
            for (int p = 1; p <= processes; p++)
            {
                string directory = Path.Combine(output, $"process-{p}");
                var start = new ProcessStartInfo(executable) { UseShellExecute = false };
                foreach (string argument in new[] { "size-sweep-process", "--out", directory, "--rotate", (p - 1).ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(argument);
                }

                if (quick)
                {
                    start.ArgumentList.Add("--quick");
                }

                Console.WriteLine($"// size sweep: process {p} of {processes} -> {directory}");
                using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    Console.WriteLine($"// size sweep: process {p} failed with exit code {child.ExitCode}.");
                    return child.ExitCode;
                }
            }

            Console.WriteLine($"// size sweep: {processes} processes written to {output}");
            return 0;
        }

        public static int RunProcess(string[] args)
        {
            bool quick = args.Contains("--quick");
            string output = Path.GetFullPath(Option(args, "--out") ?? throw new ArgumentException("size-sweep-process needs --out DIR."));
            int rotate = int.Parse(Option(args, "--rotate") ?? "0", CultureInfo.InvariantCulture);
            Directory.CreateDirectory(output);
            var conditions = new List<string>
            {
                $"mode: {(quick ? "quick" : "full")}",
                $"started: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC",
                $"load average at start (1, 5, 15 min): {LoadAverage()}",
                $"runtime: .NET {Environment.Version}, {Environment.ProcessorCount} logical cores",
            };

            List<double> before = CFloorRunner.Measure("before");

            // Iterations of 250 ms (150 ms in quick mode): long enough for the largest network's 32 samples (~0.5 ms)
            // many times over, short enough for the whole sweep to take minutes.
            Job job = Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(quick ? 2 : 3)
                .WithIterationCount(quick ? 5 : 10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(quick ? 150 : 250))
                .WithId(quick ? "SweepQuick" : "Sweep");
            IConfig config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddLogger(ConsoleLogger.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddColumn(StatisticColumn.Median)
                .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
                .AddExporter(new CsvExporter(CsvSeparator.Semicolon), MarkdownExporter.GitHub)
                .WithArtifactsPath(output)
                .WithOptions(ConfigOptions.DisableLogFile);

            var classes = SizeSweep.Classes.ToList();
            int shift = classes.Count == 0 ? 0 : rotate % classes.Count;
            classes = classes.Skip(shift).Concat(classes.Take(shift)).ToList();
            var runs = new List<BenchmarkRunInfo>();
            foreach (Type type in classes)
            {
                runs.Add(BenchmarkConverter.TypeToBenchmarks(type, config));
            }

            // The article's network for the C floor: its generated Train and TrainOnline, as in the CFloor class.
            runs.Add(BenchmarkConverter.MethodsToBenchmarks(
                typeof(CFloor),
                new[] { typeof(CFloor).GetMethod(nameof(CFloor.GeneratedTrain))!, typeof(CFloor).GetMethod(nameof(CFloor.GeneratedTrainOnline))! },
                config));
            Summary[] summaries = BenchmarkRunner.Run(runs.ToArray());

            List<double> after = CFloorRunner.Measure("after");
            CFloorRunner.CleanUp();
            conditions.Add($"finished: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
            conditions.Add($"load average at end (1, 5, 15 min): {LoadAverage()}");
            conditions.Add($"class order: {string.Join(", ", classes.Select(c => c.Name))}, CFloor");
            File.WriteAllLines(Path.Combine(output, "conditions.txt"), conditions);
            File.WriteAllLines(
                Path.Combine(output, "c-floor.csv"),
                new[] { "when;ns_per_step" }
                    .Concat(before.Select(v => "before;" + v.ToString("R", CultureInfo.InvariantCulture)))
                    .Concat(after.Select(v => "after;" + v.ToString("R", CultureInfo.InvariantCulture))));

            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) || summaries.Length != runs.Count;
            return failed ? 1 : 0;
        }

        /// <summary>Runs each sweep class's setup (the self-checks) without measuring.</summary>
        public static int Check()
        {
            foreach (Type type in SizeSweep.Classes)
            {
                object instance = Activator.CreateInstance(type)!;
                type.GetMethod("GlobalSetup")!.Invoke(instance, null);
            }

            return 0;
        }

        private static string? Option(string[] args, string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
    }
}
