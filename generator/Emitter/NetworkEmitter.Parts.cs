using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;

namespace BackpropGen.Generator.Emitter
{
    // A large network's step, generated as private parts that each stay small enough for the JIT to optimise.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>
        /// The estimated IL instructions above which a method is generated in parts. The JIT compiles a method of more
        /// than 20,000 IL instructions without optimisation for the life of the process (measured in docs/benchmarks.md);
        /// the estimate is rough, so the line is drawn well below that.
        /// </summary>
        internal const int MaxInstructionsInOneMethod = 15000;

        /// <summary>Simple statements (sums, averages, updates) per part of the methods that only repeat one statement per parameter.</summary>
        private const int StatementsPerPart = 400;

        private const string SumsField = "_gradientSums";

        /// <summary>The step in parts, when Train (or the mini-batch Train) is too large for one method; otherwise null.</summary>
        private StepParts? _parts;

        /// <summary>Whether Forward, Backward and Train run the step in parts.</summary>
        private bool InParts { get; set; }

        /// <summary>Whether the mini-batch Train runs the step in parts (also when the one-sample methods do not).</summary>
        private bool BatchInParts { get; set; }

        /// <summary>
        /// Decides, from an estimate of the IL of Train and of the mini-batch Train, whether they fit in one method each;
        /// builds the parts when they do not.
        /// </summary>
        private void PlanParts()
        {
            int parameters = _layout.ParameterCount;
            List<PlanLine> statements = _plan.Statements(_plan.Forward, _plan.Error, _plan.Backward, _plan.Update).ToList();
            int step = statements.Sum(line => line.EstimatedInstructions);

            // The shared step loads and stores each parameter and stores each gradient, and (for the Train that fills
            // Symbols) stores every symbol; the mini-batch also declares, sums and averages each gradient. Past 255 locals, every access
            // to a local counts three IL instructions (see StepParts.LocalsPerPart): the estimate doubles.
            int locals = statements.Count + parameters;
            int train = Scaled(step + (9 * parameters), locals);
            int symbols = Scaled(step + (9 * parameters) + (4 * locals), locals);
            int batch = Scaled(step + (21 * parameters), locals + parameters);
            InParts = System.Math.Max(train, symbols) > MaxInstructionsInOneMethod;
            BatchInParts = InParts || batch > MaxInstructionsInOneMethod;
            _parts = BatchInParts ? StepParts.Build(_layout, HasOptimizer ? _plan.WithoutUpdate() : _plan, HasSymbolsTable ? TableNeuronSymbols() : Enumerable.Empty<string>()) : null;
        }

        private static int Scaled(int instructions, int locals) => locals > 255 ? 2 * instructions : instructions;

        private StepParts Parts => _parts ?? throw new System.InvalidOperationException("The step is not generated in parts.");

        private void WritePartCalls(IEnumerable<StepPart> parts) =>
            WritePacked(parts.Select(part => part.Name + "();"), string.Empty, " ", string.Empty);

        private void WritePassInputs(System.Func<int, string> input)
        {
            WriteStores(_layout.Inputs, LastPassField + ".", name => input(System.Array.IndexOf(_layout.Inputs, name)));
        }

        private void WritePassTargets(System.Func<int, string> target)
        {
            List<string> targets = Targets.ToList();
            WriteStores(targets, LastPassField + ".", name => target(targets.IndexOf(name)));
        }

        private void WriteForwardInParts(List<string> outputs)
        {
            _w.Line($"// This network's step runs in parts ({Parts.Forward[0].Name} ... below), each small enough for the JIT to optimise;");
            _w.Line($"// the values that pass from one part to the next live in {LastPassField}.");
            WritePassInputs(i => _layout.Inputs[i]);
            WritePartCalls(Parts.Forward);
            WriteStores(outputs, string.Empty, output => LastPassField + "." + output);
            _w.Line($"{LastPassField}.HasValue = true;");
        }

        private void WriteBackwardInParts()
        {
            WritePassTargets(i => Targets.ElementAt(i));
            WritePartCalls(Parts.Backward);
            _w.Line($"return {LastPassField}.{Naming.TotalError};");
        }

