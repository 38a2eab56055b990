using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The runtime's INetwork: the span members the class already has implement it implicitly; the description, which
    // would clash with the generated constants and the user's own members, explicitly; under Precision.Single every member
    // explicitly, in doubles, converting to and from the float members.
    internal sealed partial class NetworkEmitter
    {
        private const string DescriptionField = "_networkDescription";

        /// <summary>Whether the class implements <c>BackpropGen.INetwork</c>: the compilation has it and Span&lt;T&gt;.</summary>
        private bool ImplementsInterface => _facts.HasSpan && _facts.HasNetworkInterface;

        /// <summary>The base list of the class declaration: <c> : global::BackpropGen.INetwork</c>, or nothing.</summary>
        private string InterfaceList => ImplementsInterface ? " : global::BackpropGen.INetwork" : string.Empty;

        /// <summary>
        /// Writes <c>/// &lt;inheritdoc/&gt;</c> for a member that implements INetwork (its documentation is the
        /// interface's, written once in the runtime) and returns true; false, writing nothing, where the class does not
        /// implement INetwork or, for a member in T, the float member of a Precision.Single network
        /// does not implement the double one: the caller then writes the member's own documentation.
        /// </summary>
        private bool InheritDoc(bool inReals = true)
        {
            if (!ImplementsInterface || (inReals && _real.IsSingle))
            {
                return false;
            }

            _w.Line("/// <inheritdoc/>");
            return true;
        }

        private void WriteInterfaceMembers()
        {
            if (!_facts.HasNetworkInterface)
            {
                return;
            }

            string activations = string.Join(", ", Enumerable.Range(1, _layout.LayerCount - 1).Select(l => "global::BackpropGen.Activation." + _layout.ActivationOf(l)));
            _w.Line();
            _w.Line($"private static readonly global::BackpropGen.NetworkDescription {DescriptionField} = new global::BackpropGen.NetworkDescription(");
            _w.Line($"    new[] {{ {string.Join(", ", _layout.Sizes.Select(Count))} }},");
            _w.Line($"    new[] {{ {activations} }},");
            _w.Line($"    global::BackpropGen.Loss.{_model.Loss}, global::BackpropGen.BiasMode.{_model.Bias}, {(_model.TrainBiases ? "true" : "false")}{(_real.IsSingle ? ", global::BackpropGen.Precision.Single" : string.Empty)});");
            if (!ImplementsInterface)
            {
                return;
            }

            _w.Line();
            _w.Line("/// <inheritdoc/>");
            GeneratedCode();
            _w.Line($"global::BackpropGen.NetworkDescription global::BackpropGen.INetwork.Description => {DescriptionField};");
            if (_real.IsSingle)
            {
                WriteDoubleView();
            }
        }

        /// <summary>
        /// INetwork in doubles over a Precision.Single network: each member converts and calls the float member of the same
        /// name (values in rounded to float, values out widened exactly), through buffers kept for the next call.
        /// </summary>
        private void WriteDoubleView()
        {
            const string Network = "global::BackpropGen.INetwork";
            const string View = Runtime + ".DoubleView";
            const string Doubles = "global::System.Span<double>";
            const string ReadOnlyDoubles = "global::System.ReadOnlySpan<double>";
            _w.Line();
            _w.Line("// INetwork in doubles (for the Trainer and the interop of BackpropGen.Onnx): values in are rounded to float, values out");
            _w.Line("// widen exactly; the float copies live in these buffers, grown when a longer span comes, so that a training loop");
            _w.Line("// through the interface allocates nothing once they have their size");
            _w.Line($"private {(_facts.SupportsNullable ? "float[]?" : "float[]")} _viewInputs, _viewOutputs, _viewTargets, _viewParameters;");
            _w.Line();
            GeneratedCode();
            _w.Line($"double {Network}.LearningRate {{ get => LearningRate; set => LearningRate = (float)value; }}");
            _w.Line();
            GeneratedCode();
            using (_w.Block($"void {Network}.Forward({ReadOnlyDoubles} inputs, {Doubles} outputs)"))
            {
                _w.Line($"global::System.Span<float> floats = {View}.Scratch(ref _viewOutputs, outputs.Length);");
                _w.Line($"Forward({View}.Narrow(inputs, ref _viewInputs), floats);");
                _w.Line($"{View}.Widen(floats, outputs);");
            }

            _w.Line();
            GeneratedCode();
            _w.Line($"double {Network}.Train({ReadOnlyDoubles} inputs, {ReadOnlyDoubles} targets) =>");
            _w.Line($"    Train({View}.Narrow(inputs, ref _viewInputs), {View}.Narrow(targets, ref _viewTargets));");
            foreach (string copy in new[] { "CopyParametersTo", "CopyGradientsTo" })
            {
                _w.Line();
                GeneratedCode();
                using (_w.Block($"void {Network}.{copy}({Doubles} destination)"))
                {
                    _w.Line($"global::System.Span<float> floats = {View}.Scratch(ref _viewParameters, destination.Length);");
                    _w.Line($"{copy}(floats);");
                    _w.Line($"{View}.Widen(floats, destination);");
                }
            }

            _w.Line();
            GeneratedCode();
            _w.Line($"void {Network}.SetParameters({ReadOnlyDoubles} source) => SetParameters({View}.Narrow(source, ref _viewParameters));");
            _w.Line();
            GeneratedCode();
            using (_w.Block($"void {Network}.ForwardBatch({ReadOnlyDoubles} inputs, {Doubles} outputs)"))
            {
                _w.Line($"global::System.Span<float> floats = {View}.Scratch(ref _viewOutputs, outputs.Length);");
                _w.Line($"ForwardBatch({View}.Narrow(inputs, ref _viewInputs), floats);");
                _w.Line($"{View}.Widen(floats, outputs);");
            }

            _w.Line();
            GeneratedCode();
            _w.Line($"double {Network}.TrainOnline({ReadOnlyDoubles} inputs, {ReadOnlyDoubles} targets, int epochs) =>");
            _w.Line($"    TrainOnline({View}.Narrow(inputs, ref _viewInputs), {View}.Narrow(targets, ref _viewTargets), epochs);");
            _w.Line();
            GeneratedCode();
            _w.Line($"double {Network}.Evaluate({ReadOnlyDoubles} inputs, {ReadOnlyDoubles} targets) =>");
            _w.Line($"    Evaluate({View}.Narrow(inputs, ref _viewInputs), {View}.Narrow(targets, ref _viewTargets));");
            _w.Line();
            GeneratedCode();
            _w.Line($"double {Network}.Explain({ReadOnlyDoubles} inputs, {ReadOnlyDoubles} targets, global::System.IO.TextWriter writer) =>");
            _w.Line($"    Explain({View}.Narrow(inputs, ref _viewInputs), {View}.Narrow(targets, ref _viewTargets), writer);");
        }
    }
}
