using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The parameters as a whole: copying, initialising, saving and loading (the file format lives in the runtime's
    // ParameterFile).
    internal sealed partial class NetworkEmitter
    {
        private void WriteParameterMethods()
        {
            if (_facts.HasSpan)
            {
                WriteCopy("CopyParametersTo", "Copies the parameters into <paramref name=\"destination\"/>: the weights in the article's numbering, then the biases layer by layer.", p => p);
                WriteCopy("CopyGradientsTo", "Copies the gradients of the last Backward or Train into <paramref name=\"destination\"/>, in the order of CopyParametersTo.", Naming.Gradient);
                WriteSetParameters();
                if (HasCopyInParameterOrder)
                {
                    WriteCopyInParameterOrder();
                }
            }

            WriteInitialize();
            if (IsBaked && IsVectorized)
            {
                WriteBakedParametersMethod();
            }

            WriteResetOptimizer();
            WriteSaveLoad();
        }

        private void WriteCopy(string name, string summary, System.Func<string, string> value)
        {
            _w.Line();
            if (!InheritDoc())
            {
                Summary(summary);
                _w.Line("/// <param name=\"destination\">A span of exactly ParameterCount values.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The span's length is not ParameterCount.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public void {name}({Span} destination)"))
            {
                WriteParameterLengthCheck("destination");
                if (IsVectorized)
                {
                    if (name != "CopyParametersTo")
                    {
                        _w.Line(MaterializeIfFactored);
                    }
                    else if (DefersFirstLayer)
                    {
                        _w.Line(ApplyPendingIfAny, "the last Train's update of the first layer");
                    }

                    string storage = name == "CopyParametersTo" ? ParametersField : GradientsField;
                    if (HasCopyInParameterOrder && !_real.IsSingle)
                    {
                        _w.Line($"CopyInParameterOrder(ref {storage}, destination);");
                        return;
                    }

                    WriteParameterOrderLoop(storage, "destination[i++] = {0};");
                    return;
                }

                // Through the named properties where the class has them (the article's names), else their backing fields
                WritePacked(Parameters.Select((parameter, i) => $"destination[{Count(i)}] = {(HasNamedParameters ? value(parameter) : Naming.Field(value(parameter)))};"), string.Empty, " ", string.Empty);
            }
        }

        /// <summary>Where every parameter is about to be replaced, Train's pending update of the first layer is dropped, not applied.</summary>
        private void WriteDropPendingUpdate()
        {
            if (DefersFirstLayer)
            {
                _w.Line($"{PendingField} = false;", "every weight is replaced: the last Train's pending update with them");
            }
        }

        private void WriteParameterLengthCheck(string span) =>
            WriteCheckLength(span, _layout.ParameterCount, $"ParameterCount: {Range(_layout.Weights)}{(_layout.Biases.Count > 0 ? ", then " + Range(_layout.Biases) : string.Empty)}");

        /// <summary>Writes <c>_w1 = value(0); ...</c> for every parameter, then forgets the forward pass (the weights changed).</summary>
        private void WriteSetAll(System.Func<int, string> value)
        {
            WritePacked(Parameters.Select((parameter, i) => $"{Naming.Field(parameter)} = {value(i)};"), string.Empty, " ", string.Empty);
            WriteForgetPass();
        }

        /// <summary>A double expression as the network's number type: itself, or <c>(float)(...)</c> under Precision.Single.</summary>
        private string Narrow(string doubleExpression) =>
            !_real.IsSingle ? doubleExpression : doubleExpression.IndexOf(' ') < 0 ? "(float)" + doubleExpression : $"(float)({doubleExpression})";

        /// <summary>An array of the network's numbers as the <c>double[]</c> the parameter file holds (floats widen exactly).</summary>
        private string Widened(string array) => _real.IsSingle ? $"{Runtime}.ParameterFile.Widen({array})" : array;

        /// <summary>The <c>double[]</c> read from a parameter file as an array of the network's numbers.</summary>
        private string Narrowed(string array) => _real.IsSingle ? $"{Runtime}.ParameterFile.Narrow({array})" : array;

        private void WriteSetParameters()
        {
            _w.Line();
            if (!InheritDoc())
            {
                Summary("Sets every parameter from <paramref name=\"source\"/>, in the order of CopyParametersTo, as they are (NaN and ±∞ are not checked). Backward then needs a new Forward.");
                _w.Line("/// <param name=\"source\">A span of exactly ParameterCount values.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentException\">The span's length is not ParameterCount.</exception>");
            }

            GeneratedCode();
            using (_w.Block($"public void SetParameters({ReadOnlySpan} source)"))
            {
                WriteParameterLengthCheck("source");
                if (IsVectorized)
                {
                    WriteDropPendingUpdate();
                    WriteParameterOrderLoop(ParametersField, "{0} = source[i++];");
                    WriteForgetPass();
                    return;
                }

                WriteSetAll(i => $"source[{Count(i)}]");
            }
        }

        private void WriteInitialize()
        {
            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary("Initialises the weights at random, deterministically for a seed (Xavier/Glorot uniform for logistic, tanh, identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0. Backward then needs a new Forward.");
                _w.Line("/// <param name=\"seed\">The seed of the <see cref=\"global::System.Random\"/> that draws the weights.</param>");
            }

            GeneratedCode();
            _w.Line("public void InitializeParameters(int seed) => InitializeParameters(new global::System.Random(seed));");

            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary("Initialises the weights with values drawn from <paramref name=\"random\"/> (Xavier/Glorot uniform for logistic, tanh, identity and softmax layers; He uniform for ReLU layers), and sets the biases to 0. Backward then needs a new Forward.");
                _w.Line("/// <param name=\"random\">The source of the random values.</param>");
            }

            GeneratedCode();
            // The runtime draws the weights in parameter order (see INetwork.InitializeParameters for the limits)
            string draw = $"{Runtime}.Initialization.Draw({DescriptionField}, random)";
            if (_facts.HasSpan && !HasOptimizer)
            {
                const string head = "public void InitializeParameters(global::System.Random random) =>";
                string body = $"SetParameters({Narrowed(draw)});";
                if (head.Length + body.Length > 160)
                {
                    _w.Line(head);
                    _w.Line("    " + body);
                    return;
                }

                _w.Line(head + " " + body);
                return;
            }

            using (_w.Block("public void InitializeParameters(global::System.Random random)"))
            {
                if (_facts.HasSpan)
                {
                    _w.Line($"SetParameters({Narrowed(draw)});");
                }
                else
                {
                    _w.Line($"double[] values = {draw};");
                    WriteSetAll(i => Narrow($"values[{Count(i)}]"));
                }

                if (HasOptimizer)
                {
                    _w.Line("ResetOptimizer();");
                }
            }
        }

        private void WriteSaveLoad()
        {
            string file = Runtime + ".ParameterFile";
            string shape = $"new[] {{ {string.Join(", ", _layout.Sizes.Select(Count))} }}, global::BackpropGen.BiasMode.{_model.Bias}";

            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary(HasOptimizerState
                    ? $"Writes the parameters and the optimizer's state to <paramref name=\"stream\"/> in BackpropGen's parameter file format, version 4: \"BPGN\", the format version, the layer count and sizes, the bias mode and the parameter count as little-endian int32, the parameters (in the order of CopyParametersTo) as little-endian IEEE 754 doubles, the optimizer ({OptimizerKind}) as int32, its step count t as int64, the state's length as int32 and the state ({(OptimizerKind == OptimizerKind.Adam ? "m of every trained parameter, then v" : "the velocity of every trained parameter")}) as doubles, then a CRC-32 of all that. Values are written as they are: NaN and ±∞ too, and Load reads them back."
                    : "Writes the parameters to <paramref name=\"stream\"/> in BackpropGen's parameter file format, version 2: \"BPGN\", the format version, the layer count and sizes, the bias mode and the parameter count as little-endian int32, the parameters (in the order of CopyParametersTo) as little-endian IEEE 754 doubles, then a CRC-32 of all that. Values are written as they are: NaN and ±∞ too, and Load reads them back.");
                _w.Line("/// <param name=\"stream\">A writable stream.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"stream\"/> is null.</exception>");
            }

            GeneratedCode();
            // Without an optimizer's state, the runtime writes and reads the file through INetwork: the description,
            // CopyParametersTo and SetParameters
            bool throughInterface = ImplementsInterface && !HasOptimizerState;
            if (throughInterface)
            {
                _w.Line($"public void Save(global::System.IO.Stream stream) => {file}.Save(this, stream);");
            }
            else
            {
                using (_w.Block("public void Save(global::System.IO.Stream stream)"))
                {
                    WriteSaveBody(file, shape);
                }
            }

            _w.Line();
            if (!InheritDoc(inReals: false))
            {
                Summary(HasOptimizerState
                    ? "Reads parameters and the optimizer's state written by <c>Save</c> (format version 4), or parameters alone (version 2, or 1 without a checksum; then the optimizer's state is reset, as it is for a file of another optimizer). The file must describe a network of this shape and bias mode and pass its CRC-32 check; otherwise nothing changes and an exception says why. Backward then needs a new Forward."
                    : "Reads parameters written by <c>Save</c> (format version 2, or 1 without a checksum). The file must describe a network of this shape and bias mode and pass its CRC-32 check; otherwise nothing changes and an exception says why. Backward then needs a new Forward.");
                _w.Line("/// <param name=\"stream\">A readable stream positioned at the start of a parameter file; left at its end.</param>");
                _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"stream\"/> is null.</exception>");
                _w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">The file is not a BackpropGen parameter file, is of another version or network, is truncated, or is corrupt (its checksum does not match).</exception>");
            }

            GeneratedCode();
            if (throughInterface)
            {
                _w.Line($"public void Load(global::System.IO.Stream stream) => {file}.Load(this, stream);");
                return;
            }

            using (_w.Block("public void Load(global::System.IO.Stream stream)"))
            {
                if (HasOptimizerState)
                {
                    WriteLoadWithState(file, shape);
                    return;
                }

                _w.Line($"double[] values = {file}.Read(stream, \"{_model.Type.PlainName}\", {shape}, ParameterCount);");
                _w.Line("// Every check passed: only now change the network");
                if (_facts.HasSpan)
                {
                    _w.Line($"SetParameters({Narrowed("values")});");
                }
                else
                {
                    WriteSetAll(i => Narrow($"values[{Count(i)}]"));
                }
            }
        }

        private void WriteSaveBody(string file, string shape)
        {
            if (HasOptimizerState)
            {
                WriteSaveWithState(file, shape);
            }
            else if (_facts.HasSpan)
            {
                _w.Line($"{T}[] values = new {T}[ParameterCount];");
                _w.Line("CopyParametersTo(values);");
                _w.Line($"{file}.Write(stream, {shape}, {Widened("values")});");
            }
            else
            {
                using (_w.Block($"{file}.Write(stream, {shape}, new double[]", "});"))
                {
                    WritePacked(Parameters.Select(parameter => Naming.Field(parameter) + ","), string.Empty, " ", string.Empty);
                }
            }
        }
    }
}
