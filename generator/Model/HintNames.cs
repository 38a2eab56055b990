using System;
using System.Collections.Generic;
using System.Text;
using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model
{
    /// <summary>
    /// The names of the generated files. Roslyn requires hint names that are unique ignoring case and made of letters,
    /// digits and a few punctuation marks; a duplicate or a stray character makes <c>AddSource</c> throw, which drops the
    /// output of every network in the project. So the name is the fully qualified type name with anything else replaced
    /// (<c>App.@class</c> → <c>App.class.g.cs</c>), and a name that another network's name equals ignoring case
    /// (<c>App.Net</c>, <c>App.NET</c>, or class <c>Net</c> in namespace <c>App.A</c> and in class <c>App.A</c>) gets a hash of the exact type name and nesting after a '-', which no stem contains: deterministic per type, whatever else the
    /// project declares.
    /// </summary>
    internal static class HintNames
    {
        /// <summary>The file-safe stem for a type's name parts (namespace parts, containing types, the type).</summary>
        public static string Base(IEnumerable<string> parts)
        {
            var builder = new StringBuilder();
            foreach (string part in parts)
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                foreach (char c in part)
                {
                    builder.Append(
                        char.IsLetterOrDigit(c) || c == '_' ? c
                        : c == '<' ? '{'
                        : c == '>' ? '}'
                        : '_');
                }
            }

            return builder.ToString();
        }

        /// <summary>The hint name of <paramref name="type"/>, given the stems of every network of the compilation.</summary>
        public static string For(TypeDeclarationModel type, EquatableArray<string> allBases)
        {
            int sameIgnoringCase = 0;
            foreach (string other in allBases)
            {
                if (string.Equals(other, type.HintBase, StringComparison.OrdinalIgnoreCase))
                {
                    sameIgnoringCase++;
                }
            }

            return sameIgnoringCase > 1
                ? type.HintBase + "-" + Fnv1a(UniqueName(type)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs"
                : type.HintBase + ".g.cs";
        }

        /// <summary>
        /// The type's name with its nesting spelled out (<c>App.A:Net</c> for class <c>Net</c> in namespace <c>App.A</c>,
        /// <c>App:A+Net</c> for class <c>Net</c> in class <c>App.A</c>), which the display name (<c>App.A.Net</c> for both) is not.
        /// </summary>
        private static string UniqueName(TypeDeclarationModel type)
        {
            var builder = new StringBuilder(type.Namespace).Append(':');
            foreach (ContainingTypeModel containing in type.ContainingTypes)
            {
                builder.Append(containing.NameWithTypeParameters).Append('+');
            }

            return builder.Append(type.Name).ToString();
        }

        /// <summary>32-bit FNV-1a of the UTF-16 code units: stable across runs and platforms (unlike string.GetHashCode).</summary>
        private static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
