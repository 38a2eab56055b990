namespace BackpropGen
{
    /// <summary>The activation function of a layer of a <see cref="NetworkAttribute"/> network.</summary>
    public enum Activation
    {
        /// <summary>The logistic sigmoid, <c>out = 1 / (1 + e^-net)</c>, as in the article. Derivative <c>out(1 - out)</c>.</summary>
        Logistic = 0,

        /// <summary>The hyperbolic tangent, <c>out = tanh(net)</c>. Derivative <c>1 - out²</c>.</summary>
        Tanh = 1,

        /// <summary>The rectified linear unit, <c>out = max(0, net)</c>. Derivative 1 for <c>net &gt; 0</c>, else 0 (0 at 0).</summary>
        ReLU = 2,

        /// <summary>The leaky rectified linear unit, <c>out = net</c> for <c>net &gt; 0</c>, else <c>0.01·net</c>. Derivative 1 or 0.01.</summary>
        LeakyReLU = 3,

        /// <summary>The identity, <c>out = net</c>, for regression outputs. Derivative 1.</summary>
        Identity = 4,

        /// <summary>
        /// The softmax over the whole output layer, <c>out_k = e^net_k / Σ_j e^net_j</c>, computed without overflow.
        /// Output layer only; pair it with <see cref="Loss.CrossEntropy"/>.
        /// </summary>
        Softmax = 5,
    }
}
