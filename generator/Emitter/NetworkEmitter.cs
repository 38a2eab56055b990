using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Writes the generated file of one network: the header that describes it, then the class split by role
    /// (storage, step methods, parameters). Pure text from a <see cref="NetworkModel"/>; no Roslyn symbols.
    /// </summary>
    internal sealed partial class NetworkEmitter
    {
        internal const string GeneratedCodeTool = "BackpropGen";

        private readonly NetworkModel _model;
        private readonly Real _real;
        private readonly CompilationFacts _facts;
        private readonly NetworkLayout _layout;
        private readonly StepPlan _plan;
        private readonly CodeWriter _w = new();
        private readonly string _generatedCode;

        /// <summary>
        /// The shared step's type parameter: <c>TMode</c>, unless a containing type has a type parameter of that name, which
        /// the method's would hide (CS0693); then <c>TMode1</c>, <c>TMode2</c>, ...
        /// </summary>
        private readonly string _mode;

        private NetworkEmitter(NetworkModel model, CompilationFacts facts)
        {
            var outerTypeParameters = new System.Collections.Generic.HashSet<string>(
                model.Type.ContainingTypes.SelectMany(c => c.NameWithTypeParameters.IndexOf('<') is int open and >= 0
                    ? c.NameWithTypeParameters.Substring(open + 1, c.NameWithTypeParameters.Length - open - 2).Split(',').Select(p => p.Trim().TrimStart('@'))
                    : System.Linq.Enumerable.Empty<string>()));
            _mode = "TMode";
            for (int suffix = 1; outerTypeParameters.Contains(_mode); suffix++)
            {
                _mode = "TMode" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _model = model;
            _real = Real.For(model.Precision);
            _facts = facts;
            _layout = new NetworkLayout(model);
            _plan = Formulas.Build(_layout);
            if (ShapeChoice.Resolve(model, facts) == CodeShapeKind.Vectorized)
            {
                _kernels = new KernelLayout(_layout, _real.Lanes);
            }
            else
            {
                PlanParts();
            }

            _generatedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{GeneratedCodeTool}\", \"{Version}\")]";
        }

        /// <summary>The generator's version, read from its assembly (the one number in Directory.Build.props).</summary>
        internal static string Version { get; } = ReadVersion();

        public static string Emit(NetworkModel model, CompilationFacts facts)
        {
            var emitter = new NetworkEmitter(model, facts);
            emitter.WriteFile();
            return emitter._w.ToString();
        }

        private static string ReadVersion()
        {
            string? version = typeof(NetworkEmitter).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            version ??= typeof(NetworkEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            int plus = version.IndexOf('+');
            return plus < 0 ? version : version.Substring(0, plus);
        }

        private void WriteFile()
        {
            WriteHeader();
            TypeDeclarationModel type = _model.Type;
            var scopes = new List<CodeWriter.Scope>();
            if (type.Namespace.Length > 0)
            {
                scopes.Add(_w.Block("namespace " + type.Namespace));
            }

            foreach (ContainingTypeModel containing in type.ContainingTypes)
            {
                scopes.Add(_w.Block($"partial {containing.Keyword} {containing.NameWithTypeParameters}"));
            }

            _w.Line("/// <remarks>An instance is not thread-safe: concurrent training steps lose updates, and a Backward concurrent with another thread's Forward differentiates that thread's pass. Give each thread its own instance, or lock around each Forward/Backward pair and each training call.</remarks>");
            using (_w.Block("partial class " + type.Name + InterfaceList))
            {
                WriteStorage();
                WriteStepMethods();
                WriteVectorMethods();
                WriteParts();
                WriteParameterMethods();
                WriteExplainMethods();
                WriteInterfaceMembers();
                WriteNestedTypes();
            }

            for (int i = scopes.Count - 1; i >= 0; i--)
            {
                scopes[i].Dispose();
            }
        }

        private void WriteHeader()
        {
            NetworkModel m = _model;
            string shape = string.Join("-", m.Layers);
            string biases = m.Bias switch
            {
                BiasKind.SharedPerLayer => "one shared per layer (" + string.Join(", ", _layout.Biases) + ")",
                BiasKind.PerNeuron => "one per neuron (" + Range(_layout.Biases) + ")",
                _ => "none",
            };
            string loss = m.Loss == LossKind.SquaredError
                ? "squared error, E_total = Σ ½(target - out)²"
                : m.OutputActivation == ActivationKind.Softmax
                    ? "cross-entropy, E_total = -Σ target·ln(out)"
                    : "binary cross-entropy, E_total = -Σ [target·ln(out) + (1 - target)·ln(1 - out)]";

            _w.Line("// <auto-generated/>");
            _w.Line($"// Generated by BackpropGen {Version} from {m.AttributeText} on {m.Type.FullName}.");
            _w.Line("//");
            if (IsVectorized)
            {
                _w.Line($"// A fully-connected {shape} network, trained by backpropagation after Matt Mazur's \"A Step by Step");
                _w.Line("// Backpropagation Example\", in vectorised kernels (CodeShape.Vectorized): the article's symbols name the");
                _w.Line("// properties and each block's formula comment; the step runs over Vector256<" + T + "> with compile-time sizes.");
            }
            else
            {
                _w.Line($"// A fully-connected {shape} network, trained by backpropagation, unrolled into named locals after");
                _w.Line("// Matt Mazur's \"A Step by Step Backpropagation Example\": one local per symbol of the article, each");
                _w.Line("// statement commented with its formula.");
            }

            _w.Line("//");
            for (int l = 0; l < _layout.LayerCount; l++)
            {
                string activation = l == 0 ? string.Empty : ", " + _layout.ActivationOf(l);
                _w.Line($"//   {Capitalize(_layout.LayerTitle(l)),-15} {Range(_layout.Neurons[l]),-14} {_layout.Sizes[l]} neuron{(_layout.Sizes[l] == 1 ? string.Empty : "s")}{activation}");
            }

            _w.Line($"//   {"Weights",-15} {Range(_layout.Weights),-14} numbered layer by layer; in a layer, for each neuron, for each input to it");
            _w.Line($"//   {"Biases",-15} {biases}{(m.Bias != BiasKind.None ? (m.TrainBiases ? ", trained" : ", not trained") : string.Empty)}");
            _w.Line($"//   {"Loss",-15} {loss}");
            _w.Line($"//   {"Update rule",-15} {(m.UpdateRule == UpdateRuleKind.Simultaneous ? "Simultaneous: every gradient from the weights before the step" : "OutputLayerFirst: each layer updated before back-propagating below it")}");
            _w.Line($"//   {"Learning rate",-15} η = {CodeWriter.Number(m.LearningRate)} (LearningRate)");
            WriteOptimizerHeader();
            if (IsBaked)
            {
                _w.Line($"//   {"Initial values",-15} baked in from \"{Comment(Baked.File)}\" at compile time ({(IsVectorized ? "BakedParameters" : "the fields' initialisers")})");
            }

            _w.Line("//");
            _w.Line("// Symbols: net_X total net input of neuron X; out_X its output; E_oK error of output oK; E_total their sum;");
            _w.Line("// dE_total_dout_X = ∂E_total/∂out_X; dout_X_dnet_X = ∂out_X/∂net_X; delta_X = δ_X = ∂E_total/∂net_X;");
            _w.Line(HasOptimizer
                ? "// dE_oK_dout_X = ∂E_oK/∂out_X; dE_total_dwN = ∂E_total/∂wN; wN_plus = wN⁺, the parameter after the optimizer's update."
                : "// dE_oK_dout_X = ∂E_oK/∂out_X; dE_total_dwN = ∂E_total/∂wN; wN_plus = wN⁺ = wN - η·∂E_total/∂wN.");
            if (_facts.SupportsNullable)
            {
                _w.Line();
                _w.Line("#nullable enable");
            }

            _w.Line();
            if (_facts.SeesOtherHelpers)
            {
                WriteHelperPragma(_w);
                _w.Line();
            }
        }

        /// <summary>
        /// The shared helpers (<c>BackpropGen.Generated</c>) are internal to each assembly with networks; a referenced one that
        /// grants this one InternalsVisibleTo has helpers of the same names, and a generated file means its own assembly's,
        /// which the compiler picks with warning CS0436.
        /// </summary>
        internal static void WriteHelperPragma(CodeWriter w)
        {
            w.Line("// BackpropGen.Generated's helpers are this assembly's own, also where another's are visible (InternalsVisibleTo)");
            w.Line("#pragma warning disable CS0436");
        }

        private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>"w1..w8", or the single name.</summary>
        private static string Range(IReadOnlyList<string> names) =>
            names.Count == 0 ? "-" : names.Count == 1 ? names[0] : names[0] + ".." + names[names.Count - 1];

        private void GeneratedCode() => _w.Line(_generatedCode);

        /// <summary>The C# keyword of the network's numbers: <c>double</c>, or <c>float</c> under <c>Precision.Single</c>.</summary>
        private string T => _real.Type;

        /// <summary><c>Vector256&lt;double&gt;</c> or <c>Vector256&lt;float&gt;</c>, fully qualified.</summary>
        private string V => _real.Vector;

        /// <summary>A literal of the network's number type from a C# double literal: <c>0.5</c> or <c>0.5f</c>.</summary>
        private string Lit(string doubleLiteral) => _real.Literal(doubleLiteral);

        private void Summary(string text)
        {
            _w.Line("/// <summary>" + text + "</summary>");
        }

        /// <summary>
        /// Writes statements, comments before their groups, and each statement's formula as an aligned trailing comment.
        /// A symbol in <paramref name="assigned"/> already exists (a parameter or field) and is assigned, not declared.
        /// </summary>
        /// <param name="lines">The plan's lines.</param>
        /// <param name="assigned">Symbols that already exist and are assigned, not declared.</param>
        /// <param name="declaration">The declaration's type and space: <c>double </c>, or <c>var </c> for vectors.</param>
        /// <param name="render">Renders a statement as <c>(target, expression)</c>; by default the symbol and its scalar C#.</param>
        private void WriteStatements(
            IEnumerable<PlanLine> lines,
            ISet<string>? assigned = null,
            string? declaration = null,
            System.Func<PlanLine, (string Target, string Expression)>? render = null,
            System.Action<IReadOnlyList<PlanLine>>? afterGroup = null)
        {
            declaration ??= T + " ";
            render ??= line => (line.Symbol, CSharpRenderer.Scalar(line.Code, _real));
            var group = new List<PlanLine>();
            foreach (PlanLine line in lines)
            {
                if (!line.IsStatement)
                {
                    FlushGroup(group, assigned, declaration, render, afterGroup);
                    _w.Line();
                    _w.Line("// " + line.Comment);
                    continue;
                }

                group.Add(line);
            }

            FlushGroup(group, assigned, declaration, render, afterGroup);
        }

        /// <summary>Writes a group of statements, aligned, their formulas as comments; then <paramref name="afterGroup"/>, if any.</summary>
        private void FlushGroup(
            List<PlanLine> group,
            ISet<string>? assigned,
            string declaration,
            System.Func<PlanLine, (string Target, string Expression)> render,
            System.Action<IReadOnlyList<PlanLine>>? afterGroup = null)
        {
            const int MaxAlignedWidth = 88;
            var code = group
                .Select(line =>
                {
                    (string target, string expression) = render(line);
                    return (assigned is not null && assigned.Contains(target) ? string.Empty : declaration) + target + " = " + expression + ";";
                })
                .ToList();
            int width = code.Where(c => c.Length <= MaxAlignedWidth).Select(c => c.Length).DefaultIfEmpty(0).Max();
            for (int i = 0; i < group.Count; i++)
            {
                _w.Line(code[i].PadRight(width), group[i].Formula);
            }

            if (group.Count > 0)
            {
                afterGroup?.Invoke(group);
            }

            group.Clear();
        }

        /// <summary>Writes <c>double a = source.a, b = source.b;</c> for each name, several per line.</summary>
        private void WriteLoads(IEnumerable<string> names, string source) => WriteDeclarations(names, n => source + n);

        /// <summary>Writes <c>double a = value(a), b = value(b);</c> for each name, packed into lines of at most 120 characters.</summary>
        private void WriteDeclarations(IEnumerable<string> names, System.Func<string, string> value) =>
            WritePacked(names.Select(n => $"{n} = {value(n)}"), T + " ", ", ", ";");

        /// <summary>Writes <c>target.a = a;</c> for each name, packed into lines of at most 120 characters.</summary>
        private void WriteStores(IEnumerable<string> names, string target, System.Func<string, string>? value = null) =>
            WritePacked(names.Select(n => $"{target}{n} = {(value is null ? n : value(n))};"), string.Empty, " ", string.Empty);

        /// <summary>
        /// Writes one declaration of every item, <c>type a = x, b = y, ...;</c>, several items a line within 120 characters,
        /// the lines after the first indented under it.
        /// </summary>
        private void WriteDeclarationList(string type, IEnumerable<string> items)
        {
            const int MaxWidth = 120;
            var lines = new List<string>();
            var line = new System.Text.StringBuilder(type + " ");
            int start = line.Length;
            foreach (string item in items)
            {
                if (line.Length > start && line.Length + item.Length + 2 > MaxWidth)
                {
                    lines.Add(line.Append(',').ToString());
                    line.Clear().Append("    ");
                    start = line.Length;
                }

                line.Append(line.Length > start ? ", " : string.Empty).Append(item);
            }

            lines.Add(line.Append(';').ToString());
            foreach (string text in lines)
            {
                _w.Line(text);
            }
        }

        /// <summary>Writes <paramref name="items"/> joined by <paramref name="separator"/>, several per line, each line within 120 characters.</summary>
        private void WritePacked(IEnumerable<string> items, string prefix, string separator, string suffix)
        {
            const int MaxWidth = 120;
            var line = new System.Text.StringBuilder();
            foreach (string item in items)
            {
                if (line.Length > 0 && line.Length + separator.Length + item.Length + suffix.Length > MaxWidth)
                {
                    _w.Line(line.Append(suffix).ToString());
                    line.Clear();
                }

                line.Append(line.Length > 0 ? separator : prefix).Append(item);
            }

            if (line.Length > 0)
            {
                _w.Line(line.Append(suffix).ToString());
            }
        }

        /// <summary>Every identifier that the expressions of <paramref name="lines"/> read.</summary>
        private static HashSet<string> References(IEnumerable<PlanLine> lines)
        {
            var names = new HashSet<string>();
            foreach (PlanLine line in lines)
            {
                if (line.IsStatement)
                {
                    names.UnionWith(line.Reads);
                }
            }

            return names;
        }
    }
}
