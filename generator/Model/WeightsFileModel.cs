using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model
{
    // The weights file a declaration names, as plain data: what the baking step reads and reports on (BakedWeights.cs holds
    // what it produces, which the runtime's copy of the model compiles too).

    /// <summary>
    /// A declaration's <c>Weights = "..."</c>: the file it names, and where to report a problem with it (a diagnostic whose
    /// id and arguments are filled in by the baking step).
    /// </summary>
    internal sealed record WeightsRequest(string File, DiagnosticInfo Site);

    /// <summary>One tensor of a weights file: its key as written, its shape, and its values in row-major order.</summary>
    internal sealed record WeightTensor(string Key, EquatableArray<int> Shape, EquatableArray<double> Values)
    {
        public bool Equals(WeightTensor? other) =>
            other is not null && Key == other.Key && Shape.Equals(other.Shape) && Doubles.BitEqual(Values, other.Values);

        public override int GetHashCode() => (Key.GetHashCode() * 31) + Values.Count;

        /// <summary>The shape as PyTorch prints it: <c>[2, 2]</c>.</summary>
        public string ShapeText => "[" + string.Join(", ", Shape) + "]";
    }

    /// <summary>
    /// A weights file among the AdditionalFiles, read into plain data: its path, and either its tensors (in the file's
    /// order) and <c>__metadata__</c> entries, or why it could not be read (<paramref name="Error"/>, with where).
    /// </summary>
    internal sealed record WeightsFile(
        string Path,
        EquatableArray<WeightTensor> Tensors,
        EquatableArray<MetadataEntry> Metadata,
        string? Error);

    /// <summary>One entry of a weights file's <c>__metadata__</c> object.</summary>
    internal sealed record MetadataEntry(string Key, string Value);
}
