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
            _w.Line("// A mini-batch's samples are taken two at a time (and ForwardBatch's one at a time): the second one's pass and deltas");
            WriteBlockMember(PassStorageType, PairPassField);
            WriteBlockMember(DeltaStorageType, PairDeltasField);
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

        // ---- The public methods, over the kernels ----

        private void WriteKernelInputs(System.Func<int, string> input, string pass = "a")
        {
            WritePacked(Enumerable.Range(0, _layout.InputCount).Select(i => $"{At(pass, Count(Kernels.Out[0] + i))} = {input(i)};"), string.Empty, " ", string.Empty);
        }

        private void WriteKernelTargets(System.Func<int, string> target, string pass = "a")
        {
            WritePacked(Enumerable.Range(0, _layout.OutputCount).Select(i => $"{At(pass, Count(Kernels.Targets + i))} = {target(i)};"), string.Empty, " ", string.Empty);
        }

        private void WriteForwardKernelCall(List<string> outputs)
        {
            _w.Line(MaterializeIfFactored, "the pass holds the factors of the gradients of the last Train");
            WriteOfPass(false, "the pass changes");
            WriteRefs(pass: true);
            WriteKernelInputs(i => _layout.Inputs[i]);
            _w.Line("ForwardKernel(ref a);");
            WritePacked(outputs.Select((o, j) => $"{o} = {At("a", Count(Kernels.Out[_layout.OutputLayer] + j))};"), string.Empty, " ", string.Empty);
            _w.Line($"{LastPassField}.HasValue = true;");
        }

        private void WriteBackwardKernelCall()
        {
            WriteRefs(pass: true);
            WriteKernelTargets(i => Targets.ElementAt(i));
            _w.Line($"{T} {Naming.TotalError} = ErrorKernel();");
            _w.Line("BackwardKernel();");
            _w.Line($"return {Naming.TotalError};");
        }

        private void WriteApplyGradientsKernel()
        {
            KernelLayout k = Kernels;
            if (DefersFirstLayer)
            {
                _w.Line(ApplyPendingIfAny, "the last Train's update first");
            }

            WriteRefs(parameters: true, gradients: true);
            _w.Line($"{T} eta = LearningRate;");
            _w.Line($"var minus_eta = {CSharpRenderer.Vector}.Create(-eta);");
            if (HasOfPassFlag)
            {
                using (_w.Block($"if ({OfPassField})"))
                {
                    WriteApplyFromFactors();
                }

                _w.Line("else");
            }

            using (_w.Block(string.Empty))
            {
                _w.Line(MaterializeIfFactored);
                _w.Line($"// w⁺ = w - η·∂E_total/∂w for every weight{(_model.TrainBiases ? " and bias" : string.Empty)}, from the stored gradients, {_real.LanesInWords} at a time (the padding's gradients are 0)");
                WriteUpdateFromGradients(0, _model.TrainBiases ? k.ParameterStorage : k.WeightStorage);
            }

            WriteForgetPass();
        }

        /// <summary>
        /// ApplyGradients' update from the factors of the gradients (δ in the deltas, out in the pass) where they are the
        /// last Backward's or Train's: w⁺ = w + (-η·δ)·out, rounded as TrainKernel rounds it; the biases from their stored gradients.
        /// </summary>
        private void WriteApplyFromFactors()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            WriteRefs(pass: true, deltas: true);
            _w.Line($"// w⁺ = w - η·∂E_total/∂w = w + (-η·δ)·out for every weight, from the factors, as Train updates, {_real.LanesInWords} at a time");
            for (int l = 1; l < _layout.LayerCount; l++)
            {
                using (_w.Block(string.Empty))
                {
                    _w.Line($"ref {T} x = ref {At("a", Count(k.Out[l - 1]))};");
                    using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[l])}; j++)"))
                    {
                        _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * {At("d", $"{Count(k.Delta[l])} + j")});");
                        _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[l])} + j * {Count(k.Stride[l])}")};");
                        using (_w.Block($"for (int i = 0; i < {Count(k.Stride[l])}; i += {Count(lanes)})"))
                        {
                            _w.Line(Store(MulAdd("minus_eta_delta", Load("x", "i"), Load("w", "i")), "w", "i"));
                        }
                    }
                }
            }

            if (_model.TrainBiases)
            {
                _w.Line($"// b⁺ = b - η·∂E_total/∂b for every bias, {_real.LanesInWords} at a time");
                WriteUpdateFromGradients(k.WeightStorage, k.ParameterStorage);
            }
        }

        /// <summary>p⁺ = p - η·g over the storage from <paramref name="start"/> to <paramref name="end"/>, a vector at a time.</summary>
        private void WriteUpdateFromGradients(int start, int end)
        {
            using (_w.Block($"for (int i = {Count(start)}; i < {Count(end)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line(Store(MulAdd(Load("g", "i"), "minus_eta", Load("p", "i")), "p", "i"));
            }
        }

        /// <summary>
        /// The body of the one-sample Train over the kernels: the sample into the pass, from the arguments (i1, ...,
        /// target_o1, ...) or, with <paramref name="fromSpans"/>, copied from the spans <c>inputs</c> and <c>targets</c>.
        /// </summary>
        private void WriteTrainKernelCall(bool fromSpans = false)
        {
            if (fromSpans)
            {
                // (in the mini-batch Train, whose refs are already declared)
                _w.Line($"inputs.CopyTo({CreateSpan}(ref {At("a", Count(Kernels.Out[0]))}, {Count(_layout.InputCount)}));");
                _w.Line($"targets.CopyTo({CreateSpan}(ref {At("a", Count(Kernels.Targets))}, {Count(_layout.OutputCount)}));");
            }
            else
            {
                WriteRefs(pass: true);
                WriteKernelInputs(i => _layout.Inputs[i]);
                WriteKernelTargets(i => Targets.ElementAt(i));
            }

            _w.Line("ForwardKernel(ref a);");
            _w.Line($"{T} {Naming.TotalError} = ErrorKernel();");
            WriteKernelUpdate("LearningRate");
            WriteForgetPass();
            _w.Line($"return {Naming.TotalError};");
        }

        /// <summary>The sample's row of inputs and targets, into the pass.</summary>
        private void WriteKernelSample(string sample = "sample", string pass = "a")
        {
            int inputs = _layout.InputCount, outputs = _layout.OutputCount;
            // A wide row of inputs or targets is copied as a span, a short one value by value (no call)
            int wide = _real.Lanes * MaxVectorsInRegisters;
            if (inputs <= wide)
            {
                _w.Line($"{ReadOnlySpan} x = inputs.Slice({sample} * {Count(inputs)}, {Count(inputs)});");
            }

            if (outputs <= wide)
            {
                _w.Line($"{ReadOnlySpan} t = targets.Slice({sample} * {Count(outputs)}, {Count(outputs)});");
            }

            if (inputs > wide)
            {
                _w.Line($"inputs.Slice({sample} * {Count(inputs)}, {Count(inputs)}).CopyTo({CreateSpan}(ref {At(pass, Count(Kernels.Out[0]))}, {Count(inputs)}));");
            }
            else
            {
                WriteKernelInputs(i => $"x[{Count(i)}]", pass);
            }

            if (outputs > wide)
            {
                _w.Line($"targets.Slice({sample} * {Count(outputs)}, {Count(outputs)}).CopyTo({CreateSpan}(ref {At(pass, Count(Kernels.Targets))}, {Count(outputs)}));");
            }
            else
            {
                WriteKernelTargets(i => $"t[{Count(i)}]", pass);
            }
        }

        private void WriteTrainOnlineKernel()
        {
            WriteRefs(pass: true);
            _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            using (_w.Block("for (int epoch = 0; epoch < epochs; epoch++)"))
            {
                _w.Line($"sum_E_total = {Lit("0.0")};");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    WriteKernelSample();
                    _w.Line("ForwardKernel(ref a);");
                    _w.Line("sum_E_total += ErrorKernel();");
                    WriteKernelUpdate(Naming.LearningRate);
                }
            }

            WriteForgetPass();
            _w.Line("return sum_E_total / samples;");
        }

        /// <summary>The step's backward pass and update: TrainKernel fused, or with an optimizer the gradients, then its update.</summary>
        private void WriteKernelUpdate(string learningRate)
        {
            if (HasOptimizer)
            {
                _w.Line("BackwardKernel();");
                _w.Line("ApplyGradients();");
                return;
            }

            _w.Line($"TrainKernel({learningRate});");
        }

        private void WriteTrainBatchKernel()
        {
            int storage = Kernels.ParameterStorage;
            WriteRefs(gradients: true, pass: true, pair: true);
            using (_w.Block("if (samples == 1)"))
            {
                _w.Line("// One sample: the ordinary training step, the sample copied from the spans");
                WriteTrainKernelCall(fromSpans: true);
            }

            _w.Line("// The samples' gradients are summed in place, two samples at a time (each sum loaded and stored once per pair), then averaged, then applied once");
            _w.Line($"{FactoredField} = false;");
            WriteOfPass(false, "the gradients become the batch's sums");
            using (_w.Block($"for (int i = 0; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line(Store($"{V}.Zero", "g", "i"));
            }

            _w.Line($"{T} sum_E_total = {Lit("0.0")};");
            _w.Line("int sample = 0;");
            using (_w.Block("for (; sample + 1 < samples; sample += 2)"))
            {
                using (_w.Block(string.Empty))
                {
                    WriteKernelSample();
                    _w.Line("ForwardKernel(ref a);");
                    _w.Line("sum_E_total += ErrorKernel();");
                }

                using (_w.Block(string.Empty))
                {
                    WriteKernelSample("(sample + 1)", "a2");
                    _w.Line("ForwardKernel(ref a2);");
                    _w.Line("sum_E_total += PairErrorKernel(ref a2, ref d2);");
                }

                _w.Line("AccumulatePairKernel();");
            }

            _w.Line("// An odd batch's last sample, alone");
            using (_w.Block("if (sample < samples)"))
            {
                WriteKernelSample();
                _w.Line("ForwardKernel(ref a);");
                _w.Line("sum_E_total += ErrorKernel();");
                _w.Line("AccumulateKernel();");
            }

            _w.Line();
            _w.Line("// The batch's gradients are the averages of its samples'; then the update, w⁺ = w - η·∂E_total/∂w");
            _w.Line($"{T} scale = {Lit("1.0")} / samples;");
            _w.Line($"var vscale = {CSharpRenderer.Vector}.Create(scale);");
            if (HasOptimizer)
            {
                using (_w.Block($"for (int i = 0; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
                {
                    _w.Line(Store($"{Load("g", "i")} * vscale", "g", "i"));
                }

                _w.Line("ApplyGradients();");
            }
            else
            {
                // ApplyGradients' update, in the same pass as the averages (rounded as ApplyGradients rounds it)
                int trained = _model.TrainBiases ? storage : Kernels.WeightStorage;
                _w.Line($"ref {T} p = ref {StorageRef(ParameterStorageType, ParametersField)};");
                _w.Line($"var minus_eta = {CSharpRenderer.Vector}.Create(-LearningRate);");
                using (_w.Block($"for (int i = 0; i < {Count(trained)}; i += {Count(_real.Lanes)})"))
                {
                    _w.Line($"var dE_total_dp = {Load("g", "i")} * vscale;");
                    _w.Line(Store("dE_total_dp", "g", "i"));
                    _w.Line(Store(MulAdd("dE_total_dp", "minus_eta", Load("p", "i")), "p", "i"), "p⁺ = p - η·∂E_total/∂p");
                }

                if (trained < storage)
                {
                    _w.Line("// The untrained biases' gradients, averaged");
                    using (_w.Block($"for (int i = {Count(trained)}; i < {Count(storage)}; i += {Count(_real.Lanes)})"))
                    {
                        _w.Line(Store($"{Load("g", "i")} * vscale", "g", "i"));
                    }
                }
            }

            WriteForgetPass();
            _w.Line("return sum_E_total * scale;");
        }

        private void WriteForwardBatchKernel()
        {
            int inputCount = _layout.InputCount, outputCount = _layout.OutputCount;
            using (BeginForwardBatch("The forward pass of several samples, one after another through the vectorised kernel. Results agree with Forward to the last bits they share (the same kernel), and it does not change the pass that Backward differentiates."))
            {
                _w.Line($"ref {T} a = ref {StorageRef(PassStorageType, PairPassField)};", "the second pass of a mini-batch's pairs, free here");
                using (_w.Block("for (int sample = 0; sample < samples; sample++)"))
                {
                    _w.Line($"{ReadOnlySpan} x = inputs.Slice(sample * {Count(inputCount)}, {Count(inputCount)});");
                    _w.Line($"{Span} y = outputs.Slice(sample * {Count(outputCount)}, {Count(outputCount)});");
                    WriteKernelInputs(i => $"x[{Count(i)}]");
                    _w.Line("ForwardKernel(ref a);");
                    WritePacked(Enumerable.Range(0, outputCount).Select(j => $"y[{Count(j)}] = {At("a", Count(Kernels.Out[_layout.OutputLayer] + j))};"), string.Empty, " ", string.Empty);
                }
            }
        }

        // ---- The kernels ----

        private void WriteKernelMethods()
        {
            _w.Line();
            _w.Line($"// ---- The kernels: Vector256<{T}> over each neuron's inputs, compile-time sizes, no bounds checks ----");
            if (_facts.HasSpan)
            {
                WriteForwardBatchKernel();
            }

            WriteForwardKernel();
            WriteErrorKernel(pair: false);
            WriteErrorKernel(pair: true);

            WriteBackwardKernel("BackwardKernel", KernelMode.Store);
            WriteBackwardKernel("TrainKernel", KernelMode.Update);
            WriteBackwardKernel("AccumulateKernel", KernelMode.Accumulate);
            WriteBackwardKernel("AccumulatePairKernel", KernelMode.AccumulatePair);

            WriteMaterializeGradients();
            if (DefersFirstLayer)
            {
                WriteApplyPendingUpdate();
            }

        }

        private void WriteForwardKernel()
        {
            KernelLayout k = Kernels;
            _w.Line();
            _w.Line("/// <summary>The forward pass over the pass storage <paramref name=\"a\"/>: reads its inputs, writes every layer's net inputs and outputs.</summary>");
            using (_w.Block($"private void ForwardKernel(ref {T} a)"))
            {
                WriteRefs(parameters: true);
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    int inputs = _layout.Sizes[l - 1], neurons = _layout.Sizes[l], stride = k.Stride[l];
                    bool wide = stride > _real.Lanes * MaxVectorsInRegisters;
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))} ({Range(_layout.Neurons[l])}): net = Σ w·out + b, one row of {Count(inputs)} weights per neuron (padded to {Count(stride)}), {_real.LanesInWords} inputs at a time, {_real.LanesInWords} neurons a turn{(wide ? " (each input vector loaded once for them)" : string.Empty)}");
                    using (_w.Block(string.Empty))
                    {
                        _w.Line($"ref {T} x = ref {At("a", Count(k.Out[l - 1]))};");
                        if (l == 1 && DefersFirstLayer)
                        {
                            using (_w.Block($"if ({PendingField})"))
                            {
                                _w.Line("// Train's pending update of these weights first, w⁺ = w + (-η·δ)·out of the last step (its out and -η·δ in");
                                _w.Line("// _pendingUpdate), each weight vector updated, stored, and multiplied by this pass's inputs while in a register");
                                _w.Line($"{PendingField} = false;");
                                _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
                                WriteForwardLayerInGroups(l, updating: true);
                            }

                            using (_w.Block("else"))
                            {
                                WriteForwardLayerInGroups(l);
                            }
                        }
                        else
                        {
                            WriteForwardLayerInGroups(l);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Layer l's forward pass, a vector's lanes of neurons a turn (four doubles or eight floats: as many rows' dot
        /// products, their lane sums gathered into one vector by LaneSums), the bias and the activation applied to the group
        /// at once. Short rows (at most <see cref="MaxVectorsInRegisters"/> vectors) are written out with the inputs loaded
        /// once for the layer; wider rows loop over the inputs, each input vector loaded once for the group's rows.
        /// </summary>
        private void WriteForwardLayerInGroups(int layer, bool updating = false)
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            int neurons = _layout.Sizes[layer], stride = k.Stride[layer], vectors = stride / lanes, whole = neurons / lanes * lanes;
            bool wide = vectors > MaxVectorsInRegisters;
            if (!wide)
            {
                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => $"x_{Count(lanes * v)} = {Load("x", Count(lanes * v))}"))};");
            }

            ActivationKind activation = _layout.ActivationOf(layer);
            if (_model.Bias == BiasKind.SharedPerLayer && whole > 0)
            {
                _w.Line($"var b = {CSharpRenderer.Vector}.Create({At("p", Count(k.BiasOffset[layer]))});");
            }

            void Group(string j, int rows, string? bias)
            {
                _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[layer])} + {j} * {Count(stride)}")};");
                if (wide)
                {
                    // Two sets of accumulators for doubles (as many independent additions in flight as a row's chain
                    // allows), one for floats (eight rows of eight lanes already fill the registers)
                    int sets = lanes == 4 ? 2 : 1, looped = vectors / sets * sets;
                    string Acc(int r, int set) => $"net_{Count(r)}{(set == 0 ? string.Empty : "b")}";
                    _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, sets).SelectMany(set => Enumerable.Range(0, lanes).Select(r => $"{Acc(r, set)} = {V}.Zero")))};");
                    if (updating)
                    {
                        // Each row's -η·δ, and its weight vector after the update
                        for (int r = 0; r < rows; r++)
                        {
                            _w.Line($"var minus_eta_delta_{Count(r)} = {CSharpRenderer.Vector}.Create({At("q", $"{Count(PendingFactorsOffset)} + {j}{(r == 0 ? string.Empty : " + " + Count(r))}")});");
                        }

                        _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"w_{Count(r)}"))};");
                    }

                    var declared = new HashSet<string>();
                    void Terms(string offset, int set, string? name = null)
                    {
                        string xk = name ?? "x_" + (set == 0 ? "k" : "kb");
                        _w.Line($"{(declared.Add(xk) ? "var " : string.Empty)}{xk} = {Load("x", offset)};");
                        if (updating)
                        {
                            // The last step's input vector at the same place, named after this one's (x_k0 and prev_x_k0)
                            string last = "prev_" + xk;
                            _w.Line($"{(declared.Add(last) ? "var " : string.Empty)}{last} = {Load("q", offset)};");
                            for (int r = 0; r < rows; r++)
                            {
                                string at = r == 0 ? offset : $"{offset} + {Count(r * stride)}";
                                _w.Line($"w_{Count(r)} = {MulAdd($"minus_eta_delta_{Count(r)}", last, Load("w", at))};", "w⁺ = w + (-η·δ)·out");
                                _w.Line(Store($"w_{Count(r)}", "w", at));
                                _w.Line($"{Acc(r, set)} = {MulAdd($"w_{Count(r)}", xk, Acc(r, set))};");
                            }

                            return;
                        }

                        for (int r = 0; r < rows; r++)
                        {
                            _w.Line($"{Acc(r, set)} = {MulAdd(Load("w", r == 0 ? offset : $"{offset} + {Count(r * stride)}"), xk, Acc(r, set))};");
                        }
                    }

                    if (vectors <= 8)
                    {
                        for (int v = 0; v < looped; v += sets)
                        {
                            for (int set = 0; set < sets; set++)
                            {
                                Terms(Count((v + set) * lanes), set);
                            }
                        }
                    }
                    else
                    {
                        // Four vectors a turn, the sets taking them in turn; then the rest written out
                        int stepped = vectors / 4 * 4;
                        // (nuint: each load's offset folds into its address, with or without the JIT's common-subexpression pass)
                        using (_w.Block($"for (nuint k = 0; k < {Count(stepped * lanes)}; k += {Count(4 * lanes)})"))
                        {
                            for (int v = 0; v < 4; v++)
                            {
                                Terms(Plus("k", v * lanes), v % sets, $"x_k{Count(v)}");
                            }
                        }

                        for (int v = stepped; v < looped; v++)
                        {
                            Terms(Count(v * lanes), v % sets, $"x_{Count(v * lanes)}");
                        }
                    }

                    if (looped < vectors)
                    {
                        Terms(Count(looped * lanes), 0, "x_last");
                    }

                    if (sets > 1)
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            _w.Line($"{Acc(r, 0)} += {Acc(r, 1)};");
                        }
                    }
                }

                for (int r = 0; r < lanes && !wide; r++)
                {
                    // Σ w·x: the first product, then each next one added by a fused multiply-add
                    string terms = $"{Load("w", Count(r * stride))} * x_0";
                    for (int v = 1; v < vectors; v++)
                    {
                        terms = MulAdd(Load("w", Count((r * stride) + (lanes * v))), $"x_{Count(lanes * v)}", terms);
                    }

                    _w.Line(r < rows ? $"var net_{Count(r)} = {terms};" : $"var net_{Count(r)} = {V}.Zero;");
                }

                string sums = string.Join(", ", Enumerable.Range(0, lanes).Select(r => $"net_{Count(r)}"));
                _w.Line($"var net = {VectorMathNames.LaneSums}({sums}){(bias is null ? string.Empty : " + " + bias)};", $"net = Σ w·out + b for the {_real.LanesInWords} neurons");
                _w.Line(Store("net", "a", $"{Count(k.Net[layer])} + {j}"));
            }

            _w.Line($"// net = Σ w·out + b of neurons j..j+{Count(lanes - 1)} (their rows' lane sums, gathered){(activation == ActivationKind.Softmax ? string.Empty : ", and " + VectorActivation(activation).Formula)}");
            if (whole > 0)
            {
                using (_w.Block($"for (nuint j = 0; j < {Count(whole)}; j += {Count(lanes)})"))
                {
                    Group("j", lanes, _model.Bias switch
                    {
                        BiasKind.SharedPerLayer => "b",
                        BiasKind.PerNeuron => Load("p", $"{Count(k.BiasOffset[layer])} + j"),
                        _ => null,
                    });
                    if (activation != ActivationKind.Softmax)
                    {
                        _w.Line(Store(VectorActivation(activation).Expression, "a", $"{Count(k.Out[layer])} + j"));
                    }
                }
            }

            if (neurons > whole)
            {
                int rest = neurons - whole;
                using (_w.Block(string.Empty))
                {
                    _w.Line($"// The last {Count(rest)} neuron{(rest == 1 ? string.Empty : "s")}: the other lanes' net stays 0, and so does their out (padding that multiplies the padding of the weights above)");
                    string? bias = _model.Bias == BiasKind.None ? null : $"{CSharpRenderer.Vector}.Create({string.Join(", ", Enumerable.Range(0, lanes).Select(i => i >= rest ? Lit("0.0") : At("p", Count(k.BiasOffset[layer] + (_model.Bias == BiasKind.PerNeuron ? whole + i : 0)))))})";
                    Group(Count(whole), rest, bias);
                    if (activation == ActivationKind.Logistic)
                    {
                        _w.Line($"var used = {UsedLanes(rest)};");
                        _w.Line(Store($"{CSharpRenderer.Vector}.ConditionalSelect(used, {VectorActivation(activation).Expression}, {V}.Zero)", "a", Count(k.Out[layer] + whole)));
                    }
                    else if (activation != ActivationKind.Softmax)
                    {
                        _w.Line(Store(VectorActivation(activation).Expression, "a", Count(k.Out[layer] + whole)), "f(0) = 0");
                    }
                }
            }

            if (activation == ActivationKind.Softmax)
            {
                WriteActivation(layer);
            }
        }

        /// <summary>out = f(net) of a vector's neurons (four doubles or eight floats), from a vector <c>net</c>, and its formula.</summary>
        private (string Expression, string Formula) VectorActivation(ActivationKind activation) => activation switch
        {
            ActivationKind.Logistic => ($"{V}.One / ({V}.One + {CSharpRenderer.Vector}.Exp(-net))", "out = 1/(1 + e^-net)"),
            ActivationKind.Tanh => ($"{CSharpRenderer.TanhHelper}(net)", "out = tanh(net)"),
            ActivationKind.ReLU => ($"{CSharpRenderer.Vector}.ConditionalSelect({CSharpRenderer.Vector}.GreaterThan(net, {V}.Zero), net, {V}.Zero)", "out = max(0, net)"),
            ActivationKind.LeakyReLU => ($"{CSharpRenderer.Vector}.ConditionalSelect({CSharpRenderer.Vector}.GreaterThan(net, {V}.Zero), net, {CSharpRenderer.Vector}.Create({Lit("0.01")}) * net)", "out = net if net > 0, else 0.01·net"),
            _ => ("net", "out = net"),
        };

        /// <summary>out = f(net) over layer l: a vector's lanes of neurons at a time (the padding lanes kept 0), or the softmax.</summary>
        private void WriteActivation(int layer)
        {
            KernelLayout k = Kernels;
            int neurons = _layout.Sizes[layer];
            ActivationKind activation = _layout.ActivationOf(layer);
            string net = Count(k.Net[layer]), output = Count(k.Out[layer]);
            string math = _real.Math + ".";
            if (activation == ActivationKind.Softmax)
            {
                _w.Line("// out_ok = e^(net_ok - max_k net_ok) / Σ_k e^(net_ok - max_k net_ok): the softmax, the largest net input subtracted so that nothing overflows");
                _w.Line($"{T} max_net_o = {At("a", net)};");
                using (_w.Block($"for (int j = 1; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"max_net_o = {math}Max(max_net_o, {At("a", $"{net} + j")});");
                }

                _w.Line($"{T} sum_exp_o = {Lit("0.0")};");
                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"{T} exp_o = {math}Exp({At("a", $"{net} + j")} - max_net_o);");
                    _w.Line($"{At("a", $"{output} + j")} = exp_o;");
                    _w.Line("sum_exp_o += exp_o;");
                }

                using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                {
                    _w.Line($"{At("a", $"{output} + j")} /= sum_exp_o;");
                }

                return;
            }

            (string expression, string formula) = VectorActivation(activation);
            int whole = neurons / _real.Lanes * _real.Lanes;
            _w.Line($"// {formula}, {_real.LanesInWords} neurons at a time");
            if (whole > 0)
            {
                using (_w.Block($"for (int j = 0; j < {Count(whole)}; j += {Count(_real.Lanes)})"))
                {
                    _w.Line($"var net = {Load("a", $"{net} + j")};");
                    _w.Line(Store(expression, "a", $"{output} + j"));
                }
            }

            if (neurons > whole)
            {
                using (_w.Block(string.Empty))
                {
                    _w.Line($"// The last {Count(neurons - whole)} neuron{(neurons - whole == 1 ? string.Empty : "s")}; the padding lanes stay 0 (they multiply the padding of the weights above)");
                    _w.Line($"var net = {Load("a", Count(k.Net[layer] + whole))};");
                    _w.Line($"var used = {UsedLanes(neurons - whole)};");
                    _w.Line(Store($"{CSharpRenderer.Vector}.ConditionalSelect(used, {expression}, {V}.Zero)", "a", Count(k.Out[layer] + whole)));
                }
            }
        }

        private void WriteErrorKernel(bool pair)
        {
            KernelLayout k = Kernels;
            int outputs = _layout.OutputCount, layer = _layout.OutputLayer;
            string math = _real.Math + ".";
            string net = Count(k.Net[layer]), output = Count(k.Out[layer]), target = Count(k.Targets), delta = Count(k.Delta[layer]);
            _w.Line();
            _w.Line(pair
                ? "/// <summary>The error of the pass <paramref name=\"a\"/> against its targets, and the output layer's deltas into <paramref name=\"d\"/>.</summary>"
                : "/// <summary>The error of the pass in _pass against its targets, and the output layer's deltas.</summary>");
            using (_w.Block(pair ? $"private {T} PairErrorKernel(ref {T} a, ref {T} d)" : $"private {T} ErrorKernel()"))
            {
                if (!pair)
                {
                    WriteRefs(pass: true, deltas: true);
                }

                _w.Line($"{T} E_total = {Lit("0.0")};");
                bool softmax = _model.OutputActivation == ActivationKind.Softmax;
                if (softmax)
                {
                    _w.Line("// ln out_ok = net_ok - max_net_o - ln Σ_k e^(net_ok - max_net_o), so that E never takes ln 0");
                    _w.Line($"{T} max_net_o = {At("a", net)};");
                    using (_w.Block($"for (int j = 1; j < {Count(outputs)}; j++)"))
                    {
                        _w.Line($"max_net_o = {math}Max(max_net_o, {At("a", $"{net} + j")});");
                    }

                    _w.Line($"{T} sum_exp_o = {Lit("0.0")};");
                    using (_w.Block($"for (int j = 0; j < {Count(outputs)}; j++)"))
                    {
                        _w.Line($"sum_exp_o += {math}Exp({At("a", $"{net} + j")} - max_net_o);");
                    }

                    _w.Line($"{T} ln_sum_exp_o = {math}Log(sum_exp_o);");
                }

                using (_w.Block($"for (int j = 0; j < {Count(outputs)}; j++)"))
                {
                    _w.Line($"{T} out_o = {At("a", $"{output} + j")}, target_o = {At("a", $"{target} + j")};");
                    if (_model.Loss == LossKind.SquaredError)
                    {
                        _w.Line($"E_total += {Lit("0.5")} * (target_o - out_o) * (target_o - out_o);", "E_o = ½(target_o - out_o)²; E_total = Σ E_o");
                        _w.Line($"{T} dE_total_dout_o = out_o - target_o;", "∂E_total/∂out_o = -(target_o - out_o)");
                        string? derivative = ScalarDerivative(_model.OutputActivation, "out_o");
                        _w.Line($"{At("d", $"{delta} + j")} = dE_total_dout_o{(derivative is null ? string.Empty : " * " + derivative)};", "δ_o = ∂E_total/∂out_o · ∂out_o/∂net_o");
                    }
                    else if (softmax)
                    {
                        _w.Line($"E_total += -target_o * ({At("a", $"{net} + j")} - max_net_o - ln_sum_exp_o);", "E_total = -Σ target_o·ln(out_o)");
                    }
                    else
                    {
                        _w.Line($"{T} net_o = {At("a", $"{net} + j")};");
                        _w.Line($"E_total += {math}Max(net_o, {Lit("0.0")}) - net_o * target_o + {math}Log({Lit("1.0")} + {math}Exp(-{math}Abs(net_o)));", "E_o = -[target_o·ln(out_o) + (1 - target_o)·ln(1 - out_o)], from net_o");
                    }

                    if (_model.Loss == LossKind.CrossEntropy)
                    {
                        _w.Line($"{At("d", $"{delta} + j")} = out_o - target_o;", "δ_o = ∂E_total/∂net_o = out_o - target_o (cross-entropy fused with its output)");
                    }
                }

                _w.Line("return E_total;");
            }
        }

        /// <summary>∂out/∂net of one neuron, from its output, in scalar code; null when it is 1.</summary>
        private string? ScalarDerivative(ActivationKind activation, string output) => activation switch
        {
            ActivationKind.Logistic => $"({output} * ({Lit("1.0")} - {output}))",
            ActivationKind.Tanh => $"({Lit("1.0")} - {output} * {output})",
            ActivationKind.ReLU => $"({output} > {Lit("0.0")} ? {Lit("1.0")} : {Lit("0.0")})",
            ActivationKind.LeakyReLU => $"({output} > {Lit("0.0")} ? {Lit("1.0")} : {Lit("0.01")})",
            _ => null,
        };

        private enum KernelMode
        {
            /// <summary>Backward: store the gradients.</summary>
            Store,

            /// <summary>Train: store the gradients and update the parameters.</summary>
            Update,

            /// <summary>A mini-batch: add the gradients to the sums.</summary>
            Accumulate,

            /// <summary>A mini-batch, two samples at a time: add both samples' gradients to the sums (the second sample's pass in _pass2, its deltas in _deltas2).</summary>
            AccumulatePair,
        }

        private void WriteBackwardKernel(string name, KernelMode mode)
        {
            KernelLayout k = Kernels;
            bool update = mode == KernelMode.Update, pair = mode == KernelMode.AccumulatePair, accumulate = pair || mode == KernelMode.Accumulate;
            _w.Line();
            _w.Line(mode switch
            {
                KernelMode.Store => "/// <summary>The backward pass from the output deltas in _deltas: stores every gradient, changes no parameter.</summary>",
                KernelMode.Update => "/// <summary>The backward pass and the update of a training step: every gradient from the parameters before the step (UpdateRule.Simultaneous); the weights' gradients are left factored (δ·out, see MaterializeGradients).</summary>",
                KernelMode.Accumulate => "/// <summary>The backward pass of one sample of a mini-batch: adds every gradient to the sums in _gradients.</summary>",
                _ => "/// <summary>The backward pass of two samples of a mini-batch (the first in _pass and _deltas, the second in _pass2 and _deltas2): adds both samples' gradients to the sums in _gradients, loading each sum and each weight once for the two.</summary>",
            });
            using (_w.Block($"private void {name}({(update ? $"{T} eta" : string.Empty)})"))
            {
                WriteRefs(parameters: true, gradients: true, pass: true, deltas: true, pair: pair);
                for (int l = _layout.OutputLayer; l >= 1; l--)
                {
                    int below = l - 1, neurons = _layout.Sizes[l], stride = k.Stride[l];
                    bool propagate = below >= 1;
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))}, row by row: ∂E_total/∂w = δ·out (of the input the weight multiplies)"
                        + (update ? "; w⁺ = w - η·∂E_total/∂w" + (l == 1 && DefersFirstLayer ? ", left to the next forward pass" : string.Empty) : pair ? ", both samples' added to the sums" : accumulate ? ", added to the sums" : string.Empty)
                        + (propagate ? $"; and for the {_layout.LayerTitle(below)}, ∂E_total/∂out = Σ δ·w (the weights before the step)" : string.Empty));
                    // Σ δ·w for a narrow layer below is summed in registers across the rows, else in its deltas' storage
                    // (two samples' inputs and sums take twice the registers: a pair keeps them there for rows of at most 2
                    // vectors, 8 doubles or 16 floats)
                    int lanes = _real.Lanes;
                    bool xInRegisters = stride <= (pair ? 2 * lanes : lanes * MaxVectorsInRegisters);
                    bool inRegisters = propagate && xInRegisters;
                    // A wide layer with a layer below: its Σ δ·w summed in registers too, a chunk of inputs at a time across
                    // every row, rather than in storage row by row
                    bool chunked = propagate && !inRegisters;
                    using (_w.Block(string.Empty))
                    {
                        foreach (string sample in pair ? new[] { string.Empty, "2" } : new[] { string.Empty })
                        {
                            _w.Line($"ref {T} x{sample} = ref {At("a" + sample, Count(k.Out[below]))};");
                            if (propagate)
                            {
                                _w.Line($"ref {T} below{sample} = ref {At("d" + sample, Count(k.Delta[below]))};");
                            }

                            if (xInRegisters)
                            {
                                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, stride / lanes).Select(v => $"x{sample}_{Count(lanes * v)} = {Load("x" + sample, Count(lanes * v))}"))};", "the inputs, loaded once");
                            }

                            if (inRegisters)
                            {
                                _w.Line($"{V} {string.Join(", ", Enumerable.Range(0, stride / lanes).Select(v => $"dE_total_dout{sample}_{Count(lanes * v)} = {V}.Zero"))};");
                            }
                            else if (propagate && !chunked)
                            {
                                using (_w.Block($"for (int i = 0; i < {Count(k.Pad(_layout.Sizes[below]))}; i += {Count(lanes)})"))
                                {
                                    _w.Line(Store($"{V}.Zero", "below" + sample, "i"));
                                }
                            }
                        }

                        if (_model.Bias == BiasKind.SharedPerLayer)
                        {
                            _w.Line($"{T} sum_delta = {Lit("0.0")};");
                        }

                        if (update && l == 1 && DefersFirstLayer)
                        {
                            WritePendingUpdate();
                        }
                        else if (chunked)
                        {
                            WriteBackwardRowsInChunks(l, mode);
                        }
                        else if (pair && !propagate && !xInRegisters && neurons % RowGroup == 0)
                        {
                            WriteAccumulatePairInRowGroups(l);
                        }
                        else
                        {
                            using (_w.Block($"for (int j = 0; j < {Count(neurons)}; j++)"))
                            {
                                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[l])} + j")};");
                                if (!update || propagate)
                                {
                                    _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create(delta);");
                                }

                                if (update)
                                {
                                    _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * delta);", "w⁺ = w - η·δ·out = w + (-η·δ)·out");
                                }
                                if (pair)
                                {
                                    _w.Line($"{T} delta2 = {At("d2", $"{Count(k.Delta[l])} + j")};");
                                    _w.Line($"var vdelta2 = {CSharpRenderer.Vector}.Create(delta2);");
                                }

                                _w.Line($"int row = {Count(k.WeightOffset[l])} + j * {Count(stride)};");
                                _w.Line($"ref {T} w = ref {At("p", "row")};");
                                if (!update)
                                {
                                    _w.Line($"ref {T} dw = ref {At("g", "row")};");
                                }

                                int vectors = stride / lanes;
                                if (vectors <= 8)
                                {
                                    for (int v = 0; v < vectors; v++)
                                    {
                                        WriteBackwardVector(Count(lanes * v), mode, propagate, inRegisters, xInRegisters);
                                    }
                                }
                                else
                                {
                                    // Four vectors a turn (as many independent chains, a quarter of the loop's own instructions), then the rest
                                    int looped = vectors / 4 * 4;
                                    using (_w.Block($"for (int i = 0; i < {Count(looped * lanes)}; i += {Count(4 * lanes)})"))
                                    {
                                        for (int v = 0; v < 4; v++)
                                        {
                                            WriteBackwardVector(Plus("i", v * lanes), mode, propagate, inRegisters: false, xInRegisters: false, name: Count(v * lanes));
                                        }
                                    }

                                    for (int v = looped; v < vectors; v++)
                                    {
                                        WriteBackwardVector(Count(v * lanes), mode, propagate, inRegisters: false, xInRegisters: false);
                                    }
                                }

                                WriteBiasGradient(l, mode);
                            }
                        }

                        if (_model.Bias == BiasKind.SharedPerLayer)
                        {
                            string bias = Count(k.BiasOffset[l]);
                            _w.Line($"{At("g", bias)} {(accumulate ? "+=" : "=")} sum_delta;", $"∂E_total/∂{Naming.SharedBias(l)} = Σ δ");
                            if (update && _model.TrainBiases)
                            {
                                _w.Line($"{At("p", bias)} = {ScalarMulAdd("sum_delta", "-eta", At("p", bias))};", $"{Naming.SharedBias(l)}⁺ = {Naming.SharedBias(l)} - η·∂E_total/∂{Naming.SharedBias(l)}");
                            }
                        }

                        if (propagate)
                        {
                            WriteHiddenDeltas(below, inRegisters);
                            if (pair)
                            {
                                WriteHiddenDeltas(below, inRegisters, "2");
                            }
                        }
                    }
                }

                if (!accumulate)
                {
                    _w.Line();
                    _w.Line($"{FactoredField} = {(update ? "true" : "false")};", update ? "the weights' gradients: δ in _deltas, out in _pass" : "every gradient is stored");
                    WriteOfPass(true, "and ApplyGradients may update from those factors");
                }
            }
        }

        /// <summary>How many rows the pair's accumulation of a first layer takes a turn where its inputs do not stay in registers.</summary>
        private const int RowGroup = 4;

        /// <summary>
        /// The two samples' weight gradients of a first layer whose inputs do not stay in registers, added to the sums
        /// <see cref="RowGroup"/> rows a turn: each vector of the two samples' inputs is loaded once for the group's rows
        /// (a row at a time loads it again for each), so each sum's two fused multiply-adds take half a load of inputs, not two.
        /// </summary>
        private void WriteAccumulatePairInRowGroups(int layer)
        {
            KernelLayout k = Kernels;
            int stride = k.Stride[layer], lanes = _real.Lanes;
            var rows = Enumerable.Range(0, RowGroup).ToList();
            _w.Line($"// {RowGroup} rows a turn: each vector of the two samples' inputs loaded once for the {RowGroup} rows' sums");
            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j += {RowGroup})"))
            {
                foreach (int r in rows)
                {
                    string neuron = Plus("j", r);
                    _w.Line($"{T} delta_{r} = {At("d", $"{Count(k.Delta[layer])} + {neuron}")}, delta2_{r} = {At("d2", $"{Count(k.Delta[layer])} + {neuron}")};");
                }

                _w.Line($"{V} {string.Join(", ", rows.Select(r => $"vdelta_{r} = {CSharpRenderer.Vector}.Create(delta_{r})"))};");
                _w.Line($"{V} {string.Join(", ", rows.Select(r => $"vdelta2_{r} = {CSharpRenderer.Vector}.Create(delta2_{r})"))};");
                _w.Line($"ref {T} dw = ref {At("g", $"{Count(k.WeightOffset[layer])} + j * {Count(stride)}")};");
                using (_w.Block($"for (nuint i = 0; i < {Count(stride)}; i += {Count(lanes)})"))
                {
                    _w.Line($"var x_i = {Load("x", "i")};");
                    _w.Line($"var x2_i = {Load("x2", "i")};");
                    foreach (int r in rows)
                    {
                        string at = r == 0 ? "i" : $"i + {Count(r * stride)}";
                        string statement = Store(MulAdd($"vdelta2_{r}", "x2_i", MulAdd($"vdelta_{r}", "x_i", Load("dw", at))), "dw", at);
                        _w.Line(r == 0 ? statement + " // the two samples' δ·out, added to the sum" : statement);
                    }
                }

                foreach (int r in rows)
                {
                    if (_model.Bias == BiasKind.SharedPerLayer)
                    {
                        _w.Line($"sum_delta += delta_{r} + delta2_{r};");
                    }
                    else if (_model.Bias == BiasKind.PerNeuron)
                    {
                        string statement = $"{At("g", $"{Count(k.BiasOffset[layer])} + {Plus("j", r)}")} += delta_{r} + delta2_{r};";
                        _w.Line(r == 0 ? statement + " // ∂E_total/∂b = δ" : statement);
                    }
                }
            }
        }

        /// <summary>
        /// TrainKernel's first layer when its update is deferred (<see cref="DefersFirstLayer"/>): the factors of the
        /// update kept (the inputs, and -η·δ of each neuron), the biases' gradients and updates as usual.
        /// </summary>
        private void WritePendingUpdate()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes, factors = PendingFactorsOffset;
            _w.Line($"// The weights' update waits for the next forward pass, which applies it as it reads them (ApplyPendingUpdate does, for");
            _w.Line($"// any other reader): its factors kept, out (the inputs) and -η·δ");
            _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
            using (_w.Block($"for (int i = 0; i < {Count(factors)}; i += {Count(lanes)})"))
            {
                _w.Line(Store(Load("x", "i"), "q", "i"));
            }

            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[1])}; j++)"))
            {
                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[1])} + j")};");
                _w.Line($"{At("q", $"{Count(factors)} + j")} = -eta * delta;", "for w⁺ = w - η·δ·out = w + (-η·δ)·out");
                WriteBiasGradient(1, KernelMode.Update);
            }

            _w.Line($"{PendingField} = true;");
        }

        /// <summary>
        /// ApplyPendingUpdate: Train's pending update of the first layer's weights, w⁺ = w + (-η·δ)·out, from its kept
        /// factors, rounded as the forward pass that otherwise applies it.
        /// </summary>
        private void WriteApplyPendingUpdate()
        {
            KernelLayout k = Kernels;
            int lanes = _real.Lanes;
            _w.Line();
            _w.Line("/// <summary>Applies Train's pending update of the first layer's weights, w⁺ = w + (-η·δ)·out, as the next forward pass would.</summary>");
            using (_w.Block("private void ApplyPendingUpdate()"))
            {
                WriteRefs(parameters: true);
                _w.Line($"ref {T} q = ref {StorageRef(PendingStorageType, PendingStorage)};");
                using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[1])}; j++)"))
                {
                    _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create({At("q", $"{Count(PendingFactorsOffset)} + j")});");
                    _w.Line($"ref {T} w = ref {At("p", $"{Count(k.WeightOffset[1])} + j * {Count(k.Stride[1])}")};");
                    using (_w.Block($"for (int i = 0; i < {Count(k.Stride[1])}; i += {Count(lanes)})"))
                    {
                        _w.Line(Store(MulAdd("minus_eta_delta", Load("q", "i"), Load("w", "i")), "w", "i"));
                    }
                }

                _w.Line($"{PendingField} = false;");
            }
        }

        /// <summary>
        /// A wide layer's rows when the layer below needs Σ δ·w: a chunk of input vectors at a time
        /// (<see cref="MaxVectorsInRegisters"/>, or half as many for a mini-batch's pair, whose two samples take twice the
        /// registers), the chunk's inputs and Σ δ·w in registers across every row (each row's gradients, and its update in
        /// a training step, as it passes), Σ δ·w stored once per chunk; then the biases. Every sum in the order of the rows,
        /// as row by row.
        /// </summary>
        private void WriteBackwardRowsInChunks(int layer, KernelMode mode)
        {
            KernelLayout k = Kernels;
            bool update = mode == KernelMode.Update, pair = mode == KernelMode.AccumulatePair;
            int chunk = pair ? MaxVectorsInRegisters / 2 : MaxVectorsInRegisters;
            int lanes = _real.Lanes, stride = k.Stride[layer], vectors = stride / lanes, full = vectors / chunk;
            string[] samples = pair ? new[] { string.Empty, "2" } : new[] { string.Empty };
            void Chunk(System.Func<int, string> offset, int count)
            {
                IEnumerable<int> inChunk = Enumerable.Range(0, count).Select(v => lanes * v);
                foreach (string sample in samples)
                {
                    _w.Line($"{V} {string.Join(", ", inChunk.Select(v => $"x{sample}_{Count(v)} = {Load("x" + sample, offset(v))}"))};", pair ? $"the chunk's inputs{(sample.Length == 0 ? " (the first sample)" : " (the second sample)")}" : "the chunk's inputs");
                }

                foreach (string sample in samples)
                {
                    _w.Line($"{V} {string.Join(", ", inChunk.Select(v => $"dE_total_dout{sample}_{Count(v)} = {V}.Zero"))};");
                }

                using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j++)"))
                {
                    if (update)
                    {
                        _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[layer])} + j")};");
                        _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create(delta);");
                        _w.Line($"var minus_eta_delta = {CSharpRenderer.Vector}.Create(-eta * delta);", "w⁺ = w - η·δ·out = w + (-η·δ)·out");
                    }
                    else
                    {
                        foreach (string sample in samples)
                        {
                            _w.Line($"var vdelta{sample} = {CSharpRenderer.Vector}.Create({At("d" + sample, $"{Count(k.Delta[layer])} + j")});");
                        }
                    }

                    _w.Line($"int row = {Count(k.WeightOffset[layer])} + j * {Count(stride)} + {offset(0)};");
                    _w.Line($"ref {T} w = ref {At("p", "row")};");
                    if (!update)
                    {
                        _w.Line($"ref {T} dw = ref {At("g", "row")};");
                    }

                    foreach (int v in inChunk)
                    {
                        WriteBackwardVector(Count(v), mode, propagate: true, inRegisters: true, xInRegisters: true);
                    }
                }

                foreach (string sample in samples)
                {
                    foreach (int v in inChunk)
                    {
                        _w.Line(Store($"dE_total_dout{sample}_{Count(v)}", "below" + sample, offset(v)));
                    }
                }
            }

            _w.Line($"// Σ δ·w for the {_layout.LayerTitle(layer - 1)}{(pair ? " (each sample's)" : string.Empty)} in registers, {Count(chunk * lanes)} inputs at a time across every row");
            if (full > 0)
            {
                using (_w.Block($"for (int c = 0; c < {Count(full * chunk * lanes)}; c += {Count(chunk * lanes)})"))
                {
                    Chunk(v => Plus("c", v), chunk);
                }
            }

            if (vectors > full * chunk)
            {
                using (_w.Block(string.Empty))
                {
                    Chunk(v => Count((full * chunk * lanes) + v), vectors - (full * chunk));
                }
            }

            if (_model.Bias == BiasKind.None)
            {
                return;
            }

            _w.Line();
            _w.Line("// The biases, neuron by neuron");
            using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[layer])}; j++)"))
            {
                _w.Line($"{T} delta = {At("d", $"{Count(k.Delta[layer])} + j")};");
                if (pair)
                {
                    _w.Line($"{T} delta2 = {At("d2", $"{Count(k.Delta[layer])} + j")};");
                }

                WriteBiasGradient(layer, mode);
            }
        }

        private void WriteMaterializeGradients()
        {
            KernelLayout k = Kernels;
            _w.Line();
            _w.Line("/// <summary>Writes the weights' gradients that the last Train left factored into _gradients: ∂E_total/∂w = δ·out.</summary>");
            using (_w.Block("private void MaterializeGradients()"))
            {
                WriteRefs(gradients: true, pass: true, deltas: true);
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    int stride = k.Stride[l];
                    _w.Line();
                    _w.Line($"// {Capitalize(_layout.LayerTitle(l))}: ∂E_total/∂w = δ·out (of the input the weight multiplies), row by row");
                    using (_w.Block($"for (int j = 0; j < {Count(_layout.Sizes[l])}; j++)"))
                    {
                        _w.Line($"var vdelta = {CSharpRenderer.Vector}.Create({At("d", $"{Count(k.Delta[l])} + j")});");
                        _w.Line($"ref {T} dw = ref {At("g", $"{Count(k.WeightOffset[l])} + j * {Count(stride)}")};");
                        using (_w.Block($"for (int i = 0; i < {Count(stride)}; i += {Count(_real.Lanes)})"))
                        {
                            _w.Line(Store($"vdelta * {Load("a", $"{Count(k.Out[l - 1])} + i")}", "dw", "i"));
                        }
                    }
                }

                _w.Line($"{FactoredField} = false;");
            }
        }

        /// <summary>
        /// One vector of a row's backward pass at offset <paramref name="i"/> of the row; its locals are named after
        /// <paramref name="name"/> (<c>dE_total_dw_4</c>), or after the offset itself when that is a number or <c>i</c>.
        /// </summary>
        private void WriteBackwardVector(string i, KernelMode mode, bool propagate, bool inRegisters, bool xInRegisters, string? name = null)
        {
            string v = "_" + (name ?? i);
            bool pair = mode == KernelMode.AccumulatePair;
            string x = xInRegisters ? "x" + v : Load("x", i);
            switch (mode)
            {
                case KernelMode.Accumulate:
                    _w.Line(Store(MulAdd("vdelta", x, Load("dw", i)), "dw", i), "∂E_total/∂w = δ·out, added to the sum");
                    break;
                case KernelMode.AccumulatePair:
                    string x2 = xInRegisters ? "x2" + v : Load("x2", i);
                    _w.Line(Store(MulAdd("vdelta2", x2, MulAdd("vdelta", x, Load("dw", i))), "dw", i), "the two samples' δ·out, added to the sum");
                    break;
                case KernelMode.Store:
                    _w.Line(Store($"vdelta * {x}", "dw", i), "∂E_total/∂w = δ·out");
                    break;
            }

            if (propagate || mode == KernelMode.Update)
            {
                _w.Line($"var w{v} = {Load("w", i)};");
            }

            foreach (string sample in pair ? new[] { string.Empty, "2" } : new[] { string.Empty })
            {
                if (inRegisters)
                {
                    _w.Line($"dE_total_dout{sample}{v} = {MulAdd($"vdelta{sample}", $"w{v}", $"dE_total_dout{sample}{v}")};");
                }
                else if (propagate)
                {
                    _w.Line(Store(MulAdd($"vdelta{sample}", $"w{v}", Load("below" + sample, i)), "below" + sample, i));
                }
            }

            if (mode == KernelMode.Update)
            {
                _w.Line(Store(MulAdd("minus_eta_delta", x, $"w{v}"), "w", i), "w⁺ = w + (-η·δ)·out");
            }
        }

        private void WriteBiasGradient(int layer, KernelMode mode)
        {
            string delta = mode == KernelMode.AccumulatePair ? "delta + delta2" : "delta";
            if (_model.Bias == BiasKind.SharedPerLayer)
            {
                _w.Line($"sum_delta += {delta};");
                return;
            }

            if (_model.Bias != BiasKind.PerNeuron)
            {
                return;
            }

            string bias = $"{Count(Kernels.BiasOffset[layer])} + j";
            _w.Line($"{At("g", bias)} {(mode is KernelMode.Accumulate or KernelMode.AccumulatePair ? "+=" : "=")} {delta};", "∂E_total/∂b = δ");
            if (mode == KernelMode.Update && _model.TrainBiases)
            {
                _w.Line($"{At("p", bias)} = {ScalarMulAdd("delta", "-eta", At("p", bias))};", "b⁺ = b - η·∂E_total/∂b");
            }
        }

        /// <summary>δ = ∂E_total/∂out · ∂out/∂net over a hidden layer, a vector's lanes of neurons at a time, in place of its ∂E_total/∂out.</summary>
        private void WriteHiddenDeltas(int layer, bool inRegisters, string sample = "")
        {
            ActivationKind activation = _layout.ActivationOf(layer);
            string vec = CSharpRenderer.Vector;
            (System.Func<string, string, string>? delta, string formula) = activation switch
            {
                ActivationKind.Logistic => ((dout, o) => $"{dout} * ({o} * ({V}.One - {o}))", "∂out/∂net = out(1 - out)"),
                ActivationKind.Tanh => ((dout, o) => $"{dout} * ({V}.One - {o} * {o})", "∂out/∂net = 1 - out²"),
                ActivationKind.ReLU => ((dout, o) => $"{vec}.ConditionalSelect({vec}.GreaterThan({o}, {V}.Zero), {dout}, {V}.Zero)", "∂out/∂net = 1 if net > 0, else 0"),
                ActivationKind.LeakyReLU => ((dout, o) => $"{vec}.ConditionalSelect({vec}.GreaterThan({o}, {V}.Zero), {dout}, {dout} * {vec}.Create({Lit("0.01")}))", "∂out/∂net = 1 if net > 0, else 0.01"),
                _ => ((System.Func<string, string, string>?)null, "∂out/∂net = 1"),
            };
            _w.Line($"// δ = ∂E_total/∂out · ∂out/∂net for the {_layout.LayerTitle(layer)}{(sample.Length > 0 ? " (the second sample)" : string.Empty)}, {_real.LanesInWords} neurons at a time ({formula})");
            if (inRegisters)
            {
                for (int i = 0; i < Kernels.Pad(_layout.Sizes[layer]); i += _real.Lanes)
                {
                    string v = sample + "_" + Count(i);
                    if (delta is not null)
                    {
                        _w.Line($"var out{v} = {Load("a" + sample, Count(Kernels.Out[layer] + i))};");
                    }

                    _w.Line(Store(delta is null ? "dE_total_dout" + v : delta("dE_total_dout" + v, "out" + v), "below" + sample, Count(i)));
                }

                return;
            }

            if (delta is null)
            {
                _w.Line("// (the identity's derivative is 1: δ is ∂E_total/∂out as summed)");
                return;
            }

            using (_w.Block($"for (int i = 0; i < {Count(Kernels.Pad(_layout.Sizes[layer]))}; i += {Count(_real.Lanes)})"))
            {
                _w.Line($"var dE_total_dout = {Load("below" + sample, "i")};");
                _w.Line($"var out_ = {Load("a" + sample, $"{Count(Kernels.Out[layer])} + i")};");
                _w.Line(Store(delta("dE_total_dout", "out_"), "below" + sample, "i"));
            }
        }
    }
}
