using System;
namespace ArticleSample
{
    internal static class Program
    {
        private static void Main()
        {
            var net = new MazurNetwork { w1 = 0.15, w2 = 0.20, w3 = 0.25, w4 = 0.30, w5 = 0.40, w6 = 0.45, w7 = 0.50, w8 = 0.55, b1 = 0.35, b2 = 0.60 };
            Console.WriteLine(net.Train(0.05, 0.10, 0.01, 0.99));
        }
    }
}
