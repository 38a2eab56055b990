using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BackpropGen;
using ScottPlot;
using Spectre.Console;
using TrainingSample;

// Trains two generated classifiers with BackpropGen's Trainer: Fisher's Iris (a real data set) and two interleaved
// moons (a generated 2-D problem). Shows a live progress bar, reports accuracy on held-back data, and writes the loss
// curves and the moons' decision boundary as PNG files.
//   dotnet run --project samples/TrainingSample [output directory, default: training-output]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string output = args.Length > 0 ? args[0] : "training-output";
Directory.CreateDirectory(output);

DataSet iris = Recipes.Iris(Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv"));
DataSet moons = Recipes.Moons();

var irisNetwork = new IrisClassifier();
irisNetwork.InitializeParameters(Recipes.Seed);
var moonsNetwork = new MoonsClassifier();
moonsNetwork.InitializeParameters(Recipes.Seed);

var irisTrainer = new Trainer(irisNetwork, Recipes.IrisOptions());
var moonsTrainer = new Trainer(moonsNetwork, Recipes.MoonsOptions());
TrainingHistory irisHistory = null!, moonsHistory = null!;
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        irisHistory = Fit(context, "Iris (4-8-3)", irisTrainer, iris);
        moonsHistory = Fit(context, "Moons (2-16-16-2)", moonsTrainer, moons);
    });

var table = new Table().AddColumns("task", "epochs", "best epoch", "train loss", "validation accuracy", "test loss", "test accuracy");
Report(table, "Iris", irisTrainer, irisHistory, iris);
Report(table, "Moons", moonsTrainer, moonsHistory, moons);
AnsiConsole.Write(table);

SaveLossCurves(Path.Combine(output, "iris-loss.png"), "Iris: loss per epoch", irisHistory);
SaveLossCurves(Path.Combine(output, "moons-loss.png"), "Moons: loss per epoch", moonsHistory);
SaveDecisionBoundary(Path.Combine(output, "moons-boundary.png"), moonsNetwork, moons);
AnsiConsole.MarkupLine($"Pictures written to [bold]{Markup.Escape(Path.GetFullPath(output))}[/].");

static TrainingHistory Fit(ProgressContext context, string name, Trainer trainer, DataSet data)
{
    ProgressTask task = context.AddTask(name, maxValue: trainer.Options.Epochs);
    TrainingHistory history = trainer.Fit(data.Inputs, data.Targets, progress: new Progress(result =>
    {
        task.Value = result.Epoch;
        task.Description = FormattableString.Invariant($"{name}: loss {result.TrainingLoss:F4}, validation {result.ValidationAccuracy:P0}");
    }));
    task.Value = task.MaxValue; // an early stop ends the bar too
    return history;
}

static void Report(Table table, string name, Trainer trainer, TrainingHistory history, DataSet data)
{
    double testLoss = trainer.Evaluate(data.TestInputs, data.TestTargets, out double testAccuracy);
    EpochResult best = history.Epochs[history.BestEpoch - 1];
    table.AddRow(
        name,
        history.Epochs.Count + (history.StoppedEarly ? " (stopped early)" : string.Empty),
        history.BestEpoch.ToString(CultureInfo.InvariantCulture),
        best.TrainingLoss.ToString("F4", CultureInfo.InvariantCulture),
        best.ValidationAccuracy.ToString("P1", CultureInfo.InvariantCulture),
        testLoss.ToString("F4", CultureInfo.InvariantCulture),
        $"{testAccuracy.ToString("P1", CultureInfo.InvariantCulture)} of {data.TestSamples}");
}

static void SaveLossCurves(string path, string title, TrainingHistory history)
{
    var plot = new Plot();
    double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
    var training = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TrainingLoss).ToArray());
    training.LegendText = "training";
    training.MarkerSize = 0;
    var validation = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.ValidationLoss).ToArray());
    validation.LegendText = "validation";
    validation.MarkerSize = 0;
    plot.Add.VerticalLine(history.BestEpoch).LegendText = history.RestoredBestParameters ? "best epoch (restored at the end)" : "best epoch";
    plot.Title(title);
    plot.XLabel("epoch");
    plot.YLabel("mean cross-entropy per sample");
    plot.ShowLegend();
    plot.SavePng(path, 800, 500);
}

static void SaveDecisionBoundary(string path, MoonsClassifier network, DataSet data)
{
    // P(lower moon) over a grid, then the held-back points on top.
    const int Size = 200;
    const double Left = -1.5, Right = 2.5, Bottom = -1.25, Top = 1.75;
    var probability = new double[Size, Size];
    Span<double> outputs = stackalloc double[2];
    for (int row = 0; row < Size; row++)
    {
        double y = Top - ((Top - Bottom) * (row + 0.5) / Size); // row 0 at the top
        for (int column = 0; column < Size; column++)
        {
            double x = Left + ((Right - Left) * (column + 0.5) / Size);
            network.Forward(x, y, out outputs[0], out outputs[1]);
            probability[row, column] = outputs[1];
        }
    }

    var plot = new Plot();
    var heatmap = plot.Add.Heatmap(probability);
    heatmap.Extent = new CoordinateRect(Left, Right, Bottom, Top);
    heatmap.Colormap = new ScottPlot.Colormaps.MellowRainbow();
    plot.Add.ColorBar(heatmap).Label = "P(lower moon)";
    for (int moon = 0; moon < 2; moon++)
    {
        int[] rows = Enumerable.Range(0, data.TestSamples).Where(s => data.TestTargets[(2 * s) + moon] == 1).ToArray();
        var points = plot.Add.ScatterPoints(rows.Select(s => data.TestInputs[2 * s]).ToArray(), rows.Select(s => data.TestInputs[(2 * s) + 1]).ToArray());
        points.LegendText = moon == 0 ? "upper moon (held back)" : "lower moon (held back)";
        points.Color = moon == 0 ? Colors.White : Colors.Black;
        points.MarkerSize = 6;
    }

    plot.Title("Moons: the decision boundary of the trained 2-16-16-2 network");
    plot.ShowLegend();
    plot.Axes.SetLimits(Left, Right, Bottom, Top);
    plot.SavePng(path, 800, 600);
}

/// <summary>Reports on the training thread, at once (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class Progress : IProgress<EpochResult>
{
    private readonly Action<EpochResult> _report;

    public Progress(Action<EpochResult> report) => _report = report;

    public void Report(EpochResult value) => _report(value);
}
