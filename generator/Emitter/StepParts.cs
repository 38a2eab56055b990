using System;
using System.Collections.Generic;
using System.Linq;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>The sections of a step that a group of parts computes.</summary>
    internal enum PartFamily
    {
        /// <summary>The forward pass, shared by Forward, Train and the mini-batch Train.</summary>
        Forward,

        /// <summary>The error and the backward pass: gradients only, no parameter changes (Backward; Train under Simultaneous).</summary>
        Backward,

        /// <summary>The error and the backward pass of Train under OutputLayerFirst, which updates the upper layers as it goes.</summary>
        TrainBackward,

        /// <summary>The update of the parameters from their gradients.</summary>
        Update,

        /// <summary>The error alone, from the forward pass (Evaluate).</summary>
        Error,
    }

    /// <summary>One private method of a step generated in parts, and what it reads and writes besides its own locals.</summary>
    internal sealed class StepPart
    {
        public StepPart(PartFamily family, string name)
        {
            Family = family;
            Name = name;
        }

        public PartFamily Family { get; }

        /// <summary>The method's name: <c>ForwardPart1</c>.</summary>
        public string Name { get; }

        /// <summary>Section comments and statements, in plan order.</summary>
        public List<PlanLine> Lines { get; } = new();

        /// <summary>Symbols the part reads from the pass (values of earlier parts, inputs, targets), declared as locals at its start.</summary>
        public List<string> Loads { get; } = new();

        /// <summary>Updated parameters (<c>w5_plus</c>) an earlier part already wrote back, read from their property (<c>w5</c>).</summary>
        public List<string> UpdatedLoads { get; } = new();

        /// <summary>Whether the part reads the learning rate.</summary>
        public bool ReadsLearningRate { get; set; }

        /// <summary>Symbols the part saves in the pass at its end, for later parts and for the callers.</summary>
        public List<string> Stores { get; } = new();

        /// <summary>Updated parameters (<c>w5_plus</c>) the part writes back to their property (<c>w5</c>) at its end.</summary>
        public List<string> ParameterStores { get; } = new();

        public int Instructions { get; set; }

        public int Locals { get; set; }

        public IEnumerable<PlanLine> Statements => Lines.Where(line => line.IsStatement);
    }

    /// <summary>
    /// A step cut into private methods small enough for the JIT to optimise (it compiles a method of more than 20,000 IL
    /// instructions without optimisation, for good). Values that pass from one part to the next live in the network's
    /// pass struct; parameters and gradients are read and written through their properties; every statement and its
    /// formula comment stay as in the one-method step.
    /// </summary>
    internal sealed class StepParts
    {
        /// <summary>The estimated IL instructions of one part: a fifth of the JIT's limit, so that every part is optimised.</summary>
        public const int InstructionsPerPart = 4000;

        /// <summary>
        /// The locals of one part: under 255, so that every access is the short form (<c>ldloc.s</c>). Roslyn writes the
        /// long form with a 4-byte operand; the JIT reads a 2-byte operand and two <c>nop</c>s, so past 255 locals each
        /// access counts three IL instructions against the JIT's limit (seen in the emitted IL: <c>FE 0E FF 00 00 00</c>).
        /// </summary>
        public const int LocalsPerPart = 240;

        private readonly NetworkLayout _layout;
        private readonly HashSet<string> _parameters;
        private readonly HashSet<string> _gradients;
        private readonly Dictionary<string, string> _updated;
        private readonly HashSet<string> _known;

        private StepParts(NetworkLayout layout, StepPlan plan, IEnumerable<string> kept)
        {
            _layout = layout;
            _parameters = new HashSet<string>(layout.Weights.Concat(layout.Biases));
            _gradients = new HashSet<string>(_parameters.Select(Naming.Gradient));
            _updated = _parameters.ToDictionary(Naming.Updated, p => p);
            _known = new HashSet<string>(layout.Inputs.Concat(layout.Outputs.Select(Naming.Target)).Concat(_parameters).Concat(_gradients));
            _known.Add(Naming.LearningRate);
            foreach (PlanLine line in plan.Statements(plan.Forward, plan.Error, plan.Backward, plan.Update))
            {
                _known.Add(line.Symbol);
            }

            List<PlanLine> backward = plan.Error.Concat(plan.Backward).ToList();
            Forward = Cut(PartFamily.Forward, "ForwardPart", plan.Forward);
            Backward = Cut(PartFamily.Backward, "BackwardPart", backward);
            TrainBackward = plan.UpdatedEarly.Count == 0 ? Backward : Cut(PartFamily.TrainBackward, "TrainBackwardPart", backward);
            Update = Cut(PartFamily.Update, "UpdatePart", plan.Update);
            Error = Cut(PartFamily.Error, "ErrorPart", plan.Error);

            List<StepPart> all = All.ToList();
            var results = new HashSet<string>(layout.Outputs.Select(Naming.Out).Concat(kept)) { Naming.TotalError };
            var loaded = new HashSet<string>(all.SelectMany(part => part.Loads));
            foreach (StepPart part in all)
            {
                foreach (PlanLine line in part.Statements)
                {
                    if (IsLocal(line.Symbol) && !IsUpdatedInTrain(part, line.Symbol) && (results.Contains(line.Symbol) || loaded.Contains(line.Symbol)))
                    {
                        part.Stores.Add(line.Symbol);
                    }
                }
            }

            var stored = new HashSet<string>(all.SelectMany(part => part.Stores));
            PassFields = layout.Inputs
                .Concat(layout.Outputs.Select(Naming.Target))
                .Concat(plan.Statements(plan.Forward, plan.Error, plan.Backward).Select(line => line.Symbol).Where(stored.Contains))
                .Distinct()
                .ToList();
            CheckTrainOrder(Forward.Concat(TrainBackward).Concat(Update).ToList());
        }

        public List<StepPart> Forward { get; }

        public List<StepPart> Backward { get; }

        /// <summary>The same parts as <see cref="Backward"/>, except under OutputLayerFirst.</summary>
        public List<StepPart> TrainBackward { get; }

        public List<StepPart> Update { get; }

        /// <summary>The error alone, after the forward parts (Evaluate): the error's statements again, without the backward pass's.</summary>
        public List<StepPart> Error { get; }

        /// <summary>The pass's fields: the inputs, the targets, and every value one part hands to another or to a caller.</summary>
        public List<string> PassFields { get; }

        public IEnumerable<StepPart> All =>
            Forward.Concat(Backward).Concat(TrainBackward == Backward ? Enumerable.Empty<StepPart>() : TrainBackward).Concat(Update).Concat(Error);

        /// <param name="layout">The network's neurons and parameters.</param>
        /// <param name="plan">The step.</param>
        /// <param name="kept">Symbols that the pass keeps besides what one part hands another (the Symbols table's).</param>
        public static StepParts Build(NetworkLayout layout, StepPlan plan, IEnumerable<string> kept) => new(layout, plan, kept);

        /// <summary>Gradients are written straight to their property; every other symbol a statement defines is a local.</summary>
        private bool IsLocal(string symbol) => !_gradients.Contains(symbol);

        /// <summary>Whether <paramref name="symbol"/> is an updated parameter that this part writes back (Train's parts).</summary>
        public bool IsUpdatedInTrain(StepPart part, string symbol) =>
            part.Family is PartFamily.TrainBackward or PartFamily.Update && _updated.ContainsKey(symbol);

        /// <summary>The parameter that <paramref name="updated"/> (<c>w5_plus</c>) updates (<c>w5</c>).</summary>
        public string ParameterOf(string updated) => _updated[updated];

        private List<StepPart> Cut(PartFamily family, string prefix, IEnumerable<PlanLine> lines)
        {
            var parts = new List<StepPart>();
            var pending = new List<PlanLine>();
            PlanLine? section = null;
            StepPart? part = null;
            HashSet<string> defined = new();
            HashSet<string> loads = new();
            foreach (PlanLine line in lines)
            {
                if (!line.IsStatement)
                {
                    pending.Add(line);
                    section = line;
                    continue;
                }

                List<string> reads = line.Reads.Where(_known.Contains).Distinct().ToList();
                int newLoads = reads.Count(read => !defined.Contains(read) && !loads.Contains(read) && NeedsLoad(read));
                int cost = line.EstimatedInstructions + (2 * newLoads) + 3;
                if (part is not null && part.Lines.Count > 0 && (part.Instructions + cost > InstructionsPerPart || part.Locals + newLoads + 1 > LocalsPerPart))
                {
                    part = null;
                }

                if (part is null)
                {
                    part = new StepPart(family, prefix + (parts.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    parts.Add(part);
                    defined = new HashSet<string>();
                    loads = new HashSet<string>();
                    if (pending.Count == 0 && section is not null)
                    {
                        pending.Add(PlanLine.Section(section.Comment + " (continued)"));
                    }
                }

                part.Lines.AddRange(pending);
                pending.Clear();
                part.Lines.Add(line);
                foreach (string read in reads)
                {
                    if (defined.Contains(read) || loads.Contains(read) || !NeedsLoad(read))
                    {
                        if (read == Naming.LearningRate)
                        {
                            part.ReadsLearningRate = true;
                        }

                        continue;
                    }

                    loads.Add(read);
                    if (_updated.ContainsKey(read) && family is PartFamily.TrainBackward or PartFamily.Update)
                    {
                        part.UpdatedLoads.Add(read);
                    }
                    else
                    {
                        part.Loads.Add(read);
                    }
                }

                defined.Add(line.Symbol);
                if (IsUpdatedInTrain(part, line.Symbol))
                {
                    part.ParameterStores.Add(line.Symbol);
                }

                part.Instructions += cost;
                part.Locals += newLoads + 1;
            }

            return parts;
        }

        /// <summary>Parameters and gradients are properties, and the learning rate is read once per part: nothing else to load.</summary>
        private bool NeedsLoad(string symbol) =>
            !_parameters.Contains(symbol) && !_gradients.Contains(symbol) && symbol != Naming.LearningRate;

        /// <summary>
        /// Train's parts write each updated parameter back at their end; no later part may then read the parameter's old
        /// value (a rule of both update rules: once updated, a weight is only read as updated).
        /// </summary>
        private void CheckTrainOrder(List<StepPart> parts)
        {
            var written = new HashSet<string>();
            foreach (StepPart part in parts)
            {
                foreach (PlanLine line in part.Statements)
                {
                    string? stale = line.Reads.FirstOrDefault(written.Contains);
                    if (stale is not null)
                    {
                        throw new InvalidOperationException($"{part.Name} reads {stale} after an earlier part updated it.");
                    }
                }

                foreach (string updated in part.ParameterStores)
                {
                    written.Add(_updated[updated]);
                }
            }
        }
    }
}
