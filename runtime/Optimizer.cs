namespace BackpropGen
{
    /// <summary>
    /// How a training step turns the gradients into new parameters. Each follows PyTorch's optimizer of the same name, so
    /// that a recipe carries over: the same hyperparameters give the same trajectory.
    /// </summary>
    public enum Optimizer
    {
        /// <summary>
        /// Plain gradient descent, the article's: <c>w⁺ = w - η·∂E_total/∂w</c> (<c>torch.optim.SGD(lr)</c>). With
        /// <see cref="NetworkAttribute.WeightDecay"/> λ set, the gradient is <c>g = ∂E_total/∂w + λ·w</c>
        /// (<c>torch.optim.SGD(lr, weight_decay=λ)</c>).
        /// </summary>
        Sgd = 0,

        /// <summary>
        /// Gradient descent with momentum μ (<see cref="NetworkAttribute.Momentum"/>), as <c>torch.optim.SGD(lr, momentum=μ,
        /// dampening=0, nesterov=False, weight_decay=λ)</c>: <c>g = ∂E_total/∂w + λ·w</c>; the velocity is <c>g</c> on the
        /// first step and <c>μ·velocity + g</c> after it; <c>w⁺ = w - η·velocity⁺</c>.
        /// </summary>
        Momentum = 1,

        /// <summary>
        /// Adam (<see cref="NetworkAttribute.Beta1"/>, <see cref="NetworkAttribute.Beta2"/>, <see cref="NetworkAttribute.Epsilon"/>),
        /// as <c>torch.optim.Adam(lr, betas=(β1, β2), eps=ε)</c>, and with <see cref="NetworkAttribute.WeightDecay"/> λ above 0
        /// as <c>torch.optim.AdamW(..., weight_decay=λ)</c> (decoupled: <c>w·(1 - η·λ)</c> before the Adam step):
        /// <c>m⁺ = β1·m + (1 - β1)·g</c>, <c>v⁺ = β2·v + (1 - β2)·g²</c>, <c>m̂ = m⁺/(1 - β1ᵗ)</c>, <c>v̂ = v⁺/(1 - β2ᵗ)</c>,
        /// <c>w⁺ = w·(1 - η·λ) - η·m̂/(√v̂ + ε)</c>, with the step count <c>t</c> starting at 1.
        /// </summary>
        Adam = 2,
    }
}
