using System;

namespace BackpropGen.Benchmarks
{
    /// <summary>
    /// The baseline: the multilayer perceptron a C# developer writes without the generator. Plain loops over flat
    /// arrays (one weight matrix per layer, row j holding the weights into neuron j), every buffer allocated once in
    /// the constructor, nothing allocated per call, no SIMD and no unsafe code. The math is the generated code's:
    /// the same activations, loss and fused softmax/cross-entropy delta, every gradient from the weights before the
    /// step (simultaneous update), and E_total of the forward pass returned.
    /// </summary>
    public sealed class LoopMlp
    {
        private readonly int[] _sizes;
        private readonly bool _logisticHidden;  // else tanh
        private readonly bool _softmaxOutput;   // softmax + cross-entropy; else logistic + squared error
        private readonly bool _trainBiases;

        // _weights[l]: layer l+1's weights, row-major [neuron j of layer l+1][neuron k of layer l].
        private readonly double[][] _weights;

        // _biases[l]: the bias of each neuron of layer l+1 (a shared bias is the same value in every slot).
        private readonly double[][] _biases;

        // _outputs[l]: the outputs of layer l (layer 0: the inputs); _deltas[l]: δ of layer l+1.
        private readonly double[][] _outputs;
        private readonly double[][] _deltas;
        private readonly double[] _netOutput;

        public LoopMlp(int[] sizes, bool logisticHidden, bool softmaxOutput, bool trainBiases, double learningRate)
        {
            _sizes = (int[])sizes.Clone();
            _logisticHidden = logisticHidden;
            _softmaxOutput = softmaxOutput;
            _trainBiases = trainBiases;
            LearningRate = learningRate;
            int layers = sizes.Length - 1;
            _weights = new double[layers][];
            _biases = new double[layers][];
            _deltas = new double[layers][];
            _outputs = new double[sizes.Length][];
            _outputs[0] = new double[sizes[0]];
            for (int l = 0; l < layers; l++)
            {
                _weights[l] = new double[sizes[l + 1] * sizes[l]];
                _biases[l] = new double[sizes[l + 1]];
                _deltas[l] = new double[sizes[l + 1]];
                _outputs[l + 1] = new double[sizes[l + 1]];
            }

            _netOutput = new double[sizes[sizes.Length - 1]];
        }

        public double LearningRate { get; set; }

        /// <summary>Sets the weights (layer by layer, for each neuron, for each input to it: the generator's numbering) and biases.</summary>
        public void SetParameters(ReadOnlySpan<double> weights, ReadOnlySpan<double> biasPerNeuron)
        {
            int w = 0, b = 0;
            for (int l = 0; l < _weights.Length; l++)
            {
                weights.Slice(w, _weights[l].Length).CopyTo(_weights[l]);
                w += _weights[l].Length;
                biasPerNeuron.Slice(b, _biases[l].Length).CopyTo(_biases[l]);
                b += _biases[l].Length;
            }
        }

        /// <summary>The weights in the generator's numbering, then each neuron's bias.</summary>
        public double[] CopyParameters()
        {
            var result = new System.Collections.Generic.List<double>();
            foreach (double[] weights in _weights)
            {
                result.AddRange(weights);
            }

            foreach (double[] biases in _biases)
            {
                result.AddRange(biases);
            }

            return result.ToArray();
        }

        public void Forward(ReadOnlySpan<double> inputs, Span<double> outputs)
        {
            RunForward(inputs);
            _outputs[_outputs.Length - 1].CopyTo(outputs);
        }

