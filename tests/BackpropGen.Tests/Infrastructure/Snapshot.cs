using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace BackpropGen.Tests.Infrastructure
{
    /// <summary>
    /// Snapshot checks in Verify's file conventions: <c>{Class}.{Method}#{HintName}.verified.cs</c> beside the test file,
    /// a <c>.received.cs</c> written on mismatch, and a diff in the failure message. Set
    /// <c>BACKPROPGEN_ACCEPT_SNAPSHOTS=1</c> to accept received snapshots; it is ignored when <c>CI=true</c>.
    /// Switching to Verify.SourceGenerators later replaces this class with <c>Verifier.Verify(driver)</c>.
    /// </summary>
    public static class Snapshot
    {
        public const string AcceptVariable = "BACKPROPGEN_ACCEPT_SNAPSHOTS";

        /// <summary>The generator's version, replaced in snapshots so that a version bump does not change them.</summary>
        public static string Scrub(string text) =>
            text.Replace(global::BackpropGen.Generator.Emitter.NetworkEmitter.Version, "{version}").Replace("\r\n", "\n");

        public static void Verify(
            string actual,
            string name,
            string extension = "cs",
            [CallerFilePath] string testFile = "",
            [CallerMemberName] string testMethod = "")
        {
            string directory = Path.GetDirectoryName(SourcePath(testFile))!;
            string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{testMethod}#{name}";
            string verified = Path.Combine(directory, $"{stem}.verified.{extension}");
            string received = Path.Combine(directory, $"{stem}.received.{extension}");
            actual = Scrub(actual);

            string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
            if (expected == actual)
            {
                File.Delete(received);
                return;
            }

            bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1"
                && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            if (accept)
            {
                File.WriteAllText(verified, actual, new UTF8Encoding(false));
                File.Delete(received);
                return;
            }

            File.WriteAllText(received, actual, new UTF8Encoding(false));
            string message = expected is null
                ? $"No snapshot yet: review {received} and rename it to {Path.GetFileName(verified)} (or run with {AcceptVariable}=1)."
                : $"The snapshot {Path.GetFileName(verified)} differs; review {Path.GetFileName(received)} (or run with {AcceptVariable}=1):{Environment.NewLine}{Diff(expected, actual)}";
            throw new XunitException(message);
        }

        /// <summary>
        /// The test file on disk. Deterministic CI builds (ContinuousIntegrationBuild) map source paths to <c>/_/</c>;
        /// such a path is relative to the repository root, found above the test assembly.
        /// </summary>
        private static string SourcePath(string testFile)
        {
            const string Mapped = "/_/";
            if (!testFile.StartsWith(Mapped, StringComparison.Ordinal))
            {
                return testFile;
            }

            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "BackpropGen.sln")))
            {
                root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))
                    ?? throw new InvalidOperationException("BackpropGen.sln not found above " + AppContext.BaseDirectory);
            }

            return Path.Combine(root, testFile.Substring(Mapped.Length));
        }

        private static string Diff(string expected, string actual)
        {
            DiffPaneModel diff = InlineDiffBuilder.Diff(expected, actual);
            var text = new StringBuilder();
            int shown = 0;
            foreach (DiffPiece line in diff.Lines)
            {
                if (line.Type == ChangeType.Unchanged)
                {
                    continue;
                }

                if (++shown > 80)
                {
                    text.AppendLine("  ... (more differences)");
                    break;
                }

                text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position?.ToString() ?? "?").Append(": ").AppendLine(line.Text);
            }

            return text.ToString();
        }
    }
}
