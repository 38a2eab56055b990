using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Diagnostics;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Interop;

namespace BackpropGen.Generator.Weights
{
    /// <summary>
    /// Bakes a network's <c>Weights</c> file into its model: finds the file among the AdditionalFiles read, checks it against
    /// the declared network exactly as <c>LoadSafetensors</c> checks a file at run time (tensors <c>"N.weight"</c>
    /// <c>[out, in]</c> and <c>"N.bias"</c> <c>[out]</c> under any key prefix, in module order; a shared bias only where a
    /// layer's values are all equal; activations where the file's metadata names them), and lays the values out in
    /// parameter order. Every mismatch is a diagnostic (BPG0025..BPG0029) at the <c>Weights</c> argument.
    /// </summary>
    internal static class WeightsBaker
    {
        public static BakeResult Bake(ParseResult parsed, EquatableArray<WeightsFile> files)
        {
            NetworkModel model = parsed.Model!;
            if (parsed.Weights is not WeightsRequest request)
            {
                return new BakeResult(model, null);
            }

            string typeName = model.Type.FullName;
            List<WeightsFile> matches = files.Where(file => WeightsFileReader.Matches(file.Path, request.File)).ToList();
            if (request.File.Trim().TrimStart('.', '/', '\\').Length == 0)
            {
                return Fail(request.Site.At(
                    DiagnosticDescriptors.WeightsFileNotFound,
                    request.File,
                    typeName,
                    "names no file; give the weights file's name, e.g. Weights = \"mazur.weights.json\", and add it to the project's AdditionalFiles"));
            }

            if (matches.Count == 0)
            {
                return Fail(request.Site.At(
                    DiagnosticDescriptors.WeightsFileNotFound,
                    request.File,
                    typeName,
                    $"is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"{request.File}\" /> to the project (a name matches the file's path, or its end after a directory separator)"));
            }

            if (matches.Count > 1)
            {
                return Fail(request.Site.At(
                    DiagnosticDescriptors.WeightsFileNotFound,
                    request.File,
                    typeName,
                    $"names {matches.Count} AdditionalFiles ({string.Join(", ", matches.Select(m => m.Path))}); name one by more of its path"));
            }

            WeightsFile file = matches[0];
            if (file.Error is string error)
            {
                return Fail(request.Site.At(DiagnosticDescriptors.WeightsFileUnreadable, request.File, error));
            }

            try
            {
                BakedWeights weights = Parameters(model, file, request);
                if (model.Precision == PrecisionKind.Single && weights.Parameters.Where(value => float.IsInfinity((float)value)).Select(value => (double?)value).FirstOrDefault() is double huge)
                {
                    return Fail(request.Site.At(
                        DiagnosticDescriptors.OutsideSingleRange,
                        typeName,
                        $"the weights file '{request.File}' holds {huge.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, which overflows as a float"));
                }

                return new BakeResult(model with { Weights = weights }, null);
            }
            catch (Mismatch mismatch)
            {
                return Fail(mismatch.Diagnostic);
            }
        }

        private static BakeResult Fail(DiagnosticInfo diagnostic) => new(null, diagnostic);

