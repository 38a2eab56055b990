using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text;

namespace BackpropGen.Runtime
{
    /// <summary>
    /// The walkthrough (<c>Explain</c>) of a network in vectorised kernels or in parts, which the generator does not write out per symbol:
    /// built at run time from the network's description into the template language of <see cref="Walkthrough"/>, in the
    /// notation of the unrolled walkthrough, over the values its <see cref="StepSymbols"/> table records (each neuron's net
    /// input, output and delta, the gradients, the parameters before and after). The intermediate factors that the step
    /// do not keep (∂E_total/∂out, ∂out/∂net) are written inside each delta's formula rather than as lines of their own.
    /// For generated code, not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class KernelWalkthrough
    {
        /// <summary>The template of one step's walkthrough, for <see cref="Walkthrough.Write(System.IO.TextWriter, string, double[], double, bool)"/> with <paramref name="symbols"/>' values.</summary>
        /// <param name="symbols">The table the step was recorded in (its layout and description).</param>
        /// <param name="network">The network class's name, for the title.</param>
        /// <param name="update">What updates the parameters when it is not plain gradient descent (e.g. "Adam"), or null.</param>
        /// <param name="outputLayerFirst">
        /// Whether each layer's weights are updated before the error flows back through them (UpdateRule.OutputLayerFirst
        /// with hidden layers): the hidden deltas then sum over the updated weights.
        /// </param>
        /// <returns>The template: Markdown, one paragraph a line, the values marked by their places in the table.</returns>
        public static string Template(StepSymbols symbols, string network, string? update, bool outputLayerFirst)
        {
            if (symbols is null)
            {
                throw new ArgumentNullException(nameof(symbols));
            }

            return new Builder(symbols, network ?? throw new ArgumentNullException(nameof(network)), update, outputLayerFirst).Build();
        }

        private sealed class Builder
        {
            private readonly StepSymbols _symbols;
            private readonly NetworkDescription _d;
            private readonly string _network;
            private readonly string? _update;
            private readonly bool _outputLayerFirst;
            private readonly StringBuilder _text = new StringBuilder();
            private readonly int _layers;
            private readonly HashSet<string> _explained = new HashSet<string>();

            public Builder(StepSymbols symbols, string network, string? update, bool outputLayerFirst)
            {
                _outputLayerFirst = outputLayerFirst;
                _symbols = symbols;
                _d = symbols.Description;
                _network = network;
                _update = update;
                _layers = _d.LayerCount;
            }

            public string Build()
            {
                WriteIntroduction();
                WriteForward();
                WriteError();
                WriteBackward();
                WriteUpdate();
                Line("## After the step");
                Line($"Fed forward again with the updated parameters, the total error is $E_{{total}} = ‹after›$ (it was {Value("E_total")}).");
                return _text.ToString();
            }

            private void WriteIntroduction()
            {
                Line($"# One training step of {_network}, step by step");
                int hidden = _layers - 2;
                string hiddenText = hidden == 0 ? "no hidden layer" : hidden == 1 ? $"{_d.ActivationOf(1)} hidden layer" : $"{_d.ActivationOf(1)} hidden layers";
                string bias = _d.Bias switch
                {
                    BiasMode.SharedPerLayer => "one bias shared per layer",
                    BiasMode.PerNeuron => "one bias per neuron",
                    _ => "no biases",
                } + (_d.Bias == BiasMode.None ? string.Empty : _d.TrainBiases ? " (trained)" : " (not trained)");
                Line($"A {string.Join("-", _d.LayerSizes)} network: {hiddenText}, {_d.ActivationOf(_layers - 1)} output, {(_d.Loss == Loss.SquaredError ? "squared error" : "cross-entropy")}, {bias}, {(_outputLayerFirst ? "each layer's weights updated before the error flows back through them (UpdateRule.OutputLayerFirst)" : "every gradient from the weights before the step")}. Its step keeps each neuron's net input, output and delta, so each delta's factors are written inside its formula.");
                Line("Inputs and targets: " + string.Join(", ", Names(0).Concat(Names(_layers - 1).Select(o => "target_" + o)).Select(n => $"${Tex(n)} = {Value(n)}$")) + ".");
                Line("Parameters before the step: " + string.Join(", ", Parameters().Concat(new[] { "eta" }).Select(p => $"${Tex(p)} = {Value(p)}$")) + ".");
            }

            private void WriteForward()
            {
                Line("## The forward pass");
                for (int l = 1; l < _layers; l++)
                {
                    Activation activation = _d.ActivationOf(l);
                    Line($"### {LayerTitle(l)}: the total net input of each neuron, {Squash(activation)}");
                    for (int j = 0; j < _d.LayerSizes[l]; j++)
                    {
                        string neuron = Neuron(l, j);
                        var formula = new List<string>();
                        var substituted = new List<string>();
                        for (int k = 0; k < _d.LayerSizes[l - 1]; k++)
                        {
                            string weight = "w" + Number(_d.WeightIndex(l, j, k) + 1);
                            string source = Out(Neuron(l - 1, k));
                            formula.Add($"{Tex(weight)} \\cdot {Tex(source)}");
                            substituted.Add($"{Operand(weight)} \\cdot {Operand(source)}");
                        }

                        if (Bias(l, j) is string b)
                        {
                            formula.Add($"{Tex(b)} \\cdot 1");
                            substituted.Add($"{Operand(b)} \\cdot 1");
                        }

                        Formula("net_" + neuron, string.Join(" + ", formula), string.Join(" + ", substituted));
                        if (activation != Activation.Softmax)
                        {
                            Formula("out_" + neuron, Activate(activation, Tex("net_" + neuron)), Activate(activation, Operand("net_" + neuron)));
                        }
                    }

                    if (activation == Activation.Softmax)
                    {
                        Line("The softmax turns the net inputs into outputs that sum to 1 (the code subtracts the largest net input before taking $e^{x}$, which changes no output).");
                        string[] outputs = Names(l);
                        string sumFormula = @"\Sigma_k e^{net_{ok}}";
                        string sum = string.Join(" + ", outputs.Select(o => $"e^{{{Operand("net_" + o)}}}"));
                        foreach (string output in outputs)
                        {
                            Formula("out_" + output, $"\\frac{{e^{{{Tex("net_" + output)}}}}}{{{sumFormula}}}", $"\\frac{{e^{{{Operand("net_" + output)}}}}}{{{sum}}}");
                        }
                    }
                }
            }

            private void WriteError()
            {
                Line("## The error");
                string[] outputs = Names(_layers - 1);
                if (_d.Loss == Loss.SquaredError)
                {
                    Line("### The squared error of each output, summed");
                    Formula("E_total", @"\Sigma_k \frac{1}{2}(target_{ok} - out_{ok})^2", string.Join(" + ", outputs.Select(o => $"\\frac{{1}}{{2}}({Operand("target_" + o)} - {Operand("out_" + o)})^2")));
                }
                else if (_d.ActivationOf(_layers - 1) == Activation.Softmax)
                {
                    Line("### The cross-entropy of the softmax outputs");
                    Formula("E_total", @"-\Sigma_k target_{ok} \cdot \ln out_{ok}", "-(" + string.Join(" + ", outputs.Select(o => $"{Operand("target_" + o)} \\cdot \\ln {Operand("out_" + o)}")) + ")");
                }
                else
                {
                    Line("### The binary cross-entropy of each output, summed");
                    Formula("E_total", @"-\Sigma_k [target_{ok} \cdot \ln out_{ok} + (1 - target_{ok}) \cdot \ln(1 - out_{ok})]", "-(" + string.Join(" + ", outputs.Select(o => $"{Operand("target_" + o)} \\cdot \\ln {Operand("out_" + o)} + (1 - {Operand("target_" + o)}) \\cdot \\ln(1 - {Operand("out_" + o)})")) + ")");
                }
            }

            private void WriteBackward()
            {
                Line("## The backward pass");
                int top = _layers - 1;
                Activation output = _d.ActivationOf(top);
                if (_d.Loss == Loss.CrossEntropy)
                {
                    Line($"### Output layer: with cross-entropy after {output}, the activation's derivative cancels: δ = ∂E_total/∂net = out - target");
                    Line($"With the cross-entropy after the {output} output, the activation's derivative cancels against the loss's: $\\delta_{{o}} = \\frac{{\\partial E_{{total}}}}{{\\partial net_{{o}}}} = out_{{o}} - target_{{o}}$.");
                }
                else
                {
                    Line("### Output layer: δ = ∂E_total/∂out · ∂out/∂net");
                    Line(@"Only the output's own term of $E_{total}$ depends on its output, so by the chain rule $\frac{\partial E_{total}}{\partial out_{o}} = 2 \cdot \frac{1}{2}(target_{o} - out_{o})^{2-1} \cdot (-1) = out_{o} - target_{o}$.");
                    Explain(DerivativeSentence(output));
                    Line(@"The node delta is their product, by the chain rule through the output: $\delta = \frac{\partial E_{total}}{\partial out} \cdot \frac{\partial out}{\partial net}$.");
                }

                foreach (string o in Names(top))
                {
                    string difference = $"{Tex("out_" + o)} - {Tex("target_" + o)}";
                    string differenceValues = $"{Operand("out_" + o)} - {Operand("target_" + o)}";
                    if (_d.Loss == Loss.CrossEntropy || output == Activation.Identity)
                    {
                        Formula("delta_" + o, difference, differenceValues);
                    }
                    else
                    {
                        Formula("delta_" + o, $"({difference}) \\cdot {Derivative(output, Tex("out_" + o))}", $"({differenceValues}) \\cdot {Derivative(output, Operand("out_" + o))}");
                    }
                }

                for (int l = top; l >= 1; l--)
                {
                    if (l < top)
                    {
                        Activation activation = _d.ActivationOf(l);
                        Line($"### {LayerTitle(l)}: each output feeds every neuron of the layer above, so δ sums what flows back through them");
                        Explain(@"A hidden neuron's output feeds every neuron of the layer above, so $\frac{\partial E_{total}}{\partial out}$ adds up what flows back through each of them: their $\delta$ times the weight between; and $\delta = \frac{\partial E_{total}}{\partial out} \cdot \frac{\partial out}{\partial net}$.");
                        if (_outputLayerFirst)
                        {
                            Explain(@"Under UpdateRule.OutputLayerFirst the layer above was updated first, so the weight between is the updated one, $w^{+}$.");
                        }

                        Explain(DerivativeSentence(activation));
                        for (int j = 0; j < _d.LayerSizes[l]; j++)
                        {
                            string neuron = Neuron(l, j);
                            var terms = new List<string>();
                            var values = new List<string>();
                            for (int m = 0; m < _d.LayerSizes[l + 1]; m++)
                            {
                                string above = "delta_" + Neuron(l + 1, m);
                                string weight = "w" + Number(_d.WeightIndex(l + 1, m, j) + 1) + (_outputLayerFirst ? "_plus" : string.Empty);
                                terms.Add($"{Tex(above)} \\cdot {Tex(weight)}");
                                values.Add($"{Operand(above)} \\cdot {Operand(weight)}");
                            }

                            string sum = terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")";
                            string sumValues = values.Count == 1 ? values[0] : "(" + string.Join(" + ", values) + ")";
                            Formula(
                                "delta_" + neuron,
                                activation == Activation.Identity ? sum : $"{sum} \\cdot {Derivative(activation, Tex("out_" + neuron))}",
                                activation == Activation.Identity ? sumValues : $"{sumValues} \\cdot {Derivative(activation, Operand("out_" + neuron))}");
                        }
                    }

                    Line($"### Gradients of the weights into the {LayerTitle(l).ToLowerInvariant()}: ∂E_total/∂w = δ of the neuron it feeds · the output it multiplies");
                    for (int j = 0; j < _d.LayerSizes[l]; j++)
                    {
                        string neuron = Neuron(l, j);
                        for (int k = 0; k < _d.LayerSizes[l - 1]; k++)
                        {
                            string weight = "w" + Number(_d.WeightIndex(l, j, k) + 1);
                            string source = Out(Neuron(l - 1, k));
                            Formula("dE_total_d" + weight, $"{Tex("delta_" + neuron)} \\cdot {Tex(source)}", $"{Operand("delta_" + neuron)} \\cdot {Operand(source)}");
                        }
                    }

                    if (_d.Bias == BiasMode.PerNeuron)
                    {
                        for (int j = 0; j < _d.LayerSizes[l]; j++)
                        {
                            string neuron = Neuron(l, j);
                            Formula("dE_total_d" + Bias(l, j), Tex("delta_" + neuron), Operand("delta_" + neuron));
                        }
                    }
                    else if (_d.Bias == BiasMode.SharedPerLayer)
                    {
                        string[] neurons = Names(l);
                        Formula(
                            "dE_total_d" + Bias(l, 0),
                            string.Join(" + ", neurons.Select(n => Tex("delta_" + n))),
                            string.Join(" + ", neurons.Select(n => Operand("delta_" + n))));
                    }
                }
            }

            private void WriteUpdate()
            {
                Line("## The update");
                List<string> trained = Parameters().Take(_d.TrainBiases ? _d.ParameterCount : _d.WeightCount).ToList();
                if (_update is null)
                {
                    Line("Gradient descent moves each parameter against its gradient, scaled by the learning rate: $w^{+} = w - \\eta \\cdot \\frac{\\partial E_{total}}{\\partial w}$.");
                    foreach (string p in trained)
                    {
                        Formula(p + "_plus", $"{Tex(p)} - \\eta \\cdot {Tex("dE_total_d" + p)}", $"{Operand(p)} - {Operand("eta")} \\cdot {Operand("dE_total_d" + p)}");
                    }
                }
                else
                {
                    Line($"The parameters move by the {_update} step, from the gradients above and the optimizer's state; the table keeps the parameters after the step, not that state.");
                    foreach (string p in trained)
                    {
                        Formula(p + "_plus", string.Empty, Value(p + "_plus"));
                    }
                }

                if (!_d.TrainBiases && _d.Bias != BiasMode.None)
                {
                    List<string> biases = Parameters().Skip(_d.WeightCount).ToList();
                    string list = biases.Count <= 6 ? string.Join(", ", biases.Select(b => $"${Tex(b)}$")) : $"${Tex(biases[0])}$ .. ${Tex(biases[biases.Count - 1])}$";
                    Line($"The biases {list} are not trained (TrainBiases is false): they keep their values.");
                }
            }

            // ---- Names, marks and notation ----

            private string Neuron(int layer, int index)
            {
                string number = Number(index + 1);
                return layer == 0 ? "i" + number
                    : layer == _layers - 1 ? "o" + number
                    : _layers == 3 ? "h" + number
                    : "h" + Number(layer) + "_" + number;
            }

            private string[] Names(int layer) => Enumerable.Range(0, _d.LayerSizes[layer]).Select(j => Neuron(layer, j)).ToArray();

            private static string Out(string neuron) => neuron[0] == 'i' ? neuron : "out_" + neuron;

            private string? Bias(int layer, int neuron) => _d.Bias switch
            {
                BiasMode.SharedPerLayer => "b" + Number(layer),
                BiasMode.PerNeuron => "b_" + Neuron(layer, neuron),
                _ => null,
            };

            private IEnumerable<string> Parameters()
            {
                for (int w = 1; w <= _d.WeightCount; w++)
                {
                    yield return "w" + Number(w);
                }

                for (int l = 1; l < _layers; l++)
                {
                    int count = _d.Bias == BiasMode.SharedPerLayer ? 1 : _d.Bias == BiasMode.PerNeuron ? _d.LayerSizes[l] : 0;
                    for (int j = 0; j < count; j++)
                    {
                        yield return Bias(l, j)!;
                    }
                }
            }

            private string LayerTitle(int layer) =>
                layer == _layers - 1 ? "Output layer" : _layers == 3 ? "Hidden layer" : "Hidden layer " + Number(layer);

            /// <summary>The place of a recorded symbol in the table.</summary>
            private int Index(string name) => _symbols.IndexOf(name);

            /// <summary>A recorded value as an operand («k»: in parentheses when negative).</summary>
            private string Operand(string name) => "«" + Number(Index(name)) + "»";

            /// <summary>A recorded value as a number (‹k›).</summary>
            private string Value(string name) => "‹" + Number(Index(name)) + "›";

            /// <summary>A formula line: name = formula = the numbers substituted = the recorded result.</summary>
            private void Formula(string name, string formula, string substituted) =>
                Line($"$${Tex(name)}¦{formula}¦{substituted}¦{Value(name)}$$");

            private void Line(string text) => _text.Append(text).Append('\n');

            /// <summary>A sentence on why a kind of symbol has its form: written before its first use only.</summary>
            private void Explain(string sentence)
            {
                if (_explained.Add(sentence))
                {
                    Line(sentence);
                }
            }

            /// <summary>A symbol in the walkthrough's LaTeX: <c>net_{h1}</c>, <c>out_{h2,3}</c>, <c>w_{5}</c>, <c>\delta_{o1}</c>, <c>w_{5}^{+}</c>, ∂E_total/∂w5 as a fraction.</summary>
            private static string Tex(string name)
            {
                if (name.EndsWith("_plus", StringComparison.Ordinal))
                {
                    return Tex(name.Substring(0, name.Length - "_plus".Length)) + "^{+}";
                }

                if (name.StartsWith("dE_total_d", StringComparison.Ordinal))
                {
                    return $"\\frac{{\\partial E_{{total}}}}{{\\partial {Tex(name.Substring("dE_total_d".Length))}}}";
                }

                if (name == "eta")
                {
                    return @"\eta";
                }

                if (name == "E_total")
                {
                    return "E_{total}";
                }

                foreach (string prefix in new[] { "net_", "out_", "target_", "delta_", "b_" })
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        string head = prefix == "delta_" ? @"\delta" : prefix.Substring(0, prefix.Length - 1);
                        return head + "_{" + name.Substring(prefix.Length).Replace('_', ',') + "}";
                    }
                }

                // i1, w5, b1: a letter and a number
                return name.Substring(0, 1) + "_{" + name.Substring(1) + "}";
            }

            private static string Squash(Activation activation) => activation switch
            {
                Activation.Logistic => "squashed by the logistic function",
                Activation.Tanh => "squashed by tanh",
                Activation.ReLU => "rectified (ReLU)",
                Activation.LeakyReLU => "rectified with a slope of 0.01 below zero (leaky ReLU)",
                Activation.Identity => "passed through unchanged (identity)",
                _ => "normalised by the softmax",
            };

            /// <summary>out = f(net) in the unrolled walkthrough's notation, over <paramref name="x"/> (a symbol or a mark).</summary>
            private static string Activate(Activation activation, string x) => activation switch
            {
                Activation.Logistic => $"\\frac{{1}}{{1 + e^{{-{x}}}}}",
                Activation.Tanh => $"\\tanh {x}",
                Activation.ReLU => $"{x} \\text{{ if }} {x} > 0 \\text{{, else }} 0",
                Activation.LeakyReLU => $"{x} \\text{{ if }} {x} > 0 \\text{{, else }} 0.01 \\cdot {x}",
                _ => x,
            };

            /// <summary>∂out/∂net from the output <paramref name="o"/>, as a factor.</summary>
            private static string Derivative(Activation activation, string o) => activation switch
            {
                Activation.Logistic => $"{o}(1 - {o})",
                Activation.Tanh => $"(1 - {o}^2)",
                Activation.ReLU => $"(1 \\text{{ if }} {o} > 0 \\text{{, else }} 0)",
                Activation.LeakyReLU => $"(1 \\text{{ if }} {o} > 0 \\text{{, else }} 0.01)",
                _ => "1",
            };

            /// <summary>Why the activation's derivative has its form: the unrolled walkthrough's sentence.</summary>
            private static string DerivativeSentence(Activation activation) => activation switch
            {
                Activation.Logistic => @"The logistic function $out = \frac{1}{1 + e^{-net}}$ has the derivative $\frac{\partial out}{\partial net} = out(1 - out)$.",
                Activation.Tanh => @"$out = \tanh net$ has the derivative $\frac{\partial out}{\partial net} = 1 - \tanh^2 net = 1 - out^2$.",
                Activation.ReLU => @"The rectifier passes $net$ where it is positive and gives 0 elsewhere, so its derivative is 1 where $net > 0$ (where $out > 0$) and 0 elsewhere (0 is taken at $net = 0$).",
                Activation.LeakyReLU => @"The leaky rectifier passes $net$ where it is positive and $0.01 \cdot net$ elsewhere, so its derivative is 1 where $net > 0$ (where $out > 0$) and 0.01 elsewhere.",
                _ => @"The identity passes $net$ unchanged: its derivative is 1.",
            };

            private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
