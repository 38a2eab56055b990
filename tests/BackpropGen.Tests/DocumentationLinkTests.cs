using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BackpropGen.Tests.Generator;
using Xunit;

namespace BackpropGen.Tests
{
    /// <summary>
    /// Every speed and build-time figure in the README and docs/ names the committed raw result it comes from
    /// (docs/results/README.md lists them, issue 12 item 22). These tests fail when a file such a figure links to is
    /// missing: every relative link of README.md, docs/*.md and docs/results/README.md, and every `docs/results/...`
    /// path written in code style, must exist. They read the Markdown only; no benchmark runs.
    /// </summary>
    public class DocumentationLinkTests
    {
        private static readonly Regex Link = new(@"\]\((?<target>[^)\s]+)\)", RegexOptions.Compiled);

        private static readonly Regex ResultsPath = new(@"`(?<path>docs/results/[^`\s]*)`", RegexOptions.Compiled);

        public static IEnumerable<object[]> Documents()
        {
            string root = DiagnosticTests.RepositoryRoot();
            yield return new object[] { "README.md" };
            foreach (string file in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                yield return new object[] { "docs/" + Path.GetFileName(file) };
            }

            yield return new object[] { "docs/results/README.md" };
        }

        [Theory]
        [MemberData(nameof(Documents))]
        public void Every_relative_link_and_results_path_points_to_a_committed_file(string document)
        {
            string root = DiagnosticTests.RepositoryRoot();
            string path = Path.Combine(root, document);
            string text = File.ReadAllText(path);
            string directory = Path.GetDirectoryName(path)!;
            var missing = new List<string>();
            int checkedCount = 0;
            foreach (Match match in Link.Matches(text))
            {
                string target = match.Groups["target"].Value;
                if (target.StartsWith('#') || Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
                {
                    continue;
                }

                string file = Uri.UnescapeDataString(target.Split('#')[0]);
                checkedCount++;
                if (!Exists(Path.Combine(directory, file)))
                {
                    missing.Add(target);
                }
            }

            foreach (Match match in ResultsPath.Matches(text))
            {
                checkedCount++;
                if (!Exists(Path.Combine(root, match.Groups["path"].Value)))
                {
                    missing.Add(match.Groups["path"].Value);
                }
            }

            Assert.True(missing.Count == 0, $"{document}: {missing.Count} of {checkedCount} links point to no file: {string.Join(", ", missing)}");
        }

        /// <summary>
        /// Every link to a place in a Markdown file (<c>#anchor</c>, in this document or another) names a heading there, by
        /// GitHub's rule (lower case, punctuation dropped, spaces to hyphens; a repeated heading gets -1, -2, ...), or an
        /// explicit <c>&lt;a id="..."&gt;</c>.
        /// </summary>
        [Theory]
        [MemberData(nameof(Documents))]
        public void Every_link_to_a_heading_names_one_that_exists(string document)
        {
            string root = DiagnosticTests.RepositoryRoot();
            string path = Path.Combine(root, document);
            string directory = Path.GetDirectoryName(path)!;
            var missing = new List<string>();
            int checkedCount = 0;
            foreach (Match match in Link.Matches(File.ReadAllText(path)))
            {
                string target = match.Groups["target"].Value;
                int hash = target.IndexOf('#');
                if (hash < 0 || Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
                {
                    continue;
                }

                string file = hash == 0 ? path : Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(target.Substring(0, hash))));
                if (!file.EndsWith(".md", StringComparison.Ordinal) || !File.Exists(file))
                {
                    continue; // a missing file is the test above's
                }

                checkedCount++;
                if (!Anchors(file).Contains(Uri.UnescapeDataString(target.Substring(hash + 1))))
                {
                    missing.Add(target);
                }
            }

            Assert.True(missing.Count == 0, $"{document}: {missing.Count} of {checkedCount} links to a heading name none: {string.Join(", ", missing)}");
        }

        /// <summary>The anchors of a Markdown file: its headings' slugs (outside code blocks) and its explicit ids.</summary>
        private static HashSet<string> Anchors(string file)
        {
            var anchors = new HashSet<string>(StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            bool code = false;
            foreach (string line in File.ReadLines(file))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    code = !code;
                    continue;
                }

                foreach (Match id in Regex.Matches(line, @"<a (?:id|name)=""(?<id>[^""]+)"""))
                {
                    anchors.Add(id.Groups["id"].Value);
                }

                Match heading = Regex.Match(line, @"^#{1,6} (?<text>.+?)\s*$");
                if (code || !heading.Success)
                {
                    continue;
                }

                string slug = Regex.Replace(heading.Groups["text"].Value.ToLowerInvariant(), @"[^\p{L}\p{N}\- _]", string.Empty).Replace(' ', '-');
                int count = seen.TryGetValue(slug, out int n) ? n : 0;
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            return anchors;
        }

        /// <summary>Each row of the figures' table (docs/results/README.md, *Figures and their files*) links a raw result in its last cell.</summary>
        [Fact]
        public void Every_row_of_the_figures_index_links_a_raw_result()
        {
            string text = File.ReadAllText(Path.Combine(DiagnosticTests.RepositoryRoot(), "docs", "results", "README.md"));
            const string Heading = "## Figures and their files";
            int start = text.IndexOf(Heading, StringComparison.Ordinal);
            Assert.True(start >= 0, $"docs/results/README.md has no section \"{Heading}\".");
            int end = text.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
            List<string> rows = text.Substring(start, (end < 0 ? text.Length : end) - start).Split('\n')
                .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| figure", StringComparison.Ordinal) && !line.StartsWith("| ---", StringComparison.Ordinal))
                .ToList();
            Assert.True(rows.Count >= 15, $"docs/results/README.md lists {rows.Count} figures; expected the audit's table.");
            Assert.All(rows, row => Assert.Matches(@"\]\((?!#)[^)\s]+\)", row.Split('|').Where(cell => cell.Length > 0).Last()));
        }

        private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
    }
}
