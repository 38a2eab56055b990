using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using BackpropGen;
using InteropSample;

// A network trained in PyTorch, brought into a generated class (safetensors), checked against PyTorch's outputs,
// trained further here, and handed back: to ONNX (any ONNX runtime) and safetensors (PyTorch's load_state_dict).
// Usage: dotnet run --project samples/InteropSample [-- output-directory]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string pytorch = Path.Combine(AppContext.BaseDirectory, "pytorch");
string output = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();

var net = new SineNetwork();
using (FileStream file = File.OpenRead(Path.Combine(pytorch, "sine_trained.safetensors")))
{
    net.LoadSafetensors(file);
}

Console.WriteLine("Loaded sine_trained.safetensors (PyTorch's nn.Sequential(Linear(1, 8), Tanh(), Linear(8, 1)), trained on sin x) into SineNetwork.");
Console.WriteLine($"  w1 (i1 -> h1) = {net.w1:R}, b_h1 = {net.b_h1:R}, ..., w16 (h8 -> o1) = {net.w16:R}, b_o1 = {net.b_o1:R}");

using JsonDocument expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(pytorch, "expected.json")));
JsonElement model = expected.RootElement.GetProperty("models").GetProperty("sine_trained");
double[] xs = model.GetProperty("inputs").EnumerateArray().Select(row => row[0].GetDouble()).ToArray();
double[] torchOutputs = model.GetProperty("outputs").EnumerateArray().Select(row => row[0].GetDouble()).ToArray();
double worst = 0.0;
Console.WriteLine();
Console.WriteLine("Forward here against PyTorch's outputs:");
for (int s = 0; s < xs.Length; s++)
{
    net.Forward(xs[s], out double out_o1);
    double relative = Math.Abs(out_o1 - torchOutputs[s]) / Math.Abs(torchOutputs[s]);
    worst = Math.Max(worst, relative);
    Console.WriteLine($"  x = {xs[s],5}: out_o1 = {out_o1,22:R}   PyTorch {torchOutputs[s],22:R}   sin x = {Math.Sin(xs[s]):F6}");
}

Console.WriteLine($"  largest relative difference: {worst:E2}");

// Train further here: mini-batches of the 64 points PyTorch trained on.
double[] inputs = Enumerable.Range(0, 64).Select(i => -3.0 + (6.0 * i / 63)).ToArray();
double[] targets = inputs.Select(Math.Sin).ToArray();
Console.WriteLine();
Console.WriteLine($"Mean squared error on the 64 training points: {2 * Error(net, inputs, targets):E4} (PyTorch's {model.GetProperty("mse").GetDouble():E4})");
for (int epoch = 0; epoch < 2000; epoch++)
{
    net.Train(inputs, targets); // one averaged step over all 64 samples (E = ½(target - out)², η = 0.05)
}

Console.WriteLine($"after 2,000 more mini-batch steps here:          {2 * Error(net, inputs, targets):E4}");

Directory.CreateDirectory(output);
string onnxPath = Path.Combine(output, "sine.onnx"), safetensorsPath = Path.Combine(output, "sine.safetensors");
using (FileStream file = File.Create(onnxPath))
{
    net.SaveOnnx(file);
}

using (FileStream file = File.Create(safetensorsPath))
{
    net.SaveSafetensors(file);
}

// What the exported network computes at the check points, for a tool on the other side to compare with.
double[] after = xs.Select(x => { net.Forward(x, out double y); return y; }).ToArray();
File.WriteAllText(Path.Combine(output, "sine.outputs.json"), JsonSerializer.Serialize(new { inputs = xs, outputs = after }));
Console.WriteLine();
Console.WriteLine($"Wrote {onnxPath} (Gemm, Tanh, Gemm; input [N, 1], double), {safetensorsPath} (keys 0.weight, 0.bias, 2.weight, 2.bias) and sine.outputs.json.");
return worst <= 1e-12 ? 0 : 1;

static double Error(SineNetwork net, double[] inputs, double[] targets)
{
    double sum = 0.0;
    for (int s = 0; s < inputs.Length; s++)
    {
        net.Forward(inputs[s], out double y);
        sum += 0.5 * (targets[s] - y) * (targets[s] - y);
    }

    return sum / inputs.Length;
}
