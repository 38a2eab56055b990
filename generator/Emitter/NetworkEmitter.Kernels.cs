using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The vectorised code shape (CodeShape.Vectorized): every parameter in one [InlineArray] storage with rows padded to
    // a whole Vector256 (four doubles, or eight floats under Precision.Single), Vector256 dot products across each neuron's
    // inputs, a loop across the neurons, the backward pass fused per row (the gradients, the update and Σδ·w for the layer
    // below in one pass). Sizes and trip counts are constants; the lanes per vector come from _real.
    internal sealed partial class NetworkEmitter
    {
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string CreateSpan = "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan";
        private const string ParameterStorageType = "KernelParameters";
        private const string PassStorageType = "KernelPass";
        private const string DeltaStorageType = "KernelDeltas";
        private const string ParametersField = "_parameters";
        private const string GradientsField = "_gradients";
        private const string PassField = "_pass";
        private const string DeltasField = "_deltas";
        private const string FactoredField = "_gradientsFactored";

        private const string OfPassField = "_gradientsOfPass";
        private const string PairPassField = "_pass2";
        private const string PairDeltasField = "_deltas2";

        private const string PendingField = "_updatePending";
        private const string PendingStorageType = "KernelPendingUpdate";
        private const string PendingStorage = "_pendingUpdate";

        /// <summary>
        /// The widest layer (in vectors, whatever their lanes) whose Σ δ·w the backward pass sums in registers rather than in
        /// storage, and whose inputs the forward pass loads into registers once for the whole layer.
        /// </summary>
        private const int MaxVectorsInRegisters = 4;

        /// <summary>The storage layout of the vectorised shape, or null when the network is unrolled.</summary>
        private readonly KernelLayout? _kernels;

        /// <summary>Whether the network is generated in the vectorised shape (<see cref="ShapeChoice.Resolve"/>).</summary>
        private bool IsVectorized => _kernels is not null;

        private KernelLayout Kernels => _kernels ?? throw new System.InvalidOperationException("The network is not vectorised.");

        /// <summary>Where the value of a parameter lives: its backing field (<c>_w5</c>), or its slot in the vectorised storage (<c>_parameters[4]</c>).</summary>
        private string ParameterField(string parameter) =>
            _kernels is null ? Naming.Field(parameter) : $"{ParametersField}[{Count(_kernels.IndexOf(parameter))}]";

        /// <summary>Where the gradient of a parameter lives: <c>_dE_total_dw5</c>, or <c>_gradients[4]</c>.</summary>
        private string GradientField(string parameter) =>
            _kernels is null ? Naming.Field(Naming.Gradient(parameter)) : $"{GradientsField}[{Count(_kernels.IndexOf(parameter))}]";

        private static string Load(string origin, string offset) => $"{CSharpRenderer.Vector}.LoadUnsafe(ref {origin}, (nuint)({offset}))";

        private static string Store(string value, string origin, string offset) => $"{CSharpRenderer.Vector}.StoreUnsafe({value}, ref {origin}, (nuint)({offset}));";

        private static string At(string origin, string offset) => $"{Unsafe}.Add(ref {origin}, {offset})";

        /// <summary>
        /// a·b + c over vectors, rounded once: <c>Vector256.FusedMultiplyAdd</c>, one instruction on every CPU with AVX2 and
        /// FMA3. The JIT does not fuse a multiply and an add written apart, so every kernel writes its sums of products and
        /// its updates this way; the scalar updates beside them use <see cref="ScalarMulAdd"/>, so that a step fused in
        /// TrainKernel and the same step as BackwardKernel and ApplyGradients round alike.
        /// </summary>
        private static string MulAdd(string a, string b, string c) => $"{CSharpRenderer.Vector}.FusedMultiplyAdd({a}, {b}, {c})";

        /// <summary>a·b + c over scalars, rounded once (<c>Math.FusedMultiplyAdd</c>, or <c>MathF</c>'s for float).</summary>
        private string ScalarMulAdd(string a, string b, string c) => $"{_real.Math}.FusedMultiplyAdd({a}, {b}, {c})";

        private static string Plus(string name, int offset) => offset == 0 ? name : $"{name} + {Count(offset)}";

        private string StorageRef(string type, string field) => $"{Unsafe}.As<{type}, {T}>(ref {field})";


        /// <summary>A lane of a lane mask: all bits set (<c>-1L</c>, <c>-1</c>) when used, else <c>0L</c> or <c>0</c>.</summary>
        private string LaneMaskLane(bool used) => (used ? "-1" : "0") + _real.LaneMaskSuffix;

        /// <summary>The mask of the first <paramref name="used"/> lanes, reinterpreted as a vector of the network's number type.</summary>
        private string UsedLanes(int used) =>
            $"{CSharpRenderer.Vector}.{_real.VectorAs}({CSharpRenderer.Vector}.Create({string.Join(", ", Enumerable.Range(0, _real.Lanes).Select(i => LaneMaskLane(i < used)))}))";

        private void WriteRefs(bool parameters = false, bool gradients = false, bool pass = false, bool deltas = false, bool pair = false)
        {
            if (parameters)
            {
                _w.Line($"ref {T} p = ref {StorageRef(ParameterStorageType, ParametersField)};");
            }

            if (gradients)
            {
                _w.Line($"ref {T} g = ref {StorageRef(ParameterStorageType, GradientsField)};");
            }

            if (pass)
            {
                _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PassField)};");
            }

            if (deltas)
            {
                _w.Line($"ref {T} d = ref {StorageRef(DeltaStorageType, DeltasField)};");
            }

            if (pair)
            {
                _w.Line($"ref {T} a2 = ref {StorageRef(PassStorageType, PairPassField)};");
                _w.Line($"ref {T} d2 = ref {StorageRef(DeltaStorageType, PairDeltasField)};");
            }
        }

        // ---- Storage ----

        private const string BlockType = "KernelBlock";
        private const string BlockField = "_block";

        /// <summary>The storages in the block, in its order: the type, the name the kernels use, what it holds.</summary>
        private IEnumerable<(string Type, string Name)> BlockMembers()
        {
            // The lanes first, at the block's 64-byte boundary, for the 512-bit loads of the mini-batch kernels; their length is
            // a multiple of 64 bytes, so every storage after them lies where it would without them
            if (UsesSampleLanes)
            {
                yield return (LanesStorageType, LanesField);
            }

            yield return (ParameterStorageType, ParametersField);
            yield return (ParameterStorageType, GradientsField);
            yield return (PassStorageType, PassField);
            yield return (DeltaStorageType, DeltasField);
            yield return (PassStorageType, PairPassField);
            yield return (DeltaStorageType, PairDeltasField);
            if (DefersFirstLayer)
            {
                yield return (PendingStorageType, PendingStorage);
            }

            if (HasOptimizerState)
            {
                foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
                {
                    yield return (ParameterStorageType, StateStorage(state));
                }
            }
        }

        /// <summary>The name of a storage's field in the block: <c>_parameters</c> is <c>Parameters</c>.</summary>
        private static string BlockMember(string name) => Capitalize(name.Substring(1));

        /// <summary><c>private ref KernelParameters _parameters => ref Block.Parameters;</c>: a storage by the name the kernels use.</summary>
        private void WriteBlockMember(string type, string name) =>
            _w.Line($"private ref {type} {name} => ref Block.{BlockMember(name)};");

        private void WriteKernelFields()
        {
            _w.Line();
            _w.Line("// Every storage of the kernels in one block (KernelBlock), in an array of its own on the pinned object heap, from a");
            _w.Line("// 64-byte boundary of it: no vector load or store straddles two cache lines, and the block never moves");
            _w.Line($"private readonly (byte[] Bytes, int Start) {BlockField} = AllocateBlock();");
            _w.Line();
            _w.Line($"private ref {BlockType} Block => ref {Unsafe}.As<byte, {BlockType}>(ref {Unsafe}.Add(ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({BlockField}.Bytes), {BlockField}.Start));");
            _w.Line();
            _w.Line($"// Every parameter in one storage: layer by layer, one row of weights per neuron (w of the neuron's inputs in order,");
            _w.Line($"// padded with zeros to a multiple of {Count(_real.Lanes)}), then the biases; the gradients in the same layout");
            WriteBlockMember(ParameterStorageType, ParametersField);
            WriteBlockMember(ParameterStorageType, GradientsField);
            _w.Line();
            _w.Line("// The pass: each layer's net inputs and outputs (the inputs first), then the targets; and the deltas of each layer");
            WriteBlockMember(PassStorageType, PassField);
            WriteBlockMember(DeltaStorageType, DeltasField);
            _w.Line();
            _w.Line(UsesSampleLanes
                ? "// The rest of a mini-batch is taken two samples at a time (ForwardBatch's and Evaluate's one at a time): the second one's pass and deltas"
                : "// A mini-batch's samples are taken two at a time (ForwardBatch's and Evaluate's one at a time): the second one's pass and deltas");
            WriteBlockMember(PassStorageType, PairPassField);
            WriteBlockMember(DeltaStorageType, PairDeltasField);
            if (UsesSampleLanes)
            {
                _w.Line();
                _w.Line("// A mini-batch's samples eight at a time along the lanes (LanesKernel): their inputs, passes, deltas and targets");
                WriteBlockMember(LanesStorageType, LanesField);
            }
            _w.Line();
            _w.Line("// True after Train: the weights' gradients are kept factored, ∂E_total/∂w = δ (in _deltas) · out (in _pass), not stored;");
            _w.Line("// the first read (a gradient, CopyGradientsTo, ApplyGradients) or the next Forward writes them into _gradients");
            _w.Line($"private bool {FactoredField};");
            if (HasOfPassFlag)
            {
                _w.Line();
                _w.Line("// True after Backward or Train until the pass changes: the weights' gradients are δ·out of _deltas and _pass, and");
                _w.Line("// ApplyGradients updates from those factors as Train does, w⁺ = w + (-η·δ)·out, one fused multiply-add a vector");
                _w.Line($"private bool {OfPassField};");
            }

            if (DefersFirstLayer)
            {
                _w.Line();
                _w.Line("// True after Train until the next forward pass: the first layer's weights still wait for the step's update,");
                _w.Line("// w⁺ = w + (-η·δ)·out, whose factors _pendingUpdate keeps. The next forward pass applies it as it reads them; any other");
                _w.Line("// reader of the parameters applies it first (ApplyPendingUpdate)");
                WriteBlockMember(PendingStorageType, PendingStorage);
                _w.Line($"private bool {PendingField};");
            }
        }

        /// <summary>
        /// Whether the network has <see cref="OfPassField"/>: every vectorised network trained by plain SGD (with an
        /// optimizer, ApplyGradients is the optimizer's update of the stored gradients, in Train as well).
        /// </summary>
        private bool HasOfPassFlag => IsVectorized && !HasOptimizer;

        /// <summary>
        /// Whether Train leaves the first layer's weight update pending (<see cref="PendingField"/>), for the next forward
        /// pass to apply as it reads those weights: each weight vector of that layer is then loaded and stored once a step
        /// for both, where an update in the backward pass loads it a second time. The first layer's weights are the only
        /// ones the backward pass does not read (there is no Σ δ·w below them). Chosen for a double network trained by
        /// plain SGD whose first layer's rows are wide (more than <see cref="MaxVectorsInRegisters"/> vectors), where it was
        /// measured (the size sweep's 64-64-10, whose first layer holds 4,096 of its 4,736 weights: docs/benchmarks.md);
        /// float networks and narrow first layers keep the update in the backward pass. Every other reader of the
        /// parameters applies the update first (<see cref="ApplyPendingIfAny"/>), and a writer of every parameter drops it.
        /// </summary>
        private bool DefersFirstLayer => HasOfPassFlag && _real.Lanes == 4 && Kernels.Stride[1] / _real.Lanes > MaxVectorsInRegisters;

        /// <summary>The statement that applies Train's pending update of the first layer's weights, if one is pending.</summary>
        private string ApplyPendingIfAny => $"if ({PendingField}) ApplyPendingUpdate();";

        /// <summary>Where the pending update's factors lie in its storage: the step's inputs (out of the input layer), then -η·δ of each first-layer neuron.</summary>
        private int PendingFactorsOffset => Kernels.Stride[1];

        /// <summary>The statement that marks the gradients as (<paramref name="value"/>) or not the factors' in the pass, where the network has the flag.</summary>
        private void WriteOfPass(bool value, string? comment = null)
        {
            if (!HasOfPassFlag)
            {
                return;
            }

            string line = $"{OfPassField} = {(value ? "true" : "false")};";
            _w.Line(comment is null ? line : line + " // " + comment);
        }

        /// <summary>The block of the kernels' storages, zeroed (or holding the baked-in parameters), at a 64-byte boundary of a pinned array.</summary>
        private void WriteAllocateBlock()
        {
            _w.Line();
            Summary($"Allocates the zeroed {BlockType}{(IsBaked ? " (with the baked-in parameters)" : string.Empty)} on the pinned object heap, and finds its first 64-byte boundary.");
            using (_w.Block($"private static (byte[] Bytes, int Start) AllocateBlock()"))
            {
                _w.Line($"byte[] bytes = global::System.GC.AllocateArray<byte>({Unsafe}.SizeOf<{BlockType}>() + 63, pinned: true);");
                _w.Line("long address = (long)global::System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(bytes, 0);");
                _w.Line("int start = (int)(-address & 63);");
                if (IsBaked)
                {
                    _w.Line($"{Unsafe}.As<byte, {BlockType}>(ref bytes[start]).{BlockMember(ParametersField)} = BakedParameters();");
                }

                _w.Line("return (bytes, start);");
            }
        }

        /// <summary>The statement that writes the weights' gradients from their factors if a Train left them factored.</summary>
        private string MaterializeIfFactored => $"if ({FactoredField}) MaterializeGradients();";

        private void WriteKernelStorageTypes()
        {
            KernelLayout k = Kernels;
            void Storage(string name, int length, string doc)
            {
                _w.Line();
                Summary(doc);
                _w.Line($"[global::System.Runtime.CompilerServices.InlineArray({Count(length)})]");
                using (_w.Block($"private struct {name}"))
                {
                    _w.Line($"private {T} _element0;");
                }
            }

            string lanes = Count(_real.Lanes);
            Storage(ParameterStorageType, k.ParameterStorage, $"{Count(k.ParameterStorage)} {T}s: the weights ({Count(k.WeightStorage)} with the rows' padding), the biases, padding to a multiple of {lanes}.");
            Storage(PassStorageType, k.PassStorage, $"{Count(k.PassStorage)} {T}s: the inputs, each layer's net inputs and outputs, the targets, each padded to a multiple of {lanes}.");
            Storage(DeltaStorageType, System.Math.Max(k.DeltaStorage, _real.Lanes), $"{Count(k.DeltaStorage)} {T}s: each layer's deltas, padded to a multiple of {lanes}.");
            if (UsesSampleLanes)
            {
                Storage(LanesStorageType, SampleLanes.Storage, $"{Count(SampleLanes.Storage)} {T}s: a mini-batch's eight samples along the lanes (LanesKernel): the inputs in rows and along the lanes, each layer's net inputs and outputs along the lanes (a hidden layer's outputs in rows too), the deltas, the targets.");
            }

            if (DefersFirstLayer)
            {
                Storage(PendingStorageType, PendingFactorsOffset + k.Pad(_layout.Sizes[1]), $"{Count(PendingFactorsOffset + k.Pad(_layout.Sizes[1]))} {T}s: the factors of Train's pending update of the first layer's weights, the step's inputs (padded to {Count(PendingFactorsOffset)}), then -η·δ of each neuron of the {_layout.LayerTitle(1)}.");
            }

            _w.Line();
            Summary($"Every storage of the kernels, one after another; each a whole number of Vector256 long, so that each starts at a 32-byte boundary when the block does (see AllocateBlock).");
            using (_w.Block($"private struct {BlockType}"))
            {
                foreach ((string type, string name) in BlockMembers())
                {
                    _w.Line($"public {type} {BlockMember(name)};");
                }
            }

            WriteAllocateBlock();
        }

        // ---- The parameters in parameter order, by loops over the storage ----

        /// <summary>
        /// Writes <paramref name="statement"/> (with <c>{0}</c> the storage slot, <c>storage[index]</c>) for every parameter in
        /// parameter order: the weights row by row (skipping each row's padding), then the biases, which lie in that order.
        /// </summary>
        private void WriteParameterOrderLoop(string storage, string statement)
        {
            _w.Line("int i = 0;");
            for (int l = 1; l < _layout.LayerCount; l++)
            {
                WriteLayerWeightsLoop(l, statement, storage);
            }

            if (_layout.Biases.Count > 0)
            {
                WriteBiasesLoop(storage, statement);
            }
        }

        /// <summary>Writes <paramref name="statement"/> for every bias, in parameter order (the order they lie in after the weights).</summary>
        private void WriteBiasesLoop(string storage, string statement)
        {
            using (_w.Block($"for (int b = 0; b < {Count(_layout.Biases.Count)}; b++)"))
            {
                _w.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, $"{storage}[{Count(Kernels.WeightStorage)} + b]"));
            }
        }

        /// <summary>Writes <paramref name="statement"/> for each weight into layer l in the article's numbering (for each neuron, for each input).</summary>
        private void WriteLayerWeightsLoop(int layer, string statement, string storage = ParametersField)
        {
            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j++)"))
            {
                using (_w.Block($"for (int k = 0; k < {Count(_layout.Sizes[layer - 1])}; k++)"))
                {
                    _w.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, $"{storage}[{Count(Kernels.WeightOffset[layer])} + j * {Count(Kernels.Stride[layer])} + k]"));
                }
            }
        }

        /// <summary>
        /// Whether the vectorised shape has the helper that copies a storage in parameter order into doubles: for the
        /// Symbols table, and for CopyParametersTo and CopyGradientsTo of a double network.
        /// </summary>
        private bool HasCopyInParameterOrder => IsVectorized && (HasSymbolsTable || !_real.IsSingle);

        /// <summary>
        /// A storage's values in parameter order (the weights row by row, skipping the padding, then the biases), as many as
        /// the destination takes, widened to double.
        /// </summary>
        private void WriteCopyInParameterOrder()
        {
            _w.Line();
            Summary("Copies a storage's values in parameter order (the weights row by row, then the biases), as many as <paramref name=\"destination\"/> takes, into it.");
            GeneratedCode();
            using (_w.Block($"private static void CopyInParameterOrder(ref {ParameterStorageType} storage, global::System.Span<double> destination)"))
            {
                _w.Line("int i = 0;");
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    WriteLayerWeightsLoop(l, "destination[i++] = {0};", "storage");
                }

                if (_layout.Biases.Count > 0)
                {
                    _w.Line("if (i == destination.Length) return; // the weights alone");
                    WriteBiasesLoop("storage", "destination[i++] = {0};");
                }
            }
        }
    }
}