        private static BakedWeights Parameters(NetworkModel model, WeightsFile file, WeightsRequest request)
        {
            string shape = string.Join("-", model.Layers);
            Mismatch NotFitting(string what) =>
                new(request.Site.At(DiagnosticDescriptors.WeightsShapeMismatch, request.File, shape, model.Type.FullName, what));

            CheckActivations(model, file, request);

            // The tensors by module (the key without ".weight"/".bias"), in module order: "0", "2", ..., or "model.0", ...
            var modules = new SortedDictionary<string, (WeightTensor? Weight, WeightTensor? Bias)>(ModuleOrder.Instance);
            foreach (WeightTensor tensor in file.Tensors)
            {
                int dot = tensor.Key.LastIndexOf('.');
                string suffix = dot < 0 ? tensor.Key : tensor.Key.Substring(dot + 1);
                string module = dot < 0 ? string.Empty : tensor.Key.Substring(0, dot);
                modules.TryGetValue(module, out (WeightTensor? Weight, WeightTensor? Bias) entry);
                if (suffix == "weight")
                {
                    entry.Weight = tensor;
                }
                else if (suffix == "bias")
                {
                    entry.Bias = tensor;
                }
                else
                {
                    throw NotFitting($"tensor '{tensor.Key}': expected only the weights and biases of Linear layers ('N.weight' [out, in], 'N.bias' [out]), found another key");
                }

                modules[module] = entry;
            }

            int expectedLayers = model.Layers.Count - 1;
            if (modules.Count != expectedLayers)
            {
                string found = modules.Count == 0
                    ? "none"
                    : modules.Count + " (" + string.Join(", ", modules.Select(m => m.Value.Weight is { } w ? $"'{w.Key}' {w.ShapeText}" : $"'{m.Key}.weight' missing")) + ")";
                throw NotFitting($"expected {expectedLayers} fully-connected layer{(expectedLayers == 1 ? string.Empty : "s")} ('N.weight' [out, in] with 'N.bias' [out]), found {found}");
            }

            var weights = new List<double>();
            var biases = new List<double>();
            var weightSources = new List<string>();
            var biasSources = new List<string>();
            int l = 1;
            foreach (KeyValuePair<string, (WeightTensor? Weight, WeightTensor? Bias)> module in modules)
            {
                int outputs = model.Layers[l], inputs = model.Layers[l - 1];
                string prefix = module.Key.Length == 0 ? string.Empty : module.Key + ".";
                WeightTensor weight = module.Value.Weight
                    ?? throw NotFitting($"layer {l}: expected the key '{prefix}weight' beside '{module.Value.Bias!.Key}', found none");
                if (weight.Shape.Count != 2 || weight.Shape[0] != outputs || weight.Shape[1] != inputs)
                {
                    throw NotFitting($"tensor '{weight.Key}' (layer {l}): expected shape [{outputs}, {inputs}] ([out, in]), found {weight.ShapeText}");
                }

                weights.AddRange(weight.Values);
                weightSources.Add($"'{weight.Key}' {weight.ShapeText}");
                string biasSource = string.Empty;
                WeightTensor? bias = module.Value.Bias;
                if (model.Bias == BiasKind.None)
                {
                    if (bias is not null)
                    {
                        throw NotFitting($"tensor '{bias.Key}' (layer {l}): expected no bias (BiasMode.None), found one of shape {bias.ShapeText}");
                    }
                }
                else
                {
                    if (bias is null)
                    {
                        throw NotFitting($"layer {l}: expected the key '{prefix}bias' of shape [{outputs}] (BiasMode.{model.Bias}), found none");
                    }

                    if (bias.Shape.Count != 1 || bias.Shape[0] != outputs)
                    {
                        throw NotFitting($"tensor '{bias.Key}' (layer {l}): expected shape [{outputs}], found {bias.ShapeText}");
                    }

                    biasSource = $"'{bias.Key}' {bias.ShapeText}";
                    if (model.Bias == BiasKind.SharedPerLayer)
                    {
                        CheckShared(bias, model, request);
                        biases.Add(bias.Values[0]);
                    }
                    else
                    {
                        biases.AddRange(bias.Values);
                    }
                }

                biasSources.Add(biasSource);
                l++;
            }

            return new BakedWeights(request.File, weights.Concat(biases).ToEquatableArray(), weightSources.ToEquatableArray(), biasSources.ToEquatableArray());
        }

        /// <summary>BPG0028 unless every value of a shared-bias layer's tensor has the same bits as the first.</summary>
        private static void CheckShared(WeightTensor bias, NetworkModel model, WeightsRequest request)
        {
            for (int j = 1; j < bias.Values.Count; j++)
            {
                if (BitConverter.DoubleToInt64Bits(bias.Values[j]) != BitConverter.DoubleToInt64Bits(bias.Values[0]))
                {
                    throw new Mismatch(request.Site.At(
                        DiagnosticDescriptors.WeightsSharedBiasDiffers,
                        request.File,
                        bias.Key,
                        $"{Number(bias.Values[0])} for neuron 1, {Number(bias.Values[j])} for neuron {j + 1}",
                        model.Type.FullName));
                }
            }
        }

        /// <summary>BPG0029 where the file's metadata names the activations (files saved by BackpropGen do) and they differ.</summary>
        private static void CheckActivations(NetworkModel model, WeightsFile file, WeightsRequest request)
        {
            const string Key = "backpropgen.activations";
            MetadataEntry? entry = file.Metadata.FirstOrDefault(m => m.Key == Key);
            if (entry is null)
            {
                return;
            }

            string expected = string.Join(",", Enumerable.Range(1, model.Layers.Count - 1)
                .Select(l => (l == model.Layers.Count - 1 ? model.OutputActivation : model.HiddenActivation).ToString()));
            if (entry.Value != expected)
            {
                throw new Mismatch(request.Site.At(DiagnosticDescriptors.WeightsActivationMismatch, request.File, entry.Value, model.Type.FullName, expected));
            }
        }

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A file that does not fit: the diagnostic to report. Caught in <see cref="Bake"/>; never leaves the generator.</summary>
        private sealed class Mismatch : Exception
        {
            public Mismatch(DiagnosticInfo diagnostic) => Diagnostic = diagnostic;

            public DiagnosticInfo Diagnostic { get; }
        }
    }
}
