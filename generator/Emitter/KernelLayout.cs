using System.Collections.Generic;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Where the vectorised shape keeps everything, as offsets (in values of the network's number type) into its three
    /// compile-time-sized storages: the parameters (and, in the same layout, the gradients), the pass (each layer's net
    /// inputs and outputs, and the targets), and the deltas. Every block starts at a multiple of the lanes of a
    /// <c>Vector256</c> (four doubles or eight floats) and is padded with zeros to one, so that each row of weights and
    /// each layer is a whole number of vectors.
    /// </summary>
    internal sealed class KernelLayout
    {
        private readonly Dictionary<string, int> _index = new();

        /// <param name="layout">The network's neurons and parameters.</param>
        /// <param name="lanes">The values in a <c>Vector256</c> of the network's number type (<see cref="Real.Lanes"/>): 4 or 8.</param>
        public KernelLayout(NetworkLayout layout, int lanes)
        {
            Lanes = lanes;
            int layers = layout.LayerCount;
            Stride = new int[layers];
            WeightOffset = new int[layers];
            BiasOffset = new int[layers];
            Out = new int[layers];
            Net = new int[layers];
            Delta = new int[layers];

            int next = 0;
            for (int l = 1; l < layers; l++)
            {
                Stride[l] = Pad(layout.Sizes[l - 1]);
                WeightOffset[l] = next;
                for (int j = 0; j < layout.Sizes[l]; j++)
                {
                    for (int k = 0; k < layout.Sizes[l - 1]; k++)
                    {
                        _index[layout.Weight(l, j, k)] = next + (j * Stride[l]) + k;
                    }
                }

                next += layout.Sizes[l] * Stride[l];
            }

            WeightStorage = next;
            for (int l = 1; l < layers; l++)
            {
                BiasOffset[l] = next;
                for (int j = 0; j < layout.Sizes[l]; j++)
                {
                    if (layout.Bias(l, j) is string bias && !_index.ContainsKey(bias))
                    {
                        _index[bias] = next++;
                    }
                }
            }

            ParameterStorage = System.Math.Max(Pad(next), lanes);

            next = 0;
            for (int l = 0; l < layers; l++)
            {
                if (l > 0)
                {
                    Net[l] = next;
                    next += Pad(layout.Sizes[l]);
                }

                Out[l] = next;
                next += Pad(layout.Sizes[l]);
            }

            Targets = next;
            PassStorage = next + Pad(layout.OutputCount);

            next = 0;
            for (int l = 1; l < layers; l++)
            {
                Delta[l] = next;
                next += Pad(layout.Sizes[l]);
            }

            DeltaStorage = next;
        }

        /// <summary>The values in a <c>Vector256</c>: 4 doubles or 8 floats.</summary>
        public int Lanes { get; }

        /// <summary><paramref name="count"/> rounded up to a multiple of <see cref="Lanes"/>.</summary>
        public int Pad(int count) => (count + Lanes - 1) / Lanes * Lanes;

        /// <summary>Per layer l ≥ 1: the length of a row of weights into one of its neurons (the layer below's size, padded).</summary>
        public int[] Stride { get; }

        /// <summary>Per layer l ≥ 1: where its rows of weights start; row j (into neuron j) at WeightOffset + j·Stride.</summary>
        public int[] WeightOffset { get; }

        /// <summary>Per layer l ≥ 1: where its biases start (one when shared, one per neuron, or none).</summary>
        public int[] BiasOffset { get; }

        /// <summary>The weights' part of the parameter storage; the biases follow it.</summary>
        public int WeightStorage { get; }

        public int ParameterStorage { get; }

        /// <summary>Per layer: where its outputs start in the pass (layer 0: the inputs).</summary>
        public int[] Out { get; }

        /// <summary>Per layer l ≥ 1: where its net inputs start in the pass.</summary>
        public int[] Net { get; }

        /// <summary>Where the targets start in the pass.</summary>
        public int Targets { get; }

        public int PassStorage { get; }

        /// <summary>Per layer l ≥ 1: where its deltas start (and, while they are summed, ∂E_total/∂out of its neurons).</summary>
        public int[] Delta { get; }

        public int DeltaStorage { get; }

        /// <summary>The storage index of a weight or bias (the same in the parameters and the gradients).</summary>
        public int IndexOf(string parameter) => _index[parameter];
    }
}
