using System;
using System.Reflection;

namespace BackpropGen.Tests
{
    /// <summary>
    /// PyTorch's optimizers written plainly over the parameters of a <see cref="ReferenceNetwork"/>, in PyTorch's own order
    /// of operations (torch/optim/sgd.py and adam.py, the single-tensor loops): <c>torch.optim.SGD(lr, momentum=μ,
    /// dampening=0, nesterov=False, weight_decay=λ)</c>, <c>torch.optim.Adam(lr, betas, eps)</c> and, for λ &gt; 0,
    /// <c>torch.optim.AdamW(..., weight_decay=λ)</c>. Independent of the generator's expression trees: Adam here takes
    /// PyTorch's <c>lerp</c> for m, its step size <c>lr / (1 - β1ᵗ)</c> and its denominator <c>√v / √(1 - β2ᵗ) + ε</c>.
    /// </summary>
    public sealed class ReferenceOptimizer
    {
        private readonly ReferenceNetwork _network;
        private readonly bool[] _trained;
        private readonly double[] _buffer;
        private readonly double[] _m;
        private readonly double[] _v;
        private bool _hasBuffer;

        public ReferenceOptimizer(ReferenceNetwork network, NetworkAttribute declaration, int weightCount)
        {
            _network = network;
            Kind = declaration.Optimizer;
            LearningRate = declaration.LearningRate;
            Momentum = declaration.Momentum;
            Beta1 = declaration.Beta1;
            Beta2 = declaration.Beta2;
            Epsilon = declaration.Epsilon;
            WeightDecay = declaration.WeightDecay;
            int count = network.ParameterCount;
            _trained = new bool[count];
            for (int p = 0; p < count; p++)
            {
                _trained[p] = p < weightCount || declaration.TrainBiases;
            }

            _buffer = new double[count];
            _m = new double[count];
            _v = new double[count];
        }

        /// <summary>The optimizer of a generated network's declaration, over a reference of the same declaration.</summary>
        public static ReferenceOptimizer For(ZooNetwork zoo, ReferenceNetwork reference) =>
            new(reference, zoo.Type.GetCustomAttribute<NetworkAttribute>()!, zoo.WeightCount);

        public Optimizer Kind { get; }

        public double LearningRate { get; set; }

        public double Momentum { get; set; }

        public double Beta1 { get; set; }

        public double Beta2 { get; set; }

        public double Epsilon { get; set; }

        public double WeightDecay { get; set; }

        /// <summary>PyTorch's <c>state["step"]</c>.</summary>
        public long Step { get; private set; }

        /// <summary>A new optimizer's state (the parameters stay).</summary>
        public void Reset()
        {
            Array.Clear(_buffer, 0, _buffer.Length);
            Array.Clear(_m, 0, _m.Length);
            Array.Clear(_v, 0, _v.Length);
            _hasBuffer = false;
            Step = 0;
        }

        /// <summary>One optimizer step of one sample; returns the error before it.</summary>
        public double Train(double[] inputs, double[] targets)
        {
            double[] gradient = _network.Gradient(inputs, targets, out double error);
            Apply(gradient);
            return error;
        }

        /// <summary>One optimizer step on a mini-batch: the mean of the samples' gradients; returns the mean error before it.</summary>
        public double TrainBatch(double[][] inputs, double[][] targets)
        {
            var sum = new double[_network.ParameterCount];
            double errorSum = 0.0;
            for (int s = 0; s < inputs.Length; s++)
            {
                double[] g = _network.Gradient(inputs[s], targets[s], out double e);
                errorSum += e;
                for (int p = 0; p < sum.Length; p++)
                {
                    sum[p] += g[p];
                }
            }

            for (int p = 0; p < sum.Length; p++)
            {
                sum[p] /= inputs.Length;
            }

            Apply(sum);
            return errorSum / inputs.Length;
        }

        /// <summary>One optimizer step from the gradients <paramref name="gradient"/> (in parameter order).</summary>
        public void Apply(double[] gradient)
        {
            double[] parameters = _network.GetParameters();
            Step++;
            for (int p = 0; p < parameters.Length; p++)
            {
                if (!_trained[p])
                {
                    continue;
                }

                double param = parameters[p];
                double grad = gradient[p];
                switch (Kind)
                {
                    case Optimizer.Adam:
                        // torch.optim.AdamW: param.mul_(1 - lr * weight_decay) (Adam with weight_decay = 0: no change)
                        if (WeightDecay != 0.0)
                        {
                            param *= 1.0 - (LearningRate * WeightDecay);
                        }

                        // exp_avg.lerp_(grad, 1 - beta1): torch's lerp is start + weight·(end - start) for weight < 0.5
                        double weight = 1.0 - Beta1;
                        _m[p] = weight < 0.5 ? _m[p] + (weight * (grad - _m[p])) : grad - ((grad - _m[p]) * (1.0 - weight));

                        // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                        _v[p] = (_v[p] * Beta2) + ((1.0 - Beta2) * grad * grad);
                        double biasCorrection1 = 1.0 - Math.Pow(Beta1, Step);
                        double biasCorrection2 = 1.0 - Math.Pow(Beta2, Step);
                        double stepSize = LearningRate / biasCorrection1;
                        double denominator = (Math.Sqrt(_v[p]) / Math.Sqrt(biasCorrection2)) + Epsilon;

                        // param.addcdiv_(exp_avg, denom, value=-step_size)
                        param += -stepSize * (_m[p] / denominator);
                        break;
                    case Optimizer.Momentum:
                        if (WeightDecay != 0.0)
                        {
                            grad += WeightDecay * param;
                        }

                        // The first step clones the gradient into the buffer; later steps buf.mul_(momentum).add_(grad)
                        _buffer[p] = _hasBuffer ? (_buffer[p] * Momentum) + grad : grad;
                        param -= LearningRate * _buffer[p];
                        break;
                    default:
                        if (WeightDecay != 0.0)
                        {
                            grad += WeightDecay * param;
                        }

                        param -= LearningRate * grad;
                        break;
                }

                parameters[p] = param;
            }

            _hasBuffer = true;
            _network.SetParameters(parameters);
        }
    }
}
