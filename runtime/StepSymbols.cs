using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen
{
    /// <summary>
    /// The values of one training step by the article's names, recorded by the <c>Train(..., Symbols)</c> overload of a
    /// network in vectorised kernels (<see cref="CodeShape.Vectorized"/>) or with its step in parts, whose <c>Symbols</c>
    /// class derives from this one: a table read by name (<c>symbols["delta_h3"]</c>) rather than a property per symbol,
    /// since such a network can have tens of thousands of them. It holds what the step computes and keeps, in its order: the
    /// inputs <c>i1</c>.., the targets <c>target_o1</c>.., every parameter before the step (<c>w1</c>.., then the
    /// biases) and <c>eta</c>; layer by layer, each neuron's <c>net_X</c> and <c>out_X</c>; <c>E_total</c>; each
    /// neuron's <c>delta_X</c>, output layer first; <c>dE_total_dw1</c>.. and the biases' gradients in parameter order;
    /// and each trained parameter after the step (<c>w1_plus</c>..). The names are those of the unrolled code and of the
    /// README's symbol table. Create one and reuse it: recording a step allocates nothing.
    /// </summary>
    public abstract class StepSymbols : IReadOnlyDictionary<string, double>
    {
        private readonly string[] _names;
        private readonly Dictionary<string, int> _index;

        /// <summary>Lays out the symbols of one step of the network <paramref name="description"/> describes.</summary>
        /// <param name="description">The network.</param>
        /// <exception cref="ArgumentNullException"><paramref name="description"/> is null.</exception>
        protected StepSymbols(NetworkDescription description)
        {
            Description = description ?? throw new ArgumentNullException(nameof(description));
            _names = Layout(description);
            _index = new Dictionary<string, int>(_names.Length, StringComparer.Ordinal);
            for (int i = 0; i < _names.Length; i++)
            {
                _index.Add(_names[i], i);
            }

            Recorded = new double[_names.Length];
        }

        /// <summary>The network whose step this records.</summary>
        public NetworkDescription Description { get; }

        /// <summary>The values, in the order of <see cref="Keys"/>: the network's <c>Train(..., Symbols)</c> writes them.</summary>
        protected double[] Recorded { get; }

        /// <summary>The number of symbols.</summary>
        public int Count => _names.Length;

        /// <summary>The symbols' names, in the order of the step.</summary>
        public IEnumerable<string> Keys => _names;

        /// <summary>The symbols' values, in the order of <see cref="Keys"/>.</summary>
        public IEnumerable<double> Values => Recorded;

        /// <summary>The value of the symbol <paramref name="name"/> in the last recorded step (0 before any).</summary>
        /// <param name="name">A symbol's name, as in the README's symbol table: <c>net_h1</c>, <c>delta_o2</c>, <c>dE_total_dw5</c>, <c>w5_plus</c>.</param>
        /// <returns>Its value.</returns>
        /// <exception cref="KeyNotFoundException">This network's step has no symbol of that name.</exception>
        public double this[string name] => TryGetValue(name, out double value)
            ? value
            : throw new KeyNotFoundException(string.Format(
                CultureInfo.InvariantCulture,
                "The step of this {0} network records no symbol \"{1}\". This table records the inputs, targets, parameters, eta, net_X, out_X, E_total, delta_X, the gradients dE_total_d… and the trained parameters after the step (…_plus); Keys lists them.",
                string.Join("-", Description.LayerSizes),
                name));

        /// <summary>Whether this network's step has a symbol <paramref name="key"/>.</summary>
        /// <param name="key">A symbol's name.</param>
        /// <returns>True if it has.</returns>
        public bool ContainsKey(string key) => key is not null && _index.ContainsKey(key);

        /// <summary>The value of the symbol <paramref name="key"/>, if the step has one of that name.</summary>
        /// <param name="key">A symbol's name.</param>
        /// <param name="value">Its value in the last recorded step, or 0.</param>
        /// <returns>True if the step has the symbol.</returns>
        public bool TryGetValue(string key, out double value)
        {
            if (key is not null && _index.TryGetValue(key, out int i))
            {
                value = Recorded[i];
                return true;
            }

            value = 0.0;
            return false;
        }

        /// <summary>The symbols and their values, in the order of the step.</summary>
        /// <returns>An enumerator.</returns>
        public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
        {
            for (int i = 0; i < _names.Length; i++)
            {
                yield return new KeyValuePair<string, double>(_names[i], Recorded[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The place of <paramref name="name"/> in the table (for the walkthrough's template).</summary>
        internal int IndexOf(string name) => _index.TryGetValue(name, out int i)
            ? i
            : throw new InvalidOperationException("The table has no symbol \"" + name + "\" (a walkthrough and the table disagree).");

        /// <summary>
        /// The names in the order of the step (see the class's summary). The generator writes the recording with the same
        /// layout; <c>SymbolsTableTests</c> checks every name's value against the tests' reference implementation.
        /// </summary>
        private static string[] Layout(NetworkDescription network)
        {
            int layers = network.LayerCount;
            var neurons = new string[layers][];
            for (int l = 0; l < layers; l++)
            {
                neurons[l] = new string[network.LayerSizes[l]];
                for (int j = 0; j < neurons[l].Length; j++)
                {
                    neurons[l][j] = Neuron(l, layers, j);
                }
            }

            var parameters = new List<string>(network.ParameterCount);
            for (int w = 1; w <= network.WeightCount; w++)
            {
                parameters.Add("w" + Number(w));
            }

            for (int l = 1; l < layers; l++)
            {
                if (network.Bias == BiasMode.SharedPerLayer)
                {
                    parameters.Add("b" + Number(l));
                }
                else if (network.Bias == BiasMode.PerNeuron)
                {
                    foreach (string neuron in neurons[l])
                    {
                        parameters.Add("b_" + neuron);
                    }
                }
            }

            var names = new List<string>();
            names.AddRange(neurons[0]);
            foreach (string output in neurons[layers - 1])
            {
                names.Add("target_" + output);
            }

            names.AddRange(parameters);
            names.Add("eta");
            for (int l = 1; l < layers; l++)
            {
                foreach (string neuron in neurons[l])
                {
                    names.Add("net_" + neuron);
                    names.Add("out_" + neuron);
                }
            }

            names.Add("E_total");
            for (int l = layers - 1; l >= 1; l--)
            {
                foreach (string neuron in neurons[l])
                {
                    names.Add("delta_" + neuron);
                }
            }

            foreach (string parameter in parameters)
            {
                names.Add("dE_total_d" + parameter);
            }

            for (int p = 0; p < (network.TrainBiases ? parameters.Count : network.WeightCount); p++)
            {
                names.Add(parameters[p] + "_plus");
            }

            return names.ToArray();
        }

        /// <summary>The README's neuron names: <c>i1</c>.., <c>o1</c>.., <c>h1</c>.. with one hidden layer, <c>h2_3</c> with several.</summary>
        private static string Neuron(int layer, int layers, int index)
        {
            string number = Number(index + 1);
            return layer == 0 ? "i" + number
                : layer == layers - 1 ? "o" + number
                : layers == 3 ? "h" + number
                : "h" + Number(layer) + "_" + number;
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
