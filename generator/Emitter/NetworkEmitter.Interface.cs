using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The runtime's INetwork: the span members the class already has implement it implicitly; the description, which
    // would clash with the generated constants and the user's own members, explicitly.
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
            _w.Line($"    global::BackpropGen.Loss.{_model.Loss}, global::BackpropGen.BiasMode.{_model.Bias}, {(_model.TrainBiases ? "true" : "false")});");
            _w.Line();
            Summary("The network's shape, activations, loss, bias mode and parameter order, for code that works with any network (INetwork).");
            GeneratedCode();
            _w.Line($"global::BackpropGen.NetworkDescription global::BackpropGen.INetwork.Description => {DescriptionField};");
        }
    }
}
