using System;
using System.IO;

namespace BackpropGen
{
    /// <summary>
    /// What every generated network offers to code that works with any network: its description, the forward pass and
    /// the training steps over spans, its parameters and gradients in parameter order, their initialisation, the
    /// parameter file, and the walkthrough of a step. The generator implements it on each <see cref="NetworkAttribute"/>
    /// class whose project has <c>System.Span&lt;T&gt;</c>, and the class's own members take their documentation from
    /// here; the interop extension methods (safetensors, ONNX) and training loops are written against it.
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

        /// <summary>
        /// The forward pass of several samples, without the pass that <c>Backward</c> differentiates changing: four (or,
        /// in float, eight) at a time in the lanes of <c>Vector256</c> where the network has the vector step, through the
        /// vectorised kernel in that shape, one sample after another otherwise. In the lanes of <c>Vector256</c> the results
        /// agree with <c>Forward</c> closely but not bit for bit (<c>Vector256.Exp</c> is not <c>Math.Exp</c>; the tests
        /// allow 1e-12 relative in double); otherwise they are <c>Forward</c>'s.
        /// </summary>
        /// <param name="inputs">Rows of <see cref="NetworkDescription.InputCount"/> values, none or more.</param>
        /// <param name="outputs">As many rows of <see cref="NetworkDescription.OutputCount"/> values, overwritten.</param>
        /// <exception cref="ArgumentException">The spans do not hold the same whole number of samples.</exception>
        void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs);

        /// <summary>
        /// Online training (stochastic gradient descent): one training step per sample, in order, repeated for
        /// <paramref name="epochs"/> passes over the samples; the same as calling the one-sample <c>Train</c> for each
        /// sample in turn.
        /// </summary>
        /// <param name="inputs">One or more rows of <see cref="NetworkDescription.InputCount"/> values.</param>
        /// <param name="targets">As many rows of <see cref="NetworkDescription.OutputCount"/> values.</param>
        /// <param name="epochs">How many passes over the samples; at least 1.</param>
        /// <returns>The mean total error of the samples in the last pass, each before its own step.</returns>
        /// <exception cref="ArgumentException">The spans do not hold the same whole number (at least one) of samples.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is less than 1.</exception>
        double TrainOnline(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int epochs = 1);

        /// <summary>
        /// The mean total error E_total of the samples, as the training step computes it (a cross-entropy from the net
        /// inputs, so that it stays finite where an output rounds to 0 or 1), changing nothing: not the parameters, the
        /// gradients, the optimizer's state, nor the pass that the network's <c>Backward</c> differentiates. The loss
        /// that <see cref="Trainer"/> reports for validation data.
        /// </summary>
        /// <param name="inputs">One or more rows of <see cref="NetworkDescription.InputCount"/> values.</param>
        /// <param name="targets">As many rows of <see cref="NetworkDescription.OutputCount"/> values.</param>
        /// <returns>The mean of the samples' E_total.</returns>
        /// <exception cref="ArgumentException">The spans do not hold the same whole number (at least one) of samples.</exception>
        double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        /// <summary>
        /// The update w⁺ = w - η·∂E_total/∂w of every trained parameter (or the network's optimizer's step), from the
        /// gradients of the last backward pass. The next backward pass then needs a new forward pass.
        /// </summary>
        void ApplyGradients();

        /// <summary>
        /// Initialises the weights at random, deterministically for a seed (Xavier/Glorot uniform for logistic, tanh,
        /// identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0 (and resets an optimizer's
        /// state). The next backward pass then needs a new forward pass.
        /// </summary>
        /// <param name="seed">The seed of the <see cref="Random"/> that draws the weights.</param>
        void InitializeParameters(int seed);

        /// <summary>
        /// Initialises the weights with values drawn from <paramref name="random"/> (Xavier/Glorot uniform for logistic,
        /// tanh, identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0 (and resets an
        /// optimizer's state). The next backward pass then needs a new forward pass.
        /// </summary>
        /// <param name="random">The source of the random values.</param>
        /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
        void InitializeParameters(Random random);

        /// <summary>
        /// Writes the parameters to <paramref name="stream"/> in BackpropGen's parameter file format: "BPGN", the
        /// format version, the layer count and sizes, the bias mode and the parameter count as little-endian int32, the
        /// parameters in parameter order as little-endian IEEE 754 doubles, then a CRC-32 of all that (version 2). A
        /// network with an optimizer that keeps state writes version 4: after the parameters, the optimizer as int32, its
        /// step count as int64, the state's length as int32 and the state as doubles (Adam: m of every trained parameter,
        /// then v; momentum: the velocities), then the CRC-32. Values are written as they are: NaN and ±∞ too, and
        /// <see cref="Load"/> reads them back.
        /// </summary>
        /// <param name="stream">A writable stream.</param>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        void Save(Stream stream);

        /// <summary>
        /// Reads parameters written by <see cref="Save"/> (version 2, or 1 without a checksum; a network with optimizer
        /// state also reads version 4, and resets its optimizer's state for a file without it or of another optimizer).
        /// The file must describe a network of this shape and bias mode and pass its CRC-32 check; otherwise nothing
        /// changes and an exception says why. The next backward pass then needs a new forward pass.
        /// </summary>
        /// <param name="stream">A readable stream positioned at the start of a parameter file; left at its end.</param>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        /// <exception cref="InvalidDataException">The file is not a BackpropGen parameter file, is of another version or network, is truncated, or is corrupt (its checksum does not match).</exception>
        void Load(Stream stream);

        /// <summary>
        /// Performs one training step, exactly like the one-sample <c>Train</c>, and writes it to
        /// <paramref name="writer"/> as a Markdown walkthrough in the structure of Matt Mazur's article: the forward
        /// pass, the error, the backward pass, the update and the error after the step, each formula with its numbers
        /// substituted. Formulas are LaTeX between $$, numbers have 9 significant digits, in the invariant culture.
        /// </summary>
        /// <param name="inputs">Exactly <see cref="NetworkDescription.InputCount"/> values.</param>
        /// <param name="targets">Exactly <see cref="NetworkDescription.OutputCount"/> values.</param>
        /// <param name="writer">Receives the Markdown.</param>
        /// <returns>The total error of the forward pass (before the update).</returns>
        /// <exception cref="ArgumentException">A span's length is not what the network needs.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
        double Explain(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TextWriter writer);

        /// <summary>
        /// A Mermaid flowchart of the network, as in the article's figure: the neurons layer by layer, each connection
        /// labelled with its weight's name and current value, and the biases feeding their neurons.
        /// </summary>
        string ToMermaid();
    }
}
