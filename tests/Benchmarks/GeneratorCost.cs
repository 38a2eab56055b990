using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using BackpropGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The generator's own cost (the generator-cost mode; a Stopwatch table, not BenchmarkDotNet): for networks of
    /// about 10, 100, 1,000 and 4,096 weights (and the benchmarks' 64-64-10, and 256-256: 65,536 weights, vectorised), the time of a full generator run
    /// (CSharpGeneratorDriver, which includes parsing the generated file), the generated file's size, and the time
    /// to compile it (Compilation.Emit of the consumer with the generated file, Debug and Release); then the IL of
    /// the main methods, against the JIT's MinOpts limits. Each time is the median of --reps runs (default 3) after
    /// one warm-up run of the whole pipeline, so the compiler itself is already jitted, as in a build server.
    /// </summary>
    internal static class GeneratorCost
    {
        public static int Run(string[] args)
        {
            int reps = 3;
            for (int i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "--reps")
                {
                    reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
            }

            var shapes = new List<Shape>
            {
                Shape.Article(),
                Shape.Classifier(8, 10, 2),
                Shape.Classifier(10, 20, 10),
                Shape.Classifier(12, 24, 12),
                Shape.Classifier(20, 40, 5),
                Shape.Classifier(32, 64, 32),
                Shape.Classifier(64, 64, 10),
                Shape.Classifier(256, 256),
            };

            Console.WriteLine($"// warm-up: {shapes[0].Name}");
            Measure(shapes[0], 1);

            var costs = new StringBuilder();
            costs.AppendLine("| Network | Weights | Generator run (ms) | Generated file (KB) | Lines | Emit, Debug (ms) | Emit, Release (ms) | Assembly, Release (KB) |");
            costs.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var il = new StringBuilder();
            il.AppendLine("| Network | Method | IL bytes | IL locals | Parameters | Locals + parameters + this | IL instructions | Over a MinOpts limit |");
            il.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (Shape shape in shapes)
            {
                Console.WriteLine($"// measuring {shape.Name} ({shape.Weights} weights), {reps} runs");
                Result r = Measure(shape, reps);
                costs.AppendLine(CultureInfo.InvariantCulture,
                    $"| {shape.Name} | {shape.Weights:N0} | {r.GeneratorMs:0.0} | {r.SourceBytes / 1024.0:N0} | {r.SourceLines:N0} | {r.EmitDebugMs:N0} | {r.EmitReleaseMs:N0} | {r.AssemblyBytes / 1024.0:N0} |");
                int inputs = shape.Sizes[0], outputs = shape.Sizes[shape.Sizes.Length - 1];
                foreach ((string label, MethodFacts facts) in Interesting(r.Methods, inputs, outputs))
                {
                    il.AppendLine(CultureInfo.InvariantCulture,
                        $"| {shape.Name} | {label} | {facts.IlBytes:N0} | {facts.Locals:N0} | {facts.ParameterCount} | {facts.Locals + facts.ParameterCount + 1:N0} | {facts.Instructions:N0} | {OverLimits(facts)} |");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Generator and compile time: median of {reps} runs each, Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}, .NET {Environment.Version}.");
            Console.WriteLine();
            Console.Write(costs.ToString());
            Console.WriteLine();
            Console.WriteLine("IL of the main methods (Release). The JIT compiles a method with MinOpts, whatever its tier, when its IL exceeds 60,000 bytes, its locals + parameters (+ this) 2,000, its IL instructions 20,000, its basic blocks 2,000 or its local references 8,000.");
            Console.WriteLine();
            Console.Write(il.ToString());
            return 0;
        }

        private static IEnumerable<(string Label, MethodFacts Facts)> Interesting(List<MethodFacts> methods, int inputs, int outputs)
        {
            foreach (MethodFacts m in methods)
            {
                string? label = m.Name switch
                {
                    "Train" when m.ParameterCount == inputs + outputs => "Train (one sample)",
                    "Train" when m.ParameterCount == 2 => "Train (mini-batch)",
                    "Forward" when m.ParameterCount == inputs + outputs => "Forward",
                    "Backward" => "Backward",
                    "Explain" => "Explain",
                    "Step" => "Step (the shared step)",
                    "StepVector256" => "StepVector256",
                    _ => null,
                };
                if (label is not null)
                {
                    yield return (label, m);
                }
            }
        }

        /// <summary>Which of the JIT's MinOpts limits that can be read from the IL the method exceeds (release runtime: compiler.cpp, DEFAULT_MIN_OPTS_*).</summary>
        private static string OverLimits(MethodFacts facts)
        {
            var over = new List<string>();
            if (facts.IlBytes > 60_000)
            {
                over.Add("IL bytes");
            }

            if (facts.Locals + facts.ParameterCount + 1 > 2_000)
            {
                over.Add("locals");
            }

            if (facts.Instructions > 20_000)
            {
                over.Add("instructions");
            }

            return over.Count == 0 ? "no" : string.Join(", ", over);
        }

        private sealed record Result(double GeneratorMs, int SourceBytes, int SourceLines, double EmitDebugMs, double EmitReleaseMs, int AssemblyBytes, List<MethodFacts> Methods);

        private static Result Measure(Shape shape, int reps)
        {
            var generator = new List<double>();
            var emitDebug = new List<double>();
            var emitRelease = new List<double>();
            Compilation? output = null;
            byte[] image = Array.Empty<byte>();
            for (int rep = 0; rep < reps; rep++)
            {
                CSharpCompilation consumer = InMemory.Consumer(shape, OptimizationLevel.Release);
                var watch = Stopwatch.StartNew();
                (_, output) = InMemory.Generate(consumer);
                generator.Add(watch.Elapsed.TotalMilliseconds);

                foreach (OptimizationLevel level in new[] { OptimizationLevel.Debug, OptimizationLevel.Release })
                {
                    CSharpCompilation fresh = CSharpCompilation.Create(
                        output.AssemblyName, output.SyntaxTrees, output.References, ((CSharpCompilationOptions)output.Options).WithOptimizationLevel(level));
                    watch.Restart();
                    byte[] emitted = InMemory.Emit(fresh);
                    double ms = watch.Elapsed.TotalMilliseconds;
                    if (level == OptimizationLevel.Debug)
                    {
                        emitDebug.Add(ms);
                    }
                    else
                    {
                        emitRelease.Add(ms);
                        image = emitted;
                    }
                }
            }

            string generated = output!.SyntaxTrees.Last().GetText().ToString();
            return new Result(
                Median(generator),
                Encoding.UTF8.GetByteCount(generated),
                generated.Count(c => c == '\n'),
                Median(emitDebug),
                Median(emitRelease),
                image.Length,
                InMemory.Methods(image));
        }

        private static double Median(List<double> values)
        {
            List<double> sorted = values.OrderBy(v => v).ToList();
            int n = sorted.Count;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        }
    }
}
