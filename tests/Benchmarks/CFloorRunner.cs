using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Reports;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The C floor in the same session as the C# run: builds c-floor/mazur.c with gcc (into a temporary directory,
    /// nothing is written to the repository), runs it before and after the CFloor benchmarks, and prints each CFloor
    /// benchmark's time per step over the C floor's.
    /// </summary>
    internal static class CFloorRunner
    {
        private const long CSteps = 20_000_000;
        private const int RunsEachSide = 3;

        private static string? _executable;

        /// <summary>Whether the BenchmarkDotNet arguments select a CFloor benchmark (a --filter glob that matches its name).</summary>
        public static bool Selected(string[] args)
        {
            var filters = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] is "--filter" or "-f")
                {
                    for (int j = i + 1; j < args.Length && !args[j].StartsWith('-'); j++)
                    {
                        filters.Add(args[j]);
                    }
                }
            }

            string name = typeof(CFloor).FullName + "." + nameof(CFloor.GeneratedTrain);
            return filters.Any(filter => Regex.IsMatch(name, "^" + Regex.Escape(filter).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase));
        }

        /// <summary>Runs the C floor <see cref="RunsEachSide"/> times; ns per step of each run, or empty (and says why) when it cannot.</summary>
        public static List<double> Measure(string when)
        {
            var results = new List<double>();
            string? executable = Build();
            if (executable is null)
            {
                return results;
            }

            for (int run = 0; run < RunsEachSide; run++)
            {
                (int exit, string output) = Execute(executable, CSteps.ToString(CultureInfo.InvariantCulture));
                Match match = Regex.Match(output, @"ns_per_step=([0-9.]+)");
                if (exit != 0 || !match.Success)
                {
                    Console.WriteLine($"// C floor: {executable} failed ({exit}): {output}");
                    break;
                }

                Console.WriteLine($"// C floor ({when}): {output.Trim()}");
                results.Add(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            return results;
        }

        /// <summary>Deletes the temporary directory of the C executable.</summary>
        public static void CleanUp()
        {
            if (_executable is not null)
            {
                Directory.Delete(Path.GetDirectoryName(_executable)!, recursive: true);
                _executable = null;
            }
        }

        /// <summary>Prints (and writes beside BenchmarkDotNet's reports) the CFloor benchmarks over the C floor.</summary>
        public static void Report(IEnumerable<Summary> summaries, List<double> before, List<double> after)
        {
            Summary? summary = summaries.FirstOrDefault(s => s.Reports.Any(r => r.BenchmarkCase.Descriptor.Type == typeof(CFloor)));
            if (summary is null)
            {
                return;
            }

            List<double> all = before.Concat(after).ToList();
            if (all.Count == 0)
            {
                Console.WriteLine("// C floor: not measured (no gcc, or c-floor/mazur.c not found), so no ratios.");
                return;
            }

            double fastest = all.Min();
            double median = Median(all);
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"C floor (gcc -O3 -march=native, {CSteps:N0} steps a run), ns per step: before the C# run {Join(before)}; after it {Join(after)}; fastest {Format(fastest)}, median {Format(median)}.");
            text.AppendLine();
            text.AppendLine("| Benchmark | ns per step | / fastest C run | / median C run |");
            text.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (BenchmarkReport report in summary.Reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(CFloor)))
            {
                string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                if (report.ResultStatistics is null)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {method} | failed | | |");
                    continue;
                }

                double mean = report.ResultStatistics.Mean;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {method} | {Format(mean)} | {Ratio(mean, fastest)} | {Ratio(mean, median)} |");
            }

            Console.WriteLine();
            Console.WriteLine("// * C floor *");
            Console.Write(text.ToString());
            string path = Path.Combine(summary.ResultsDirectoryPath, "CFloor-vs-C.md");
            File.WriteAllText(path, text.ToString());
            Console.WriteLine($"// written to {path}");
        }

        private static string? Build()
        {
            if (_executable is not null)
            {
                return _executable;
            }

            string? source = Environment.GetEnvironmentVariable("BACKPROPGEN_MAZUR_C");
            if (string.IsNullOrEmpty(source))
            {
                string? projectDirectory = typeof(CFloorRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
                source = projectDirectory is null ? "c-floor/mazur.c" : Path.Combine(projectDirectory, "c-floor", "mazur.c");
            }

            if (!File.Exists(source))
            {
                Console.WriteLine($"// C floor: {source} not found (set BACKPROPGEN_MAZUR_C).");
                return null;
            }

            string directory = Path.Combine(Path.GetTempPath(), "backpropgen-c-floor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            string executable = Path.Combine(directory, "mazur");
            (int exit, string output) = Execute("gcc", $"-O3 -march=native -o \"{executable}\" \"{source}\" -lm");
            if (exit != 0)
            {
                Console.WriteLine($"// C floor: gcc failed ({exit}): {output}");
                return null;
            }

            Console.WriteLine($"// C floor: built {executable} from {source} with gcc -O3 -march=native");
            _executable = executable;
            return executable;
        }

        private static (int Exit, string Output) Execute(string file, string arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(file, arguments)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, output);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, e.Message);
            }
        }

        private static double Median(List<double> values)
        {
            List<double> sorted = values.OrderBy(v => v).ToList();
            int n = sorted.Count;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        }

        private static string Ratio(double value, double floor) => (value / floor).ToString("0.00", CultureInfo.InvariantCulture) + "x";

        private static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

        private static string Join(List<double> values) => values.Count == 0 ? "(none)" : string.Join(", ", values.Select(Format));
    }
}
