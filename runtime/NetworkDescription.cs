using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace BackpropGen
{
    /// <summary>
    /// A network as its <see cref="NetworkAttribute"/> declares it: layer sizes, the activation of each layer, the loss,
    /// the bias mode, and where each weight and bias sits in <em>parameter order</em> (the order of
    /// <see cref="INetwork.CopyParametersTo"/>): every weight layer by layer, within a layer for each neuron for each
    /// input to it (row-major <c>[out, in]</c>, the article's numbering), then the biases layer by layer (one per layer
    /// for <see cref="BiasMode.SharedPerLayer"/>, one per neuron for <see cref="BiasMode.PerNeuron"/>, none for
    /// <see cref="BiasMode.None"/>). Immutable.
    /// </summary>
    public sealed class NetworkDescription
    {
        private readonly int[] _sizes;
        private readonly Activation[] _activations;
        private readonly int[] _firstWeight;
        private readonly int[] _firstBias;

        /// <summary>Describes a network.</summary>
        /// <param name="layerSizes">The neurons of each layer, inputs first: 2 to 8 layers of at least 1 neuron.</param>
        /// <param name="activations">The activation of each layer after the inputs (one fewer than the layers).</param>
        /// <param name="loss">The loss that training minimises.</param>
        /// <param name="bias">How the biases are laid out.</param>
        /// <param name="trainBiases">Whether training updates the biases.</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentException">The sizes or activations do not describe a network.</exception>
        public NetworkDescription(int[] layerSizes, Activation[] activations, Loss loss, BiasMode bias, bool trainBiases)
            : this(layerSizes, activations, loss, bias, trainBiases, Precision.Double)
        {
        }

        /// <summary>Describes a network, with the precision it computes in.</summary>
        /// <param name="layerSizes">The neurons of each layer, inputs first: 2 to 8 layers of at least 1 neuron.</param>
        /// <param name="activations">The activation of each layer after the inputs (one fewer than the layers).</param>
        /// <param name="loss">The loss that training minimises.</param>
        /// <param name="bias">How the biases are laid out.</param>
        /// <param name="trainBiases">Whether training updates the biases.</param>
        /// <param name="precision">The floating-point type of its parameters (<see cref="INetwork"/> gives them as doubles either way).</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentException">The sizes or activations do not describe a network.</exception>
        public NetworkDescription(int[] layerSizes, Activation[] activations, Loss loss, BiasMode bias, bool trainBiases, Precision precision)
        {
            Precision = precision;
            if (layerSizes is null)
            {
                throw new ArgumentNullException(nameof(layerSizes));
            }

            if (activations is null)
            {
                throw new ArgumentNullException(nameof(activations));
            }

            if (layerSizes.Length < 2 || layerSizes.Any(size => size < 1))
            {
                throw new ArgumentException($"Expected 2 or more layers of at least 1 neuron each, found [{string.Join(", ", layerSizes)}].", nameof(layerSizes));
            }

            if (activations.Length != layerSizes.Length - 1)
            {
                throw new ArgumentException($"Expected one activation per layer after the inputs ({layerSizes.Length - 1}), found {activations.Length}.", nameof(activations));
            }

            _sizes = (int[])layerSizes.Clone();
            _activations = (Activation[])activations.Clone();
            Loss = loss;
            Bias = bias;
            TrainBiases = trainBiases;
            _firstWeight = new int[_sizes.Length];
            _firstBias = new int[_sizes.Length];
            int weights = 0;
            for (int l = 1; l < _sizes.Length; l++)
            {
                _firstWeight[l] = weights;
                weights = checked(weights + (_sizes[l - 1] * _sizes[l]));
            }

            int biases = 0;
            for (int l = 1; l < _sizes.Length; l++)
            {
                _firstBias[l] = weights + biases;
                biases += bias switch
                {
                    BiasMode.SharedPerLayer => 1,
                    BiasMode.PerNeuron => _sizes[l],
                    _ => 0,
                };
            }

            WeightCount = weights;
            BiasCount = biases;
            LayerSizes = new ReadOnlyCollection<int>(_sizes);
            Activations = new ReadOnlyCollection<Activation>(_activations);
        }

        /// <summary>
        /// The floating-point type the network computes in. A <see cref="BackpropGen.Precision.Single"/> network's values are
        /// floats, given as doubles by <see cref="INetwork"/>; exports write them as float32.
        /// </summary>
        public Precision Precision { get; }

        /// <summary>The neurons of each layer, inputs first.</summary>
        public IReadOnlyList<int> LayerSizes { get; }

        /// <summary>The activation of each layer after the inputs: <c>Activations[l - 1]</c> is layer <c>l</c>'s.</summary>
        public IReadOnlyList<Activation> Activations { get; }

        /// <summary>The loss that training minimises.</summary>
        public Loss Loss { get; }

        /// <summary>How the biases are laid out.</summary>
        public BiasMode Bias { get; }

        /// <summary>Whether training updates the biases.</summary>
        public bool TrainBiases { get; }

        /// <summary>The number of layers, inputs included.</summary>
        public int LayerCount => _sizes.Length;

        /// <summary>The number of inputs.</summary>
        public int InputCount => _sizes[0];

        /// <summary>The number of outputs.</summary>
        public int OutputCount => _sizes[_sizes.Length - 1];

        /// <summary>The number of weights.</summary>
        public int WeightCount { get; }

        /// <summary>The number of biases.</summary>
        public int BiasCount { get; }

        /// <summary>The number of parameters: the weights, then the biases.</summary>
        public int ParameterCount => WeightCount + BiasCount;

        /// <summary>The activation of layer <paramref name="layer"/> (1 to <see cref="LayerCount"/> - 1).</summary>
        /// <param name="layer">A layer after the inputs.</param>
        /// <returns>The layer's activation.</returns>
        public Activation ActivationOf(int layer)
        {
            CheckLayer(layer);
            return _activations[layer - 1];
        }

        /// <summary>
        /// The parameter-order index of the weight from neuron <paramref name="source"/> of layer <paramref name="layer"/> - 1
        /// into neuron <paramref name="target"/> of layer <paramref name="layer"/> (all 0-based): row <paramref name="target"/>,
        /// column <paramref name="source"/> of the layer's <c>[out, in]</c> matrix.
        /// </summary>
        /// <param name="layer">A layer after the inputs (1 to <see cref="LayerCount"/> - 1).</param>
        /// <param name="target">The neuron the weight feeds.</param>
        /// <param name="source">The neuron of the layer below it comes from.</param>
        /// <returns>The index into <see cref="INetwork.CopyParametersTo"/>'s span.</returns>
        public int WeightIndex(int layer, int target, int source)
        {
            CheckLayer(layer);
            CheckNeuron(target, _sizes[layer], nameof(target));
            CheckNeuron(source, _sizes[layer - 1], nameof(source));
            return _firstWeight[layer] + (target * _sizes[layer - 1]) + source;
        }

        /// <summary>
        /// The parameter-order index of the bias of neuron <paramref name="neuron"/> of layer <paramref name="layer"/>
        /// (the layer's one bias when shared), or -1 for a network without biases.
        /// </summary>
        /// <param name="layer">A layer after the inputs (1 to <see cref="LayerCount"/> - 1).</param>
        /// <param name="neuron">A neuron of that layer.</param>
        /// <returns>The index into <see cref="INetwork.CopyParametersTo"/>'s span, or -1.</returns>
        public int BiasIndex(int layer, int neuron)
        {
            CheckLayer(layer);
            CheckNeuron(neuron, _sizes[layer], nameof(neuron));
            return Bias switch
            {
                BiasMode.SharedPerLayer => _firstBias[layer],
                BiasMode.PerNeuron => _firstBias[layer] + neuron,
                _ => -1,
            };
        }

        /// <summary>The network in one line: <c>2-2-2, Logistic/Logistic, SquaredError, SharedPerLayer biases</c>.</summary>
        /// <returns>The description.</returns>
        public override string ToString() =>
            $"{string.Join("-", _sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)))}, {string.Join("/", _activations)}, {Loss}, {Bias} biases{(Bias != BiasMode.None && TrainBiases ? " (trained)" : string.Empty)}";

        private void CheckLayer(int layer)
        {
            if (layer < 1 || layer >= _sizes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer from 1 to {_sizes.Length - 1}.");
            }
        }

        private static void CheckNeuron(int neuron, int count, string name)
        {
            if (neuron < 0 || neuron >= count)
            {
                throw new ArgumentOutOfRangeException(name, neuron, $"Expected a neuron from 0 to {count - 1}.");
            }
        }
    }
}