        private void WriteTrainInParts()
        {
            _w.Line($"// This network's step runs in parts ({Parts.Forward[0].Name} ... below), each small enough for the JIT to optimise;");
            _w.Line($"// the values that pass from one part to the next live in {LastPassField}.");
            WritePassInputs(i => _layout.Inputs[i]);
            WritePassTargets(i => Targets.ElementAt(i));
            WritePartCalls(Parts.Forward);
            WritePartCalls(Parts.TrainBackward);
            WriteUpdatePartCalls();
            WriteForgetPass();
            _w.Line($"return {LastPassField}.{Naming.TotalError};");
        }

        private void WriteApplyGradientsInParts()
        {
            WritePacked(ChunkNames("ApplyGradientsPart", TrainedParameters.Count()).Select(name => name + "();"), string.Empty, " ", string.Empty);
        }

        private void WriteTrainBatchInParts()
        {
            _w.Line($"// The batch runs the step in parts ({Parts.Forward[0].Name} ... below), each small enough for the JIT to optimise,");
            _w.Line($"// and sums each sample's gradients in {SumsField}");
            _w.Line($"{SumsField} = default;");
            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
            {
                WriteSampleRows();
                WritePassInputs(i => $"x[{Count(i)}]");
                WritePassTargets(i => $"t[{Count(i)}]");
                WritePartCalls(Parts.Forward);
                WritePartCalls(Parts.Backward);
                _w.Line($"sum_E_total += {LastPassField}.{Naming.TotalError};");
                WritePacked(ChunkNames("AccumulatePart", _layout.ParameterCount).Select(name => name + "();"), string.Empty, " ", string.Empty);
            }

            _w.Line();
            _w.Line("// The batch's gradients are the averages of its samples'; then the update, and the write-back");
            _w.Line($"{T} scale = {Lit("1.0")} / samples;");
            WritePacked(ChunkNames("AveragePart", _layout.ParameterCount).Select(name => name + "(scale);"), string.Empty, " ", string.Empty);
            WriteUpdatePartCalls();
            WriteForgetPass();
            _w.Line("return sum_E_total * scale;");
        }

        /// <summary>The update's parts: the article's update, or the optimizer's.</summary>
        private void WriteUpdatePartCalls()
        {
            if (HasOptimizer)
            {
                WriteOptimizerPartCalls();
                return;
            }

            WritePartCalls(Parts.Update);
        }

        private static IEnumerable<string> ChunkNames(string prefix, int statements)
        {
            int count = (statements + StatementsPerPart - 1) / StatementsPerPart;
            return Enumerable.Range(1, count).Select(n => prefix + Count(n));
        }

        private static IEnumerable<List<T>> Chunks<T>(IEnumerable<T> items)
        {
            var chunk = new List<T>();
            foreach (T item in items)
            {
                chunk.Add(item);
                if (chunk.Count == StatementsPerPart)
                {
                    yield return chunk;
                    chunk = new List<T>();
                }
            }

            if (chunk.Count > 0)
            {
                yield return chunk;
            }
        }

        /// <summary>The private parts, after the public methods that call them.</summary>
        private void WriteParts()
        {
            if (_parts is null)
            {
                return;
            }

            _w.Line();
            _w.Line("// ---- The step in parts: each small enough for the JIT to optimise (it compiles a method of more than 20,000 IL");
            _w.Line($"// ---- instructions without optimisation); the values that pass between parts live in {LastPassField} ----");
            WritePartGroup(_parts.Forward, "the forward pass");
            WritePartGroup(_parts.Backward, "the error and the backward pass" + (_parts.TrainBackward == _parts.Backward ? string.Empty : " (Backward: the gradients only; Train's own parts update the layers as they go)"));
            if (_parts.TrainBackward != _parts.Backward)
            {
                WritePartGroup(_parts.TrainBackward, "Train's error and backward pass, each layer updated before back-propagating below it (OutputLayerFirst)");
            }

            WritePartGroup(_parts.Update, "the update, w⁺ = w - η·∂E_total/∂w, written back to the parameters");
            if (InParts)
            {
                WritePartGroup(_parts.Error, "the error alone, after the forward pass (Evaluate)");
            }

            WriteSimpleParts("AccumulatePart", Parameters.Select(Naming.Gradient), "Adds this sample's gradients to the batch's sums", string.Empty,
                gradient => $"{SumsField}.{gradient} += {Naming.Field(gradient)};");
            WriteSimpleParts("AveragePart", Parameters.Select(Naming.Gradient), "The batch's gradients: the averages of its samples'", T + " scale",
                gradient => $"{Naming.Field(gradient)} = {SumsField}.{gradient} * scale;");
            WriteOptimizerParts();
            if (InParts && !HasOptimizer)
            {
                WriteSimpleParts("ApplyGradientsPart", TrainedParameters, "w⁺ = w - η·∂E_total/∂w, from the gradients of the last Backward", string.Empty,
                    parameter => $"{Naming.Field(parameter)} -= {Naming.LearningRate} * {Naming.Field(Naming.Gradient(parameter))};",
                    $"{T} {Naming.LearningRate} = LearningRate;");
            }
        }

