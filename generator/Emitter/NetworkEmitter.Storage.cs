using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    internal sealed partial class NetworkEmitter
    {
        private const string LastPassField = "_lastForwardPass";

        private const string LearningRateField = "_learningRate";

        /// <summary>The namespace of the runtime library's helpers for generated code (BackpropGen.dll, which every consumer references).</summary>
        private const string Runtime = "global::BackpropGen.Runtime";

        /// <summary>
        /// A parameter's property: setting it changes the weights, so Backward then needs a new Forward. A first-layer
        /// weight whose update Train left pending (<see cref="DefersFirstLayer"/>) applies it first, to read or write.
        /// </summary>
        private void WriteParameterProperty(string parameter, bool pending = false) =>
            _w.Line(pending
                ? $"public {T} {parameter} {{ get {{ {ApplyPendingIfAny} return {ParameterField(parameter)}; }} set {{ {ApplyPendingIfAny} {ParameterField(parameter)} = value; {LastPassField}.HasValue = false; }} }}"
                : $"public {T} {parameter} {{ get => {ParameterField(parameter)}; set {{ {ParameterField(parameter)} = value; {LastPassField}.HasValue = false; }} }}");

        /// <summary>The inputs and forward symbols that Backward reads, remembered by every forward pass.</summary>
        private List<string> LastPassSymbols()
        {
            HashSet<string> read = References(_plan.Error.Concat(_plan.Backward));
            return _layout.Inputs
                .Concat(_plan.Statements(_plan.Forward).Select(s => s.Symbol))
                .Where(read.Contains)
                .ToList();
        }

        /// <summary>
        /// The pass's fields: what Backward reads of the last forward pass (for the shared step, its inputs, from which
        /// Backward runs the step again, and the outputs that Forward returns), and for a step in parts, the inputs, the
        /// targets and every value one part hands to another.
        /// </summary>
        private List<string> PassFields() =>
            IsVectorized ? new List<string>()
            : _parts is not null ? LastPassSymbols().Concat(_parts.PassFields).Distinct().ToList()
            : HasSharedStep ? _layout.Inputs.Concat(_layout.Outputs.Select(Naming.Out)).ToList()
            : LastPassSymbols();

        /// <summary>
        /// Whether the network also gets the Symbols class, the Train overload that fills it and the walkthrough: for an
        /// unrolled step in one method (the estimate in PlanParts counts the traced Train, so a step that would make it
        /// too large for the JIT goes into parts, without Symbols).
        /// </summary>
        private bool HasSymbols => !InParts && !IsVectorized;

        private void WriteStorage()
        {
            string n(int value) => value.ToString(CultureInfo.InvariantCulture);

            Summary($"The number of inputs ({Range(_layout.Inputs)}).");
            _w.Line($"public const int InputCount = {n(_layout.InputCount)};");
            Summary($"The number of outputs ({Range(_layout.Outputs)}).");
            _w.Line($"public const int OutputCount = {n(_layout.OutputCount)};");
            Summary($"The number of weights ({Range(_layout.Weights)}).");
            _w.Line($"public const int WeightCount = {n(_layout.Weights.Count)};");
            Summary(_layout.Biases.Count == 0 ? "The number of biases (none)." : $"The number of biases ({Range(_layout.Biases)}).");
            _w.Line($"public const int BiasCount = {n(_layout.Biases.Count)};");
            Summary("The number of parameters: the weights in the article's numbering, then the biases layer by layer. The length of the spans of CopyParametersTo, SetParameters and CopyGradientsTo.");
            _w.Line("public const int ParameterCount = WeightCount + BiasCount;");

            if (HasNamedParameters)
            {
                WriteParameterProperties();
            }
            else
            {
                _w.Line();
                _w.Line($"// No property per parameter: {Count(_layout.ParameterCount)} parameters would be more methods than a .NET type may have;");
                _w.Line("// read and write them through CopyParametersTo, SetParameters and CopyGradientsTo, in parameter order");
            }

            _w.Line();
            Summary($"The learning rate η of each training step: finite and greater than 0. Default {CodeWriter.Number(_model.LearningRate)}{(_model.LearningRate == 0.5 ? " (the article's)" : string.Empty)}.");
            _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value set is NaN, infinite, 0 or negative.</exception>");
            GeneratedCode();
            _w.Line($"public {T} LearningRate {{ get => {LearningRateField}; set => {LearningRateField} = {Runtime}.Check.LearningRate(value); }}");
            _w.Line();
            _w.Line($"private {T} {LearningRateField} = {Lit(CodeWriter.Number(_model.LearningRate))};");
            WriteOptimizerStorage();
            if (HasNamedParameters)
            {
                WriteGradientProperties();
            }

            WriteStorageFields();
        }

        /// <summary>
        /// Whether each parameter, its gradient and its optimizer state get named properties (and the class ToMermaid), in
        /// either shape: while their accessors stay within <see cref="NamedAccessorBudget"/> methods. A .NET type holds at
        /// most 65,535 methods, and one past that is a TypeLoadException at run time, not a compiler error.
        /// </summary>
        private bool HasNamedParameters => NamedAccessorCount(_layout.ParameterCount, Optimizers.StatePerParameter(OptimizerKind).Count()) <= NamedAccessorBudget;

        /// <summary>The accessors of the named properties: a parameter's get and set, its gradient's get, one get per state value.</summary>
        internal static long NamedAccessorCount(int parameters, int statesPerParameter) => (long)parameters * (3 + statesPerParameter);

        /// <summary>
        /// The most accessor methods the named properties may take: three quarters of a type's 65,535 methods, the rest for
        /// the other members (an unrolled step in parts has a method per part). 16,384 parameters without optimizer state.
        /// </summary>
        internal const int NamedAccessorBudget = 3 * 16384;

        /// <summary>A property per parameter, one after another (one line of documentation and one of code each).</summary>
        private void WriteParameterProperties()
        {
            _w.Line();
            for (int l = 1; l < _layout.LayerCount; l++)
            {
                for (int j = 0; j < _layout.Sizes[l]; j++)
                {
                    for (int k = 0; k < _layout.Sizes[l - 1]; k++)
                    {
                        string weight = _layout.Weight(l, j, k);
                        Summary($"Weight {weight}: from {Describe(l - 1, k)} to {Describe(l, j)}.");
                        WriteParameterProperty(weight, pending: l == 1 && DefersFirstLayer);
                    }
                }
            }

            for (int l = 1; l < _layout.LayerCount && _model.Bias != BiasKind.None; l++)
            {
                string trained = _model.TrainBiases ? "Trained." : "Not trained (TrainBiases = false, as in the article).";
                if (_model.Bias == BiasKind.SharedPerLayer)
                {
                    Summary($"Bias {Naming.SharedBias(l)}: shared by every neuron of the {_layout.LayerTitle(l)} ({string.Join(", ", _layout.Neurons[l])}). {trained}");
                    WriteParameterProperty(Naming.SharedBias(l));
                    continue;
                }

                for (int j = 0; j < _layout.Sizes[l]; j++)
                {
                    string bias = Naming.NeuronBias(_layout.Neurons[l][j]);
                    Summary($"Bias {bias}: of {Describe(l, j)}. {trained}");
                    WriteParameterProperty(bias);
                }
            }
        }

        private void WriteGradientProperties()
        {
            var outputLayer = new HashSet<string>();
            for (int j = 0; j < _layout.OutputCount; j++)
            {
                outputLayer.Add(_layout.Bias(_layout.OutputLayer, j) ?? string.Empty);
                for (int k = 0; k < _layout.Sizes[_layout.OutputLayer - 1]; k++)
                {
                    outputLayer.Add(_layout.Weight(_layout.OutputLayer, j, k));
                }
            }

            var biases = new HashSet<string>(_layout.Biases);
            _w.Line();
            foreach (string parameter in _layout.Weights.Concat(_layout.Biases))
            {
                bool throughUpdated = HasEarlyUpdates && !outputLayer.Contains(parameter);
                Summary($"∂E_total/∂{parameter}, from the last Backward or Train (averaged over a batch){(throughUpdated ? "; taken, as OutputLayerFirst trains, through the weights above after their update" : string.Empty)}.");
                _w.Line(IsVectorized && !biases.Contains(parameter)
                    ? $"public {T} {Naming.Gradient(parameter)} {{ get {{ {MaterializeIfFactored} return {GradientField(parameter)}; }} }}"
                    : $"public {T} {Naming.Gradient(parameter)} => {GradientField(parameter)};");
            }
        }

        private void WriteStorageFields()
        {
            if (IsVectorized)
            {
                WriteKernelFields();
            }
            else
            {
                WriteBackingFields();
            }

            _w.Line();
            _w.Line("/// <summary>The last forward pass, which Backward differentiates.</summary>");
            _w.Line($"private ForwardPass {LastPassField};");
            if (_parts is not null)
            {
                _w.Line();
                _w.Line("/// <summary>The sums of a mini-batch's gradients.</summary>");
                _w.Line($"private GradientSums {SumsField};");
            }
        }

        private void WriteBackingFields()
        {
            if (IsBaked)
            {
                WriteBakedBackingFields();
                return;
            }

            _w.Line();
            _w.Line("// The backing fields, which the step methods use directly: in a large method the JIT stops inlining properties");
            WritePacked(Parameters.Concat(Parameters.Select(Naming.Gradient)).Select(Naming.Field), $"private {T} ", ", ", ";");
        }

        /// <summary>"input i1", "hidden neuron h1", "output neuron o2".</summary>
        private string Describe(int layer, int index)
        {
            string neuron = _layout.Neurons[layer][index];
            if (layer == 0)
            {
                return "input " + neuron;
            }

            return (layer == _layout.OutputLayer ? "output neuron " : "hidden neuron ") + neuron;
        }

        private void WriteNestedTypes()
        {
            _w.Line();
            Summary(_parts is null
                ? "The inputs and forward-pass values that Backward reads."
                : "The inputs and forward-pass values that Backward reads, and the values that pass from one part of a step to the next.");
            GeneratedCode();
            using (_w.Block("private struct ForwardPass"))
            {
                _w.Line("public bool HasValue;");
                WritePacked(PassFields(), $"public {T} ", ", ", ";");
            }

            WriteSumsStruct();
            if (IsVectorized)
            {
                WriteKernelStorageTypes();
            }

            if (HasSymbolsTable)
            {
                WriteSymbolsTableClass();
            }

            if (!HasSymbols)
            {
                return;
            }

            _w.Line();
            Summary("Every symbol of one training step, by the article's names; filled by the Train overload that takes it. Create one and reuse it: filling it allocates nothing.");
            GeneratedCode();
            using (_w.Block("public sealed class Symbols"))
            {
                List<string> members = SymbolsMembers().ToList();
                _w.Line(_real.IsSingle
                    ? "/// <summary>The values, in the order of the members below (the walkthrough reads them by position); each float held exactly as a double.</summary>"
                    : "/// <summary>The values, in the order of the members below (the walkthrough reads them by position).</summary>");
                _w.Line($"internal readonly double[] Values = new double[{Count(members.Count)}];");
                _w.Line();
                int index = 0;
                void Field(string name, string doc)
                {
                    Summary(doc);
                    _w.Line(_real.IsSingle
                        ? $"public float {name} => (float)Values[{Count(index++)}];"
                        : $"public double {name} => Values[{Count(index++)}];");
                }

                foreach (string input in _layout.Inputs)
                {
                    Field(input, $"Input {input}.");
                }

                foreach (string output in _layout.Outputs)
                {
                    Field(Naming.Target(output), $"The target of {output}.");
                }

                foreach (string parameter in _layout.Weights.Concat(_layout.Biases))
                {
                    Field(parameter, $"{parameter} before the step.");
                }

                Field(Naming.LearningRate, "The learning rate η of the step.");
                foreach (string input in OptimizerInputs)
                {
                    Field(input, input == Naming.Step ? "The step count t of this step, from 1." : $"{Naming.Text(input)} before the step.");
                }

                foreach (PlanLine line in _plan.Statements(_plan.Forward, _plan.Error, _plan.Backward, _plan.Update))
                {
                    Field(line.Symbol, Xml(line.Formula) + ".");
                }
            }
        }

        /// <summary>The names every Symbols member has, in the order Train fills them.</summary>
        private IEnumerable<string> SymbolsMembers() => SymbolOrder.Members(_layout, _plan);

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