        /// <summary>One training step on one sample; returns E_total of the forward pass.</summary>
        public double Train(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
        {
            RunForward(inputs);
            int last = _weights.Length - 1;
            double[] output = _outputs[last + 1];
            double[] delta = _deltas[last];

            // Error and the output layer's δ
            double error = 0.0;
            if (_softmaxOutput)
            {
                // E = -Σ t·ln(out), ln(out) taken as net - max - ln Σ e^(net - max), as the generated code does.
                double max = _netOutput[0];
                for (int j = 1; j < _netOutput.Length; j++)
                {
                    max = Math.Max(max, _netOutput[j]);
                }

                double lnSum = Math.Log(_sumExp);
                for (int j = 0; j < output.Length; j++)
                {
                    error -= targets[j] * (_netOutput[j] - max - lnSum);
                    delta[j] = output[j] - targets[j];
                }
            }
            else
            {
                for (int j = 0; j < output.Length; j++)
                {
                    double o = output[j], t = targets[j];
                    error += 0.5 * (t - o) * (t - o);
                    delta[j] = (o - t) * (o * (1.0 - o));
                }
            }

            // Backward and update, from the top: the δ of the layer below is summed from each weight before that
            // weight is updated, so every gradient comes from the weights before the step.
            double eta = LearningRate;
            for (int l = last; l >= 0; l--)
            {
                double[] weights = _weights[l];
                double[] below = _outputs[l];
                double[] d = _deltas[l];
                int fanIn = below.Length;
                double[]? deltaBelow = l > 0 ? _deltas[l - 1] : null;
                if (deltaBelow is not null)
                {
                    Array.Clear(deltaBelow);
                }

                for (int j = 0; j < d.Length; j++)
                {
                    double dj = d[j];
                    Span<double> row = weights.AsSpan(j * fanIn, fanIn);
                    if (deltaBelow is not null)
                    {
                        for (int k = 0; k < row.Length; k++)
                        {
                            deltaBelow[k] += dj * row[k];
                            row[k] -= eta * (dj * below[k]);
                        }
                    }
                    else
                    {
                        for (int k = 0; k < row.Length; k++)
                        {
                            row[k] -= eta * (dj * below[k]);
                        }
                    }

                    if (_trainBiases)
                    {
                        _biases[l][j] -= eta * dj;
                    }
                }

                if (deltaBelow is not null)
                {
                    // δ below = ∂E/∂out · the hidden activation's derivative, from its output
                    if (_logisticHidden)
                    {
                        for (int k = 0; k < deltaBelow.Length; k++)
                        {
                            double o = below[k];
                            deltaBelow[k] *= o * (1.0 - o);
                        }
                    }
                    else
                    {
                        for (int k = 0; k < deltaBelow.Length; k++)
                        {
                            double o = below[k];
                            deltaBelow[k] *= 1.0 - o * o;
                        }
                    }
                }
            }

            return error;
        }

        private double _sumExp;

        private void RunForward(ReadOnlySpan<double> inputs)
        {
            inputs.CopyTo(_outputs[0]);
            int last = _weights.Length - 1;
            for (int l = 0; l <= last; l++)
            {
                double[] weights = _weights[l];
                double[] bias = _biases[l];
                double[] below = _outputs[l];
                double[] output = _outputs[l + 1];
                int fanIn = below.Length;
                for (int j = 0; j < output.Length; j++)
                {
                    ReadOnlySpan<double> row = weights.AsSpan(j * fanIn, fanIn);
                    double net = bias[j];
                    for (int k = 0; k < row.Length; k++)
                    {
                        net += row[k] * below[k];
                    }

                    output[j] = net;
                }

                if (l < last)
                {
                    if (_logisticHidden)
                    {
                        for (int j = 0; j < output.Length; j++)
                        {
                            output[j] = 1.0 / (1.0 + Math.Exp(-output[j]));
                        }
                    }
                    else
                    {
                        for (int j = 0; j < output.Length; j++)
                        {
                            output[j] = Math.Tanh(output[j]);
                        }
                    }
                }
                else if (_softmaxOutput)
                {
                    // Softmax with the largest net input subtracted, so that no e^x overflows.
                    output.CopyTo(_netOutput, 0);
                    double max = output[0];
                    for (int j = 1; j < output.Length; j++)
                    {
                        max = Math.Max(max, output[j]);
                    }

                    double sum = 0.0;
                    for (int j = 0; j < output.Length; j++)
                    {
                        double e = Math.Exp(output[j] - max);
                        output[j] = e;
                        sum += e;
                    }

                    for (int j = 0; j < output.Length; j++)
                    {
                        output[j] /= sum;
                    }

                    _sumExp = sum;
                }
                else
                {
                    for (int j = 0; j < output.Length; j++)
                    {
                        output[j] = 1.0 / (1.0 + Math.Exp(-output[j]));
                    }
                }
            }
        }
    }
}
