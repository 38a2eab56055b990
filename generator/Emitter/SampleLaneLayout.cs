namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Where a vectorised network's mini-batch kernel (eight samples along the lanes, <see cref="SampleLanesEmitter"/>)
    /// keeps a chunk's values, as offsets into its storage. A layer's values "along the lanes" lie at [neuron·8 + sample],
    /// its neurons padded to a multiple of 4 (the padding stays 0); "in rows" at [sample·stride + neuron], with the stride
    /// of a row of weights into the layer above, so that a gradient's sum reads the inputs of its row's weights in order.
    /// </summary>
    internal sealed class SampleLaneLayout
    {
        public const int Samples = SampleLanesEmitter.Samples;

        public SampleLaneLayout(NetworkLayout layout, KernelLayout kernels)
        {
            int layers = layout.LayerCount;
            Rows = new int[layers];
            Lanes = new int[layers];
            Net = new int[layers];
            Delta = new int[layers];
            int next = 0;
            int Take(int values)
            {
                int at = next;
                next += values;
                return at;
            }

            Rows[0] = Take(Samples * kernels.Stride[1]);
            Lanes[0] = Take(kernels.Stride[1] * Samples);
            for (int l = 1; l < layers; l++)
            {
                int padded = kernels.Pad(layout.Sizes[l]);
                Net[l] = Take(padded * Samples);
                Lanes[l] = Take(padded * Samples);
                Delta[l] = Take(padded * Samples);
                Rows[l] = l < layers - 1 ? Take(Samples * padded) : -1;
            }

            Targets = Take(kernels.Pad(layout.OutputCount) * Samples);
            Softmax = Take(4 * 4);
            Storage = next;
        }

        /// <summary>Per layer but the last: its outputs in rows (layer 0: the inputs), each row as long as a row of weights into the layer above.</summary>
        public int[] Rows { get; }

        /// <summary>Per layer: its outputs along the lanes (layer 0: the inputs).</summary>
        public int[] Lanes { get; }

        /// <summary>Per layer l ≥ 1: its net inputs along the lanes.</summary>
        public int[] Net { get; }

        /// <summary>Per layer l ≥ 1: ∂E_total/∂out of its neurons, then in place their deltas, along the lanes.</summary>
        public int[] Delta { get; }

        /// <summary>The targets along the lanes.</summary>
        public int Targets { get; }

        /// <summary>A softmax output's largest net input and ln Σ e^(net - max) of each sample: two vectors each.</summary>
        public int Softmax { get; }

        /// <summary>The storage's length in doubles (a multiple of 4).</summary>
        public int Storage { get; }
    }
}
