namespace BackpropGen
{
    /// <summary>The error function a <see cref="NetworkAttribute"/> network minimises.</summary>
    public enum Loss
    {
        /// <summary>The article's squared error, <c>E_total = Σ ½(target - out)²</c>.</summary>
        SquaredError = 0,

        /// <summary>
        /// Cross-entropy. With a <see cref="Activation.Softmax"/> output, <c>E_total = -Σ target·ln(out)</c> (targets
        /// form a probability distribution, e.g. one-hot); with a <see cref="Activation.Logistic"/> output, the binary
        /// cross-entropy of each output, <c>-[target·ln(out) + (1 - target)·ln(1 - out)]</c>, summed. Either way the
        /// output delta is the fused <c>out - target</c>.
        /// </summary>
        CrossEntropy = 1,
    }
}
