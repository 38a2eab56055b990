using System;
using System.Linq;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// ForwardBatch on every zoo network, through INetwork: with the vector step, through the vectorised kernel, and one
    /// sample after another where the network has no vector step (OutputLayerFirst with hidden layers, a step in parts).
    /// </summary>
    public class ForwardBatchTests
    {
        [Theory]
        [MemberData(nameof(ZooNetwork.All), MemberType = typeof(ZooNetwork))]
        public void ForwardBatch_gives_each_samples_outputs_and_keeps_the_pass_Backward_differentiates(string name)
        {
            ZooNetwork zoo = ZooNetwork.Create(name);
            zoo.Network.InitializeParameters(3);
            var random = new Random(17);
            const int Samples = 7; // a group of four (or eight) and a partial one
            double[] inputs = Enumerable.Range(0, Samples * zoo.InputCount).Select(_ => (2.0 * random.NextDouble()) - 1.0).ToArray();
            double[] x = inputs[..zoo.InputCount], t = Enumerable.Range(0, zoo.OutputCount).Select(_ => random.NextDouble()).ToArray();

            // Forward one sample, then the batch, then Backward: it differentiates the first sample's pass
            ZooNetwork expected = ZooNetwork.Create(name);
            expected.Network.SetParameters(zoo.Parameters());
            expected.Forward(x);
            double expectedError = ((IZooNetwork)expected.Instance).BackwardSpan(t);
            zoo.Forward(x);
            double[] outputs = new double[Samples * zoo.OutputCount];
            ((INetwork)zoo.Instance).ForwardBatch(inputs, outputs);
            Assert.Equal(expectedError, ((IZooNetwork)zoo.Instance).BackwardSpan(t));
            ArticleValueTests.AssertBitEqual(expected.Gradients(), zoo.Gradients());

            // Each row is that sample's outputs: the reference implementation's, to 1e-12 relative
            ReferenceNetwork reference = zoo.Reference();
            reference.SetParameters(zoo.Parameters());
            for (int s = 0; s < Samples; s++)
            {
                double[] want = reference.Forward(inputs.AsSpan(s * zoo.InputCount, zoo.InputCount).ToArray()).Outputs;
                for (int j = 0; j < zoo.OutputCount; j++)
                {
                    ReferenceTrainingTests.AssertClose(want[j], outputs[(s * zoo.OutputCount) + j], $"{name} sample {s} output {j}");
                }
            }
        }

        [Fact]
        public void Without_the_vector_step_ForwardBatch_is_Forward_sample_by_sample_bit_for_bit()
        {
            // The article's network updated output layer first has no vector step (its samples train one at a time)
            var net = MazurNetworkOutputLayerFirst.FromArticle();
            double[] inputs = { 0.05, 0.10, 0.3, -0.2, 1.5, 0.25 };
            double[] outputs = new double[6];
            net.ForwardBatch(inputs, outputs);
            for (int s = 0; s < 3; s++)
            {
                net.Forward(inputs[2 * s], inputs[(2 * s) + 1], out double o1, out double o2);
                Assert.Equal(BitConverter.DoubleToInt64Bits(o1), BitConverter.DoubleToInt64Bits(outputs[2 * s]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(o2), BitConverter.DoubleToInt64Bits(outputs[(2 * s) + 1]));
            }

            Assert.Equal(0.75136507, outputs[0], 8); // the article's out_o1
            Assert.Equal(0.772928465, outputs[1], 9); // and out_o2
        }
    }
}
