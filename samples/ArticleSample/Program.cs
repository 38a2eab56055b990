using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ArticleSample
{
    /// <summary>
    /// Walks Matt Mazur's "A Step by Step Backpropagation Example" with the generated network: every value the article
    /// prints, beside ours, and where they differ, why. With <c>--explain [folder]</c> it writes the generated
    /// step-by-step walkthrough (Markdown) and the network's diagram (Mermaid) instead.
    /// </summary>
    internal static class Program
    {
        private const double I1 = 0.05, I2 = 0.10, Target1 = 0.01, Target2 = 0.99;

        private static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            if (args.Length > 0 && args[0] == "--explain")
            {
                return Explain(args.Length > 1 ? args[1] : ".");
            }

            if (args.Length > 0)
            {
                Console.Error.WriteLine("usage: dotnet run --project samples/ArticleSample [-- --explain [folder]]");
                return 2;
            }

            var symbols = new MazurNetwork.Symbols();
            MazurNetwork.FromArticle().Train(I1, I2, Target1, Target2, symbols);
            var rows = ArticleRows(symbols).Concat(AfterTraining()).ToList();

            Console.WriteLine("A Step by Step Backpropagation Example, by the generated MazurNetwork");
            Console.WriteLine("(each value the article prints, ours rounded to the article's decimals, and where they differ, why)");
            string? section = null;
            foreach (Row row in rows)
            {
                if (row.Section != section)
                {
                    section = row.Section;
                    Console.WriteLine();
                    Console.WriteLine(section);
                    Console.WriteLine($"  {"symbol",-18} {"ours",-15} {"article",-13} status");
                }

                Console.WriteLine($"  {row.Symbol,-18} {row.Ours,-15} {row.Printed,-13} {(row.Agrees ? "ok" : "ERRATUM: " + row.Erratum)}");
            }

            Console.WriteLine();
            Console.WriteLine("Errata");
            var errata = rows
                .Where(r => !r.Agrees)
                .GroupBy(r => r.Erratum)
                .Select(g => string.Join("; ", g.Select(r => $"{r.Symbol.Trim()}: the article prints {r.Printed}, the value is {r.Ours}")) + $" ({g.Key}).")
                .ToList();
            errata.AddRange(WorkingErrata);
            for (int i = 0; i < errata.Count; i++)
            {
                Console.WriteLine($"  {i + 1}. {errata[i]}");
            }

            Console.WriteLine();
            Console.WriteLine("Details: docs/errata.md. The generated walkthrough: dotnet run --project samples/ArticleSample -- --explain");
            return rows.Any(r => !r.Agrees && r.Erratum.Length == 0) ? 1 : 0;
        }

        /// <summary>Errata in the article's workings rather than in a printed value.</summary>
        private static readonly string[] WorkingErrata =
        {
            "out_o1's working shows e^(-1.1059059067): a typo for net_o1 = 1.105905967 (the printed result is right).",
            "dE_total/dout_o1 is derived with absolute values, 2·½|target - out|^(2-1), which loses the chain rule's minus sign; it is -(target_o1 - out_o1) (the printed 0.74136507 is right).",
            "dE_total/dw5's \"putting it all together\" shows the hidden layer's line, 0.036350306 · 0.241300709 · 0.05 = 0.000433568; it is 0.74136507 · 0.186815602 · 0.593269992 = 0.082167041 (and 0.000433568 is itself a typo of 0.000438568).",
            "dnet_h1/dw1 is written as i; it is i_1 = 0.05.",
            "w1+'s working reads 0.15 - 0.15 · 0.000438568; the learning rate is 0.5 (the printed 0.149780716 is right).",
        };

        private static IEnumerable<Row> ArticleRows(MazurNetwork.Symbols s)
        {
            const string Forward = "The forward pass", Error = "The total error", Output = "The backward pass: output layer", Hidden = "The backward pass: hidden layer";
            yield return new Row(Forward, "net_h1", s.net_h1, "0.3775");
            yield return new Row(Forward, "out_h1", s.out_h1, "0.593269992");
            yield return new Row(Forward, "out_h2", s.out_h2, "0.596884378");
            yield return new Row(Forward, "net_o1", s.net_o1, "1.105905967");
            yield return new Row(Forward, "out_o1", s.out_o1, "0.75136507");
            yield return new Row(Forward, "out_o2", s.out_o2, "0.772928465");
            yield return new Row(Error, "E_o1", s.E_o1, "0.274811083");
            yield return new Row(Error, "E_o2", s.E_o2, "0.023560026");
            yield return new Row(Error, "E_total", s.E_total, "0.298371109");
            yield return new Row(Output, "dE_total_dout_o1", s.dE_total_dout_o1, "0.74136507");
            yield return new Row(Output, "dout_o1_dnet_o1", s.dout_o1_dnet_o1, "0.186815602");
            yield return new Row(Output, "dnet_o1_dw5", s.out_h1, "0.593269992");
            yield return new Row(Output, "dE_total_dw5", s.dE_total_dw5, "0.082167041");
            yield return new Row(Output, "w5_plus", s.w5_plus, "0.35891648");
            yield return new Row(Output, "w6_plus", s.w6_plus, "0.408666186");
            yield return new Row(Output, "w7_plus", s.w7_plus, "0.511301270");
            yield return new Row(Output, "w8_plus", s.w8_plus, "0.561370121");
            yield return new Row(Hidden, "delta_o1", s.delta_o1, "0.138498562");
            yield return new Row(Hidden, "dnet_o1_dout_h1", s.w5, "0.40");
            yield return new Row(Hidden, "dE_o1_dout_h1", s.dE_o1_dout_h1, "0.055399425");
            yield return new Row(Hidden, "dE_o2_dout_h1", s.dE_o2_dout_h1, "-0.01904919",
                "a digit dropped; to 9 decimals the value is -0.019049118");
            yield return new Row(Hidden, "dE_o2_dout_h1", s.dE_o2_dout_h1, "-0.019049119",
                "a rounding slip: -0.0190491183 rounds to -0.019049118");
            yield return new Row(Hidden, "dE_total_dout_h1", s.dE_total_dout_h1, "0.036350306");
            yield return new Row(Hidden, "dout_h1_dnet_h1", s.dout_h1_dnet_h1, "0.241300709");
            yield return new Row(Hidden, "dnet_h1_dw1", s.i1, "0.05");
            yield return new Row(Hidden, "dE_total_dw1", s.dE_total_dw1, "0.000438568");
            yield return new Row(Hidden, "w1_plus", s.w1_plus, "0.149780716");
            yield return new Row(Hidden, "w2_plus", s.w2_plus, "0.19956143");
            yield return new Row(Hidden, "w3_plus", s.w3_plus, "0.24975114");
            yield return new Row(Hidden, "w4_plus", s.w4_plus, "0.29950229");
        }

        /// <summary>The error after 1 and 10,000 steps, and the outputs then, under the text's rule and the one the article used.</summary>
        private static IEnumerable<Row> AfterTraining()
        {
            const string Section = "After training (the article's rule: every gradient from the weights before the step)";
            const string Why = "the article updated w5..w8 before back-propagating to the hidden layer, unlike its text; the OutputLayerFirst rows reproduce its figures";
            MazurNetwork net = MazurNetwork.FromArticle();
            MazurNetworkAsPrinted printed = MazurNetworkAsPrinted.FromArticle();
            net.Train(I1, I2, Target1, Target2);
            printed.Train(I1, I2, Target1, Target2);
            yield return new Row(Section, "E_total, 1 step", Error(net), "0.291027924", Why);
            Row asPrinted1 = new(Section, "  OutputLayerFirst", Error(printed), "0.291027924");
            for (int step = 1; step < 10000; step++)
            {
                net.Train(I1, I2, Target1, Target2);
                printed.Train(I1, I2, Target1, Target2);
            }

            yield return asPrinted1;
            yield return new Row(Section, "E_total, 10,000", Error(net), "0.000035085", Why);
            yield return new Row(Section, "  OutputLayerFirst", Error(printed), "0.000035085");
            net.Forward(I1, I2, out double o1, out double o2);
            printed.Forward(I1, I2, out double p1, out double p2);
            yield return new Row(Section, "out_o1, 10,000", o1, "0.015912196", Why);
            yield return new Row(Section, "  OutputLayerFirst", p1, "0.015912196");
            yield return new Row(Section, "out_o2, 10,000", o2, "0.984065734", Why);
            yield return new Row(Section, "  OutputLayerFirst", p2, "0.984065734");
        }

        private static double Error(MazurNetwork net)
        {
            net.Forward(I1, I2, out double o1, out double o2);
            return (0.5 * (Target1 - o1) * (Target1 - o1)) + (0.5 * (Target2 - o2) * (Target2 - o2));
        }

        private static double Error(MazurNetworkAsPrinted net)
        {
            net.Forward(I1, I2, out double o1, out double o2);
            return (0.5 * (Target1 - o1) * (Target1 - o1)) + (0.5 * (Target2 - o2) * (Target2 - o2));
        }

        private static int Explain(string folder)
        {
            Directory.CreateDirectory(folder);
            string walkthrough = Path.Combine(folder, "article-walkthrough.md");
            string diagram = Path.Combine(folder, "article-network.mmd");
            MazurNetwork net = MazurNetwork.FromArticle();
            File.WriteAllText(diagram, net.ToMermaid());
            using (var writer = new StreamWriter(walkthrough))
            {
                writer.NewLine = "\n";
                net.Explain(new[] { I1, I2 }, new[] { Target1, Target2 }, writer);
                writer.WriteLine();
                writer.WriteLine("## The network after the step");
                writer.WriteLine();
                writer.WriteLine("```mermaid");
                writer.Write(net.ToMermaid());
                writer.WriteLine("```");
            }

            Console.WriteLine($"Wrote {Path.GetFullPath(walkthrough)} (one training step, step by step) and {Path.GetFullPath(diagram)} (the network before it).");
            return 0;
        }

        /// <summary>One printed value: ours is rounded to as many decimals as the article printed.</summary>
        private sealed class Row
        {
            public Row(string section, string symbol, double value, string printed, string erratum = "")
            {
                Section = section;
                Symbol = symbol;
                Printed = printed;
                Erratum = erratum;
                int decimals = printed.Length - printed.IndexOf('.') - 1;
                Ours = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
            }

            public string Section { get; }

            public string Symbol { get; }

            public string Ours { get; }

            public string Printed { get; }

            public string Erratum { get; }

            public bool Agrees => Ours == Printed;
        }
    }
}
