using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BackpropGen.Interop
{
    /// <summary>
    /// One fully-connected layer as files hold it: the weight matrix <c>[out, in]</c> row-major (row <c>j</c>, column
    /// <c>i</c> is the weight from input <c>i</c> into neuron <c>j</c>: the article's numbering), the bias per neuron or
    /// none, and the activation where the file says (ONNX does, safetensors does not). The bridge between a file's
    /// tensors and a network's parameter order.
    /// </summary>
    internal sealed class DenseLayer
    {
        public DenseLayer(string name, int outputs, int inputs, double[] weights, double[]? bias)
        {
            Name = name;
            Outputs = outputs;
            Inputs = inputs;
            Weights = weights;
            Bias = bias;
        }

        /// <summary>Where the layer comes from, for messages: <c>'0.weight'</c>, <c>Gemm node '/0/Gemm'</c>.</summary>
        public string Name { get; }

        public int Outputs { get; }

        public int Inputs { get; }

        public double[] Weights { get; }

        public double[]? Bias { get; set; }

        /// <summary>The activation after the layer, where the file names one (null: not stated).</summary>
        public Activation? Activation { get; set; }

        /// <summary>The network's layers as matrices, from its parameters (a shared bias repeated per neuron).</summary>
        public static List<DenseLayer> FromParameters(NetworkDescription description, double[] parameters)
        {
            var layers = new List<DenseLayer>();
            for (int l = 1; l < description.LayerCount; l++)
            {
                int outputs = description.LayerSizes[l], inputs = description.LayerSizes[l - 1];
                double[] weights = new double[outputs * inputs];
                Array.Copy(parameters, description.WeightIndex(l, 0, 0), weights, 0, weights.Length);
                double[]? bias = null;
                if (description.Bias != BiasMode.None)
                {
                    bias = new double[outputs];
                    for (int j = 0; j < outputs; j++)
                    {
                        bias[j] = parameters[description.BiasIndex(l, j)];
                    }
                }

                layers.Add(new DenseLayer("layer " + l.ToString(CultureInfo.InvariantCulture), outputs, inputs, weights, bias) { Activation = description.ActivationOf(l) });
            }

            return layers;
        }

        /// <summary>
        /// The parameters of <paramref name="description"/>'s network from a file's layers, after checking that they fit it
        /// (count, shapes, bias mode, and activations where stated); otherwise <see cref="InvalidDataException"/> saying
        /// what was expected and what was found.
        /// </summary>
        public static double[] ToParameters(NetworkDescription description, IReadOnlyList<DenseLayer> layers, string format)
        {
            int expectedLayers = description.LayerCount - 1;
            if (layers.Count != expectedLayers)
            {
                throw Invalid(format, $"expected {expectedLayers} fully-connected layer{(expectedLayers == 1 ? string.Empty : "s")} for the {Shape(description)} network, found {layers.Count}{(layers.Count == 0 ? string.Empty : " (" + string.Join(", ", layers.Select(layer => $"{layer.Name} [{layer.Outputs}, {layer.Inputs}]")) + ")")}");
            }

            double[] parameters = new double[description.ParameterCount];
            for (int l = 1; l <= expectedLayers; l++)
            {
                DenseLayer layer = layers[l - 1];
                int outputs = description.LayerSizes[l], inputs = description.LayerSizes[l - 1];
                if (layer.Outputs != outputs || layer.Inputs != inputs)
                {
                    throw Invalid(format, $"layer {l} ({layer.Name}): expected a weight matrix of shape [{outputs}, {inputs}] ([out, in]) for the {Shape(description)} network, found [{layer.Outputs}, {layer.Inputs}]");
                }

                Activation expectedActivation = description.ActivationOf(l);
                if (layer.Activation is Activation activation && activation != expectedActivation)
                {
                    throw Invalid(format, $"layer {l} ({layer.Name}): expected activation {expectedActivation}, found {activation}");
                }

                Array.Copy(layer.Weights, 0, parameters, description.WeightIndex(l, 0, 0), layer.Weights.Length);
                SetBias(description, l, layer, parameters, format);
            }

            return parameters;
        }

        private static void SetBias(NetworkDescription description, int l, DenseLayer layer, double[] parameters, string format)
        {
            double[]? bias = layer.Bias;
            if (description.Bias == BiasMode.None)
            {
                if (bias is not null)
                {
                    throw Invalid(format, $"layer {l} ({layer.Name}): expected no bias (BiasMode.None), found a bias of {bias.Length} value{(bias.Length == 1 ? string.Empty : "s")}");
                }

                return;
            }

            if (bias is null)
            {
                throw Invalid(format, $"layer {l} ({layer.Name}): expected a bias of {layer.Outputs} value{(layer.Outputs == 1 ? string.Empty : "s")} (BiasMode.{description.Bias}), found none");
            }

            if (bias.Length != layer.Outputs)
            {
                throw Invalid(format, $"layer {l} ({layer.Name}): expected a bias of shape [{layer.Outputs}], found [{bias.Length}]");
            }

            if (description.Bias == BiasMode.SharedPerLayer)
            {
                for (int j = 1; j < bias.Length; j++)
                {
                    if (BitConverter.DoubleToInt64Bits(bias[j]) != BitConverter.DoubleToInt64Bits(bias[0]))
                    {
                        throw Invalid(format, $"layer {l} ({layer.Name}): expected one bias value shared by every neuron (BiasMode.SharedPerLayer), found different values ({Number(bias[0])} for neuron 1, {Number(bias[j])} for neuron {j + 1})");
                    }
                }

                parameters[description.BiasIndex(l, 0)] = bias[0];
                return;
            }

            for (int j = 0; j < bias.Length; j++)
            {
                parameters[description.BiasIndex(l, j)] = bias[j];
            }
        }

        /// <summary>
        /// A state dict's tensors as layers: grouped by module (the key without its last part, <c>.weight</c> or
        /// <c>.bias</c>) in module order (<see cref="ModuleOrder"/>), each module a weight matrix <c>[out, in]</c> and
        /// optionally a bias <c>[out]</c>; anything else is an <see cref="InvalidDataException"/> naming the tensor.
        /// </summary>
        public static List<DenseLayer> FromModules(IEnumerable<NamedTensor> tensors, string format)
        {
            var modules = new SortedDictionary<string, (NamedTensor? Weight, NamedTensor? Bias)>(ModuleOrder.Instance);
            foreach (NamedTensor tensor in tensors)
            {
                int dot = tensor.Key.LastIndexOf('.');
                string suffix = dot < 0 ? tensor.Key : tensor.Key.Substring(dot + 1);
                string module = dot < 0 ? string.Empty : tensor.Key.Substring(0, dot);
                modules.TryGetValue(module, out (NamedTensor? Weight, NamedTensor? Bias) entry);
                if ((suffix == "weight" && entry.Weight is not null) || (suffix == "bias" && entry.Bias is not null))
                {
                    throw Invalid(format, $"tensor '{tensor.Key}': expected each key once, found it twice");
                }

                if (suffix == "weight")
                {
                    entry.Weight = tensor;
                }
                else if (suffix == "bias")
                {
                    entry.Bias = tensor;
                }
                else
                {
                    throw Invalid(format, $"tensor '{tensor.Key}': expected only the weights and biases of Linear layers ('N.weight', 'N.bias'), found another tensor");
                }

                modules[module] = entry;
            }

            var layers = new List<DenseLayer>();
            foreach (KeyValuePair<string, (NamedTensor? Weight, NamedTensor? Bias)> module in modules)
            {
                NamedTensor weight = module.Value.Weight
                    ?? throw Invalid(format, $"tensor '{module.Value.Bias!.Key}': expected a weight '{module.Key}.weight' beside the bias, found none");
                if (weight.Shape.Length != 2)
                {
                    throw Invalid(format, $"tensor '{weight.Key}': expected a weight matrix of 2 dimensions [out, in], found shape [{string.Join(", ", weight.Shape)}]");
                }

                double[]? bias = null;
                if (module.Value.Bias is NamedTensor biasTensor)
                {
                    if (biasTensor.Shape.Length != 1)
                    {
                        throw Invalid(format, $"tensor '{biasTensor.Key}': expected a bias vector of 1 dimension [out], found shape [{string.Join(", ", biasTensor.Shape)}]");
                    }

                    bias = biasTensor.Values();
                }

                layers.Add(new DenseLayer("'" + weight.Key + "'", (int)weight.Shape[0], (int)weight.Shape[1], weight.Values(), bias));
            }

            return layers;
        }

        public static string Shape(NetworkDescription description) => string.Join("-", description.LayerSizes);

        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        public static InvalidDataException Invalid(string format, string message) => new(format + ": " + message + ".");
    }

    /// <summary>A tensor of a state dict: its key, its shape, and its values (row-major), read when needed.</summary>
    internal sealed class NamedTensor
    {
        private readonly Func<double[]> _values;

        public NamedTensor(string key, long[] shape, Func<double[]> values)
        {
            Key = key;
            Shape = shape;
            _values = values;
        }

        public string Key { get; }

        public long[] Shape { get; }

        public double[] Values() => _values();
    }
}
