namespace BackpropGen.Generator.Emitter
{
    /// <summary>
    /// Maps the article's symbols to C# identifiers. Every generated name is made here, so the naming rules of
    /// README.md's symbol table live in one place.
    /// </summary>
    internal static class Naming
    {
        /// <summary>The local that holds the learning rate η during a step.</summary>
        public const string LearningRate = "eta";

        /// <summary><c>E_total</c>, the total error.</summary>
        public const string TotalError = "E_total";

        /// <summary>
        /// A neuron: <c>i1</c>.. for inputs, <c>o1</c>.. for outputs, <c>h1</c>.. for the hidden layer of a 3-layer
        /// network (the article's), and <c>h{layer}_{n}</c> (<c>h1_1</c>, <c>h2_3</c>) when there are several hidden layers.
        /// </summary>
        public static string Neuron(int layer, int layerCount, int index)
        {
            string number = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (layer == 0)
            {
                return "i" + number;
            }

            if (layer == layerCount - 1)
            {
                return "o" + number;
            }

            return layerCount == 3 ? "h" + number : "h" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + number;
        }

        /// <summary><c>w1</c>, <c>w2</c>, ...: weights numbered layer by layer, for each target neuron, for each source neuron.</summary>
        public static string Weight(int number) => "w" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary><c>b1</c>, <c>b2</c>, ...: the bias shared by layer <paramref name="layer"/> (1 = first hidden layer).</summary>
        public static string SharedBias(int layer) => "b" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary><c>b_h1</c>, <c>b_o2</c>, ...: the bias of one neuron.</summary>
        public static string NeuronBias(string neuron) => "b_" + neuron;

        /// <summary><c>net_h1</c>: the total net input of a neuron.</summary>
        public static string Net(string neuron) => "net_" + neuron;

        /// <summary><c>out_h1</c>: the output of a neuron (an input neuron's output is the input itself, <c>i1</c>).</summary>
        public static string Out(string neuron) => neuron[0] == 'i' ? neuron : "out_" + neuron;

        /// <summary><c>target_o1</c>.</summary>
        public static string Target(string output) => "target_" + output;

        /// <summary><c>E_o1</c>: the error of one output.</summary>
        public static string Error(string output) => "E_" + output;

        /// <summary><c>dE_total_dout_o1</c>: ∂E_total/∂out_o1.</summary>
        public static string TotalErrorByOut(string neuron) => "dE_total_dout_" + neuron;

        /// <summary><c>dE_o1_dout_h1</c>: ∂E_o1/∂out_h1, the part of ∂E_total/∂out_h1 that flows through o1.</summary>
        public static string OutputErrorByOut(string output, string neuron) => "dE_" + output + "_dout_" + neuron;

        /// <summary><c>dout_o1_dnet_o1</c>: ∂out_o1/∂net_o1, the derivative of the activation.</summary>
        public static string OutByNet(string neuron) => "dout_" + neuron + "_dnet_" + neuron;

        /// <summary><c>delta_o1</c>: δ_o1 = ∂E_total/∂net_o1, the node delta.</summary>
        public static string Delta(string neuron) => "delta_" + neuron;

        /// <summary><c>dE_total_dw5</c>: ∂E_total/∂w5, the gradient of a weight or bias.</summary>
        public static string Gradient(string parameter) => "dE_total_d" + parameter;

        /// <summary><c>w5_plus</c>: w5⁺, the parameter after the update.</summary>
        public static string Updated(string parameter) => parameter + "_plus";

        /// <summary>The softmax's largest output net input, subtracted before exponentiating so that nothing overflows.</summary>
        public const string SoftmaxMax = "max_net_o";

        /// <summary><c>exp_o1</c> = e^(net_o1 - max_net_o).</summary>
        public static string SoftmaxExp(string output) => "exp_" + output;

        /// <summary>Σ_k e^(net_ok - max_net_o).</summary>
        public const string SoftmaxSum = "sum_exp_o";

        /// <summary>ln Σ_k e^(net_ok - max_net_o), so that ln(out_ok) = net_ok - max_net_o - ln_sum_exp_o never takes ln 0.</summary>
        public const string SoftmaxLogSum = "ln_sum_exp_o";
    }
}
