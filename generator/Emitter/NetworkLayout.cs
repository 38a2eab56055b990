using System.Collections.Generic;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>The network's neurons, weights and biases by name and number, computed once from the model.</summary>
    internal sealed class NetworkLayout
    {
        private readonly int[] _firstWeight;

        public NetworkLayout(NetworkModel model)
        {
            Model = model;
            Sizes = new int[model.Layers.Count];
            Neurons = new string[Sizes.Length][];
            _firstWeight = new int[Sizes.Length];
            int nextWeight = 1;
            for (int l = 0; l < Sizes.Length; l++)
            {
                Sizes[l] = model.Layers[l];
                Neurons[l] = new string[Sizes[l]];
                for (int j = 0; j < Sizes[l]; j++)
                {
                    Neurons[l][j] = Naming.Neuron(l, Sizes.Length, j);
                }

                if (l > 0)
                {
                    _firstWeight[l] = nextWeight;
                    nextWeight += Sizes[l - 1] * Sizes[l];
                }
            }

            WeightCount = nextWeight - 1;
            for (int l = 1; l < Sizes.Length; l++)
            {
                for (int j = 0; j < Sizes[l]; j++)
                {
                    for (int k = 0; k < Sizes[l - 1]; k++)
                    {
                        Weights.Add(Weight(l, j, k));
                    }
                }

                if (model.Bias == BiasKind.SharedPerLayer)
                {
                    Biases.Add(Naming.SharedBias(l));
                }
                else if (model.Bias == BiasKind.PerNeuron)
                {
                    foreach (string neuron in Neurons[l])
                    {
                        Biases.Add(Naming.NeuronBias(neuron));
                    }
                }
            }
        }

        public NetworkModel Model { get; }

        public int[] Sizes { get; }

        public int LayerCount => Sizes.Length;

        public int OutputLayer => Sizes.Length - 1;

        /// <summary>Neuron names by layer: <c>i1 i2 | h1 h2 | o1 o2</c>.</summary>
        public string[][] Neurons { get; }

        public int WeightCount { get; }

        /// <summary>Every weight name in parameter order (the article's numbering).</summary>
        public List<string> Weights { get; } = new();

        /// <summary>Every bias name in parameter order: layer by layer, neuron by neuron.</summary>
        public List<string> Biases { get; } = new();

        public int ParameterCount => Weights.Count + Biases.Count;

        public int InputCount => Sizes[0];

        public int OutputCount => Sizes[OutputLayer];

        public string[] Inputs => Neurons[0];

        public string[] Outputs => Neurons[OutputLayer];

        /// <summary>The name of the weight from neuron <paramref name="source"/> of layer l-1 to neuron <paramref name="target"/> of layer l.</summary>
        public string Weight(int layer, int target, int source) =>
            Naming.Weight(_firstWeight[layer] + (target * Sizes[layer - 1]) + source);

        /// <summary>The bias of neuron <paramref name="neuron"/> of layer <paramref name="layer"/>, or null without biases.</summary>
        public string? Bias(int layer, int neuron) => Model.Bias switch
        {
            BiasKind.SharedPerLayer => Naming.SharedBias(layer),
            BiasKind.PerNeuron => Naming.NeuronBias(Neurons[layer][neuron]),
            _ => null,
        };

        public ActivationKind ActivationOf(int layer) =>
            layer == OutputLayer ? Model.OutputActivation : Model.HiddenActivation;

        /// <summary>Whether the output delta is the fused <c>out - target</c> (cross-entropy with softmax or logistic).</summary>
        public bool FusedOutputDelta => Model.Loss == LossKind.CrossEntropy;

        /// <summary>A human description of a layer: "input", "hidden", "hidden 2", "output".</summary>
        public string LayerTitle(int layer)
        {
            if (layer == 0)
            {
                return "input layer";
            }

            if (layer == OutputLayer)
            {
                return "output layer";
            }

            return LayerCount == 3 ? "hidden layer" : "hidden layer " + layer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
