using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen.Interop
{
    /// <summary>
    /// The order of a PyTorch state dict's modules: key prefixes compared part by part (split at '.'), as numbers where
    /// both parts are numbers ("2" before "10"), else ordinally. One file, compiled into BackpropGen.Onnx (safetensors
    /// import) and linked into the generator (baked weights), so that both read a file's layers in the same order.
    /// </summary>
    internal sealed class ModuleOrder : IComparer<string>
    {
        public static readonly ModuleOrder Instance = new ModuleOrder();

        public int Compare(string? x, string? y)
        {
            string[] a = (x ?? string.Empty).Split('.'), b = (y ?? string.Empty).Split('.');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int order = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out long m)
                    && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
