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
                Location nameLocation = declaration.Identifier.GetLocation();
                string typeName = type.ToDisplayString();

                CheckDeclaration(type, declaration, nameLocation, typeName, diagnostics);
                cancellationToken.ThrowIfCancellationRequested();

                AttributeData attribute = context.Attributes[0];
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                Location attributeLocation = attributeSyntax?.GetLocation() ?? nameLocation;
                NetworkModel? model = ReadAttribute(attribute, attributeSyntax, attributeLocation, type, declaration, typeName, diagnostics);
                if (model is not null)
                {
                    CheckCollisions(type, model, cancellationToken, diagnostics);
                }

                return new ParseResult(diagnostics.Count == 0 ? model : null, diagnostics.ToEquatableArray());
            }

            private static void CheckDeclaration(
                INamedTypeSymbol type, TypeDeclarationSyntax declaration, Location location, string typeName, List<DiagnosticInfo> diagnostics)
            {
                if (declaration is RecordDeclarationSyntax || declaration is StructDeclarationSyntax || declaration is InterfaceDeclarationSyntax)
                {
                    string kind = declaration switch
                    {
                        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                        RecordDeclarationSyntax => "record",
                        StructDeclarationSyntax => "struct",
                        _ => "interface",
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
                List<DiagnosticInfo> diagnostics)
            {
                ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
                bool unreadable = attribute.AttributeConstructor is null
                    || arguments.Length < 3
                    || arguments.Any(a => a.Kind == TypedConstantKind.Error || a.Value is null)
                    || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error || a.Value.Value is null);
                if (unreadable)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttributeArguments, attributeLocation, typeName));
                    return null;
                }

                Location ArgumentLocation(int index) =>
                    syntax?.ArgumentList is { } list && index < list.Arguments.Count ? list.Arguments[index].GetLocation() : attributeLocation;

                Location NamedLocation(string name) =>
                    syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation()
                    ?? attributeLocation;

                // Layer sizes, then the hidden activation.
                var layers = new List<int>();
                for (int i = 0; i < arguments.Length - 1; i++)
                {
                    if (arguments[i].Value is not int size)
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

                if (!TryEnum(arguments[arguments.Length - 1], "activation", ArgumentLocation(arguments.Length - 1), diagnostics, out ActivationKind hidden))
                {
                    return null;
                }

                ActivationKind output = hidden;
                var loss = LossKind.SquaredError;
                var bias = BiasKind.SharedPerLayer;
                var update = UpdateRuleKind.Simultaneous;
                var shape = CodeShapeKind.Auto;
                bool trainBiases = false;
                double learningRate = 0.5;
                int maxWeights = 4096;
                bool ok = true;
                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    Location location = NamedLocation(named.Key);
                    object value = named.Value.Value!;
                    switch (named.Key)
                    {
                        case "OutputActivation":
                            ok &= TryEnum(named.Value, "OutputActivation", location, diagnostics, out output);
                            break;
                        case "Loss":
                            ok &= TryEnum(named.Value, "Loss", location, diagnostics, out loss);
                            break;
                        case "Bias":
                            ok &= TryEnum(named.Value, "Bias", location, diagnostics, out bias);
                            break;
                        case "UpdateRule":
                            ok &= TryEnum(named.Value, "UpdateRule", location, diagnostics, out update);
                            break;
                        case "CodeShape":
                            ok &= TryEnum(named.Value, "CodeShape", location, diagnostics, out shape);
                            break;
                        case "TrainBiases":
                            trainBiases = value is true;
                            break;
                        case "LearningRate":
                            learningRate = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                            if (double.IsNaN(learningRate) || double.IsInfinity(learningRate) || learningRate <= 0)
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLearningRate, location, CodeWriterNumber(learningRate)));
                            }

                            break;
                        case "MaxWeights":
                            maxWeights = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                            if (maxWeights < 1 || maxWeights > DiagnosticDescriptors.MaxWeightsCeiling)
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
                if (hidden == ActivationKind.Softmax && layers.Count > 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, activationLocation));
                }

                CheckLossPair(loss, output, attribute.NamedArguments.Any(a => a.Key == "Loss") ? NamedLocation("Loss") : activationLocation, diagnostics);

                long weights = 0;
                for (int l = 1; l < layers.Count; l++)
                {
                    weights += (long)Math.Max(layers[l - 1], 0) * Math.Max(layers[l], 0);
                }

                if (weights > maxWeights && maxWeights >= 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.NetworkTooLarge,
                        attributeLocation,
                        typeName,
                        weights.ToString(),
                        maxWeights.ToString(),
                        DiagnosticDescriptors.MaxWeightsCeiling.ToString()));
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
                    syntax is null ? "[Network]" : "[" + string.Join(" ", syntax.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)) + "]",
                    shape);
            }

            private static string CodeWriterNumber(double value) => Helpers.CodeWriter.Number(value);

            private static bool TryEnum<TEnum>(TypedConstant constant, string name, Location location, List<DiagnosticInfo> diagnostics, out TEnum value)
                where TEnum : struct, Enum
            {
                value = default;
                if (constant.Value is not int number || !Enum.IsDefined(typeof(TEnum), number))
                {
                    string enumName = constant.Type?.Name ?? typeof(TEnum).Name;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, location, name, constant.Value?.ToString() ?? "null", enumName));
                    return false;
                }

                value = (TEnum)(object)number;
                return true;
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
                for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
                {
                    string keyword = outer is RecordDeclarationSyntax record
                        ? (record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record")
                        : outer.Keyword.ValueText;
                    string typeParameters = outer.TypeParameterList is null
                        ? string.Empty
                        : "<" + string.Join(", ", outer.TypeParameterList.Parameters.Select(p => p.Identifier.ValueText)) + ">";
                    containing.Insert(0, new ContainingTypeModel(keyword, outer.Identifier.ValueText + typeParameters));
                }

                string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
                return new TypeDeclarationModel(ns, containing.ToEquatableArray(), type.Name, type.ToDisplayString());
            }

            private static void CheckCollisions(INamedTypeSymbol type, NetworkModel model, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics)
            {
                HashSet<string> generated = GeneratedMembers.Names(model);
                foreach (ISymbol member in type.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member.IsImplicitlyDeclared || !GeneratedMembers.IsGenerated(member.Name, generated))
                    {
                        continue;
                    }

                    // A method may overload a generated method of the same name; only other members collide.
                    if (member is IMethodSymbol && GeneratedMembers.Methods.Contains(member.Name))
                    {
                        continue;
                    }

                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.MemberNameCollision, member.Locations.FirstOrDefault(), type.ToDisplayString(), member.Name));
                }

                foreach (INamedTypeSymbol nested in type.GetTypeMembers())
                {
                    if (GeneratedMembers.IsGenerated(nested.Name, generated) && !diagnostics.Any(d => d.Arguments.Count > 1 && d.Arguments[1] == nested.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.MemberNameCollision, nested.Locations.FirstOrDefault(), type.ToDisplayString(), nested.Name));
                    }
                }
            }
        }
    }
}