        private void WritePartGroup(List<StepPart> parts, string what)
        {
            var fieldGradients = new HashSet<string>(Parameters.Select(p => Naming.Field(Naming.Gradient(p))));
            for (int i = 0; i < parts.Count; i++)
            {
                StepPart part = parts[i];
                _w.Line();
                Summary($"Part {Count(i + 1)} of {Count(parts.Count)} of {what}.");
                using (_w.Block($"private void {part.Name}()"))
                {
                    if (part.Loads.Count > 0)
                    {
                        WriteLoads(part.Loads, LastPassField + ".");
                    }

                    if (part.UpdatedLoads.Count > 0)
                    {
                        _w.Line("// Updated, and written back, by an earlier part");
                        WriteDeclarations(part.UpdatedLoads, updated => Naming.Field(_parts!.ParameterOf(updated)));
                    }

                    if (part.ReadsLearningRate)
                    {
                        _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
                    }

                    WriteStatements(part.Lines, fieldGradients, render: ReadFields);
                    if (part.Stores.Count > 0 || part.ParameterStores.Count > 0)
                    {
                        _w.Line();
                        _w.Line(part.ParameterStores.Count > 0 ? "// For the parts that follow; the updated parameters, written back" : "// For the parts that follow");
                        WriteStores(part.Stores, LastPassField + ".");
                        WriteStores(part.ParameterStores.Select(_parts!.ParameterOf), "_", Naming.Updated);
                    }
                }
            }
        }

        private void WriteSimpleParts(string prefix, IEnumerable<string> items, string what, string parameter, System.Func<string, string> statement, string? preamble = null)
        {
            List<List<string>> chunks = Chunks(items).ToList();
            for (int i = 0; i < chunks.Count; i++)
            {
                _w.Line();
                Summary($"{what}: part {Count(i + 1)} of {Count(chunks.Count)}.");
                using (_w.Block($"private void {prefix}{Count(i + 1)}({parameter})"))
                {
                    if (preamble is not null)
                    {
                        _w.Line(preamble);
                    }

                    WritePacked(chunks[i].Select(statement), string.Empty, " ", string.Empty);
                }
            }
        }

        /// <summary>The sums of a batch's gradients, one field per parameter.</summary>
        private void WriteSumsStruct()
        {
            if (_parts is null)
            {
                return;
            }

            _w.Line();
            Summary("The sums of a mini-batch's gradients, one per parameter.");
            GeneratedCode();
            using (_w.Block("private struct GradientSums"))
            {
                WritePacked(Parameters.Select(Naming.Gradient), $"public {T} ", ", ", ";");
            }
        }

        /// <summary>
        /// The statement with every parameter and gradient it reads or writes taken from its backing field (<c>_w5</c>):
        /// a part has too many of them to load each into a local, and the JIT stops inlining property accessors in a
        /// method with hundreds of them. The formula comment keeps the article's names.
        /// </summary>
        private (string Target, string Expression) ReadFields(PlanLine line)
        {
            _fieldNames ??= new HashSet<string>(Parameters.Concat(Parameters.Select(Naming.Gradient)));
            string Field(string name) => _fieldNames.Contains(name) ? Naming.Field(name) : name;
            return (Field(line.Symbol), CSharpRenderer.Scalar(line.Code, _real, Field));
        }

        private HashSet<string>? _fieldNames;
    }
}
