using System;
using System.Collections.Generic;

namespace BackpropGen.Tests
{
    /// <summary>
    /// A plain, loop-based multilayer perceptron over arrays: the textbook algorithm, written without looking at (or
    /// sharing anything with) the generator's code, to check the generated networks against. Parameters go in and out
    /// in the documented parameter order: every weight layer by layer, for each target neuron, for each source neuron;
    /// then the biases layer by layer, neuron by neuron (one per layer for <see cref="BiasMode.SharedPerLayer"/>).
    /// </summary>
    public sealed class ReferenceNetwork
    {
        private readonly int[] _sizes;
        private readonly Activation _hidden;
        private readonly Activation _output;
        private readonly Loss _loss;
        private readonly BiasMode _biasMode;
        private readonly bool _trainBiases;
        private readonly UpdateRule _updateRule;

        // _weights[l][j][k]: the weight from neuron k of layer l-1 to neuron j of layer l (l = 1 .. L-1; [0] unused).
        private readonly double[][][] _weights;

        // _biases[l][j]: the bias of neuron j of layer l. With SharedPerLayer every j holds the layer's one bias.
        private readonly double[][] _biases;

        public ReferenceNetwork(
            int[] sizes, Activation hidden, Activation output, Loss loss, BiasMode bias, bool trainBiases, double learningRate, UpdateRule updateRule)
        {
            if (loss == Loss.CrossEntropy && output != Activation.Softmax && output != Activation.Logistic)
            {
                throw new ArgumentException("Cross-entropy needs a softmax or logistic output.");
            }

            if (loss == Loss.SquaredError && output == Activation.Softmax)
            {
                throw new ArgumentException("The reference implements softmax only with cross-entropy.");
            }

            _sizes = (int[])sizes.Clone();
            _hidden = hidden;
            _output = output;
            _loss = loss;
            _biasMode = bias;
            _trainBiases = trainBiases;
            _updateRule = updateRule;
            LearningRate = learningRate;

            _weights = new double[_sizes.Length][][];
            _biases = new double[_sizes.Length][];
            _weights[0] = Array.Empty<double[]>();
            _biases[0] = Array.Empty<double>();
            for (int l = 1; l < _sizes.Length; l++)
            {
                _weights[l] = new double[_sizes[l]][];
                for (int j = 0; j < _sizes[l]; j++)
                {
                    _weights[l][j] = new double[_sizes[l - 1]];
                }

                _biases[l] = new double[_sizes[l]];
            }
        }

        public double LearningRate { get; set; }

        public int LayerCount => _sizes.Length;

        public int InputCount => _sizes[0];

        public int OutputCount => _sizes[_sizes.Length - 1];

        public int WeightCount
        {
            get
            {
                int count = 0;
                for (int l = 1; l < _sizes.Length; l++)
                {
                    count += _sizes[l] * _sizes[l - 1];
                }

                return count;
            }
        }

        public int BiasCount
        {
            get
            {
                int count = 0;
                for (int l = 1; l < _sizes.Length; l++)
                {
                    count += _biasMode == BiasMode.SharedPerLayer ? 1 : _biasMode == BiasMode.PerNeuron ? _sizes[l] : 0;
                }

                return count;
            }
        }

        public int ParameterCount => WeightCount + BiasCount;

        public Activation ActivationOf(int layer) => layer == _sizes.Length - 1 ? _output : _hidden;

        /// <summary>The parameters in parameter order.</summary>
        public double[] GetParameters()
        {
            var result = new List<double>();
            for (int l = 1; l < _sizes.Length; l++)
            {
                for (int j = 0; j < _sizes[l]; j++)
                {
                    for (int k = 0; k < _sizes[l - 1]; k++)
                    {
                        result.Add(_weights[l][j][k]);
                    }
                }
            }

            for (int l = 1; l < _sizes.Length; l++)
            {
                if (_biasMode == BiasMode.SharedPerLayer)
                {
                    result.Add(_biases[l][0]);
                }
                else if (_biasMode == BiasMode.PerNeuron)
                {
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        result.Add(_biases[l][j]);
                    }
                }
            }

            return result.ToArray();
        }

