using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using BackpropGen.Generator;
using BackpropGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BackpropGen.Tests.Generator
{
    /// <summary>
    /// Weights baked in at compile time (<c>Weights = "file"</c>): a network compiled from a weights file starts from the
    /// file's values exactly, in every code shape; a file that does not fit is a BPG error at the Weights argument.
    /// Expected values come from elsewhere than the generator: the article, and the safetensors files PyTorch wrote (read by
    /// the runtime's LoadSafetensors) beside the JSON files the same script wrote from the same tensors.
    /// </summary>
    public class BakedWeightsTests
    {
        private const string MazurJson = """
            {
              "__metadata__": {"format": "pt"},
              "0.weight": [[0.15, 0.2], [0.25, 0.3]],
              "0.bias": [0.35, 0.35],
              "2.weight": [[0.4, 0.45], [0.5, 0.55]],
              "2.bias": [0.6, 0.6]
            }
            """;

        /// <summary>The article's initial parameters in parameter order: w1..w8, then b1, b2.</summary>
        private static readonly double[] ArticleParameters = { 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60 };

        private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "interop", name);

        [Theory]
        [InlineData("CodeShape.Unrolled")]
        [InlineData("CodeShape.Vectorized")]
        public void The_articles_network_baked_from_its_weights_trains_like_the_article(string shape)
        {
            string source = $"using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, CodeShape = {shape}, Weights = \"mazur.weights.json\")]\npublic partial class Baked {{ }}\n";
            using var loaded = Compile(source, new InMemoryAdditionalText("/src/app/mazur.weights.json", MazurJson));
            Assert.Equal(shape == "CodeShape.Vectorized", loaded.Source.Contains("private static KernelParameters BakedParameters()", StringComparison.Ordinal));

            var net = (INetwork)loaded.Create("Baked");
            ArticleValueTests.AssertBitEqual(ArticleParameters, Parameters(net));

            MethodInfo train = loaded.Type("Baked").GetMethods().Single(m => m.Name == "Train" && m.GetParameters().Length == 4);
            double error = (double)train.Invoke(net, new object[] { 0.05, 0.10, 0.01, 0.99 })!;
            ArticleValueTests.AssertPrinted("0.298371109", error, "E_total of the first step");
            ArticleValueTests.AssertPrinted("0.35891648", Parameters(net)[4], "w5 after the step");
        }

        /// <summary>
        /// Every code shape starts from the file: the generated constructor's parameters equal, bit for bit, what the
        /// runtime's LoadSafetensors reads from the safetensors file PyTorch's script wrote from the same tensors.
        /// </summary>
        [Theory]
        [InlineData("logistic_shared", "2, 3, 2, Activation.Logistic, CodeShape = CodeShape.Unrolled", "unrolled")]
        [InlineData("logistic_shared", "2, 3, 2, Activation.Logistic, CodeShape = CodeShape.Vectorized", "vectorised")]
        [InlineData("tanh_identity", "3, 4, 2, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Unrolled", "unrolled")]
        [InlineData("tanh_identity", "3, 4, 2, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Vectorized", "vectorised")]
        [InlineData("leaky_nobias", "2, 3, 1, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Bias = BiasMode.None", "unrolled")]
        [InlineData("leaky_nobias", "2, 3, 1, Activation.LeakyReLU, OutputActivation = Activation.Logistic, Bias = BiasMode.None, CodeShape = CodeShape.Vectorized", "vectorised")]
        [InlineData("deep_f32", "3, 4, 4, 2, Activation.Tanh, OutputActivation = Activation.Logistic, Bias = BiasMode.PerNeuron", "unrolled")]
        [InlineData("relu_softmax", "4, 5, 3, Activation.ReLU, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Vectorized", "vectorised")]
        [InlineData("wide_tanh", "16, 16, 16, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Unrolled", "in parts")]
        [InlineData("wide_tanh", "16, 16, 16, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron", "vectorised")]
        public void Every_code_shape_starts_from_the_files_values(string fixture, string arguments, string shape)
        {
            string source = $"using BackpropGen;\nnamespace App {{ [Network({arguments}, Weights = \"{fixture}.weights.json\")] public partial class Net {{ }} }}\n";
            using var loaded = Compile(source, new InMemoryAdditionalText(FixturePath(fixture + ".weights.json"), File.ReadAllText(FixturePath(fixture + ".weights.json"))));
            string actualShape = loaded.Source.Contains("private void ForwardKernel(ref double a)", StringComparison.Ordinal) ? "vectorised"
                : loaded.Source.Contains("private void ForwardPart1(", StringComparison.Ordinal) ? "in parts"
                : "unrolled";
            Assert.Equal(shape, actualShape);

            var baked = (INetwork)loaded.Create("App.Net");
            var reference = (INetwork)loaded.Create("App.Net");
            using (FileStream file = File.OpenRead(FixturePath(fixture + ".safetensors")))
            {
                reference.LoadSafetensors(file);
            }

            double[] expected = Parameters(reference);
            Assert.Contains(expected, value => value != 0.0);
            ArticleValueTests.AssertBitEqual(expected, Parameters(baked));
        }

        /// <summary>
        /// A Precision.Single network bakes the file's values rounded to float, in both code shapes: its parameters (widened
        /// by the double view, exactly) are the safetensors values rounded to float, bit for bit.
        /// </summary>
        [Theory]
        [InlineData("tanh_identity", "3, 4, 2, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Unrolled", "unrolled")]
        [InlineData("tanh_identity", "3, 4, 2, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron, CodeShape = CodeShape.Vectorized", "vectorised")]
        [InlineData("wide_tanh", "16, 16, 16, Activation.Tanh, OutputActivation = Activation.Identity, Bias = BiasMode.PerNeuron", "vectorised")]
        public void A_single_precision_network_starts_from_the_files_values_rounded_to_float(string fixture, string arguments, string shape)
        {
            string source = $"using BackpropGen;\nnamespace App {{ [Network({arguments}, Precision = Precision.Single, Weights = \"{fixture}.weights.json\")] public partial class Net {{ }} }}\n";
            using var loaded = Compile(source, new InMemoryAdditionalText(FixturePath(fixture + ".weights.json"), File.ReadAllText(FixturePath(fixture + ".weights.json"))));
            Assert.Equal(shape == "vectorised", loaded.Source.Contains("private void ForwardKernel(ref float a)", StringComparison.Ordinal));

            var reference = (INetwork)loaded.Create("App.Net");
            using (FileStream file = File.OpenRead(FixturePath(fixture + ".safetensors")))
            {
                reference.LoadSafetensors(file);
            }

            double[] expected = Parameters(reference).Select(value => (double)(float)value).ToArray();
            Assert.Contains(expected, value => value != 0.0);
            ArticleValueTests.AssertBitEqual(expected, Parameters((INetwork)loaded.Create("App.Net")));
        }

        /// <summary>The literals round-trip: values whose shortest form is long, tiny, huge, subnormal, or negative zero.</summary>
        [Fact]
        public void Awkward_values_are_baked_exactly()
        {
            double[] values = { 0.1 + 0.2, -0.0, double.Epsilon, -double.MaxValue, 1e-300, 123456789012345680.0, 2.0 / 3.0, 5e-324 * 3 };
            string json = "{ \"0.weight\": [[" + string.Join(", ", values.Take(4).Select(Json)) + "], [" + string.Join(", ", values.Skip(4).Select(Json)) + "]] }";
            using var loaded = Compile(
                "using BackpropGen;\n[Network(4, 2, Activation.Identity, Bias = BiasMode.None, Weights = \"odd.weights.json\")]\npublic partial class Odd { }\n",
                new InMemoryAdditionalText("odd.weights.json", json));
            ArticleValueTests.AssertBitEqual(values, Parameters((INetwork)loaded.Create("Odd")));
            Assert.Contains("_w2 = -0.0", loaded.Source, StringComparison.Ordinal);
        }

        [Fact]
        public void An_unbaked_network_still_starts_from_zero()
        {
            using var loaded = Compile("using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic)]\npublic partial class Plain { }\n");
            Assert.All(Parameters((INetwork)loaded.Create("Plain")), value => Assert.Equal(0.0, value));
        }

        /// <summary>
        /// Files that do not fit, one per rule: an error with the file's name at the Weights argument, no code for the
        /// network, and no exception from the generator (which would be CS8785 and the run's Exception).
        /// </summary>
        [Theory]
        [MemberData(nameof(BadFiles))]
        public void A_file_that_does_not_fit_is_a_compile_time_error_at_the_Weights_argument(string name, string arguments, string? text, string id, string message)
        {
            string weights = name == "two" ? "x.weights.json" : name == "safetensors" ? "net.safetensors" : name == "no name" ? "./" : "net.weights.json";
            string source = $"using BackpropGen;\n[Network({arguments}, Weights = \"{weights}\")]\npublic partial class Net {{ }}\n";
            var texts = new List<AdditionalText>();
            if (name == "two")
            {
                texts.Add(new InMemoryAdditionalText("/a/x.weights.json", MazurJson));
                texts.Add(new InMemoryAdditionalText("/b/x.weights.json", MazurJson));
            }
            else if (name != "missing" && name != "no name")
            {
                texts.Add(new InMemoryAdditionalText("/src/" + weights, text));
            }

            texts.Add(new InMemoryAdditionalText("/src/other.weights.json", "not read: no network names it"));
            (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source), texts);
            Assert.Null(result.Results.Single().Exception);
            Diagnostic diagnostic = Assert.Single(result.Diagnostics);
            string text2 = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Contains("'" + weights + "'", text2, StringComparison.Ordinal);
            Assert.Contains(message, text2, StringComparison.Ordinal);
            Assert.Equal("Network.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal($"Weights = \"{weights}\"", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
            Assert.Empty(result.Results.Single().NetworkSources());
        }

        public static IEnumerable<object?[]> BadFiles()
        {
            const string Article = "2, 2, 2, Activation.Logistic";
            static string Mazur(string from, string to) => MazurJson.Replace(from, to, StringComparison.Ordinal);
            yield return new object?[] { "missing", Article, null, "BPG0025", "is not among the project's AdditionalFiles" };
            yield return new object?[] { "two", Article, null, "BPG0025", "names 2 AdditionalFiles (/a/x.weights.json, /b/x.weights.json)" };
            yield return new object?[] { "no name", Article, null, "BPG0025", "names no file; give the weights file's name" };
            yield return new object?[] { "unreadable", Article, null, "BPG0026", "could not read it as text" };
            yield return new object?[] { "safetensors", Article, "binary", "BPG0026", "binary safetensors file" };
            yield return new object?[] { "empty", Article, "", "BPG0026", "line 1, column 1: expected a JSON object of tensors, found the end of the file" };
            yield return new object?[] { "malformed", Article, Mazur("[0.25, 0.3]", "[0.25 0.3]"), "BPG0026", "line 3, column 35: expected ',' or ']' in the tensor \"0.weight\", found '0'" };
            yield return new object?[] { "unclosed", Article, Mazur("\"2.bias\": [0.6, 0.6]\n}", "\"2.bias\": [0.6, 0.6]"), "BPG0026", "expected ',' or '}' after a tensor, found the end of the file" };
            yield return new object?[] { "ragged", Article, Mazur("[0.25, 0.3]", "[0.25]"), "BPG0026", "tensor \"0.weight\": expected rows of equal length (2 values, as the first), found 1" };
            yield return new object?[] { "not a number", Article, Mazur("0.45", "\"0.45\""), "BPG0026", "tensor \"2.weight\": expected a number, found '\"'" };
            yield return new object?[] { "too large", Article, Mazur("0.45", "1e400"), "BPG0026", "1e400 is beyond the range of a double" };
            yield return new object?[] { "duplicate key", Article, Mazur("\"2.bias\"", "\"0.bias\""), "BPG0026", "the key \"0.bias\" appears twice" };
            yield return new object?[] { "nested deep", Article, "{ \"0.weight\": " + new string('[', 100000) + " }", "BPG0026", "arrays nested deeper than 32" };
            yield return new object?[] { "wrong shape", "2, 3, 2, Activation.Logistic", MazurJson, "BPG0027", "tensor '0.weight' (layer 1): expected shape [3, 2] ([out, in]), found [2, 2]" };
            yield return new object?[] { "transposed", "2, 2, 2, Activation.Logistic", Mazur("[[0.4, 0.45], [0.5, 0.55]]", "[[0.4, 0.45, 0.5, 0.55]]"), "BPG0027", "tensor '2.weight' (layer 2): expected shape [2, 2] ([out, in]), found [1, 4]" };
            yield return new object?[] { "layer count", "2, 2, 2, 2, Activation.Logistic", MazurJson, "BPG0027", "expected 3 fully-connected layers ('N.weight' [out, in] with 'N.bias' [out]), found 2 ('0.weight' [2, 2], '2.weight' [2, 2])" };
            yield return new object?[] { "missing bias", Article, Mazur(",\n  \"2.bias\": [0.6, 0.6]", string.Empty), "BPG0027", "layer 2: expected the key '2.bias' of shape [2] (BiasMode.SharedPerLayer), found none" };
            yield return new object?[] { "missing weight", Article, Mazur("\"2.weight\"", "\"4.weight\""), "BPG0027", "expected 2 fully-connected layers" };
            yield return new object?[] { "bias without biases", "2, 2, 2, Activation.Logistic, Bias = BiasMode.None", MazurJson, "BPG0027", "tensor '0.bias' (layer 1): expected no bias (BiasMode.None), found one of shape [2]" };
            yield return new object?[] { "bias shape", "2, 2, 2, Activation.Logistic, Bias = BiasMode.PerNeuron", Mazur("[0.6, 0.6]", "[0.6]"), "BPG0027", "tensor '2.bias' (layer 2): expected shape [2], found [1]" };
            yield return new object?[] { "other tensor", Article, Mazur("\"__metadata__\"", "\"0.running_mean\": [1, 2], \"__metadata__\""), "BPG0027", "tensor '0.running_mean': expected only the weights and biases of Linear layers" };
            yield return new object?[] { "shared bias unequal", Article, Mazur("[0.6, 0.6]", "[0.6, 0.61]"), "BPG0028", "tensor '2.bias' (0.6 for neuron 1, 0.61 for neuron 2)" };
            yield return new object?[] { "beyond float", "2, 2, 2, Activation.Logistic, Precision = Precision.Single", Mazur("0.45", "1e39"), "BPG0031", "holds 1E+39, which overflows as a float" };
            yield return new object?[] { "activations", Article, Mazur("\"format\": \"pt\"", "\"backpropgen.activations\": \"Tanh,Logistic\""), "BPG0029", "activations Tanh,Logistic (its __metadata__ 'backpropgen.activations'), but 'Net' has Logistic,Logistic" };
        }

        /// <summary>A file name with a quote, a line break, XML and comment delimiters lands in comments only as harmless text.</summary>
        [Theory]
        [InlineData("Unrolled")]
        [InlineData("Vectorized")]
        public void A_hostile_file_name_leaves_the_generated_code_clean(string shape)
        {
            const string name = "we\\\"ird */ <b>&\\n.json";
            using var loaded = Compile(
                $"using BackpropGen;\n/// <summary>N</summary>\n[Network(2, 2, 2, Activation.Logistic, CodeShape = CodeShape.{shape}, Weights = \"{name}\")]\npublic partial class Odd {{ }}\n",
                new InMemoryAdditionalText("/src/we\"ird */ <b>&\n.json", MazurJson));
            ArticleValueTests.AssertBitEqual(ArticleParameters, Parameters((INetwork)loaded.Create("Odd")));
        }

        [Fact]
        public void Weights_null_is_no_file()
        {
            using var loaded = Compile("using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, Weights = null)]\npublic partial class Plain { }\n");
            Assert.All(Parameters((INetwork)loaded.Create("Plain")), value => Assert.Equal(0.0, value));
        }

        [Fact]
        public void A_prefixed_state_dict_and_a_path_name_are_accepted()
        {
            string prefixed = MazurJson.Replace("\"0.", "\"model.0.", StringComparison.Ordinal).Replace("\"2.", "\"model.2.", StringComparison.Ordinal);
            using var loaded = Compile(
                "using BackpropGen;\n[Network(2, 2, 2, Activation.Logistic, Weights = \"weights/mazur.json\")]\npublic partial class Baked { }\n",
                new InMemoryAdditionalText(@"C:\src\app\weights\mazur.json", prefixed),
                new InMemoryAdditionalText("/src/other/mazur.json", "{}"));
            ArticleValueTests.AssertBitEqual(ArticleParameters, Parameters((INetwork)loaded.Create("Baked")));
        }

        /// <summary>
        /// The network this test project declares with <c>Weights = "mazur.weights.json"</c>, baked in by the real build
        /// (the project's AdditionalFiles, read by the compiler from disk).
        /// </summary>
        [Fact]
        public void The_real_build_bakes_the_article_network_in()
        {
            var net = new BakedMazurNetwork();
            ArticleValueTests.AssertBitEqual(ArticleParameters, Parameters(net));
            ArticleValueTests.AssertPrinted("0.298371109", net.Train(0.05, 0.10, 0.01, 0.99), "E_total of the first step");
            ArticleValueTests.AssertPrinted("0.35891648", net.w5, "w5 after the step");
        }

        [Fact]
        public void An_edit_to_the_weights_file_regenerates_only_its_network_and_other_edits_read_no_file()
        {
            const string Baked = "using BackpropGen;\nnamespace App { [Network(2, 2, 2, Activation.Logistic, Weights = \"mazur.weights.json\")] public partial class Baked { } }\n";
            const string Plain = "using BackpropGen;\nnamespace App { [Network(2, 2, 2, Activation.Logistic)] public partial class Plain { } }\n";
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Baked)
                .RemoveAllSyntaxTrees()
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText(Baked, path: "Baked.cs"), CSharpSyntaxTree.ParseText(Plain, path: "Plain.cs"));
            var file = new InMemoryAdditionalText("/src/mazur.weights.json", MazurJson);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator() },
                additionalTexts: new[] { file },
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            Assert.Equal(2, driver.GetRunResult().Results.Single().NetworkSources().Length);

            // An edit to the plain network: the file is not read again, the baked network not emitted again.
            SyntaxTree plainTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Plain.cs");
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(plainTree, CSharpSyntaxTree.ParseText(Plain.Replace("Logistic)", "Logistic, LearningRate = 0.2)", StringComparison.Ordinal), path: "Plain.cs"));
            driver = driver.RunGenerators(edited);
            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            Assert.All(run.TrackedSteps[TrackingNames.WeightsFiles].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.Contains(OutputReasons(run), r => r.Name == "Baked" && r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            Assert.Contains(OutputReasons(run), r => r.Name == "Plain" && r.Reason == IncrementalStepRunReason.Modified);

            // An edit to the file: the baked network is emitted again with the new value, the plain one is not.
            var changed = new InMemoryAdditionalText("/src/mazur.weights.json", MazurJson.Replace("0.15", "0.125", StringComparison.Ordinal));
            driver = driver.ReplaceAdditionalText(file, changed).RunGenerators(edited);
            run = driver.GetRunResult().Results.Single();
            Assert.Contains(OutputReasons(run), r => r.Name == "Baked" && r.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains(OutputReasons(run), r => r.Name == "Plain" && r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            Assert.Contains("_w1 = 0.125", run.NetworkSources().Single(s => s.HintName == "App.Baked.g.cs").SourceText.ToString(), StringComparison.Ordinal);

            // The weights steps carry plain data only (no AdditionalText, SourceText or Roslyn symbol pinned by the cache).
            Assert.All(run.TrackedSteps[TrackingNames.WeightsNames].SelectMany(s => s.Outputs), o => Assert.IsType<BackpropGen.Generator.Helpers.EquatableArray<string>>(o.Value));
            Assert.All(run.TrackedSteps[TrackingNames.WeightsFiles].SelectMany(s => s.Outputs), o => Assert.IsType<BackpropGen.Generator.Model.WeightsFile>(o.Value));
            Assert.All(run.TrackedSteps[TrackingNames.Weights].SelectMany(s => s.Outputs), o => Assert.IsType<BackpropGen.Generator.Model.BakeResult>(o.Value));
        }

        /// <summary>
        /// SaveWeightsJson writes what the generator bakes back bit for bit, and what an independent JSON reader
        /// (System.Text.Json) reads as the parameters in order: networks with a shared bias, per-neuron biases (in parts),
        /// and no biases, after random initialisation and a training step (values with long shortest forms).
        /// </summary>
        [Theory]
        [InlineData(typeof(BakedMazurNetwork), "2, 2, 2, Activation.Logistic")]
        [InlineData(typeof(Zoo_Parts_16_16_16_16_4_Tanh_Softmax), "16, 16, 16, 16, 4, Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy, Bias = BiasMode.PerNeuron, TrainBiases = true, LearningRate = 0.05, CodeShape = CodeShape.Unrolled")]
        [InlineData(typeof(Zoo_3_4_2_Identity_LeakyReLU), "3, 4, 2, Activation.Identity, OutputActivation = Activation.LeakyReLU, Bias = BiasMode.None")]
        public void SaveWeightsJson_writes_what_the_generator_bakes_back_exactly(Type networkType, string arguments)
        {
            var network = (INetwork)Activator.CreateInstance(networkType)!;
            networkType.GetMethod("InitializeParameters", new[] { typeof(int) })!.Invoke(network, new object[] { 11 });
            var random = new Random(3);
            double[] sample = Enumerable.Range(0, network.Description.InputCount + network.Description.OutputCount).Select(_ => random.NextDouble()).ToArray();
            sample[network.Description.InputCount] = 1.0;
            for (int i = network.Description.InputCount + 1; i < sample.Length; i++)
            {
                sample[i] = 0.0; // a one-hot target, which a softmax output needs
            }

            network.Train(sample.AsSpan(0, network.Description.InputCount), sample.AsSpan(network.Description.InputCount));
            double[] expected = Parameters(network);

            using var stream = new MemoryStream();
            network.SaveWeightsJson(stream);
            string json = System.Text.Encoding.UTF8.GetString(stream.ToArray());

            using (var document = System.Text.Json.JsonDocument.Parse(json))
            {
                var read = new List<double>();
                var biases = new List<double>();
                foreach (System.Text.Json.JsonProperty tensor in document.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
                {
                    if (tensor.Name.EndsWith(".weight", StringComparison.Ordinal))
                    {
                        read.AddRange(tensor.Value.EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => v.GetDouble()));
                    }
                    else
                    {
                        double[] values = tensor.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                        biases.AddRange(network.Description.Bias == BiasMode.SharedPerLayer ? values.Take(1) : values);
                    }
                }

                ArticleValueTests.AssertBitEqual(expected, read.Concat(biases).ToArray());
            }

            using var loaded = Compile(
                $"using BackpropGen;\nnamespace App {{ [Network({arguments}, Weights = \"saved.weights.json\")] public partial class Net {{ }} }}\n",
                new InMemoryAdditionalText("/src/saved.weights.json", json));
            ArticleValueTests.AssertBitEqual(expected, Parameters((INetwork)loaded.Create("App.Net")));
        }

        [Fact]
        public void SaveWeightsJson_refuses_a_NaN_and_writes_nothing()
        {
            var network = new BakedMazurNetwork { w3 = double.NaN };
            using var stream = new MemoryStream();
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => network.SaveWeightsJson(stream));
            Assert.Contains("Parameter 2 (in the order of CopyParametersTo) is NaN", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, stream.Length);
        }

        [Fact]
        public void BakedArticleNetwork()
        {
            const string source = """
                using BackpropGen;
                namespace MyApp
                {
                    [Network(2, 2, 2, Activation.Logistic, Weights = "mazur.weights.json")]
                    public partial class MazurNetwork { }
                }
                """;
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(
                GeneratorHarness.CreateCompilation(source), new[] { new InMemoryAdditionalText("/src/mazur.weights.json", MazurJson) });
            Assert.Empty(result.Diagnostics);
            Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
            GeneratedSourceResult generated = Assert.Single(result.Results.Single().NetworkSources());
            Snapshot.Verify(generated.SourceText.ToString(), generated.HintName.Substring(0, generated.HintName.Length - ".cs".Length));
        }

        private static IEnumerable<(string Name, IncrementalStepRunReason Reason)> OutputReasons(GeneratorRunResult run) =>
            run.TrackedSteps[TrackingNames.Output]
                .SelectMany(step => step.Outputs)
                .Select(o => (((ValueTuple<ValueTuple<BackpropGen.Generator.Model.NetworkModel, BackpropGen.Generator.Model.CompilationFacts>, BackpropGen.Generator.Helpers.EquatableArray<string>>)o.Value).Item1.Item1.Type.Name, o.Reason));

        private static string Json(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static double[] Parameters(INetwork network)
        {
            double[] values = new double[network.Description.ParameterCount];
            network.CopyParametersTo(values);
            return values;
        }


        /// <summary>Runs the generator, checks there is no diagnostic, compiles and loads the result.</summary>
        private static LoadedAssembly Compile(string source, params AdditionalText[] texts)
        {
            (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source), texts);
            Assert.Empty(result.Diagnostics);
            Assert.Empty(GeneratorHarness.CompileDiagnostics(output));
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
            Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics));
            stream.Position = 0;
            var context = new AssemblyLoadContext("Baked", isCollectible: true);
            return new LoadedAssembly(context, context.LoadFromStream(stream), result.Results.Single().NetworkSources().Single().SourceText.ToString());
        }

        private sealed class LoadedAssembly : IDisposable
        {
            private readonly AssemblyLoadContext _context;
            private readonly Assembly _assembly;

            public LoadedAssembly(AssemblyLoadContext context, Assembly assembly, string source)
            {
                _context = context;
                _assembly = assembly;
                Source = source;
            }

            public string Source { get; }

            public Type Type(string name) => _assembly.GetType(name) ?? throw new InvalidOperationException(name + " not found");

            public object Create(string name) => Activator.CreateInstance(Type(name))!;

            public void Dispose() => _context.Unload();
        }
    }

    /// <summary>The article's network, its initial weights baked in from Fixtures/interop/mazur.weights.json by the build.</summary>
    [Network(2, 2, 2, Activation.Logistic, Weights = "mazur.weights.json")]
    public partial class BakedMazurNetwork
    {
    }
}
