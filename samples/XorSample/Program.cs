using System;
using System.Globalization;
using XorSample;

// Trains the generated XOR network and shows the names the generator gives to every parameter.
// The generated code itself: obj/<configuration>/net10.0/generated/BackpropGen.Generator/.../XorSample.XorNetwork.g.cs
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
double[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
double[] targets = { 0, 1, 1, 0 };

var net = new XorNetwork();
net.InitializeParameters(seed: 7);
Console.WriteLine("XOR on a generated 2-3-1 network (logistic, squared error, per-neuron biases, η = 2), mini-batches of all four samples.");
Console.WriteLine();

const int MaxEpochs = 20000;
int epoch = 0;
double error = MeanError(net);
Console.WriteLine($"epoch {epoch,6}: mean E_total {error:F6}");
while (error >= 0.01 && epoch < MaxEpochs)
{
    net.Train(inputs, targets); // one averaged update from the four samples
    epoch++;
    error = MeanError(net);
    if (epoch % 1000 == 0 || error < 0.01)
    {
        Console.WriteLine($"epoch {epoch,6}: mean E_total {error:F6}");
    }
}

Console.WriteLine();
for (int s = 0; s < 4; s++)
{
    net.Forward(inputs[2 * s], inputs[(2 * s) + 1], out double out_o1);
    Console.WriteLine($"i1 = {inputs[2 * s]}, i2 = {inputs[(2 * s) + 1]}: out_o1 = {out_o1:F4} (target {targets[s]})");
}

Console.WriteLine();
Console.WriteLine("The parameters, by the generated names (weights numbered layer by layer; in a layer, for each neuron, for each input to it):");
Console.WriteLine($"  into h1: w1 (from i1) = {net.w1:F4}, w2 (from i2) = {net.w2:F4}, b_h1 = {net.b_h1:F4}");
Console.WriteLine($"  into h2: w3 (from i1) = {net.w3:F4}, w4 (from i2) = {net.w4:F4}, b_h2 = {net.b_h2:F4}");
Console.WriteLine($"  into h3: w5 (from i1) = {net.w5:F4}, w6 (from i2) = {net.w6:F4}, b_h3 = {net.b_h3:F4}");
Console.WriteLine($"  into o1: w7 (from h1) = {net.w7:F4}, w8 (from h2) = {net.w8:F4}, w9 (from h3) = {net.w9:F4}, b_o1 = {net.b_o1:F4}");
Console.WriteLine($"  the last step's gradients: dE_total_dw1 = {net.dE_total_dw1:E3}, ..., dE_total_db_o1 = {net.dE_total_db_o1:E3}");
Console.WriteLine();
Console.WriteLine("The network as a Mermaid diagram (ToMermaid()):");
Console.WriteLine(net.ToMermaid());
return error < 0.01 ? 0 : 1;

static double MeanError(XorNetwork net)
{
    double[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
    double[] targets = { 0, 1, 1, 0 };
    double sum = 0.0;
    for (int s = 0; s < 4; s++)
    {
        net.Forward(inputs[2 * s], inputs[(2 * s) + 1], out double output);
        sum += 0.5 * (targets[s] - output) * (targets[s] - output);
    }

    return sum / 4;
}
