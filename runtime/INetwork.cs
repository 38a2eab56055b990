using System;

namespace BackpropGen
{
    /// <summary>
    /// What every generated network offers to code that works with any network: its description, the forward pass and
    /// the mini-batch training step over spans, and its parameters and gradients in parameter order. The generator
    /// implements it on each <see cref="NetworkAttribute"/> class whose project has <c>System.Span&lt;T&gt;</c>; the
    /// interop extension methods (safetensors, ONNX) and training loops are written against it.
    /// </summary>
    public interface INetwork
    {
        /// <summary>The network's shape, activations, loss, bias mode and parameter order.</summary>
        NetworkDescription Description { get; }

        /// <summary>The learning rate η of each training step: finite and greater than 0.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value set is NaN, infinite, 0 or negative.</exception>
        double LearningRate { get; set; }

        /// <summary>The forward pass of one sample.</summary>
        /// <param name="inputs">Exactly <see cref="NetworkDescription.InputCount"/> values.</param>
        /// <param name="outputs">Exactly <see cref="NetworkDescription.OutputCount"/> values, overwritten.</param>
        /// <exception cref="ArgumentException">A span's length is not what the network needs.</exception>
        void Forward(ReadOnlySpan<double> inputs, Span<double> outputs);

        /// <summary>One training step on a mini-batch: the samples' averaged gradients, one update.</summary>
        /// <param name="inputs">One or more rows of <see cref="NetworkDescription.InputCount"/> values.</param>
        /// <param name="targets">As many rows of <see cref="NetworkDescription.OutputCount"/> values.</param>
        /// <returns>The mean total error of the samples before the update.</returns>
        /// <exception cref="ArgumentException">The spans do not hold the same whole number (at least one) of samples.</exception>
        double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        /// <summary>Copies every parameter, in parameter order (see <see cref="NetworkDescription"/>).</summary>
        /// <param name="destination">Exactly <see cref="NetworkDescription.ParameterCount"/> values.</param>
        /// <exception cref="ArgumentException">The span's length is not the parameter count.</exception>
        void CopyParametersTo(Span<double> destination);

        /// <summary>Sets every parameter, in parameter order (see <see cref="NetworkDescription"/>).</summary>
        /// <param name="source">Exactly <see cref="NetworkDescription.ParameterCount"/> values.</param>
        /// <exception cref="ArgumentException">The span's length is not the parameter count.</exception>
        void SetParameters(ReadOnlySpan<double> source);

        /// <summary>Copies the gradients of the last backward pass or training step, in parameter order.</summary>
        /// <param name="destination">Exactly <see cref="NetworkDescription.ParameterCount"/> values.</param>
        /// <exception cref="ArgumentException">The span's length is not the parameter count.</exception>
        void CopyGradientsTo(Span<double> destination);
    }
}
