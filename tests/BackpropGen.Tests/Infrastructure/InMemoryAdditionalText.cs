using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Tests.Infrastructure
{
    /// <summary>
    /// An AdditionalFiles item for the generator driver: a path and its text, or no text (as the compiler gives for a file
    /// it cannot read as text, e.g. a binary file: error CS2015 and <c>GetText</c> null).
    /// </summary>
    public sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText? _text;

        public InMemoryAdditionalText(string path, string? text)
        {
            Path = path;
            _text = text is null ? null : SourceText.From(text, System.Text.Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
    }
}
