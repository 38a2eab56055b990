using System;

namespace BackpropGen.Tests.SinglePrecision
{
    /// <summary>What a call allocates once warm, measured exactly (GC.GetAllocatedBytesForCurrentThread).</summary>
    internal static class SteadyAllocation
    {
        /// <summary>
        /// The bytes 2,000 calls of <paramref name="action"/> allocate after 200 warm-up calls, in up to 5 rounds until
        /// one allocates nothing: the runtime may allocate while it tiers a method up (in a round or two); a call that
        /// allocates does so in every round.
        /// </summary>
        public static long Of(Action action)
        {
            long allocated = long.MaxValue;
            for (int round = 0; round < 5 && allocated != 0; round++)
            {
                for (int i = 0; i < 200; i++)
                {
                    action();
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 2000; i++)
                {
                    action();
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return allocated;
        }
    }
}
