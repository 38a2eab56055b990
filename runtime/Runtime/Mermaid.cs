using System;
using System.ComponentModel;
using System.Linq;
using System.Text;
using BackpropGen.Generator.Emitter;

namespace BackpropGen.Runtime
{
    /// <summary>The generated <c>ToMermaid</c>'s writer. For generated code, not meant to be called directly.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Mermaid
    {
        /// <summary>
        /// A Mermaid flowchart of a network, as in the article's figure: the neurons layer by layer (a subgraph each),
        /// each connection labelled with its weight's name and value (<see cref="Walkthrough.Number"/>), and the
        /// biases feeding their neurons.
        /// </summary>
        /// <param name="layerTitles">Each layer's title, inputs first ("Input layer", "Hidden layer", "Output layer").</param>
        /// <param name="neurons">Each layer's neuron names, inputs first.</param>
        /// <param name="bias">The bias mode, which says how many biases each layer has.</param>
        /// <param name="names">Every parameter's name in parameter order: the weights in the article's numbering (layer by layer; for each neuron fed, for each neuron feeding it), then the biases layer by layer.</param>
        /// <param name="values">Every parameter's value, in the same order.</param>
        /// <returns>The flowchart, lines ended by "\n".</returns>
        /// <exception cref="ArgumentException">The names or values do not fit the layers and bias mode.</exception>
        public static string Flowchart(string[] layerTitles, string[][] neurons, BiasMode bias, string[] names, double[] values)
        {
            return Write(layerTitles, neurons, bias, names, values);
        }

        /// <summary>
        /// The flowchart of the network <paramref name="description"/> describes: the layers' titles, the neurons' and the
        /// parameters' names from the model of the step (the names the generated code uses), with
        /// <paramref name="values"/>.
        /// </summary>
        /// <param name="description">The network.</param>
        /// <param name="values">Every parameter's value, in parameter order.</param>
        /// <returns>The flowchart, lines ended by "\n".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The values are not one per parameter.</exception>
        public static string Flowchart(NetworkDescription description, double[] values)
        {
            Check.NotNull(description, nameof(description));
            var layout = new NetworkLayout(StepModel.Of(description));
            string[] titles = Enumerable.Range(0, layout.LayerCount).Select(l => char.ToUpperInvariant(layout.LayerTitle(l)[0]) + layout.LayerTitle(l).Substring(1)).ToArray();
            return Write(titles, layout.Neurons, description.Bias, layout.Weights.Concat(layout.Biases).ToArray(), values);
        }

        /// <summary>The flowchart of <paramref name="network"/> with its current parameters (the generated <c>ToMermaid</c>).</summary>
        /// <param name="network">The network.</param>
        /// <returns>The flowchart, lines ended by "\n".</returns>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
        public static string Flowchart(INetwork network)
        {
            Check.NotNull(network, nameof(network));
            var values = new double[network.Description.ParameterCount];
            network.CopyParametersTo(values);
            return Flowchart(network.Description, values);
        }

        private static string Write(string[] layerTitles, string[][] neurons, BiasMode bias, string[] names, double[] values)
        {
            Check.NotNull(layerTitles, nameof(layerTitles));
            Check.NotNull(neurons, nameof(neurons));
            Check.NotNull(names, nameof(names));
            Check.NotNull(values, nameof(values));
            int count = 0;
            for (int l = 1; l < neurons.Length; l++)
            {
                count += (neurons[l - 1].Length * neurons[l].Length) + (bias == BiasMode.PerNeuron ? neurons[l].Length : bias == BiasMode.SharedPerLayer ? 1 : 0);
            }

            if (layerTitles.Length != neurons.Length || names.Length != count || values.Length != count)
            {
                throw new ArgumentException($"A network of {neurons.Length} layers has {count} parameters; given {layerTitles.Length} titles, {names.Length} names and {values.Length} values.");
            }

            var text = new StringBuilder("flowchart LR\n");
            for (int l = 0; l < neurons.Length; l++)
            {
                text.Append("    subgraph layer").Append(l).Append(" [\"").Append(layerTitles[l]).Append("\"]\n");
                foreach (string neuron in neurons[l])
                {
                    text.Append("        ").Append(neuron).Append("((").Append(neuron).Append("))\n");
                }

                text.Append("    end\n");
            }

            int weight = 0;
            int firstBias = count;
            for (int l = 1; l < neurons.Length; l++)
            {
                firstBias -= bias == BiasMode.PerNeuron ? neurons[l].Length : bias == BiasMode.SharedPerLayer ? 1 : 0;
            }

            int b = firstBias;
            for (int l = 1; l < neurons.Length; l++)
            {
                foreach (string target in neurons[l])
                {
                    foreach (string source in neurons[l - 1])
                    {
                        text.Append("    ").Append(source).Append(" -->|\"").Append(names[weight]).Append(" = ").Append(Walkthrough.Number(values[weight])).Append("\"| ").Append(target).Append('\n');
                        weight++;
                    }
                }

                for (int j = 0; j < neurons[l].Length && bias != BiasMode.None; j++)
                {
                    if (bias == BiasMode.PerNeuron || j == 0)
                    {
                        text.Append("    ").Append(names[b]).Append("[\"").Append(names[b]).Append(" = ").Append(Walkthrough.Number(values[b])).Append("\"]\n");
                        b++;
                    }

                    text.Append("    ").Append(names[b - 1]).Append(" --> ").Append(neurons[l][j]).Append('\n');
                }
            }

            return text.ToString();
        }
    }
}
