using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Emitter.Expressions;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Emitter
{
    // The optimizer (Momentum, Adam, or Sgd with weight decay): its hyperparameters, its state, and the update that
    // ApplyGradients, Train and the parts run. A network with plain SGD gets none of this (the article's update).
    internal sealed partial class NetworkEmitter
    {
        private const string StepField = "_t";

        private bool HasOptimizer => _model.HasOptimizer;

        private OptimizerKind OptimizerKind => _model.OptimizerKind;

        /// <summary>Whether the optimizer keeps a state (a velocity, or Adam's moments): Momentum and Adam.</summary>
        private bool HasOptimizerState => OptimizerKind != OptimizerKind.Sgd;

        private bool CountsSteps => Optimizers.CountsSteps(OptimizerKind);

        /// <summary>The hyperparameters other than η that the update reads (μ; β1, β2, ε; λ), as locals.</summary>
        private IEnumerable<string> OptimizerHyperparameters => Optimizers.Hyperparameters(OptimizerKind).Skip(1);

        /// <summary>The state's symbols before the step, in the file's order: the velocity of each trained parameter, or Adam's m of each, then its v.</summary>
        private IEnumerable<string> OptimizerState =>
            Optimizers.StatePerParameter(OptimizerKind).SelectMany(state => TrainedParameters.Select(state));

        /// <summary>What Symbols and the walkthrough record before the update besides the parameters and η: the hyperparameters, t, the state.</summary>
        private IEnumerable<string> OptimizerInputs => SymbolOrder.OptimizerInputs(_layout);

        private static string HyperparameterField(string hyperparameter) => "_" + char.ToLowerInvariant(Optimizers.Property(hyperparameter)[0]) + Optimizers.Property(hyperparameter).Substring(1);

        /// <summary>The storage of one kind of state in the vectorised shape: <c>_m</c>, <c>_v</c>, <c>_velocity</c>.</summary>
        private static string StateStorage(System.Func<string, string> state) => "_" + state("x").Substring(0, state("x").Length - 2);

        /// <summary>Where a state value lives: its backing field, or its slot in the vectorised storage.</summary>
        private string StateField(System.Func<string, string> state, string parameter) =>
            IsVectorized ? $"{StateStorage(state)}[{Count(Kernels.IndexOf(parameter))}]" : Naming.Field(state(parameter));

        private string OptimizerName => $"global::BackpropGen.Optimizer.{OptimizerKind}";

        private void WriteOptimizerHeader()
        {
            if (!HasOptimizer)
            {
                return;
            }

            OptimizerModel o = _model.Optimizer!;
            string settings = OptimizerKind switch
            {
                OptimizerKind.Momentum => $"Momentum (PyTorch's SGD with momentum): μ = {CodeWriter.Number(o.Momentum)}, λ = {CodeWriter.Number(o.WeightDecay)}",
                OptimizerKind.Adam => $"Adam (PyTorch's Adam; AdamW when λ > 0): β1 = {CodeWriter.Number(o.Beta1)}, β2 = {CodeWriter.Number(o.Beta2)}, ε = {CodeWriter.Number(o.Epsilon)}, λ = {CodeWriter.Number(o.WeightDecay)}",
                _ => $"Sgd with weight decay λ = {CodeWriter.Number(o.WeightDecay)} (PyTorch's SGD)",
            };
            _w.Line($"//   {"Optimizer",-15} {settings}");
        }

        // ---- Storage: the hyperparameters' properties, the state and its properties, ResetOptimizer ----

        private void WriteOptimizerStorage()
        {
            if (!HasOptimizer)
            {
                return;
            }

            OptimizerModel o = _model.Optimizer!;
            foreach (string hyperparameter in OptimizerHyperparameters)
            {
                string property = Optimizers.Property(hyperparameter);
                (double value, string check, string range, string doc) = hyperparameter switch
                {
                    Naming.Momentum => (o.Momentum, $"Decay(value, \"{property}\")", "at least 0 and less than 1", "The momentum μ: velocity⁺ = μ·velocity + g"),
                    Naming.Beta1 => (o.Beta1, $"Decay(value, \"{property}\")", "at least 0 and less than 1", "Adam's β1, the decay of the gradients' running mean: m⁺ = β1·m + (1 - β1)·g"),
                    Naming.Beta2 => (o.Beta2, $"Decay(value, \"{property}\")", "at least 0 and less than 1", "Adam's β2, the decay of the squared gradients' running mean: v⁺ = β2·v + (1 - β2)·g²"),
                    Naming.Epsilon => (o.Epsilon, $"Positive(value, \"{property}\")", "finite and greater than 0", "Adam's ε, added to √v̂ so that the step never divides by 0"),
                    _ => (o.WeightDecay, $"NonNegative(value, \"{property}\")", "finite and 0 or more",
                        OptimizerKind == OptimizerKind.Adam
                            ? "The weight decay λ, decoupled (AdamW): w·(1 - η·λ) before the Adam step; 0 is plain Adam"
                            : "The weight decay λ (L2, as PyTorch's SGD): g = ∂E_total/∂w + λ·w"),
                };
                string field = HyperparameterField(hyperparameter);
                _w.Line();
                Summary($"{doc}. It must be {range}. Default {CodeWriter.Number(value)}.");
                _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value set is out of range (or NaN).</exception>");
                GeneratedCode();
                _w.Line($"public {T} {property} {{ get => {field}; set => {field} = {Runtime}.Check.{check}; }}");
                _w.Line();
                _w.Line($"private {T} {field} = {Lit(CodeWriter.Number(value))};");
            }

            if (CountsSteps)
            {
                _w.Line();
                Summary("The optimizer's step count t: the steps taken since its state was last reset (Adam's bias correction divides by 1 - βᵗ).");
                GeneratedCode();
                _w.Line($"public long {Naming.Step} => {StepField};");
            }

            if (HasNamedParameters)
            {
                foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
                {
                    foreach (string parameter in TrainedParameters)
                    {
                        string name = state(parameter);
                        string doc = name.StartsWith("m_", System.StringComparison.Ordinal)
                            ? $"Adam's running mean of ∂E_total/∂{parameter} (its first moment, before bias correction)"
                            : name.StartsWith("v_", System.StringComparison.Ordinal)
                                ? $"Adam's running mean of (∂E_total/∂{parameter})² (its second moment, before bias correction)"
                                : $"The velocity of {parameter}: the momentum's running sum of its gradients";
                        _w.Line();
                        Summary(doc + ". 0 after ResetOptimizer.");
                        _w.Line($"public {T} {name} => {StateField(state, parameter)};");
                    }
                }
            }

            _w.Line();
            if (IsVectorized && HasOptimizerState)
            {
                _w.Line("// The optimizer's state, in the layout of the parameters (in the kernels' block)");
                foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
                {
                    WriteBlockMember(ParameterStorageType, StateStorage(state));
                }
            }
            else if (HasOptimizerState)
            {
                _w.Line("// The optimizer's state, per trained parameter");
                WritePacked(OptimizerState.Select(Naming.Field), $"private {T} ", ", ", ";");
            }

            if (CountsSteps)
            {
                _w.Line($"private long {StepField};");
            }
        }

        private void WriteResetOptimizer()
        {
            if (!HasOptimizer)
            {
                return;
            }

            _w.Line();
            Summary(HasOptimizerState
                ? "Resets the optimizer's state, as a new optimizer starts: " + (OptimizerKind == OptimizerKind.Adam ? "every m and v to 0 and the step count t to 0" : "every velocity to 0") + ". InitializeParameters calls it, and Load when the file carries no state of this optimizer; setting parameters does not."
                : "Resets the optimizer's state. Sgd with weight decay keeps none, so there is nothing to reset; generated so that every network with an optimizer has it.");
            GeneratedCode();
            using (_w.Block("public void ResetOptimizer()"))
            {
                if (IsVectorized)
                {
                    foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
                    {
                        _w.Line($"{StateStorage(state)} = default;");
                    }
                }
                else if (HasOptimizerState)
                {
                    WriteStores(OptimizerState.Select(Naming.Field), string.Empty, _ => Lit("0.0"));
                }

                if (CountsSteps)
                {
                    _w.Line($"{StepField} = 0;");
                }
            }
        }

        // ---- The update over locals (Train, ApplyGradients) ----

        /// <summary>Declares the update's hyperparameters (besides η), the step count and the state as locals.</summary>
        private void WriteOptimizerLoads(IEnumerable<string>? parameters = null, string step = "_t + 1")
        {
            if (!HasOptimizer)
            {
                return;
            }

            WriteDeclarations(OptimizerHyperparameters, Optimizers.Property);
            if (CountsSteps)
            {
                _w.Line($"long {Naming.Step} = {step};", "t: this step's count, from 1");
            }

            List<string> trained = (parameters ?? TrainedParameters).ToList();
            List<string> state = Optimizers.StatePerParameter(OptimizerKind).SelectMany(s => trained.Select(s)).ToList();
            if (state.Count > 0)
            {
                WriteDeclarations(state, Naming.Field);
            }
        }

        /// <summary>Writes the state back: <c>_m_w1 = m_w1_plus;</c> ..., and the step count.</summary>
        private void WriteOptimizerStores(IEnumerable<string>? parameters = null)
        {
            if (!HasOptimizer)
            {
                return;
            }

            List<string> trained = (parameters ?? TrainedParameters).ToList();
            WriteStores(Optimizers.StatePerParameter(OptimizerKind).SelectMany(s => trained.Select(s)), "_", Naming.Updated);
            if (CountsSteps && parameters is null)
            {
                _w.Line($"{StepField} = {Naming.Step};");
            }
        }

        /// <summary>ApplyGradients of an unrolled network in one method: the optimizer's statements over locals, written back.</summary>
        private void WriteApplyOptimizer()
        {
            List<string> trained = TrainedParameters.ToList();
            HashSet<string> read = References(_plan.Update);
            _w.Line("// The parameters and their gradients from the last Backward, and the optimizer's state");
            WriteDeclarations(Parameters.Where(read.Contains), Naming.Field);
            WriteDeclarations(trained.Select(Naming.Gradient), Naming.Field);
            _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
            WriteOptimizerLoads();
            WriteStatements(_plan.Update);
            _w.Line();
            _w.Line("// Write the update back");
            WriteStores(trained, "_", Naming.Updated);
            WriteOptimizerStores();
        }

        // ---- The update in parts (a large unrolled network) ----

        private const string OptimizerPartPrefix = "OptimizerPart";

        /// <summary>Trained parameters per optimizer part: each parameter's loads and statements are locals (at most 240 per part).</summary>
        private int ParametersPerOptimizerPart => OptimizerKind switch
        {
            OptimizerKind.Adam => 24,
            OptimizerKind.Momentum => 36,
            _ => 56,
        };

        private List<List<string>> OptimizerChunks()
        {
            var chunks = new List<List<string>>();
            foreach (string parameter in TrainedParameters)
            {
                if (chunks.Count == 0 || chunks[chunks.Count - 1].Count == ParametersPerOptimizerPart)
                {
                    chunks.Add(new List<string>());
                }

                chunks[chunks.Count - 1].Add(parameter);
            }

            return chunks;
        }

        /// <summary>The calls of the optimizer's parts (after the step count is advanced).</summary>
        private void WriteOptimizerPartCalls()
        {
            if (CountsSteps)
            {
                _w.Line($"{StepField}++;");
            }

            WritePacked(Enumerable.Range(1, OptimizerChunks().Count).Select(n => $"{OptimizerPartPrefix}{Count(n)}();"), string.Empty, " ", string.Empty);
        }

        private void WriteOptimizerParts()
        {
            if (!HasOptimizer || _parts is null)
            {
                return;
            }

            List<List<string>> chunks = OptimizerChunks();
            for (int i = 0; i < chunks.Count; i++)
            {
                List<string> chunk = chunks[i];
                _w.Line();
                Summary($"The optimizer's update from the gradients of the last Backward (the step count already advanced): part {Count(i + 1)} of {Count(chunks.Count)}.");
                using (_w.Block($"private void {OptimizerPartPrefix}{Count(i + 1)}()"))
                {
                    WriteDeclarations(chunk, Naming.Field);
                    WriteDeclarations(chunk.Select(Naming.Gradient), Naming.Field);
                    _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
                    WriteOptimizerLoads(chunk, StepField);
                    WriteStatements(_plan.OptimizerStep);
                    WriteStatements(chunk.SelectMany(parameter => _plan.OptimizerLines[parameter]));
                    _w.Line();
                    WriteStores(chunk, "_", Naming.Updated);
                    WriteOptimizerStores(chunk);
                }
            }
        }

        // ---- The update of the vectorised shape: a vector loop over the storage ----

        private void WriteOptimizerKernel()
        {
            string v = CSharpRenderer.Vector;
            int end = _model.TrainBiases ? Kernels.ParameterStorage : Kernels.WeightStorage;
            WriteRefs(parameters: true, gradients: true);
            foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
            {
                string name = StateStorage(state).Substring(1);
                _w.Line($"ref {T} {name} = ref {StorageRef(ParameterStorageType, StateStorage(state))};");
            }

            _w.Line($"{T} {Naming.LearningRate} = LearningRate;");
            WriteDeclarations(OptimizerHyperparameters, Optimizers.Property);
            if (CountsSteps)
            {
                _w.Line($"long {Naming.Step} = ++{StepField};", "t: this step's count, from 1");
                WriteStatements(_plan.OptimizerStep);
            }

            var vectors = new List<string> { Naming.LearningRate };
            vectors.AddRange(OptimizerHyperparameters);
            if (CountsSteps)
            {
                vectors.Add(Naming.Beta1Power);
                vectors.Add(Naming.Beta2Power);
            }

            WritePacked(vectors.Select(name => $"v_{name} = {v}.Create({name})"), "var ", ", ", ";");
            string one = $"{v}.Create({Lit("1.0")})";
            _w.Line($"var v_one = {one};");
            _w.Line($"// Every trained parameter{(_model.TrainBiases ? ", biases included" : string.Empty)}, {_real.LanesInWords} at a time (the padding stays 0: its gradients, parameters and state are 0)");
            using (_w.Block($"for (int i = 0; i < {Count(end)}; i += {Count(_real.Lanes)})"))
            {
                _w.Line($"var w = {Load("p", "i")};");
                _w.Line($"var dE_total_dw = {Load("g", "i")};");
                switch (OptimizerKind)
                {
                    case OptimizerKind.Adam:
                        _w.Line($"var m_plus = v_beta1 * {Load("m", "i")} + (v_one - v_beta1) * dE_total_dw;", "m⁺ = β1·m + (1 - β1)·∂E_total/∂w");
                        _w.Line($"var v_plus = v_beta2 * {Load("v", "i")} + (v_one - v_beta2) * dE_total_dw * dE_total_dw;", "v⁺ = β2·v + (1 - β2)·(∂E_total/∂w)²");
                        _w.Line("var mhat = m_plus / (v_one - v_beta1_t);", "m̂ = m⁺/(1 - β1ᵗ)");
                        _w.Line("var vhat = v_plus / (v_one - v_beta2_t);", "v̂ = v⁺/(1 - β2ᵗ)");
                        _w.Line(Store($"w * (v_one - v_eta * v_lambda) - v_eta * mhat / ({v}.Sqrt(vhat) + v_epsilon)", "p", "i"), "w⁺ = w·(1 - η·λ) - η·m̂/(√v̂ + ε)");
                        _w.Line(Store("m_plus", "m", "i"));
                        _w.Line(Store("v_plus", "v", "i"));
                        break;
                    case OptimizerKind.Momentum:
                        _w.Line("var g_w = dE_total_dw + v_lambda * w;", "g = ∂E_total/∂w + λ·w");
                        _w.Line($"var velocity_plus = v_mu * {Load("velocity", "i")} + g_w;", "velocity⁺ = μ·velocity + g");
                        _w.Line(Store("w - v_eta * velocity_plus", "p", "i"), "w⁺ = w - η·velocity⁺");
                        _w.Line(Store("velocity_plus", "velocity", "i"));
                        break;
                    default:
                        _w.Line("var g_w = dE_total_dw + v_lambda * w;", "g = ∂E_total/∂w + λ·w");
                        _w.Line(Store("w - v_eta * g_w", "p", "i"), "w⁺ = w - η·g");
                        break;
                }
            }
        }

        // ---- Save and Load ----

        /// <summary>The optimizer's state as a C# array expression for ParameterFile.Write.</summary>
        private void WriteSaveWithState(string file, string shape)
        {
            if (IsVectorized)
            {
                _w.Line($"{T}[] values = new {T}[ParameterCount];");
                _w.Line("CopyParametersTo(values);");
            }
            else
            {
                using (_w.Block($"{T}[] values = new {T}[]", "};"))
                {
                    WritePacked(Parameters.Select(parameter => Naming.Field(parameter) + ","), string.Empty, " ", string.Empty);
                }
            }

            _w.Line($"double[] state = new double[{Count(OptimizerState.Count())}];");
            WriteStateLoop("state[s++] = {0};");
            _w.Line($"{file}.Write(stream, {shape}, {Widened("values")}, {OptimizerName}, {(CountsSteps ? StepField : "0")}, state);");
        }

        private void WriteLoadWithState(string file, string shape)
        {
            _w.Line($"double[] values = {file}.Read(stream, \"{_model.Type.PlainName}\", {shape}, ParameterCount, {OptimizerName}, {Count(OptimizerState.Count())}, out var state, out long step);");
            _w.Line("// Every check passed: only now change the network (and the optimizer's state: the file's, or none)");
            if (IsVectorized)
            {
                _w.Line($"SetParameters({Narrowed("values")});");
            }
            else
            {
                WriteSetAll(i => Narrow($"values[{Count(i)}]"));
            }

            using (_w.Block("if (state is null)"))
            {
                _w.Line("ResetOptimizer();");
                _w.Line("return;");
            }

            _w.Line();
            WriteStateLoop(_real.IsSingle ? "{0} = (float)state[s++];" : "{0} = state[s++];");
            if (CountsSteps)
            {
                _w.Line($"{StepField} = step;");
            }
        }

        /// <summary>Writes <paramref name="statement"/> for every state value in the file's order, <c>s</c> counting.</summary>
        private void WriteStateLoop(string statement)
        {
            _w.Line("int s = 0;");
            foreach (System.Func<string, string> state in Optimizers.StatePerParameter(OptimizerKind))
            {
                if (!IsVectorized)
                {
                    WritePacked(TrainedParameters.Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, Naming.Field(state(p)))), string.Empty, " ", string.Empty);
                    continue;
                }

                string storage = StateStorage(state);
                for (int l = 1; l < _layout.LayerCount; l++)
                {
                    WriteLayerWeightsLoop(l, statement, storage);
                }

                if (_model.TrainBiases && _layout.Biases.Count > 0)
                {
                    WriteBiasesLoop(storage, statement);
                }
            }
        }
    }
}
