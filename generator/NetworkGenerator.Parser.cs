using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Diagnostics;
using BackpropGen.Generator.Emitter;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator
{
    public sealed partial class NetworkGenerator
    {
        /// <summary>Reads a <c>[Network]</c> declaration into a <see cref="NetworkModel"/>, reporting every mistake in it.</summary>
        internal static class Parser
        {
            public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                var diagnostics = new List<DiagnosticInfo>();
                var type = (INamedTypeSymbol)context.TargetSymbol;
                var declaration = (TypeDeclarationSyntax)context.TargetNode;
                if (declaration.Identifier.IsMissing || declaration.Identifier.ValueText.Length == 0 || context.Attributes.IsEmpty)
                {
                    // A class without a name (`partial class { }`) already has the compiler's CS1001; code for it would only add errors.
                    return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
                }

                Location nameLocation = declaration.Identifier.GetLocation();
                string typeName = type.ToDisplayString();

                if (context.SemanticModel.Compilation is CSharpCompilation { LanguageVersion: < LanguageVersion.CSharp7_3 } old)
                {
                    Location at = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? nameLocation;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooOld, at, typeName, old.LanguageVersion.ToDisplayString()));
                    return new ParseResult(null, diagnostics.ToEquatableArray());
                }

                if (CheckDuplicateAttributes(type, declaration, cancellationToken, diagnostics))
                {
                    return new ParseResult(null, diagnostics.ToEquatableArray());
                }

                CheckDeclaration(type, declaration, nameLocation, typeName, cancellationToken, diagnostics);
                cancellationToken.ThrowIfCancellationRequested();

                CheckShadowedNames(context.SemanticModel, declaration, typeName, cancellationToken, diagnostics);

                AttributeData attribute = context.Attributes[0];
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                Location attributeLocation = attributeSyntax?.GetLocation() ?? nameLocation;
                bool hasMathF = context.SemanticModel.Compilation.GetTypeByMetadataName("System.MathF") is not null;
                NetworkModel? model = ReadAttribute(
                    attribute, attributeSyntax, attributeLocation, type, declaration, typeName, hasMathF, diagnostics, out Location? vectorizedAt, out WeightsRequest? weightsRequest);
                if (model is not null)
                {
                    CheckCollisions(type, model, nameLocation, cancellationToken, diagnostics);
                }

                // Whether an explicit CodeShape.Vectorized can be honoured depends on the compilation (BPG0022); keep where
                // it was asked for, so that the fallback is reported at the argument rather than nowhere.
                DiagnosticInfo? vectorizedRequest = vectorizedAt is null
                    ? null
                    : DiagnosticInfo.Create(DiagnosticDescriptors.VectorizedUnavailable, vectorizedAt, typeName);
                return diagnostics.Count == 0
                    ? new ParseResult(model, model is null ? EquatableArray<DiagnosticInfo>.Empty : Advice(model, attributeSyntax, attributeLocation, typeName), vectorizedRequest, weightsRequest)
                    : new ParseResult(null, diagnostics.ToEquatableArray());
            }

            /// <summary>
            /// What a valid declaration is told while its code is generated (Info): BPG0034 where it trains the output layer's
            /// shared bias under Softmax, which cannot change an output (the softmax is unchanged by a common shift of its net
            /// inputs), at the TrainBiases argument.
            /// </summary>
            private static EquatableArray<DiagnosticInfo> Advice(NetworkModel model, AttributeSyntax? syntax, Location attributeLocation, string typeName)
            {
                if (model.OutputActivation != ActivationKind.Softmax || model.Bias != BiasKind.SharedPerLayer || !model.TrainBiases)
                {
                    return EquatableArray<DiagnosticInfo>.Empty;
                }

                Location at = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "TrainBiases")?.GetLocation()
                    ?? attributeLocation;
                string bias = Naming.SharedBias(model.Layers.Count - 1);
                return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InertOutputBias, at, typeName, bias) }.ToEquatableArray();
            }

            /// <summary>
            /// A class with more than one <c>[Network]</c> (on two partial declarations, or a user-defined attribute that allows
            /// several) gets BPG0017 at every attribute after the first, from the declaration that holds it, and no code.
            /// </summary>
            private static bool CheckDuplicateAttributes(
                INamedTypeSymbol type, TypeDeclarationSyntax declaration, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
            {
                var all = new List<(AttributeData Attribute, Location Location)>();
                foreach (AttributeData attribute in type.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == NetworkAttributeName)
                    {
                        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
                        all.Add((attribute, location));
                    }
                }

                if (all.Count < 2)
                {
                    return false;
                }

                // The first in source order (file path, then position) is the one that counts; each declaration reports its own extras.
                all.Sort((a, b) =>
                {
                    int byPath = string.CompareOrdinal(a.Location.SourceTree?.FilePath, b.Location.SourceTree?.FilePath);
                    return byPath != 0 ? byPath : a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start);
                });
                for (int i = 1; i < all.Count; i++)
                {
                    Location location = all[i].Location;
                    if (location.SourceTree == declaration.SyntaxTree && declaration.Span.Contains(location.SourceSpan))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetworkAttribute, location, type.ToDisplayString()));
                    }
                }

                return true;
            }

            /// <summary>
            /// BPG0021: a type or namespace that takes a name the generated code relies on. A type named System in the
            /// global namespace takes <c>global::System</c> (CS0437), through which the generated code names every framework
            /// type; a type or namespace named <c>var</c> in scope turns the vector methods' <c>var</c> locals into that type.
            /// (Argument names are string literals, not <c>nameof</c>, which a namespace of that name would take.)
            /// </summary>
            private static void CheckShadowedNames(
                SemanticModel semanticModel, TypeDeclarationSyntax declaration, string typeName, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
            {
                Location location = declaration.Identifier.GetLocation();
                foreach (INamedTypeSymbol system in semanticModel.Compilation.Assembly.GlobalNamespace.GetTypeMembers("System"))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ShadowedName, location, typeName, system.ToDisplayString(), "global::System"));
                }

                cancellationToken.ThrowIfCancellationRequested();
                int inside = declaration.OpenBraceToken.IsMissing ? declaration.SpanStart : declaration.OpenBraceToken.Span.End;
                foreach (ISymbol symbol in semanticModel.LookupNamespacesAndTypes(inside, name: "var"))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ShadowedName, location, typeName, symbol.ToDisplayString(), "var"));
                }
            }

            private static void CheckDeclaration(
                INamedTypeSymbol type,
                TypeDeclarationSyntax declaration,
                Location location,
                string typeName,
                CancellationToken cancellationToken,
                List<DiagnosticInfo> diagnostics)
            {
                // A file-local class (or one inside a file-local type) cannot be extended from the generated file: the
                // members would land on another, non-file type of the same name.
                for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                {
                    foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part && part.Modifiers.Any(SyntaxKind.FileKeyword))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalClass, part.Identifier.GetLocation(), typeName, t.Name));
                            return;
                        }
                    }
                }

                if (declaration is RecordDeclarationSyntax || declaration is StructDeclarationSyntax || declaration is InterfaceDeclarationSyntax)
                {
                    string kind = declaration switch
                    {
                        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "a record struct",
                        RecordDeclarationSyntax => "a record",
                        StructDeclarationSyntax => "a struct",
                        _ => "an interface",
                    };
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAPlainClass, location, typeName, kind));
                    return;
                }

                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, location, typeName));
                }

                if (type.IsStatic || type.IsAbstract)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticOrAbstractClass, location, typeName, type.IsStatic ? "static" : "abstract"));
                }

                if (type.TypeParameters.Length > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, location, typeName));
                }

                for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax containing; parent = parent.Parent)
                {
                    if (!containing.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.ContainingTypeNotPartial, containing.Identifier.GetLocation(), containing.Identifier.Text, typeName));
                    }
                }
            }

            private static NetworkModel? ReadAttribute(
                AttributeData attribute,
                AttributeSyntax? syntax,
                Location attributeLocation,
                INamedTypeSymbol type,
                TypeDeclarationSyntax declaration,
                string typeName,
                bool hasMathF,
                List<DiagnosticInfo> diagnostics,
                out Location? vectorizedAt,
                out WeightsRequest? weightsRequest)
            {
                vectorizedAt = null;
                weightsRequest = null;

                // Every argument is type-checked before it is read: a user-defined BackpropGen.NetworkAttribute of another
                // shape (a params array, a string LearningRate, a double MaxWeights) is BPG0012, never an exception.
                ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
                bool unreadable = attribute.AttributeConstructor is null
                    || arguments.Length < 3
                    || arguments.Any(a => a.Kind is TypedConstantKind.Error or TypedConstantKind.Array || a.Value is null)
                    || attribute.NamedArguments.Any(a => a.Value.Kind is TypedConstantKind.Error or TypedConstantKind.Array || (a.Value.Value is null && a.Key != "Weights"));
                if (unreadable)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArguments, attributeLocation, typeName));
                    return null;
                }

                // The syntax of constructor parameter `index`: by name when it is written `name: value` (in any order),
                // otherwise by position.
                Location ArgumentLocation(int index)
                {
                    if (syntax?.ArgumentList is not { } list)
                    {
                        return attributeLocation;
                    }

                    var positional = list.Arguments.Where(a => a.NameEquals is null).ToList();
                    ImmutableArray<IParameterSymbol> parameters = attribute.AttributeConstructor!.Parameters;
                    if (index < parameters.Length
                        && positional.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameters[index].Name) is { } named)
                    {
                        return named.GetLocation();
                    }

                    return index < positional.Count && positional[index].NameColon is null ? positional[index].GetLocation() : attributeLocation;
                }

                Location NamedLocation(string name) =>
                    syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation()
                    ?? attributeLocation;

                // Layer sizes, then the hidden activation.
                var layers = new List<int>();
                for (int i = 0; i < arguments.Length - 1; i++)
                {
                    if (arguments[i].Kind != TypedConstantKind.Primitive || arguments[i].Value is not int size)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArguments, attributeLocation, typeName));
                        return null;
                    }

                    if (size < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerSize, ArgumentLocation(i), (i + 1).ToString(), typeName, size.ToString()));
                    }

                    layers.Add(size);
                }

                if (layers.Count < 2 || layers.Count > 8)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerSize, attributeLocation, layers.Count.ToString(), typeName, "no"));
                }

                if (!TryEnum(arguments[arguments.Length - 1], "activation", "Activation", ArgumentLocation(arguments.Length - 1), attributeLocation, typeName, diagnostics, out ActivationKind hidden))
                {
                    return null;
                }

                ActivationKind output = hidden;
                var loss = LossKind.SquaredError;
                var bias = BiasKind.SharedPerLayer;
                var update = UpdateRuleKind.Simultaneous;
                var shape = CodeShapeKind.Auto;
                var precision = PrecisionKind.Double;
                bool trainBiases = false;
                double learningRate = 0.5;
                int maxWeights = 4096;
                var optimizer = OptimizerKind.Sgd;
                double momentum = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.0;
                bool weightDecayDeclared = false;
                bool ok = true;
                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    Location location = NamedLocation(named.Key);
                    TypedConstant constant = named.Value;
                    switch (named.Key)
                    {
                        case "OutputActivation":
                            ok &= TryEnum(constant, "OutputActivation", "Activation", location, location, typeName, diagnostics, out output);
                            break;
                        case "Loss":
                            ok &= TryEnum(constant, "Loss", "Loss", location, location, typeName, diagnostics, out loss);
                            break;
                        case "Bias":
                            ok &= TryEnum(constant, "Bias", "BiasMode", location, location, typeName, diagnostics, out bias);
                            break;
                        case "UpdateRule":
                            ok &= TryEnum(constant, "UpdateRule", "UpdateRule", location, location, typeName, diagnostics, out update);
                            break;
                        case "CodeShape":
                            ok &= TryEnum(constant, "CodeShape", "CodeShape", location, location, typeName, diagnostics, out shape);
                            vectorizedAt = shape == CodeShapeKind.Vectorized ? location : null;
                            break;
                        case "Precision":
                            ok &= TryEnum(constant, "Precision", "Precision", location, location, typeName, diagnostics, out precision);
                            break;
                        case "TrainBiases":
                            ok &= TryPrimitive(constant, location, typeName, diagnostics, out trainBiases);
                            break;
                        case "LearningRate":
                            if (!TryPrimitive(constant, location, typeName, diagnostics, out learningRate))
                            {
                                ok = false;
                            }
                            else if (double.IsNaN(learningRate) || double.IsInfinity(learningRate) || learningRate <= 0)
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLearningRate, location, MessageNumber(learningRate)));
                            }

                            break;
                        case "Optimizer":
                            ok &= TryEnum(constant, "Optimizer", "Optimizer", location, location, typeName, diagnostics, out optimizer);
                            break;
                        case "Momentum":
                            ok &= TryHyperparameter(constant, "Momentum", location, typeName, diagnostics, DecayRange, 0.9, out momentum);
                            break;
                        case "Beta1":
                            ok &= TryHyperparameter(constant, "Beta1", location, typeName, diagnostics, DecayRange, 0.9, out beta1);
                            break;
                        case "Beta2":
                            ok &= TryHyperparameter(constant, "Beta2", location, typeName, diagnostics, DecayRange, 0.999, out beta2);
                            break;
                        case "Epsilon":
                            ok &= TryHyperparameter(constant, "Epsilon", location, typeName, diagnostics, PositiveRange, 1e-8, out epsilon);
                            break;
                        case "WeightDecay":
                            ok &= TryHyperparameter(constant, "WeightDecay", location, typeName, diagnostics, NonNegativeRange, 0.0, out weightDecay);
                            weightDecayDeclared = true;
                            break;
                        case "Weights":
                            // The file is found and read by a later step (WeightsBaker), which reports its problems here.
                            // Weights = null is no file, like leaving it out.
                            if (constant.Value is null && constant.Kind == TypedConstantKind.Primitive)
                            {
                                break;
                            }

                            if (TryPrimitive(constant, location, typeName, diagnostics, out string file))
                            {
                                weightsRequest = new WeightsRequest(file, DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotFound, location));
                            }
                            else
                            {
                                ok = false;
                            }

                            break;
                        case "MaxWeights":
                            if (!TryPrimitive(constant, location, typeName, diagnostics, out maxWeights))
                            {
                                ok = false;
                            }
                            else if (maxWeights < 1 || maxWeights > DiagnosticDescriptors.MaxWeightsCeiling)
                            {
                                diagnostics.Add(DiagnosticInfo.Create(
                                    DiagnosticDescriptors.InvalidMaxWeights, location, maxWeights.ToString(), DiagnosticDescriptors.MaxWeightsCeiling.ToString()));
                            }

                            break;
                    }
                }

                if (!ok)
                {
                    return null;
                }

                Location activationLocation = ArgumentLocation(arguments.Length - 1);
                bool softmaxHidden = hidden == ActivationKind.Softmax && layers.Count > 2;
                if (softmaxHidden)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, activationLocation));
                }

                if ((optimizer != OptimizerKind.Sgd || weightDecayDeclared) && update == UpdateRuleKind.OutputLayerFirst)
                {
                    // OutputLayerFirst updates the upper layers by w⁺ = w - η·∂E_total/∂w while it back-propagates: the
                    // article's own order, which has no place for an optimizer's state or a weight decay.
                    Location at = attribute.NamedArguments.Any(a => a.Key == "UpdateRule") ? NamedLocation("UpdateRule") : NamedLocation(optimizer != OptimizerKind.Sgd ? "Optimizer" : "WeightDecay");
                    diagnostics.Add(optimizer != OptimizerKind.Sgd
                        ? DiagnosticInfo.Create(DiagnosticDescriptors.OptimizerNeedsSimultaneousUpdate, at, typeName, "Optimizer." + optimizer, "an optimizer", "or Optimizer.Sgd")
                        : DiagnosticInfo.Create(DiagnosticDescriptors.OptimizerNeedsSimultaneousUpdate, at, typeName, "WeightDecay", "weight decay", "or no WeightDecay"));
                }

                if (precision == PrecisionKind.Single && !hasMathF)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SingleUnavailable, NamedLocation("Precision"), typeName));
                }

                if (precision == PrecisionKind.Single)
                {
                    // The generated code holds these as float constants: each must stay what it is as a float (a learning
                    // rate or ε that rounds to 0 or overflows, a decay that rounds up to 1, a weight decay that vanishes).
                    foreach ((string name, double value, bool positive, bool belowOne) in new[]
                    {
                        ("LearningRate", learningRate, true, false), ("Momentum", momentum, false, true), ("Beta1", beta1, false, true),
                        ("Beta2", beta2, false, true), ("Epsilon", epsilon, true, false), ("WeightDecay", weightDecay, false, false),
                    })
                    {
                        float single = (float)value;
                        string? problem = float.IsInfinity(single) ? "overflows"
                            : single == 0f && value != 0.0 ? "rounds to 0"
                            : belowOne && single >= 1f && value < 1.0 ? "rounds to 1"
                            : null;
                        if (problem is not null && attribute.NamedArguments.Any(a => a.Key == name))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(
                                DiagnosticDescriptors.OutsideSingleRange, NamedLocation(name), typeName, $"{name} = {MessageNumber(value)} {problem} as a float"));
                        }
                    }
                }

                if (output == ActivationKind.Softmax && layers.Count >= 2 && layers[layers.Count - 1] == 1 && !softmaxHidden)
                {
                    Location at = attribute.NamedArguments.Any(a => a.Key == "OutputActivation") ? NamedLocation("OutputActivation") : activationLocation;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOfOneOutput, at, typeName));
                }

                // An output activation taken from a softmax hidden activation (BPG0007) is not judged again with the loss:
                // the fix BPG0007 names (another hidden activation, OutputActivation = Softmax) decides the pair.
                if (!softmaxHidden || attribute.NamedArguments.Any(a => a.Key == "OutputActivation"))
                {
                    CheckLossPair(loss, output, attribute.NamedArguments.Any(a => a.Key == "Loss") ? NamedLocation("Loss") : activationLocation, diagnostics);
                }

                // Saturating: int.MaxValue² per layer pair over 7 pairs would overflow even a long and slip past the check.
                long weights = 0;
                for (int l = 1; l < layers.Count; l++)
                {
                    long pair = (long)Math.Max(layers[l - 1], 0) * Math.Max(layers[l], 0);
                    weights = weights > long.MaxValue - pair ? long.MaxValue : weights + pair;
                }

                if (weights > maxWeights && maxWeights >= 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.NetworkTooLarge,
                        attributeLocation,
                        typeName,
                        weights == long.MaxValue ? "more than 9223372036854775806" : weights.ToString(),
                        maxWeights.ToString(),
                        DiagnosticDescriptors.MaxWeightsCeiling.ToString()));
                }

                // Forward and Train take one parameter per input and output (Train(..., Symbols) one more, plus `this`);
                // the IL addresses at most 65,535 arguments, and such signatures are unusable long before that.
                if (layers.Count >= 2 && layers[0] >= 1 && layers[layers.Count - 1] >= 1
                    && (long)layers[0] + layers[layers.Count - 1] > DiagnosticDescriptors.MaxInputsAndOutputs)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TooManyInputsAndOutputs,
                        attributeLocation,
                        typeName,
                        layers[0].ToString(),
                        layers[layers.Count - 1].ToString(),
                        DiagnosticDescriptors.MaxInputsAndOutputs.ToString()));
                }

                if (diagnostics.Count > 0)
                {
                    return null;
                }

                return new NetworkModel(
                    ReadType(type, declaration),
                    layers.ToEquatableArray(),
                    hidden,
                    output,
                    loss,
                    bias,
                    trainBiases,
                    learningRate,
                    update,
                    syntax is null ? "[Network]" : "[" + OneLine(syntax.ToString()) + "]",
                    shape,
                    optimizer != OptimizerKind.Sgd || weightDecayDeclared
                        ? new OptimizerModel(optimizer, momentum, beta1, beta2, epsilon, weightDecay)
                        : null,
                    Precision: precision);
            }

            /// <summary>
            /// The attribute's text on one line, for the generated file's header comment: every run of white space
            /// (including U+0085, U+2028 and U+2029, which end a line in C#) and every control character becomes one space.
            /// </summary>
            private static string OneLine(string text)
            {
                var builder = new System.Text.StringBuilder(text.Length);
                foreach (char c in text)
                {
                    bool space = char.IsWhiteSpace(c) || char.IsControl(c);
                    if (!space)
                    {
                        builder.Append(c);
                    }
                    else if (builder.Length > 0 && builder[builder.Length - 1] != ' ')
                    {
                        builder.Append(' ');
                    }
                }

                return builder.ToString().TrimEnd();
            }

            /// <summary>A number for a message, as the attribute would spell it: 0.5, 1E-08, double.NaN, double.PositiveInfinity.</summary>
            private static string MessageNumber(double value) =>
                double.IsNaN(value) ? "double.NaN"
                : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
                : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
                : Helpers.CodeWriter.Number(value);

            /// <summary>
            /// Reads an enum argument: it must be of the runtime's enum (<c>BackpropGen.{enumName}</c>), else BPG0012 at
            /// <paramref name="typeLocation"/>; and a named member of it, else BPG0013.
            /// </summary>
            private static bool TryEnum<TEnum>(
                TypedConstant constant,
                string name,
                string enumName,
                Location location,
                Location typeLocation,
                string typeName,
                List<DiagnosticInfo> diagnostics,
                out TEnum value)
                where TEnum : struct, Enum
            {
                value = default;
                if (constant.Kind != TypedConstantKind.Enum || constant.Type?.ToDisplayString() != "BackpropGen." + enumName)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArguments, typeLocation, typeName));
                    return false;
                }

                if (constant.Value is not int number || !Enum.IsDefined(typeof(TEnum), number))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnknownEnumValue, location, name, Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "null", enumName));
                    return false;
                }

                value = (TEnum)(object)number;
                return true;
            }

            private const string DecayRange = "at least 0 and less than 1";
            private const string PositiveRange = "finite and greater than 0";
            private const string NonNegativeRange = "finite and 0 or more";

            /// <summary>
            /// Reads an optimizer's hyperparameter (a double): another type is BPG0012, a value outside <paramref name="range"/>
            /// BPG0023 at the argument (the comparisons are written so that NaN fails each).
            /// </summary>
            private static bool TryHyperparameter(
                TypedConstant constant, string name, Location location, string typeName, List<DiagnosticInfo> diagnostics, string range, double defaultValue, out double value)
            {
                if (!TryPrimitive(constant, location, typeName, diagnostics, out value))
                {
                    return false;
                }

                bool valid = range switch
                {
                    DecayRange => value >= 0.0 && value < 1.0,
                    PositiveRange => value > 0.0 && value <= double.MaxValue,
                    _ => value >= 0.0 && value <= double.MaxValue,
                };
                if (!valid)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidOptimizerSetting, location, name, MessageNumber(value), range, MessageNumber(defaultValue)));
                }

                return true;
            }

            /// <summary>Reads a named argument of a primitive type (bool, int, double); another type is BPG0012 at the argument.</summary>
            private static bool TryPrimitive<T>(TypedConstant constant, Location location, string typeName, List<DiagnosticInfo> diagnostics, out T value)
            {
                if (constant.Kind == TypedConstantKind.Primitive && constant.Value is T typed)
                {
                    value = typed;
                    return true;
                }

                value = default!;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArguments, location, typeName));
                return false;
            }

            private static void CheckLossPair(LossKind loss, ActivationKind output, Location location, List<DiagnosticInfo> diagnostics)
            {
                if (loss == LossKind.SquaredError && output == ActivationKind.Softmax)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedLoss, location, "SquaredError", "Softmax", "pair a Softmax output with Loss.CrossEntropy"));
                }
                else if (loss == LossKind.CrossEntropy && output != ActivationKind.Softmax && output != ActivationKind.Logistic)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedLoss, location, "CrossEntropy", output.ToString(), "cross-entropy needs probabilities: set OutputActivation = Activation.Softmax or Activation.Logistic, or use Loss.SquaredError"));
                }
            }

            private static TypeDeclarationModel ReadType(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
            {
                var containing = new List<ContainingTypeModel>();
                var hintParts = new List<string>();
                for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
                {
                    string keyword = outer is RecordDeclarationSyntax record
                        ? (record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record")
                        : outer.Keyword.ValueText;
                    string typeParameters = outer.TypeParameterList is null
                        ? string.Empty
                        : "<" + string.Join(", ", outer.TypeParameterList.Parameters.Select(p => TypeIdentifier(p.Identifier.ValueText))) + ">";
                    containing.Insert(0, new ContainingTypeModel(keyword, TypeIdentifier(outer.Identifier.ValueText) + typeParameters));
                    hintParts.Insert(0, outer.Identifier.ValueText + typeParameters.Replace(", ", ","));
                }

                var namespaces = new List<string>();
                for (INamespaceSymbol? n = type.ContainingNamespace; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
                {
                    namespaces.Insert(0, n.Name);
                }

                string ns = string.Join(".", namespaces.Select(Identifier));
                string hintBase = HintNames.Base(namespaces.Concat(hintParts).Concat(new[] { type.Name }));
                return new TypeDeclarationModel(ns, containing.ToEquatableArray(), TypeIdentifier(type.Name), type.ToDisplayString(), hintBase);
            }

            /// <summary>
            /// A name as C# source: keywords and contextual keywords escaped (<c>@class</c>, <c>@record</c>; an unescaped
            /// <c>record</c> type name is warning CS8860, and a contextual keyword is always safe to escape).
            /// </summary>
            private static string Identifier(string name) =>
                SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
                    ? "@" + name
                    : name;

            /// <summary>
            /// A type's or type parameter's name as C# source: as <see cref="Identifier"/>, and escaped too where it is lower-case
            /// ASCII letters only (<c>@net</c>): unescaped, such a name is warning CS8981 in the generated declaration, which
            /// the user's <c>@net</c> does not get.
            /// </summary>
            private static string TypeIdentifier(string name) =>
                name.Length > 0 && name.All(c => c >= 'a' && c <= 'z') && !name.StartsWith("@", System.StringComparison.Ordinal)
                    ? "@" + name
                    : Identifier(name);

            /// <summary>
            /// The collision sweep: a member the class declares (BPG0011) or inherits from a base class (BPG0016) whose name
            /// the generator also declares, and a class named like a generated member (BPG0018, CS0542 otherwise). A method
            /// may share a generated method's name when its parameter count differs from every generated overload's (so it
            /// is neither a duplicate, nor a ref/out-only difference, nor an ambiguous call in the generated code).
            /// </summary>
            private static void CheckCollisions(
                INamedTypeSymbol type, NetworkModel model, Location nameLocation, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
            {
                HashSet<string> generated = GeneratedMembers.Names(model);
                Dictionary<string, HashSet<int>> arities = GeneratedMembers.MethodParameterCounts(model);
                string typeName = type.ToDisplayString();
                if (GeneratedMembers.IsGenerated(type.Name, generated))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNamedLikeMember, nameLocation, typeName, type.Name));
                }

                var reported = new HashSet<string>();
                foreach (ISymbol member in type.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Collides(member, generated, arities) && reported.Add(member.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameCollision, member.Locations.FirstOrDefault(), typeName, member.Name));
                    }
                }

                for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
                {
                    // A base network's generated members are not visible to the generator (it reads the compilation without
                    // them); every one of them collides, LearningRate among them.
                    if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttributeName) && reported.Add("LearningRate"))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.InheritedMemberCollision, nameLocation, typeName, "LearningRate", baseType.ToDisplayString()));
                    }

                    foreach (ISymbol member in baseType.GetMembers())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (member.DeclaredAccessibility != Accessibility.Private && Collides(member, generated, arities) && reported.Add(member.Name))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(
                                DiagnosticDescriptors.InheritedMemberCollision, nameLocation, typeName, member.Name, baseType.ToDisplayString()));
                        }
                    }
                }
            }

            private static bool Collides(ISymbol member, HashSet<string> generated, Dictionary<string, HashSet<int>> arities)
            {
                // An accessor (get_w1 of a property w1) is its property's: the property is reported, once.
                if (member.IsImplicitlyDeclared || member is IMethodSymbol { AssociatedSymbol: not null } || !GeneratedMembers.IsGenerated(member.Name, generated))
                {
                    return false;
                }

                return member is not IMethodSymbol method
                    || method.MethodKind != MethodKind.Ordinary
                    || !arities.TryGetValue(member.Name, out HashSet<int>? counts)
                    || counts.Contains(method.Parameters.Length);
            }
        }
    }
}
