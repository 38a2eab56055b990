using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The jit-check mode: calls each generated Train (one sample) for a few seconds, so that tiered compilation has
    /// promoted it as far as it goes, and prints the first call's time and the steady time per call. Run it with
    /// DOTNET_JitStdOutFile=/tmp/jit.txt DOTNET_JitDisasmSummary=1 and grep /tmp/jit.txt for Train to see how the JIT
    /// compiled each one (Tier0, Tier1, FullOpts, MinOpts). Besides the benchmarks' networks it compiles, in memory,
    /// 8-16-8 (256 weights) and 10-20-10 (400 weights), either side of the JIT's limit of 20,000 IL instructions,
    /// 64-60-4 (4,080 weights) and 32-64-32 (4,096 weights, the default MaxWeights).
    /// </summary>
    internal static class JitCheck
    {
        private delegate double TrainSpan(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        public static int Run(string[] args)
        {
            double seconds = 3.0;
            for (int i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "--seconds")
                {
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
            }

            var rows = new List<string>();
            ArticleNet article = ArticleNet.FromArticle();
            (double[] articleInputs, double[] articleTargets) = Setup.ArticleBatch();
            rows.Add(Time("2-2-2 (ArticleNet)", "Train (one sample)", 8, seconds, 1, () => article.Train(0.05, 0.10, 0.01, 0.99)));
            rows.Add(Time("2-2-2 (ArticleNet)", "Train (batch of 16)", 8, seconds, 16, () => article.Train(articleInputs, articleTargets)));
            rows.Add(Time("2-2-2 (ArticleNet)", "Forward", 8, seconds, 1, () => { article.Forward(0.05, 0.10, out double o1, out double o2); return o1 + o2; }));
            var net4 = new Classifier<Net4x8x8x3>(new[] { 4, 8, 8, 3 }, 120, 139, seed: 1);
            rows.AddRange(Classifier("4-8-8-3 (Net4x8x8x3)", 120, seconds, net4, (x, t) => ScalarCalls.Train(net4.Net, x, t), x => net4.Net.Forward(x, net4.Outputs)));
            var net16 = new Classifier<Net16x32x32x4>(new[] { 16, 32, 32, 4 }, 1664, 1732, seed: 1);
            rows.AddRange(Classifier("16-32-32-4 (Net16x32x32x4)", 1664, seconds, net16, (x, t) => ScalarCalls.Train(net16.Net, x, t), x => net16.Net.Forward(x, net16.Outputs)));
#if LARGE_NETWORK
            var net64 = new Classifier<Net64x64x10>(new[] { 64, 64, 10 }, 4736, 4810, seed: 1);
            rows.AddRange(Classifier("64-64-10 (Net64x64x10)", 4736, seconds, net64, (x, t) => ScalarCalls.Train(net64.Net, x, t), x => net64.Net.Forward(x, net64.Outputs)));
#endif
            foreach (Shape shape in new[] { Shape.Classifier(8, 16, 8), Shape.Classifier(10, 20, 10), Shape.Classifier(64, 60, 4), Shape.Classifier(32, 64, 32) })
            {
                Console.WriteLine($"// compiling {shape.Name} in memory");
                TrainSpan train = LoadInMemory(shape);
                (double[] inputs, double[] targets) = Setup.ClassifierSamples(shape.Sizes[0], shape.Sizes[shape.Sizes.Length - 1], seed: 1);
                int inputCount = shape.Sizes[0], outputCount = shape.Sizes[shape.Sizes.Length - 1];
                int next = 0;
                rows.Add(Time($"{shape.Name} (in memory, Consumer.Net)", "Train (one sample)", shape.Weights, seconds, 1, () =>
                {
                    int s = next;
                    next = (s + 1) & (Setup.SampleCount - 1);
                    return train(inputs.AsSpan(s * inputCount, inputCount), targets.AsSpan(s * outputCount, outputCount));
                }));
            }

            Console.WriteLine();
            Console.WriteLine($"Each method called for {seconds} s; .NET {Environment.Version}, DOTNET_TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "(unset)"}.");
            Console.WriteLine();
            Console.WriteLine("| Network | Method | Weights | First call (ms) | Calls | Steady time per call (µs) | Per sample (µs) |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (string row in rows)
            {
                Console.WriteLine(row);
            }

            string? jitFile = Environment.GetEnvironmentVariable("DOTNET_JitStdOutFile");
            if (!string.IsNullOrEmpty(jitFile))
            {
                Console.WriteLine();
                Console.WriteLine($"// the JIT's summary is in {jitFile} (complete when this process has exited): grep ':Train(' {jitFile}");
            }

            return 0;
        }

        private delegate double TrainRow(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        private delegate void ForwardRow(ReadOnlySpan<double> inputs);

        /// <summary>A classifier's one-sample Train (cycling through the samples), its batch Train on all 16, and its span Forward.</summary>
        private static IEnumerable<string> Classifier<TNetwork>(string name, int weights, double seconds, Classifier<TNetwork> c, TrainRow train, ForwardRow forward)
            where TNetwork : IGeneratedNetwork, new()
        {
            yield return Time(name, "Train (one sample)", weights, seconds, 1, () => { int s = c.Next(); return train(c.X(s), c.T(s)); });
            yield return Time(name, "Train (batch of 16)", weights, seconds, Setup.SampleCount, () => c.Net.Train(c.Inputs, c.Targets));
            yield return Time(name, "Forward", weights, seconds, 1, () => { int s = c.Next(); forward(c.X(s)); return c.Outputs[0]; });
        }

        /// <summary>Calls <paramref name="step"/> for <paramref name="seconds"/>; the steady time is the mean over the last quarter of that time.</summary>
        private static string Time(string name, string method, int weights, double seconds, int samplesPerCall, Func<double> step)
        {
            Console.WriteLine($"// {name}: {method}");
            var watch = Stopwatch.StartNew();
            double sink = step();
            double first = watch.Elapsed.TotalMilliseconds;
            long calls = 1;
            double steadyFrom = seconds * 0.75;
            long steadyCalls = 0;
            double steadyStart = 0;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 16; i++)
                {
                    sink += step();
                }

                calls += 16;
                double now = watch.Elapsed.TotalSeconds;
                if (steadyCalls == 0 && now >= steadyFrom)
                {
                    steadyStart = now;
                    steadyCalls = calls;
                }
            }

            double steadyMicroseconds = (watch.Elapsed.TotalSeconds - steadyStart) * 1e6 / Math.Max(1, calls - steadyCalls);
            if (double.IsNaN(sink))
            {
                Console.WriteLine("// (the error became NaN)");
            }

            return string.Create(CultureInfo.InvariantCulture, $"| {name} | {method} | {weights:N0} | {first:0.0} | {calls:N0} | {steadyMicroseconds:0.000} | {steadyMicroseconds / samplesPerCall:0.000} |");
        }

        private static TrainSpan LoadInMemory(Shape shape)
        {
            (_, Compilation output) = InMemory.Generate(InMemory.Consumer(shape, OptimizationLevel.Release));
            byte[] image = InMemory.Emit(output);
            Assembly assembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image));
            Type type = assembly.GetType("Consumer.Net", throwOnError: true)!;
            object net = Activator.CreateInstance(type)!;
            type.GetMethod("InitializeParameters", new[] { typeof(int) })!.Invoke(net, new object[] { 1 });
            MethodInfo train = type.GetMethod("Train", new[] { typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>) })!;
            return (TrainSpan)Delegate.CreateDelegate(typeof(TrainSpan), net, train);
        }
    }
}