        /// <summary>Sets the parameters from an array in parameter order.</summary>
        public void SetParameters(double[] parameters)
        {
            if (parameters.Length != ParameterCount)
            {
                throw new ArgumentException($"Expected {ParameterCount} parameters, got {parameters.Length}.");
            }

            int p = 0;
            for (int l = 1; l < _sizes.Length; l++)
            {
                for (int j = 0; j < _sizes[l]; j++)
                {
                    for (int k = 0; k < _sizes[l - 1]; k++)
                    {
                        _weights[l][j][k] = parameters[p++];
                    }
                }
            }

            for (int l = 1; l < _sizes.Length; l++)
            {
                if (_biasMode == BiasMode.SharedPerLayer)
                {
                    double shared = parameters[p++];
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        _biases[l][j] = shared;
                    }
                }
                else if (_biasMode == BiasMode.PerNeuron)
                {
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        _biases[l][j] = parameters[p++];
                    }
                }
            }
        }

        /// <summary>The net inputs and outputs of every layer for one sample (layer 0: net unused, out = the inputs).</summary>
        public sealed class Pass
        {
            public Pass(double[][] net, double[][] output)
            {
                Net = net;
                Out = output;
            }

            public double[][] Net { get; }

            public double[][] Out { get; }

            public double[] Outputs => Out[Out.Length - 1];
        }

        public Pass Forward(IReadOnlyList<double> inputs)
        {
            if (inputs.Count != InputCount)
            {
                throw new ArgumentException($"Expected {InputCount} inputs.");
            }

            var net = new double[_sizes.Length][];
            var output = new double[_sizes.Length][];
            net[0] = new double[InputCount];
            output[0] = new double[InputCount];
            for (int i = 0; i < InputCount; i++)
            {
                output[0][i] = inputs[i];
            }

            for (int l = 1; l < _sizes.Length; l++)
            {
                net[l] = new double[_sizes[l]];
                for (int j = 0; j < _sizes[l]; j++)
                {
                    double sum = _biasMode == BiasMode.None ? 0.0 : _biases[l][j];
                    for (int k = 0; k < _sizes[l - 1]; k++)
                    {
                        sum += _weights[l][j][k] * output[l - 1][k];
                    }

                    net[l][j] = sum;
                }

                output[l] = Activate(ActivationOf(l), net[l]);
            }

            return new Pass(net, output);
        }

        /// <summary>The total error of one sample, computed from the output layer's net inputs where the loss allows.</summary>
        public double Error(Pass pass, IReadOnlyList<double> targets)
        {
            int L = _sizes.Length - 1;
            double[] net = pass.Net[L];
            double[] output = pass.Out[L];
            double total = 0.0;
            if (_loss == Loss.SquaredError)
            {
                for (int k = 0; k < OutputCount; k++)
                {
                    double difference = targets[k] - output[k];
                    total += 0.5 * difference * difference;
                }
            }
            else if (_output == Activation.Softmax)
            {
                // ln(out_k) = net_k - logsumexp(net), with the largest net subtracted inside the logsumexp.
                double logSumExp = LogSumExp(net);
                for (int k = 0; k < OutputCount; k++)
                {
                    total -= targets[k] * (net[k] - logSumExp);
                }
            }
            else
            {
                // -[t ln σ(n) + (1 - t) ln(1 - σ(n))] = (1 - t)·n + ln(1 + e^-n) = -t·n + ln(1 + e^n); pick the form whose exponent is not positive.
                for (int k = 0; k < OutputCount; k++)
                {
                    double n = net[k];
                    double t = targets[k];
                    total += n >= 0.0 ? ((1.0 - t) * n) + Math.Log(1.0 + Math.Exp(-n)) : (-t * n) + Math.Log(1.0 + Math.Exp(n));
                }
            }

            return total;
        }

        public double Error(IReadOnlyList<double> inputs, IReadOnlyList<double> targets) => Error(Forward(inputs), targets);

        /// <summary>The gradient of one sample's total error with respect to every parameter, in parameter order.</summary>
        public double[] Gradient(IReadOnlyList<double> inputs, IReadOnlyList<double> targets, out double error)
        {
            Pass pass = Forward(inputs);
            error = Error(pass, targets);
            Backpropagate(pass, targets, earlyUpdate: false, out double[][][] weightGradients, out double[][] biasGradients);
            return Flatten(weightGradients, biasGradients);
        }

        /// <summary>
        /// Each neuron's δ = ∂E/∂net for one sample, by layer (<c>[l][j]</c>, l ≥ 1; [0] unused), as this network's update
        /// rule takes them (under OutputLayerFirst, through the weights above as updated).
        /// </summary>
        public double[][] Deltas(IReadOnlyList<double> inputs, IReadOnlyList<double> targets)
        {
            Backpropagate(Forward(inputs), targets, _updateRule == UpdateRule.OutputLayerFirst, out _, out double[][] deltas);
            return deltas;
        }

        /// <summary>One training step on one sample, with this network's update rule. Returns the error before the step.</summary>
        public double Train(IReadOnlyList<double> inputs, IReadOnlyList<double> targets) => Train(inputs, targets, out _);

        public double Train(IReadOnlyList<double> inputs, IReadOnlyList<double> targets, out double[] gradients)
        {
            Pass pass = Forward(inputs);
            double error = Error(pass, targets);
            Backpropagate(pass, targets, _updateRule == UpdateRule.OutputLayerFirst, out double[][][] weightGradients, out double[][] biasGradients);
            Apply(weightGradients, biasGradients);
            gradients = Flatten(weightGradients, biasGradients);
            return error;
        }

        /// <summary>
        /// One gradient-descent step on a mini-batch (simultaneous update, or OutputLayerFirst without a hidden layer): each parameter moves by η times the
        /// mean of the samples' gradients. Returns the mean error before the step.
        /// </summary>
        public double TrainBatch(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets, out double[] gradients)
        {
            // Without a hidden layer OutputLayerFirst has nothing to update first, and is the simultaneous update.
            if (_updateRule != UpdateRule.Simultaneous && _sizes.Length > 2 && inputs.Count > 1)
            {
                throw new InvalidOperationException("OutputLayerFirst trains one sample at a time.");
            }

            var sum = new double[ParameterCount];
            double errorSum = 0.0;
            for (int s = 0; s < inputs.Count; s++)
            {
                double[] g = Gradient(inputs[s], targets[s], out double e);
                errorSum += e;
                for (int p = 0; p < sum.Length; p++)
                {
                    sum[p] += g[p];
                }
            }

            gradients = new double[ParameterCount];
            for (int p = 0; p < sum.Length; p++)
            {
                gradients[p] = sum[p] / inputs.Count;
            }

            double[] parameters = GetParameters();
            for (int p = 0; p < WeightCount; p++)
            {
                parameters[p] -= LearningRate * gradients[p];
            }

            if (_trainBiases)
            {
                for (int p = WeightCount; p < ParameterCount; p++)
                {
                    parameters[p] -= LearningRate * gradients[p];
                }
            }

            SetParameters(parameters);
            return errorSum / inputs.Count;
        }

        /// <summary>
        /// Back-propagates one sample. With <paramref name="earlyUpdate"/> (OutputLayerFirst), the error reaches each
        /// layer through the weights above it as they are after this step's update; otherwise through the old ones.
        /// </summary>
        private void Backpropagate(Pass pass, IReadOnlyList<double> targets, bool earlyUpdate, out double[][][] weightGradients, out double[][] biasGradients)
        {
            int L = _sizes.Length - 1;
            weightGradients = new double[_sizes.Length][][];
            biasGradients = new double[_sizes.Length][];

            // δ of the output layer: ∂E/∂net_k.
            var delta = new double[OutputCount];
            if (_loss == Loss.CrossEntropy && _output == Activation.Softmax)
            {
                // E = -Σ_k t_k (net_k - logsumexp(net))  ⇒  ∂E/∂net_k = out_k·Σ_j t_j - t_k.
                double targetSum = 0.0;
                for (int k = 0; k < OutputCount; k++)
                {
                    targetSum += targets[k];
                }

                for (int k = 0; k < OutputCount; k++)
                {
                    delta[k] = (pass.Out[L][k] * targetSum) - targets[k];
                }
            }
            else if (_loss == Loss.CrossEntropy)
            {
                // d/dn [(1 - t)·n + ln(1 + e^-n)] = 1 - t - (1 - σ(n)) = σ(n) - t.
                for (int k = 0; k < OutputCount; k++)
                {
                    delta[k] = pass.Out[L][k] - targets[k];
                }
            }
            else
            {
                for (int k = 0; k < OutputCount; k++)
                {
                    delta[k] = (pass.Out[L][k] - targets[k]) * Derivative(_output, pass.Net[L][k]);
                }
            }

            for (int l = L; l >= 1; l--)
            {
                weightGradients[l] = new double[_sizes[l]][];
                biasGradients[l] = new double[_sizes[l]];
                for (int j = 0; j < _sizes[l]; j++)
                {
                    weightGradients[l][j] = new double[_sizes[l - 1]];
                    for (int k = 0; k < _sizes[l - 1]; k++)
                    {
                        weightGradients[l][j][k] = delta[j] * pass.Out[l - 1][k];
                    }

                    biasGradients[l][j] = delta[j];
                }

                if (l == 1)
                {
                    break;
                }

                var below = new double[_sizes[l - 1]];
                for (int k = 0; k < _sizes[l - 1]; k++)
                {
                    double sum = 0.0;
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        double weight = _weights[l][j][k];
                        if (earlyUpdate)
                        {
                            weight -= LearningRate * weightGradients[l][j][k];
                        }

                        sum += delta[j] * weight;
                    }

                    below[k] = sum * Derivative(_hidden, pass.Net[l - 1][k]);
                }

                delta = below;
            }
        }

        private void Apply(double[][][] weightGradients, double[][] biasGradients)
        {
            double[] gradients = Flatten(weightGradients, biasGradients);
            double[] parameters = GetParameters();
            for (int p = 0; p < WeightCount; p++)
            {
                parameters[p] -= LearningRate * gradients[p];
            }

            if (_trainBiases)
            {
                for (int p = WeightCount; p < ParameterCount; p++)
                {
                    parameters[p] -= LearningRate * gradients[p];
                }
            }

            SetParameters(parameters);
        }

        /// <summary>Gradients in parameter order; a shared bias gets the sum over the neurons it feeds.</summary>
        private double[] Flatten(double[][][] weightGradients, double[][] biasGradients)
        {
            var result = new List<double>();
            for (int l = 1; l < _sizes.Length; l++)
            {
                for (int j = 0; j < _sizes[l]; j++)
                {
                    for (int k = 0; k < _sizes[l - 1]; k++)
                    {
                        result.Add(weightGradients[l][j][k]);
                    }
                }
            }

            for (int l = 1; l < _sizes.Length; l++)
            {
                if (_biasMode == BiasMode.SharedPerLayer)
                {
                    double sum = 0.0;
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        sum += biasGradients[l][j];
                    }

                    result.Add(sum);
                }
                else if (_biasMode == BiasMode.PerNeuron)
                {
                    for (int j = 0; j < _sizes[l]; j++)
                    {
                        result.Add(biasGradients[l][j]);
                    }
                }
            }

            return result.ToArray();
        }

        public static double[] Activate(Activation activation, double[] net)
        {
            var output = new double[net.Length];
            if (activation == Activation.Softmax)
            {
                double max = double.NegativeInfinity;
                foreach (double n in net)
                {
                    max = Math.Max(max, n);
                }

                double sum = 0.0;
                for (int k = 0; k < net.Length; k++)
                {
                    output[k] = Math.Exp(net[k] - max);
                    sum += output[k];
                }

                for (int k = 0; k < net.Length; k++)
                {
                    output[k] /= sum;
                }

                return output;
            }

            for (int k = 0; k < net.Length; k++)
            {
                output[k] = Activate(activation, net[k]);
            }

            return output;
        }

        public static double Activate(Activation activation, double x) => activation switch
        {
            // Either form of the logistic function, so that e^x never overflows.
            Activation.Logistic => x >= 0.0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x)),
            Activation.Tanh => Math.Tanh(x),
            Activation.ReLU => Math.Max(0.0, x),
            Activation.LeakyReLU => x > 0.0 ? x : 0.01 * x,
            Activation.Identity => x,
            _ => throw new ArgumentException("Softmax is a whole-layer activation."),
        };

        /// <summary>d activation / d net at <paramref name="x"/> (ReLU: 0 at 0; leaky ReLU: 0.01 at 0).</summary>
        public static double Derivative(Activation activation, double x)
        {
            switch (activation)
            {
                case Activation.Logistic:
                    double s = Activate(Activation.Logistic, x);
                    return s * (1.0 - s);
                case Activation.Tanh:
                    double t = Math.Tanh(x);
                    return 1.0 - (t * t);
                case Activation.ReLU:
                    return x > 0.0 ? 1.0 : 0.0;
                case Activation.LeakyReLU:
                    return x > 0.0 ? 1.0 : 0.01;
                case Activation.Identity:
                    return 1.0;
                default:
                    throw new ArgumentException("Softmax has no elementwise derivative.");
            }
        }

        public static double LogSumExp(double[] values)
        {
            double max = double.NegativeInfinity;
            foreach (double v in values)
            {
                max = Math.Max(max, v);
            }

            double sum = 0.0;
            foreach (double v in values)
            {
                sum += Math.Exp(v - max);
            }

            return max + Math.Log(sum);
        }
    }
}
