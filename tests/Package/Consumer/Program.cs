// A fresh consumer of the BackpropGen package: the article's network, one training step, and the error after it.
using System;
using System.Globalization;
using BackpropGen;

var net = new MazurNetwork
{
    w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30,
    w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55,
    b1 = 0.35, b2 = 0.60,
};

double before = net.Train(0.05, 0.10, 0.01, 0.99);
net.Forward(0.05, 0.10, out double out_o1, out double out_o2);
double after = 0.5 * (0.01 - out_o1) * (0.01 - out_o1) + 0.5 * (0.99 - out_o2) * (0.99 - out_o2);
Console.WriteLine("E_total before the step: " + before.ToString("F9", CultureInfo.InvariantCulture));
Console.WriteLine("E_total after one step: " + after.ToString("F9", CultureInfo.InvariantCulture));

// The same network with its initial weights baked in at compile time from mazur.weights.json (an AdditionalFiles item).
double baked = new BakedMazurNetwork().Train(0.05, 0.10, 0.01, 0.99);
Console.WriteLine("Baked-in E_total before the step: " + baked.ToString("F9", CultureInfo.InvariantCulture));

// The walkthrough, which the package's runtime renders from its model of the step: its first formula line.
var walkthrough = new System.IO.StringWriter();
new BakedMazurNetwork().Explain(new[] { 0.05, 0.10 }, new[] { 0.01, 0.99 }, walkthrough);
foreach (string line in walkthrough.ToString().Split('\n'))
{
    if (line.StartsWith("$$net_{h1}", StringComparison.Ordinal))
    {
        Console.WriteLine("Walkthrough: " + line.Trim());
        break;
    }
}

[Network(2, 2, 2, Activation.Logistic)]
public partial class MazurNetwork { }

[Network(2, 2, 2, Activation.Logistic, Weights = "mazur.weights.json")]
public partial class BakedMazurNetwork { }
