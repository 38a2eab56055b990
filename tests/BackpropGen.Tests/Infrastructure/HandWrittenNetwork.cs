using System;
using System.IO;

namespace BackpropGen.Tests.Infrastructure
{
    /// <summary>
    /// The base of the tests' hand-written <see cref="INetwork"/> fakes: the members that every such fake has its own way
    /// of doing are abstract; the ones no fake needs (a training loop or a file writer calls only the others) throw.
    /// </summary>
    public abstract class HandWrittenNetwork : INetwork
    {
        public abstract NetworkDescription Description { get; }

        public double LearningRate { get; set; } = 0.5;

        public abstract void Forward(ReadOnlySpan<double> inputs, Span<double> outputs);

        public abstract double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets);

        public abstract void CopyParametersTo(Span<double> destination);

        public abstract void SetParameters(ReadOnlySpan<double> source);

        public abstract void CopyGradientsTo(Span<double> destination);

        public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs) => throw new NotSupportedException();

        public double TrainOnline(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int epochs = 1) => throw new NotSupportedException();

        public virtual double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets) => throw new NotSupportedException();

        public void ApplyGradients() => throw new NotSupportedException();

        public void InitializeParameters(int seed) => throw new NotSupportedException();

        public void InitializeParameters(Random random) => throw new NotSupportedException();

        public void Save(Stream stream) => throw new NotSupportedException();

        public void Load(Stream stream) => throw new NotSupportedException();

        public double Explain(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, TextWriter writer) => throw new NotSupportedException();

        public string ToMermaid() => BackpropGen.Runtime.Mermaid.Flowchart(this);
    }
}
