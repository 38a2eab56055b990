namespace BackpropGen
{
    /// <summary>When a training step updates the weights of each layer.</summary>
    public enum UpdateRule
    {
        /// <summary>
        /// Every gradient of a step is computed from the weights as they were before the step, then all weights are
        /// updated together. This is what the article's text prescribes, and ordinary gradient descent.
        /// </summary>
        Simultaneous = 0,

        /// <summary>
        /// Each layer's weights are updated before the error is back-propagated to the layer below, so the lower layers
        /// see the new weights. The article's final figures (0.291027924 after one step, 0.000035085 after 10,000) were
        /// computed this way, unlike its own text. Online training: a mini-batch of more than one sample throws
        /// <see cref="System.NotSupportedException"/> (except in a network without hidden layers, where both rules are the same).
        /// </summary>
        OutputLayerFirst = 1,
    }
}
