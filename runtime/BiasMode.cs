namespace BackpropGen
{
    /// <summary>How the biases of a <see cref="NetworkAttribute"/> network are laid out.</summary>
    public enum BiasMode
    {
        /// <summary>One bias shared by every neuron of a layer, as in the article (<c>b1</c> for the hidden layer, <c>b2</c> for the output layer).</summary>
        SharedPerLayer = 0,

        /// <summary>One bias per neuron (<c>b_h1</c>, <c>b_h2</c>, ..., <c>b_o1</c>, ...).</summary>
        PerNeuron = 1,

        /// <summary>No biases.</summary>
        None = 2,
    }
}
