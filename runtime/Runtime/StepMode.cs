using System.ComponentModel;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// What a generated network's shared step does besides computing the error and the gradients: whether it writes the
    /// update back, and whether it records every symbol's value. The step is a generic method over a struct that
    /// implements this interface; the JIT compiles it once per struct, with these properties as constants, so each
    /// compiled copy holds only the code its mode runs. For generated code, not meant to be used directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IStepMode
    {
        /// <summary>Whether the step goes past the forward pass to the error (all but <see cref="StepMode.Forward"/>).</summary>
        bool TakesError { get; }

        /// <summary>Whether the step goes past the error: the backward pass and the gradients (all but <see cref="StepMode.Forward"/> and <see cref="StepMode.Error"/>).</summary>
        bool Differentiates { get; }

        /// <summary>Whether the step writes its update back (Train) or leaves every parameter as it was (Backward).</summary>
        bool Updates { get; }

        /// <summary>Whether the step writes the value of every symbol into the array it is given (the Train that fills Symbols).</summary>
        bool Records { get; }
    }

    /// <summary>The modes of a generated network's shared step. For generated code, not meant to be used directly.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class StepMode
    {
        /// <summary>A training step: the gradients, then the update written back (<c>Train</c>).</summary>
        public struct Train : IStepMode
        {
            /// <inheritdoc/>
            public bool TakesError => true;

            /// <inheritdoc/>
            public bool Differentiates => true;

            /// <inheritdoc/>
            public bool Updates => true;

            /// <inheritdoc/>
            public bool Records => false;
        }

        /// <summary>The gradients alone, every parameter left as it was (<c>Backward</c>, the mini-batch's samples).</summary>
        public struct Gradients : IStepMode
        {
            /// <inheritdoc/>
            public bool TakesError => true;

            /// <inheritdoc/>
            public bool Differentiates => true;

            /// <inheritdoc/>
            public bool Updates => false;

            /// <inheritdoc/>
            public bool Records => false;
        }

        /// <summary>The forward pass alone (<c>ForwardBatch</c>).</summary>
        public struct Forward : IStepMode
        {
            /// <inheritdoc/>
            public bool TakesError => false;

            /// <inheritdoc/>
            public bool Differentiates => false;

            /// <inheritdoc/>
            public bool Updates => false;

            /// <inheritdoc/>
            public bool Records => false;
        }

        /// <summary>The forward pass and the error alone, nothing written (<c>Loss</c>).</summary>
        public struct Error : IStepMode
        {
            /// <inheritdoc/>
            public bool TakesError => true;

            /// <inheritdoc/>
            public bool Differentiates => false;

            /// <inheritdoc/>
            public bool Updates => false;

            /// <inheritdoc/>
            public bool Records => false;
        }

        /// <summary>A training step that also records every symbol's value (<c>Train(..., Symbols)</c>).</summary>
        public struct Recorded : IStepMode
        {
            /// <inheritdoc/>
            public bool TakesError => true;

            /// <inheritdoc/>
            public bool Differentiates => true;

            /// <inheritdoc/>
            public bool Updates => true;

            /// <inheritdoc/>
            public bool Records => true;
        }
    }
}
