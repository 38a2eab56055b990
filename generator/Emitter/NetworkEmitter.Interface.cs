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

        private void WriteInterfaceMembers()
        {
            if (!ImplementsInterface)
            {
                return;
            }

            string activations = string.Join(", ", Enumerable.Range(1, _layout.LayerCount - 1).Select(l => "global::BackpropGen.Activation." + _layout.ActivationOf(l)));
            _w.Line();
            _w.Line($"private static readonly global::BackpropGen.NetworkDescription {DescriptionField} = new global::BackpropGen.NetworkDescription(");
            _w.Line($"    new[] {{ {string.Join(", ", _layout.Sizes.Select(Count))} }},");
            _w.Line($"    new[] {{ {activations} }},");
            _w.Line($"    global::BackpropGen.Loss.{_model.Loss}, global::BackpropGen.BiasMode.{_model.Bias}, {(_model.TrainBiases ? "true" : "false")}{(_real.IsSingle ? ", global::BackpropGen.Precision.Single" : string.Empty)});");
            _w.Line();
            Summary("The network's shape, activations, loss, bias mode and parameter order, for code that works with any network (INetwork).");
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
        }
    }
}
