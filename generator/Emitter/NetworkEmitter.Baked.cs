using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // Weights baked in at compile time (Weights = "file"): the parameters' initial values as literals, layer by layer, so
    // that every constructor starts from them. Unrolled (and in parts): initialisers on the backing fields. Vectorised: the
    // storage's initialiser, BakedParameters(), which lays the values out in the padded rows.
    internal sealed partial class NetworkEmitter
    {
        /// <summary>Whether the network starts from the values of a weights file.</summary>
        private bool IsBaked => _model.Weights is not null;

        private BakedWeights Baked => _model.Weights ?? throw new System.InvalidOperationException("The network has no baked-in weights.");

        /// <summary>
        /// The backing fields of the parameters with their baked-in values, a comment per layer saying which tensors they
        /// came from, then the gradients' fields (unrolled shape).
        /// </summary>
        private void WriteBakedBackingFields()
        {
            Dictionary<string, double> values = BakedValues();
            _w.Line();
            _w.Line($"// The backing fields of the parameters, which start from the weights file \"{Comment(Baked.File)}\", baked in at compile");
            _w.Line("// time (each value exactly as the file holds it): the step methods read and write them directly");
            for (int l = 1; l < _layout.LayerCount; l++)
            {
                List<string> parameters = LayerParameters(l);
                _w.Line($"// {Capitalize(_layout.LayerTitle(l))}: {LayerSources(l)}");
                WritePacked(parameters.Select(p => $"{Naming.Field(p)} = {BakedLiteral(values[p])}"), $"private {T} ", ", ", ";");
            }

            _w.Line("// The backing fields of the gradients");
            WritePacked(Parameters.Select(Naming.Gradient).Select(Naming.Field), $"private {T} ", ", ", ";");
        }

        /// <summary>"w1..w4 from '0.weight' [2, 2], b1 from '0.bias' [2]": which parameters of layer l came from which tensor.</summary>
        private string LayerSources(int layer)
        {
            List<string> parameters = LayerParameters(layer);
            int count = _layout.Sizes[layer] * _layout.Sizes[layer - 1];
            List<string> weights = parameters.Take(count).ToList();
            List<string> biases = parameters.Skip(count).ToList();
            string text = $"{Range(weights)} from {Comment(Baked.WeightSources[layer - 1])}";
            return biases.Count == 0 ? text : $"{text}, {(biases.Count <= 2 ? string.Join(", ", biases) : Range(biases))} from {Comment(Baked.BiasSources[layer - 1])}";
        }

        /// <summary>The vectorised storage's baked-in values: the literals in parameter order, a comment per layer, copied into the padded rows.</summary>
        private void WriteBakedParametersMethod()
        {
            _w.Line();
            Summary($"The parameters baked in from the weights file \"{Xml(Comment(Baked.File))}\" at compile time, laid out in the vectorised storage (each value exactly as the file holds it).");
            GeneratedCode();
            using (_w.Block($"private static {ParameterStorageType} BakedParameters()"))
            {
                using (_w.Block($"{ReadOnlySpan} values = new {T}[]", "};"))
                {
                    int next = 0;
                    for (int l = 1; l < _layout.LayerCount; l++)
                    {
                        int count = _layout.Sizes[l] * _layout.Sizes[l - 1];
                        List<string> weights = _layout.Weights.Skip(next).Take(count).ToList();
                        _w.Line($"// {Capitalize(_layout.LayerTitle(l))}: {Range(weights)} from {Comment(Baked.WeightSources[l - 1])}, row by row");
                        WritePacked(Baked.Parameters.Skip(next).Take(count).Select(v => BakedLiteral(v) + ","), string.Empty, " ", string.Empty);
                        next += count;
                    }

                    if (_layout.Biases.Count > 0)
                    {
                        _w.Line($"// The biases, layer by layer: {Range(_layout.Biases)} from {string.Join(", ", Baked.BiasSources.Select(Comment))}");
                        WritePacked(Baked.Parameters.Skip(next).Select(v => BakedLiteral(v) + ","), string.Empty, " ", string.Empty);
                    }
                }

                _w.Line($"{ParameterStorageType} p = default;");
                WriteParameterOrderLoop("p", "{0} = values[i++];");
                _w.Line("return p;");
            }
        }

        /// <summary>Layer l's parameters: its weights in the article's numbering, then its bias or biases.</summary>
        private List<string> LayerParameters(int layer)
        {
            var parameters = new List<string>();
            for (int j = 0; j < _layout.Sizes[layer]; j++)
            {
                for (int k = 0; k < _layout.Sizes[layer - 1]; k++)
                {
                    parameters.Add(_layout.Weight(layer, j, k));
                }
            }

            if (_model.Bias == BiasKind.SharedPerLayer)
            {
                parameters.Add(Naming.SharedBias(layer));
            }
            else if (_model.Bias == BiasKind.PerNeuron)
            {
                parameters.AddRange(_layout.Neurons[layer].Select(Naming.NeuronBias));
            }

            return parameters;
        }

        /// <summary>Each parameter's baked-in value by name (the model holds them in parameter order).</summary>
        private Dictionary<string, double> BakedValues()
        {
            var values = new Dictionary<string, double>();
            int i = 0;
            foreach (string parameter in Parameters)
            {
                values[parameter] = Baked.Parameters[i++];
            }

            return values;
        }

        /// <summary>
        /// A baked-in value as a C# literal that gives back the same double: the shortest round-trip form ("R"), checked by
        /// parsing it back, and 17 significant digits where a runtime's "R" would not round-trip.
        /// </summary>
        internal static string Literal(double value)
        {
            string text = CodeWriter.Number(value);
            bool exact = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double back)
                && System.BitConverter.DoubleToInt64Bits(back) == System.BitConverter.DoubleToInt64Bits(value);
            if (exact)
            {
                return text;
            }

            string g17 = value.ToString("G17", CultureInfo.InvariantCulture);
            return g17.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? g17 : g17 + ".0";
        }

        /// <summary>A baked-in value as a literal of the network's type: <see cref="Literal"/>, or the nearest float's round-trip form with <c>f</c>.</summary>
        private string BakedLiteral(double value)
        {
            if (!_real.IsSingle)
            {
                return Literal(value);
            }

            float single = (float)value;
            string text = single.ToString("R", CultureInfo.InvariantCulture);
            bool exact = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float back)
                && System.BitConverter.ToInt32(System.BitConverter.GetBytes(back), 0) == System.BitConverter.ToInt32(System.BitConverter.GetBytes(single), 0);
            return (exact ? text : single.ToString("G9", CultureInfo.InvariantCulture)) + "f";
        }

        /// <summary>Text for a // comment: line breaks (which would end it) become spaces.</summary>
        private static string Comment(string text) =>
            new string(text.Select(c => char.IsControl(c) || c is '\u0085' or '\u2028' or '\u2029' ? ' ' : c).ToArray());
    }
}
