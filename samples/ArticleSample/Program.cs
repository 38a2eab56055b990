using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ArticleSample
{
    /// <summary>
    /// Walks Matt Mazur's "A Step by Step Backpropagation Example" with the generated network, in the article's order:
    /// every value the article prints, beside ours, and where they differ, why (an erratum). With
    /// <c>--explain [folder]</c> it writes the generated step-by-step walkthrough (Markdown) and the network's diagram
    /// (Mermaid) instead.
    /// </summary>
    internal static class Program
    {
        private const double I1 = 0.05, I2 = 0.10, Target1 = 0.01, Target2 = 0.99;

        /// <summary>The width notes and the errata summary wrap to.</summary>
        private const int WrapWidth = 110;

        private static readonly string[] Headers = { "symbol", "formula", "ours (9 s.d.)", "ours, rounded", "article", "status" };

        private static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Console.OutputEncoding = Encoding.UTF8;
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
            List<Section> sections = Walk(symbols).ToList();

            Console.WriteLine("A Step by Step Backpropagation Example (Matt Mazur), walked with the generated MazurNetwork");
            Console.WriteLine("Inputs 0.05 and 0.10, targets 0.01 and 0.99, learning rate 0.5. \"ours, rounded\" is our value rounded to");
            Console.WriteLine("the decimals the article prints; the status is \"ok\" when it equals the article's value.");
            int[] widths = ColumnWidths(sections.SelectMany(s => s.Rows));
            for (int i = 0; i < sections.Count; i++)
            {
                PrintSection(i + 1, sections[i], widths);
            }

            List<Row> rows = sections.SelectMany(s => s.Rows).ToList();
            PrintErrata(rows);
            List<Row> unexpected = rows.Where(r => !r.AsExpected).ToList();
            if (unexpected.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"{unexpected.Count} value(s) did not come out as expected: {string.Join(", ", unexpected.Select(r => r.Symbol))}.");
                return 1;
            }

            return 0;
        }

        /// <summary>The article, section by section: each value it prints, the symbol that computes it, and its erratum if it has one.</summary>
        private static IEnumerable<Section> Walk(MazurNetwork.Symbols s)
        {
            yield return new Section("The forward pass", null, new[]
            {
                new Row("net_h1", "w1·i1 + w2·i2 + b1·1", s.net_h1, "0.3775"),
                new Row("out_h1", "1/(1 + e^-net_h1)", s.out_h1, "0.593269992"),
                new Row("out_h2", "1/(1 + e^-net_h2)", s.out_h2, "0.596884378"),
                new Row("net_o1", "w5·out_h1 + w6·out_h2 + b2·1", s.net_o1, "1.105905967"),
                new Row("net_o1", "in out_o1's working, e^-net_o1", s.net_o1, "1.1059059067", Errata.ExponentTypo),
                new Row("out_o1", "1/(1 + e^-net_o1)", s.out_o1, "0.75136507"),
                new Row("out_o2", "1/(1 + e^-net_o2)", s.out_o2, "0.772928465"),
            });

            yield return new Section("Calculating the total error", null, new[]
            {
                new Row("E_o1", "½(target_o1 - out_o1)²", s.E_o1, "0.274811083"),
                new Row("E_o2", "½(target_o2 - out_o2)²", s.E_o2, "0.023560026"),
                new Row("E_total", "E_o1 + E_o2", s.E_total, "0.298371109"),
            });

            yield return new Section("The backwards pass: output layer", null, new[]
            {
                new Row("dE_total_dout_o1", "-(target_o1 - out_o1)", s.dE_total_dout_o1, "0.74136507", WorkingErratum: Errata.DerivativeSign),
                new Row("dout_o1_dnet_o1", "out_o1(1 - out_o1)", s.dout_o1_dnet_o1, "0.186815602"),
                new Row("dnet_o1_dw5", "out_h1", s.out_h1, "0.593269992"),
                new Row("dE_total_dw5", "\"putting it all together\"", s.dE_total_dw5, "0.000433568", Errata.PastedHiddenLine),
                new Row("dE_total_dw5", "delta_o1·out_h1", s.dE_total_dw5, "0.082167041"),
                new Row("eta", "in w5+'s working", s.eta, "0.5"),
                new Row("w5_plus", "w5 - η·dE_total_dw5", s.w5_plus, "0.35891648"),
                new Row("w6_plus", "w6 - η·dE_total_dw6", s.w6_plus, "0.408666186"),
                new Row("w7_plus", "w7 - η·dE_total_dw7", s.w7_plus, "0.511301270"),
                new Row("w8_plus", "w8 - η·dE_total_dw8", s.w8_plus, "0.561370121"),
            });

            yield return new Section("The backwards pass: hidden layer", null, new[]
            {
                new Row("delta_o1", "dE_total_dout_o1·dout_o1_dnet_o1", s.delta_o1, "0.138498562"),
                new Row("dnet_o1_dout_h1", "w5", s.w5, "0.40"),
                new Row("dE_o1_dout_h1", "delta_o1·w5", s.dE_o1_dout_h1, "0.055399425"),
                new Row("dE_o2_dout_h1", "delta_o2·w7", s.dE_o2_dout_h1, "-0.01904919", Errata.DroppedDigit),
                new Row("dE_o2_dout_h1", "in the sum below", s.dE_o2_dout_h1, "-0.019049119", Errata.RoundingSlip),
                new Row("dE_total_dout_h1", "dE_o1_dout_h1 + dE_o2_dout_h1", s.dE_total_dout_h1, "0.036350306"),
                new Row("out_h1", "in dout_h1_dnet_h1's working", s.out_h1, "0.59326999"),
                new Row("dout_h1_dnet_h1", "out_h1(1 - out_h1)", s.dout_h1_dnet_h1, "0.241300709"),
                new Row("dnet_h1_dw1", "i1", s.i1, "0.05", WorkingErratum: Errata.IForI1),
                new Row("dE_total_dw1", "delta_h1·i1", s.dE_total_dw1, "0.000438568"),
            });

            yield return new Section("Updated weights", null, new[]
            {
                new Row("eta", "in w1+'s working", s.eta, "0.15", Errata.LearningRate),
                new Row("w1_plus", "w1 - η·dE_total_dw1", s.w1_plus, "0.149780716"),
                new Row("w2_plus", "w2 - η·dE_total_dw2", s.w2_plus, "0.19956143"),
                new Row("w3_plus", "w3 - η·dE_total_dw3", s.w3_plus, "0.24975114"),
                new Row("w4_plus", "w4 - η·dE_total_dw4", s.w4_plus, "0.29950229"),
            });

            yield return AfterTraining(s.E_total);
        }

        /// <summary>
        /// The closing paragraph: the error after 1 and 10,000 steps and the outputs then, by the rule the text describes
        /// (<see cref="MazurNetwork"/>) and by the rule the article's figures come from (<see cref="MazurNetworkAsPrinted"/>).
        /// </summary>
        private static Section AfterTraining(double errorBefore)
        {
            (Snapshot textOne, Snapshot textMany) = TrainOneAndTenThousandSteps(MazurNetwork.FromArticle());
            (Snapshot printedOne, Snapshot printedMany) = TrainOneAndTenThousandSteps(MazurNetworkAsPrinted.FromArticle());
            const string Note = "Simultaneous: MazurNetwork, the rule the text describes (every gradient from the weights before the step). OutputLayerFirst: MazurNetworkAsPrinted, the rule the article's figures come from.";
            return new Section("After 1 and 10,000 steps", Note, new[]
            {
                new Row("E_total", "before the step", errorBefore, "0.298371109"),
                new Row("E_total", "1 step, Simultaneous", textOne.Error, "0.291027924", Errata.OutputLayerFirst),
                new Row("E_total", "1 step, OutputLayerFirst", printedOne.Error, "0.291027924"),
                new Row("E_total", "10,000 steps, Simultaneous", textMany.Error, "0.000035085", Errata.OutputLayerFirst),
                new Row("E_total", "10,000 steps, OutputLayerFirst", printedMany.Error, "0.000035085"),
                new Row("out_o1", "10,000 steps, Simultaneous", textMany.Out1, "0.015912196", Errata.OutputLayerFirst),
                new Row("out_o1", "10,000 steps, OutputLayerFirst", printedMany.Out1, "0.015912196"),
                new Row("out_o2", "10,000 steps, Simultaneous", textMany.Out2, "0.984065734", Errata.OutputLayerFirst),
                new Row("out_o2", "10,000 steps, OutputLayerFirst", printedMany.Out2, "0.984065734"),
            });
        }

        private static (Snapshot AfterOne, Snapshot AfterTenThousand) TrainOneAndTenThousandSteps(IArticleNetwork network)
        {
            network.Train(I1, I2, Target1, Target2);
            Snapshot afterOne = Measure(network);
            for (int step = 2; step <= 10_000; step++)
            {
                network.Train(I1, I2, Target1, Target2);
            }

            return (afterOne, Measure(network));
        }

        /// <summary>The outputs and E_total of the network as it stands (Backward returns E_total and changes no weight).</summary>
        private static Snapshot Measure(IArticleNetwork network)
        {
            network.Forward(I1, I2, out double out1, out double out2);
            return new Snapshot(network.Backward(Target1, Target2), out1, out2);
        }

        private static void PrintSection(int number, Section section, int[] widths)
        {
            Console.WriteLine();
            Console.WriteLine($"{number}. {section.Title}");
            if (section.Note is not null)
            {
                Console.WriteLine(Wrap(section.Note, "   ", "   "));
            }

            Console.WriteLine(Line(Headers, widths));
            foreach (Row row in section.Rows)
            {
                Console.WriteLine(Line(row.Cells, widths));
                if (row.WorkingErratum is { } erratum)
                {
                    Console.WriteLine(Line(new[] { "", "ERRATUM in the working: " + erratum.Reason }, widths));
                }
            }
        }

        /// <summary>The errata in the order the walk met them, each with the printed values it explains.</summary>
        private static void PrintErrata(IReadOnlyList<Row> rows)
        {
            var errata = rows
                .SelectMany(r => new[] { r.Agrees ? null : r.Expected, r.WorkingErratum })
                .OfType<Erratum>()
                .Distinct()
                .ToList();
            Console.WriteLine();
            Console.WriteLine($"Errata ({errata.Count}; the table in docs/errata.md has the same numbers)");
            for (int i = 0; i < errata.Count; i++)
            {
                string number = $"  {i + 1}. ", indent = new string(' ', number.Length);
                Console.WriteLine(Wrap(errata[i].Account, number, indent));
                foreach (Row row in rows.Where(r => r.Expected == errata[i] && !r.Agrees))
                {
                    Console.WriteLine($"{indent}- {row.Symbol}, {row.Formula}: the article prints {row.Printed}, ours {row.Rounded}");
                }
            }
        }

        /// <summary>Word-wraps <paramref name="text"/> to <see cref="WrapWidth"/> columns: the first line after <paramref name="first"/>, the others after <paramref name="indent"/>.</summary>
        private static string Wrap(string text, string first, string indent)
        {
            var lines = new List<string>();
            var line = new StringBuilder(first);
            foreach (string word in text.Split(' '))
            {
                if (line.Length > indent.Length && line.Length + 1 + word.Length > WrapWidth)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(indent);
                }

                line.Append(line.Length > indent.Length ? " " : "").Append(word);
            }

            lines.Add(line.ToString());
            return string.Join(Environment.NewLine, lines);
        }

        private static int[] ColumnWidths(IEnumerable<Row> rows)
        {
            int[] widths = Headers.Select(h => h.Length).ToArray();
            foreach (Row row in rows)
            {
                string[] cells = row.Cells;
                for (int i = 0; i < cells.Length; i++)
                {
                    widths[i] = Math.Max(widths[i], cells[i].Length);
                }
            }

            return widths;
        }

        /// <summary>One line of the table: every cell but the last padded to its column.</summary>
        private static string Line(IReadOnlyList<string> cells, int[] widths) =>
            "  " + string.Join("  ", cells.Select((cell, i) => i < cells.Count - 1 ? cell.PadRight(widths[i]) : cell));

        /// <summary>The value to 9 significant digits, in fixed notation.</summary>
        private static string Significant(double value)
        {
            int magnitude = value == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(value)));
            return value.ToString("F" + Math.Max(0, 8 - magnitude), CultureInfo.InvariantCulture);
        }

        /// <summary>A leading space for non-negative numbers, so that the decimal points line up.</summary>
        private static string Signed(string number) => number.StartsWith('-') ? number : " " + number;

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

        /// <summary>A section of the article and the values it prints.</summary>
        private sealed record Section(string Title, string? Note, IReadOnlyList<Row> Rows);

        /// <summary>The network's outputs and total error at one point of training.</summary>
        private readonly record struct Snapshot(double Error, double Out1, double Out2);

        /// <summary>
        /// One value the article prints, beside ours. <paramref name="Expected"/> is the erratum that explains why they
        /// differ; <paramref name="WorkingErratum"/> one in the working around a value that is itself right.
        /// </summary>
        private sealed record Row(string Symbol, string Formula, double Ours, string Printed, Erratum? Expected = null, Erratum? WorkingErratum = null)
        {
            /// <summary>The number of decimals the article prints.</summary>
            public int Decimals => Printed.Length - Printed.IndexOf('.') - 1;

            /// <summary>Our value rounded to the article's decimals.</summary>
            public string Rounded => Ours.ToString("F" + Decimals, CultureInfo.InvariantCulture);

            public bool Agrees => Rounded == Printed;

            /// <summary>Agrees exactly when no erratum is expected.</summary>
            public bool AsExpected => Agrees == (Expected is null);

            public string Status => (Agrees, Expected) switch
            {
                (true, null) => "ok",
                (false, { } erratum) => "ERRATUM: " + erratum.Reason,
                (false, null) => "MISMATCH: no known erratum explains it",
                (true, { } erratum) => "ok, but an erratum was expected: " + erratum.Reason,
            };

            public string[] Cells => new[] { Symbol, Formula, Signed(Significant(Ours)), Signed(Rounded), Signed(Printed), Status };
        }

        /// <summary>A mistake in the article: a short reason for the table, and the full account for the summary.</summary>
        private sealed record Erratum(string Reason, string Account);

        /// <summary>The article's errata, in the article's order (the numbering of docs/errata.md).</summary>
        private static class Errata
        {
            public static readonly Erratum ExponentTypo = new(
                "typo for net_o1 = 1.105905967",
                "The forward pass, out_o1's working: e^-1.1059059067 is a typo for e^-1.105905967 (net_o1, printed a line above). The result, 0.75136507, is right.");

            public static readonly Erratum DerivativeSign = new(
                "derived with |target - out|, losing the minus sign",
                "Output layer, dE_total/dout_o1: the working differentiates ½|target_o1-out_o1|² as 2·½|target_o1-out_o1|^(2-1) = |target_o1-out_o1|, dropping the inner derivative -1 of the chain rule; the derivative is -(target_o1-out_o1) = out_o1-target_o1, which is negative whenever out_o1 < target_o1. The working also writes dE_o1 where it means dE_total. The value, 0.74136507, is right.");

            public static readonly Erratum PastedHiddenLine = new(
                "the hidden layer's line pasted in",
                "Output layer, \"putting it all together\" for dE_total/dw5: shows the hidden layer's formula and numbers, 0.036350306 · 0.241300709 · 0.05 = 0.000433568 (itself a typo for 0.000438568, dE_total/dw1). The line is dE_total/dout_o1 · dout_o1/dnet_o1 · dnet_o1/dw5 = 0.74136507 · 0.186815602 · 0.593269992 = 0.082167041, the value the update of w5 uses next.");

            public static readonly Erratum DroppedDigit = new(
                "a digit dropped from -0.019049118",
                "Hidden layer, dE_o2/dout_h1 is first printed -0.01904919, a digit dropped from -0.019049118 (-0.0190491183).");

            public static readonly Erratum RoundingSlip = new(
                "-0.0190491183 rounds to -0.019049118",
                "Hidden layer, dE_o2/dout_h1 is then printed -0.019049119 in the sum for dE_total/dout_h1; to 9 decimals it is -0.019049118 (-0.0190491183). The sum, 0.036350306, is right.");

            public static readonly Erratum IForI1 = new(
                "written i; it is i1",
                "Hidden layer, dnet_h1/dw1 is written i; it is i1. The value, 0.05, is right.");

            public static readonly Erratum LearningRate = new(
                "η is 0.5 (0.15 is w1)",
                "Hidden layer, the update of w1 reads 0.15 - 0.15 · 0.000438568: the learning rate is 0.5, not 0.15 (w1). The result, 0.149780716, is 0.15 - 0.5 · 0.000438568 and is right.");

            public static readonly Erratum OutputLayerFirst = new(
                "computed with w5..w8 updated first",
                "The closing figures (the error after 1 and 10,000 steps, the outputs after 10,000) come from updating w5..w8 before back-propagating to the hidden layer, against the text (\"we use the original weights, not the updated weights\"). MazurNetworkAsPrinted (UpdateRule.OutputLayerFirst) reproduces all four; the rule the text describes (MazurNetwork, the default UpdateRule.Simultaneous) gives:");
        }
    }
}
