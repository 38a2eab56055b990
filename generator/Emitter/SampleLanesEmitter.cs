using System.Linq;
using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// The mini-batch kernels that the vectorised networks share, written once per compilation next to
    /// <c>VectorMath</c>: eight samples at a time along the lanes of two <c>Vector256&lt;double&gt;</c> (or one
    /// <c>Vector256&lt;float&gt;</c>, in the float overloads), each product over a
    /// block of four (or two, or one) neurons and the eight samples, every sum in registers. A weight is loaded once for
    /// eight samples and a gradient's sum once for eight, where the pairs of samples load each twice as often; the work per
    /// sample is the same fused multiply-adds. Sizes are arguments: a network calls them with its constants.
    /// Each block size is one method, written by one function for 4, 2 and 1 rows, so that no branch in a loop keeps the
    /// JIT from holding every sum in a register.
    /// </summary>
    internal static class SampleLanesEmitter
    {
        /// <summary>The samples a chunk takes along the lanes: two vectors of four doubles.</summary>
        public const int Samples = 8;

        private const string V = "global::System.Runtime.Intrinsics.Vector256<double>";
        private const string Vec = "global::System.Runtime.Intrinsics.Vector256";
        private const string V512 = "global::System.Runtime.Intrinsics.Vector512<double>";
        private const string Vec512 = "global::System.Runtime.Intrinsics.Vector512";
        private const string VF = "global::System.Runtime.Intrinsics.Vector256<float>";
        private const string Wide = Vec512 + ".IsHardwareAccelerated";

        /// <summary>
        /// How a kernel holds the eight samples of a neuron, and a row's values along the inputs: its element (<c>double</c>,
        /// <c>float</c>), its vector class for the static methods (<c>Vector256</c>, <c>Vector512</c>) and type, and the
        /// values a vector holds.
        /// </summary>
        private sealed record Format(string Element, string VectorClass, string VectorType, int Width)
        {
            /// <summary>Whether the eight samples of a neuron are one vector (else two).</summary>
            public bool OneVector => Width == Samples;
        }

        /// <summary>Doubles in 256-bit vectors: the eight samples of a neuron in two.</summary>
        private static readonly Format Narrow = new("double", Vec, V, 4);

        /// <summary>Doubles in 512-bit vectors (the wide kernels): the eight samples of a neuron in one.</summary>
        private static readonly Format WideDouble = new("double", Vec512, V512, 8);

        /// <summary>Floats in 512-bit vectors: the gradients' wide kernel, sixteen inputs a vector.</summary>
        private static readonly Format WideFloat = new("float", Vec512, "global::System.Runtime.Intrinsics.Vector512<float>", 16);

        /// <summary>Floats in 256-bit vectors: the eight samples of a neuron in one.</summary>
        private static readonly Format Float = new("float", Vec, VF, 8);
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string NoInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";
        private static readonly int[] Blocks = { 4, 2, 1 };

        public static void Write(CodeWriter w)
        {
            w.Line("/// <summary>");
            w.Line("/// The mini-batch kernels of the vectorised networks: eight samples along the lanes of two Vector256 of doubles, a");
            w.Line("/// sample's values of a layer at [neuron·8 + sample] (\"along the lanes\"), or at [sample·stride + neuron] (\"in rows\").");
            w.Line("/// Every product is taken over a block of four, two or one neurons and the eight samples, its sums in registers.");
            w.Line("/// Where the CPU has 512-bit vectors (Vector512.IsHardwareAccelerated, a constant to the JIT), the eight samples are one");
            w.Line("/// Vector512 and the wide kernels (…Wide) take the blocks they can: eight neurons a turn forward, eight inputs a turn");
            w.Line("/// in Σ δ·w, four neurons by sixteen inputs in the gradients; the same multiply-adds of each lane, in the same order.");
            w.Line("/// The float overloads hold the eight samples in one Vector256 of floats: eight neurons a turn forward, eight inputs a");
            w.Line("/// turn in Σ δ·w, sixteen inputs a turn in the gradients (thirty-two in 512-bit vectors where the CPU has them).");
            w.Line("/// </summary>");
            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"{NetworkEmitter.GeneratedCodeTool}\", \"{NetworkEmitter.Version}\")]");
            using (w.Block("internal static class SampleLanes"))
            {
                WriteTranspose(w);
                WriteDispatch(w, "Forward",
                    "The net inputs of the neurons j < rows for the eight samples: Σ_i w[j·stride + i]·x[i·8 + s] over i < inputs, into net[j·8 + s] (no bias)",
                    "int rows, int inputs, ref double w, int stride, ref double x, ref double net",
                    kernel => $"{kernel}(inputs, ref {Unsafe}.Add(ref w, j * stride), stride, ref x, ref {Unsafe}.Add(ref net, j * 8));",
                    Blocks, wideRows: 8);
                WriteForwardRowsWide(w);
                foreach (int r in Blocks)
                {
                    WriteForwardRows(w, r);
                }

                w.Line();
                w.Line("/// <summary>∂E_total/∂out of each input i &lt; inputs (a multiple of 4) for the eight samples: Σ_j δ[j·8 + s]·w[j·stride + i] over the rows j &lt; rows, into dout[i·8 + s].</summary>");
                using (w.Block("internal static void Propagate(int inputs, int rows, ref double w, int stride, ref double delta, ref double dout)"))
                {
                    w.Line("int i = 0;");
                    using (w.Block($"if ({Wide})"))
                    {
                        using (w.Block("for (; i + 8 <= inputs; i += 8)"))
                        {
                            w.Line($"PropagateInputs8Wide(rows, ref {Unsafe}.Add(ref w, i), stride, ref delta, ref {Unsafe}.Add(ref dout, i * 8));");
                        }
                    }

                    using (w.Block("for (; i < inputs; i += 4)"))
                    {
                        w.Line($"PropagateInputs4(rows, ref {Unsafe}.Add(ref w, i), stride, ref delta, ref {Unsafe}.Add(ref dout, i * 8));");
                    }
                }

                WritePropagateWide(w);
                WritePropagate(w);
                WriteAccumulate(w, WideDouble, Narrow);

                WriteFloatOverloads(w);
            }
        }

        /// <summary>
        /// The same kernels over floats, as overloads: a neuron's eight samples are one Vector256&lt;float&gt;, so each kernel
        /// is the wide double kernel's over 256-bit vectors of eight floats (rows and inputs padded to multiples of 8).
        /// </summary>
        private static void WriteFloatOverloads(CodeWriter w)
        {
            WriteTranspose8(w);
            int[] blocks = { 8, 4, 2, 1 };
            WriteDispatch(w, "Forward",
                "The net inputs of the neurons j < rows for the eight samples: Σ_i w[j·stride + i]·x[i·8 + s] over i < inputs, into net[j·8 + s] (no bias)",
                "int rows, int inputs, ref float w, int stride, ref float x, ref float net",
                kernel => $"{kernel}(inputs, ref {Unsafe}.Add(ref w, j * stride), stride, ref x, ref {Unsafe}.Add(ref net, j * 8));",
                blocks, wideRows: 0);
            foreach (int r in blocks)
            {
                WriteForwardRowsOneVector(w, $"ForwardRows{r}", r, Float);
            }

            w.Line();
            w.Line("/// <summary>∂E_total/∂out of each input i &lt; inputs (a multiple of 8) for the eight samples: Σ_j δ[j·8 + s]·w[j·stride + i] over the rows j &lt; rows, into dout[i·8 + s].</summary>");
            using (w.Block("internal static void Propagate(int inputs, int rows, ref float w, int stride, ref float delta, ref float dout)"))
            {
                using (w.Block("for (int i = 0; i < inputs; i += 8)"))
                {
                    w.Line($"PropagateInputs8(rows, ref {Unsafe}.Add(ref w, i), stride, ref delta, ref {Unsafe}.Add(ref dout, i * 8));");
                }
            }

            WritePropagateOneVector(w, "PropagateInputs8", Float);
            WriteAccumulate(w, WideFloat, Float);
        }

        /// <summary>The gradients' entry and kernels over one element type: the wide kernel (512-bit vectors), then blocks of 4, 2 and 1 rows.</summary>
        private static void WriteAccumulate(CodeWriter w, Format wide, Format narrow)
        {
            string e = narrow.Element;
            WriteDispatch(w, "Accumulate",
                $"Adds the eight samples' gradients of the neurons j < rows to the sums: g[j·stride + i] += Σ_s δ[j·8 + s]·x[s·stride + i] over i < inputs (a multiple of {narrow.Width})",
                $"int rows, int inputs, ref {e} g, int stride, ref {e} delta, ref {e} x",
                kernel => $"{kernel}(inputs, ref {Unsafe}.Add(ref g, j * stride), stride, ref {Unsafe}.Add(ref delta, j * 8), ref x);",
                Blocks, wideRows: 4);
            WriteAccumulateRowsWide(w, wide, narrow);
            foreach (int r in Blocks)
            {
                WriteAccumulateRows(w, r, narrow);
            }
        }

        private const string Avx = "global::System.Runtime.Intrinsics.X86.Avx";

        private static void WriteTranspose(CodeWriter w) =>
            WriteTransposeMethod(w, 4, "double", () =>
            {
                w.Line($"var t0 = {Avx}.UnpackLow(r0, r1);", "r0[0] r1[0] r0[2] r1[2]");
                w.Line($"var t1 = {Avx}.UnpackHigh(r0, r1);", "r0[1] r1[1] r0[3] r1[3]");
                w.Line($"var t2 = {Avx}.UnpackLow(r2, r3);");
                w.Line($"var t3 = {Avx}.UnpackHigh(r2, r3);");
                w.Line($"{Vec}.StoreUnsafe({Avx}.Permute2x128(t0, t2, 0x20), ref to, (nuint)0);");
                w.Line($"{Vec}.StoreUnsafe({Avx}.Permute2x128(t1, t3, 0x20), ref to, (nuint)toStride);");
                w.Line($"{Vec}.StoreUnsafe({Avx}.Permute2x128(t0, t2, 0x31), ref to, (nuint)(2 * toStride));");
                w.Line($"{Vec}.StoreUnsafe({Avx}.Permute2x128(t1, t3, 0x31), ref to, (nuint)(3 * toStride));");
            });

        private static void WriteTranspose8(CodeWriter w)
        {
            w.Line();
            WriteTransposeMethod(w, 8, "float", () =>
            {
                // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged
                void Step(string statement, string? comment)
                {
                    if (comment is null)
                    {
                        w.Line(statement);
                    }
                    else
                    {
                        w.Line(statement, comment);
                    }
                }

                for (int r = 0; r < 8; r += 2)
                {
                    Step($"var t{r} = {Avx}.UnpackLow(r{r}, r{r + 1});", r == 0 ? "r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]" : null);
                    w.Line($"var t{r + 1} = {Avx}.UnpackHigh(r{r}, r{r + 1});");
                }

                for (int r = 0; r < 8; r += 4)
                {
                    Step($"var u{r} = {Avx}.Shuffle(t{r}, t{r + 2}, 0x44);", r == 0 ? "r0[0] r1[0] r2[0] r3[0] | r0[4] r1[4] r2[4] r3[4]" : null);
                    w.Line($"var u{r + 1} = {Avx}.Shuffle(t{r}, t{r + 2}, 0xEE);");
                    w.Line($"var u{r + 2} = {Avx}.Shuffle(t{r + 1}, t{r + 3}, 0x44);");
                    w.Line($"var u{r + 3} = {Avx}.Shuffle(t{r + 1}, t{r + 3}, 0xEE);");
                }

                for (int c = 0; c < 8; c++)
                {
                    string offset = c == 0 ? "0" : c == 1 ? "toStride" : $"{c} * toStride";
                    w.Line($"{Vec}.StoreUnsafe({Avx}.Permute2x128(u{c % 4}, u{(c % 4) + 4}, {(c < 4 ? "0x20" : "0x31")}), ref to, (nuint)({offset}));");
                }
            });
        }

        /// <summary>
        /// <c>Transpose{n}</c>: an n×n block, its rows loaded into r0.. and <paramref name="shuffle"/> storing the columns where
        /// the CPU has AVX; an element at a time elsewhere.
        /// </summary>
        private static void WriteTransposeMethod(CodeWriter w, int n, string element, System.Action shuffle)
        {
            w.Line($"/// <summary>A{(n == 8 ? "n" : string.Empty)} {n}×{n} block of {element}s transposed: row r of <paramref name=\"from\"/> (rows fromStride apart) into column r of <paramref name=\"to\"/> (rows toStride apart).</summary>");
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            using (w.Block($"internal static void Transpose{n}(ref {element} from, int fromStride, ref {element} to, int toStride)"))
            {
                using (w.Block($"if ({Avx}.IsSupported)"))
                {
                    for (int r = 0; r < n; r++)
                    {
                        w.Line($"var r{r} = {Vec}.LoadUnsafe(ref from, (nuint)({(r == 0 ? "0" : $"{r} * fromStride")}));");
                    }

                    shuffle();
                    w.Line("return;");
                }

                w.Line();
                using (w.Block($"for (int r = 0; r < {n}; r++)"))
                {
                    using (w.Block($"for (int c = 0; c < {n}; c++)"))
                    {
                        w.Line($"{Unsafe}.Add(ref to, c * toStride + r) = {Unsafe}.Add(ref from, r * fromStride + c);");
                    }
                }
            }
        }

        /// <summary>The entry of a kernel over rows: blocks of <paramref name="blocks"/>[0] rows, then each smaller block once.</summary>
        /// <param name="call">The call of a kernel by its name (<c>{name}Rows4</c>), for the rows from j.</param>
        /// <param name="blocks">The rows a kernel takes, largest first, the last 1.</param>
        /// <param name="wideRows">The neurons a turn of the wide kernel (<c>{name}Rows{wideRows}Wide</c>), taken first where the CPU has 512-bit vectors; 0 for none.</param>
        private static void WriteDispatch(CodeWriter w, string name, string summary, string parameters, System.Func<string, string> call, int[] blocks, int wideRows)
        {
            string[] counts = { "one", "two", "three", "four", "five", "six", "seven", "eight" };
            string turns = $"{counts[blocks[0] - 1]} neurons a turn, then {string.Join(", then ", blocks.Skip(1).Select(b => counts[b - 1]))}";
            string wide = wideRows == 0 ? string.Empty : wideRows == 8 ? "eight neurons a turn with 512-bit vectors, then " : "with 512-bit vectors in the wide kernel, ";
            w.Line();
            w.Line($"/// <summary>{summary.Replace("<", "&lt;")}: {wide}{turns}.</summary>");
            using (w.Block($"internal static void {name}({parameters})"))
            {
                w.Line("int j = 0;");
                if (wideRows > 0)
                {
                    using (w.Block($"if ({Wide})"))
                    {
                        using (w.Block($"for (; j + {wideRows} <= rows; j += {wideRows})"))
                        {
                            w.Line(call($"{name}Rows{wideRows}Wide"));
                        }
                    }
                }

                using (w.Block($"for (; j + {blocks[0]} <= rows; j += {blocks[0]})"))
                {
                    w.Line(call($"{name}Rows{blocks[0]}"));
                }

                foreach (int block in blocks.Skip(1))
                {
                    using (w.Block(block == 1 ? "if (j < rows)" : $"if (j + {block} <= rows)"))
                    {
                        w.Line(call($"{name}Rows{block}"));
                        if (block > 1)
                        {
                            w.Line($"j += {block};");
                        }
                    }
                }
            }
        }

        /// <summary><c>ref double w1 = ref Unsafe.Add(ref w, stride);</c> and so on: the rows after the first.</summary>
        private static void WriteRowRefs(CodeWriter w, string origin, int rows, string element = "double")
        {
            for (int r = 1; r < rows; r++)
            {
                w.Line($"ref {element} {origin}{r} = ref {Unsafe}.Add(ref {origin}{(r == 1 ? string.Empty : (r - 1).ToString())}, stride);");
            }
        }

        /// <summary>
        /// The sums of a block along the lanes and where each is stored: per neuron (or input) k, one Vector512 <c>{name}k</c>
        /// at k·8, or two Vector256 <c>{name}k_0</c> and <c>{name}k_4</c> at k·8 and k·8 + 4.
        /// </summary>
        private static (string Name, int Offset)[] Sums(string name, int count, Format format) =>
            Enumerable.Range(0, count)
                .SelectMany(k => format.OneVector ? new[] { ($"{name}{k}", k * 8) } : new[] { ($"{name}{k}_0", k * 8), ($"{name}{k}_4", (k * 8) + 4) })
                .ToArray();

        private static void WriteZeroSums(CodeWriter w, (string Name, int Offset)[] sums, Format format)
        {
            string type = format.VectorType;
            w.Line($"{type} {string.Join(", ", sums.Select(sum => $"{sum.Name} = {type}.Zero"))};");
        }

        private static void WriteStoreSums(CodeWriter w, (string Name, int Offset)[] sums, string origin, Format format)
        {
            foreach ((string name, int offset) in sums)
            {
                w.Line($"{format.VectorClass}.StoreUnsafe({name}, ref {origin}, (nuint)({offset}));");
            }
        }

        private static string Row(string origin, int r) => r == 0 ? origin : origin + r;

        private static void WriteForwardRows(CodeWriter w, int rows)
        {
            w.Line();
            w.Line(NoInlining);
            using (w.Block($"private static void ForwardRows{rows}(int inputs, ref double w, int stride, ref double x, ref double net)"))
            {
                WriteRowRefs(w, "w", rows);
                var sums = Sums("net", rows, Narrow);
                WriteZeroSums(w, sums, Narrow);
                using (w.Block("for (nuint i = 0; i < (nuint)inputs; i++)"))
                {
                    w.Line($"var x_0 = {Vec}.LoadUnsafe(ref x, i * 8);");
                    w.Line($"var x_4 = {Vec}.LoadUnsafe(ref x, i * 8 + 4);");
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"var w{r}i = {Vec}.Create({Unsafe}.Add(ref {Row("w", r)}, i));");
                        w.Line($"net{r}_0 = {Vec}.FusedMultiplyAdd(w{r}i, x_0, net{r}_0);");
                        w.Line($"net{r}_4 = {Vec}.FusedMultiplyAdd(w{r}i, x_4, net{r}_4);");
                    }
                }

                WriteStoreSums(w, sums, "net", Narrow);
            }
        }

        private static void WriteForwardRowsWide(CodeWriter w) => WriteForwardRowsOneVector(w, "ForwardRows8Wide", 8, WideDouble);

        /// <summary>A block of rows whose neurons' eight samples are one vector each: one sum per row.</summary>
        private static void WriteForwardRowsOneVector(CodeWriter w, string name, int rows, Format format)
        {
            string vec = format.VectorClass;
            w.Line();
            w.Line(NoInlining);
            using (w.Block($"private static void {name}(int inputs, ref {format.Element} w, int stride, ref {format.Element} x, ref {format.Element} net)"))
            {
                WriteRowRefs(w, "w", rows, format.Element);
                var sums = Sums("net", rows, format);
                WriteZeroSums(w, sums, format);
                using (w.Block("for (nuint i = 0; i < (nuint)inputs; i++)"))
                {
                    w.Line($"var x_ = {vec}.LoadUnsafe(ref x, i * 8);", "the eight samples' input i");
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"net{r} = {vec}.FusedMultiplyAdd({vec}.Create({Unsafe}.Add(ref {Row("w", r)}, i)), x_, net{r});");
                    }
                }

                WriteStoreSums(w, sums, "net", format);
            }
        }

        private static void WritePropagateWide(CodeWriter w) => WritePropagateOneVector(w, "PropagateInputs8Wide", WideDouble);

        /// <summary>Eight inputs a turn, each input's eight samples one vector of sums.</summary>
        private static void WritePropagateOneVector(CodeWriter w, string name, Format format)
        {
            string vec = format.VectorClass;
            w.Line();
            w.Line(NoInlining);
            using (w.Block($"private static void {name}(int rows, ref {format.Element} w, int stride, ref {format.Element} delta, ref {format.Element} dout)"))
            {
                var sums = Sums("dout", 8, format);
                WriteZeroSums(w, sums, format);
                using (w.Block("for (nuint j = 0; j < (nuint)rows; j++)"))
                {
                    w.Line($"var delta_ = {vec}.LoadUnsafe(ref delta, j * 8);", "the eight samples' δ of neuron j");
                    w.Line($"ref {format.Element} wj = ref {Unsafe}.Add(ref w, j * (nuint)stride);");
                    for (int c = 0; c < 8; c++)
                    {
                        w.Line($"dout{c} = {vec}.FusedMultiplyAdd({vec}.Create({Unsafe}.Add(ref wj, {c})), delta_, dout{c});");
                    }
                }

                WriteStoreSums(w, sums, "dout", format);
            }
        }

        /// <summary>
        /// Four rows' gradients with 512-bit vectors of inputs: two a turn per row, then one, then a 256-bit one (16, 8 and 4
        /// doubles; 32, 16 and 8 floats).
        /// </summary>
        private static void WriteAccumulateRowsWide(CodeWriter w, Format wide, Format narrow) =>
            WriteAccumulateRowsOf(w, "AccumulateRows4Wide", 4, wide, narrow);

        private static void WritePropagate(CodeWriter w)
        {
            w.Line();
            w.Line(NoInlining);
            using (w.Block("private static void PropagateInputs4(int rows, ref double w, int stride, ref double delta, ref double dout)"))
            {
                var sums = Sums("dout", 4, Narrow);
                WriteZeroSums(w, sums, Narrow);
                using (w.Block("for (nuint j = 0; j < (nuint)rows; j++)"))
                {
                    w.Line($"var delta_0 = {Vec}.LoadUnsafe(ref delta, j * 8);");
                    w.Line($"var delta_4 = {Vec}.LoadUnsafe(ref delta, j * 8 + 4);");
                    w.Line($"ref double wj = ref {Unsafe}.Add(ref w, j * (nuint)stride);");
                    for (int c = 0; c < 4; c++)
                    {
                        w.Line($"var w{c} = {Vec}.Create({Unsafe}.Add(ref wj, {c}));");
                        w.Line($"dout{c}_0 = {Vec}.FusedMultiplyAdd(w{c}, delta_0, dout{c}_0);");
                        w.Line($"dout{c}_4 = {Vec}.FusedMultiplyAdd(w{c}, delta_4, dout{c}_4);");
                    }
                }

                WriteStoreSums(w, sums, "dout", Narrow);
            }
        }

        /// <summary>A block of rows' gradients: two vectors of inputs a turn per row, then one (8 and 4 doubles, 16 and 8 floats).</summary>
        private static void WriteAccumulateRows(CodeWriter w, int rows, Format format) =>
            WriteAccumulateRowsOf(w, $"AccumulateRows{rows}", rows, format, tail: null);

        /// <summary>
        /// A gradients' kernel over a block of rows: two vectors of inputs a turn per row in <paramref name="main"/>, then one;
        /// with a <paramref name="tail"/> (the 512-bit kernels), one vector of it for the inputs left after that.
        /// </summary>
        private static void WriteAccumulateRowsOf(CodeWriter w, string name, int rows, Format main, Format? tail)
        {
            string Words(int n) => n switch { 4 => "four", 8 => "eight", 16 => "sixteen", _ => "thirty-two" };
            string Capital(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
            string two = Words(2 * main.Width), one = Words(main.Width);
            w.Line();
            w.Line(NoInlining);
            using (w.Block($"private static void {name}(int inputs, ref {main.Element} g, int stride, ref {main.Element} delta, ref {main.Element} x)"))
            {
                WriteRowRefs(w, "g", rows, main.Element);
                w.Line("nuint i = 0;");
                w.Line($"// {Capital(two)} inputs a turn: two {(tail is null ? string.Empty : "512-bit ")}vectors of sums per row");
                using (w.Block($"for (; i + {2 * main.Width} <= (nuint)inputs; i += {2 * main.Width})"))
                {
                    WriteAccumulateTurn(w, rows, 2, main);
                }

                if (tail is null)
                {
                    w.Line($"// The last {one} inputs, when the inputs are not a multiple of {two}");
                }
                else
                {
                    w.Line($"// {Capital(one)} inputs, then {Words(tail.Width)}, when the inputs are not a multiple of {two}");
                    using (w.Block($"if (i + {main.Width} <= (nuint)inputs)"))
                    {
                        WriteAccumulateTurn(w, rows, 1, main);
                        w.Line($"i += {main.Width};");
                    }
                }

                using (w.Block("if (i < (nuint)inputs)"))
                {
                    WriteAccumulateTurn(w, rows, 1, tail ?? main);
                }
            }
        }

        private static void WriteAccumulateTurn(CodeWriter w, int rows, int vectors, Format format)
        {
            string vec = format.VectorClass;
            int width = format.Width;
            var sums = Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, vectors).Select(v => (Row: r, Offset: v * width))).ToList();
            foreach ((int r, int offset) in sums)
            {
                w.Line($"var g{r}_{offset} = {vec}.LoadUnsafe(ref {Row("g", r)}, i{(offset == 0 ? string.Empty : " + " + offset)});");
            }

            using (w.Block("for (nuint s = 0; s < 8; s++)"))
            {
                w.Line($"ref {format.Element} xs = ref {Unsafe}.Add(ref x, s * (nuint)stride + i);");
                for (int v = 0; v < vectors; v++)
                {
                    w.Line($"var x_{v * width} = {vec}.LoadUnsafe(ref xs, (nuint)({v * width}));");
                }

                for (int r = 0; r < rows; r++)
                {
                    w.Line($"var delta{r} = {vec}.Create({Unsafe}.Add(ref delta, {(r == 0 ? "s" : $"{r * 8} + s")}));");
                    for (int v = 0; v < vectors; v++)
                    {
                        w.Line($"g{r}_{v * width} = {vec}.FusedMultiplyAdd(delta{r}, x_{v * width}, g{r}_{v * width});");
                    }
                }
            }

            foreach ((int r, int offset) in sums)
            {
                w.Line($"{vec}.StoreUnsafe(g{r}_{offset}, ref {Row("g", r)}, i{(offset == 0 ? string.Empty : " + " + offset)});");
            }
        }
    }
}
