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

        /// <summary>The backing field of a parameter or gradient property, which the step methods read and write directly: <c>_w1</c>.</summary>
        public static string Field(string property) => "_" + property;

        /// <summary>The softmax's largest output net input, subtracted before exponentiating so that nothing overflows.</summary>
        public const string SoftmaxMax = "max_net_o";

        /// <summary><c>exp_o1</c> = e^(net_o1 - max_net_o).</summary>
        public static string SoftmaxExp(string output) => "exp_" + output;

        /// <summary>Σ_k e^(net_ok - max_net_o).</summary>
        public const string SoftmaxSum = "sum_exp_o";

        /// <summary>ln Σ_k e^(net_ok - max_net_o), so that ln(out_ok) = net_ok - max_net_o - ln_sum_exp_o never takes ln 0.</summary>
        public const string SoftmaxLogSum = "ln_sum_exp_o";

        /// <summary><c>dnet_o1_dw5</c>: ∂net_o1/∂w5, which is the output the weight multiplies (a name formulas show, not a local).</summary>
        public static string NetByWeight(string neuron, string weight) => "dnet_" + neuron + "_d" + weight;

        /// <summary><c>dnet_o1_dout_h1</c>: ∂net_o1/∂out_h1, which is the weight between them (a name formulas show, not a local).</summary>
        public static string NetByOut(string neuron, string source) => "dnet_" + neuron + "_dout_" + source;

        /// <summary><c>dE_total_dnet_o1</c>: ∂E_total/∂net_o1, which is δ_o1 (a name formulas show, not a local).</summary>
        public static string TotalErrorByNet(string neuron) => "dE_total_dnet_" + neuron;

        // ---- The optimizers' symbols (PyTorch's names for the quantities, the article's style for the identifiers) ----

        /// <summary>The local that holds the momentum μ during a step.</summary>
        public const string Momentum = "mu";

        /// <summary>The local that holds Adam's β1.</summary>
        public const string Beta1 = "beta1";

        /// <summary>The local that holds Adam's β2.</summary>
        public const string Beta2 = "beta2";

        /// <summary>The local that holds Adam's ε.</summary>
        public const string Epsilon = "epsilon";

        /// <summary>The local that holds the weight decay λ.</summary>
        public const string WeightDecay = "lambda";

        /// <summary>The optimizer's step count t (Adam's bias correction), counting this step.</summary>
        public const string Step = "t";

        /// <summary><c>beta1_t</c>: β1ᵗ, Adam's bias correction of the first moment is 1 - β1ᵗ.</summary>
        public const string Beta1Power = "beta1_t";

        /// <summary><c>beta2_t</c>: β2ᵗ.</summary>
        public const string Beta2Power = "beta2_t";

        /// <summary><c>g_w1</c>: the gradient the optimizer uses, ∂E_total/∂w1 + λ·w1 (with weight decay as L2).</summary>
        public static string DecayedGradient(string parameter) => "g_" + parameter;

        /// <summary><c>velocity_w1</c>: the momentum buffer of a parameter.</summary>
        public static string Velocity(string parameter) => "velocity_" + parameter;

        /// <summary><c>m_w1</c>: Adam's running mean of a parameter's gradients (first moment).</summary>
        public static string FirstMoment(string parameter) => "m_" + parameter;

        /// <summary><c>v_w1</c>: Adam's running mean of a parameter's squared gradients (second moment).</summary>
        public static string SecondMoment(string parameter) => "v_" + parameter;

        /// <summary><c>mhat_w1</c>: m̂_w1, the first moment after bias correction.</summary>
        public static string CorrectedFirstMoment(string parameter) => "mhat_" + parameter;

        /// <summary><c>vhat_w1</c>: v̂_w1, the second moment after bias correction.</summary>
        public static string CorrectedSecondMoment(string parameter) => "vhat_" + parameter;

        /// <summary>The optimizer's plain-text names of its scalars: μ, β1, β2, ε, λ, β1ᵗ, β2ᵗ.</summary>
        private static string? OptimizerText(string identifier) => identifier switch
        {
            Momentum => "μ",
            Beta1 => "β1",
            Beta2 => "β2",
            Epsilon => "ε",
            WeightDecay => "λ",
            Beta1Power => "β1ᵗ",
            Beta2Power => "β2ᵗ",
            _ => identifier.StartsWith("mhat_", System.StringComparison.Ordinal) ? "m̂_" + identifier.Substring(5)
                : identifier.StartsWith("vhat_", System.StringComparison.Ordinal) ? "v̂_" + identifier.Substring(5)
                : null,
        };

        /// <summary>The optimizer's LaTeX names: \mu, \beta_1, m_{w_{1}}, \hat{m}_{w_{1}}, ...; null for another identifier.</summary>
        private static string? OptimizerLatex(string identifier)
        {
            switch (identifier)
            {
                case Momentum: return @"\mu";
                case Beta1: return @"\beta_1";
                case Beta2: return @"\beta_2";
                case Epsilon: return @"\epsilon";
                case WeightDecay: return @"\lambda";
                case Step: return "t";
                case Beta1Power: return @"\beta_1^{t}";
                case Beta2Power: return @"\beta_2^{t}";
            }

            foreach ((string prefix, string latex) in new[] { ("mhat_", @"\hat{m}"), ("vhat_", @"\hat{v}"), ("velocity_", @"\mathit{velocity}"), ("m_", "m"), ("v_", "v"), ("g_", "g") })
            {
                if (identifier.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    return latex + "_{" + Latex(identifier.Substring(prefix.Length)) + "}";
                }
            }

            return null;
        }

        /// <summary>
        /// The article's notation in plain text, for comments, of an identifier made by this class: <c>dE_total_dw5</c> →
        /// <c>∂E_total/∂w5</c>, <c>delta_o1</c> → <c>δ_o1</c>, <c>w5_plus</c> → <c>w5⁺</c>, <c>eta</c> → <c>η</c>.
        /// </summary>
        public static string Text(string identifier)
        {
            if (identifier.EndsWith("_plus", System.StringComparison.Ordinal))
            {
                return Text(identifier.Substring(0, identifier.Length - 5)) + "⁺";
            }

            if (identifier == LearningRate)
            {
                return "η";
            }

            if (identifier.StartsWith("delta_", System.StringComparison.Ordinal))
            {
                return "δ_" + identifier.Substring(6);
            }

            if (OptimizerText(identifier) is { } optimizer)
            {
                return optimizer;
            }

            (string of, string by)? partial = SplitPartial(identifier);
            return partial is { } p ? "∂" + p.of + "/∂" + p.by : identifier;
        }

        /// <summary>
        /// The two sides of a derivative's identifier: <c>dE_total_dout_o1</c> → (E_total, out_o1), <c>dout_h1_dnet_h1</c> →
        /// (out_h1, net_h1), <c>dnet_o1_dw5</c> → (net_o1, w5); null for any other identifier.
        /// </summary>
        private static (string of, string by)? SplitPartial(string identifier)
        {
            foreach (string of in new[] { "dE_", "dout_", "dnet_" })
            {
                if (!identifier.StartsWith(of, System.StringComparison.Ordinal))
                {
                    continue;
                }

                // The numerator is E_total, E_o1, out_h1_2, net_o1: the first "_d" that is not followed by a digit ends it.
                for (int i = of.Length; i + 2 < identifier.Length; i++)
                {
                    if (identifier[i] == '_' && identifier[i + 1] == 'd' && !char.IsDigit(identifier[i + 2]))
                    {
                        return (identifier.Substring(1, i - 1), identifier.Substring(i + 2));
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The article's notation, in LaTeX, of an identifier made by this class: <c>net_h1</c> → <c>net_{h1}</c>,
        /// <c>dE_total_dw5</c> → <c>\frac{\partial E_{total}}{\partial w_{5}}</c>, <c>w5_plus</c> → <c>w_{5}^{+}</c>.
        /// </summary>
        public static string Latex(string identifier)
        {
            if (identifier.EndsWith("_plus", System.StringComparison.Ordinal))
            {
                return Latex(identifier.Substring(0, identifier.Length - 5)) + "^{+}";
            }

            switch (identifier)
            {
                case LearningRate: return @"\eta";
                case TotalError: return "E_{total}";
                case SoftmaxMax: return @"net_{\max}";
                case SoftmaxSum: return @"\Sigma_k e^{net_{ok} - net_{\max}}";
                case SoftmaxLogSum: return @"\ln \Sigma_k e^{net_{ok} - net_{\max}}";
            }

            if (SplitPartial(identifier) is { } partial)
            {
                return Partial(Latex(partial.of), Latex(partial.by));
            }

            if (OptimizerLatex(identifier) is { } optimizer)
            {
                return optimizer;
            }

            foreach (string prefix in new[] { "net_", "out_", "target_", "E_", "exp_" })
            {
                if (identifier.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    string neuron = Subscript(identifier.Substring(prefix.Length));
                    return prefix == "exp_" ? "e^{net_{" + neuron + @"} - net_{\max}}" : prefix.Substring(0, prefix.Length - 1) + "_{" + neuron + "}";
                }
            }

            if (identifier.StartsWith("delta_", System.StringComparison.Ordinal))
            {
                return @"\delta_{" + Subscript(identifier.Substring(6)) + "}";
            }

            if (identifier.StartsWith("b_", System.StringComparison.Ordinal))
            {
                return "b_{" + Subscript(identifier.Substring(2)) + "}";
            }

            // i1, w5, b1, and neuron names: a letter and a number.
            return identifier.Substring(0, 1) + "_{" + Subscript(identifier.Substring(1)) + "}";
        }

        /// <summary>The LaTeX of ∂<paramref name="of"/>/∂<paramref name="by"/>.</summary>
        public static string Partial(string of, string by) => @"\frac{\partial " + of + @"}{\partial " + by + "}";

        /// <summary>A neuron name as a subscript: <c>h1</c>, and <c>h2,1</c> for <c>h2_1</c>.</summary>
        private static string Subscript(string neuron) => neuron.Replace('_', ',');
    }
}
