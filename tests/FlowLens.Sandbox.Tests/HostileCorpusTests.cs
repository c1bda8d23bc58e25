using System.Security.Cryptography;
using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// Every snippet in tests/fixtures/hostile must be rejected before it runs (<c>// expect: rejected</c>) or contained
/// while it runs (<c>// expect: contained</c>: a timeout, a crash, an error or a failed assert, never a pass). After
/// the whole corpus the pool still works, the canary file is untouched and no worker is left behind.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class HostileCorpusTests
{
    private const string Canary = "/tmp/flowlens-hostile-canary.txt";
    private const string Pwned = "/tmp/flowlens-hostile-pwned.txt";

    [Fact]
    public async Task Every_snippet_is_rejected_or_contained_and_the_sandbox_survives()
    {
        var files = Directory.GetFiles(Path.Combine(Paths.Fixtures, "hostile"), "*.cs").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 30, $"the corpus has {files.Count} snippets");
        File.Delete(Pwned);
        await File.WriteAllTextAsync(Canary, "canary " + Guid.NewGuid());
        var canaryHash = SHA256.HashData(await File.ReadAllBytesAsync(Canary));
        var before = Directory.GetFiles("/tmp", "flowlens-hostile*").ToHashSet(StringComparer.Ordinal);
        var seenWorkers = new HashSet<int>();

        var problems = new List<string>();
        using var pool = new SandboxPool(SandboxFixture.Options with { TestTimeout = TimeSpan.FromSeconds(2) });
        var runner = new SandboxRunner(pool);
        var results = new List<(string File, EvaluationReport Report)>();
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            var report = await runner.RunProgramAsync(new SandboxFile(Path.GetFileName(file), text), CancellationToken.None);
            seenWorkers.UnionWith(pool.WorkerProcessIds);
            results.Add((Path.GetFileName(file), report));
            var rejected = report.Rejected.Count > 0;
            var passed = report.Crash is null && report.Tests.Count > 0 && report.Tests.All(t => t.Outcome == TestOutcome.Passed);
            if (text.StartsWith("// expect: rejected", StringComparison.Ordinal) && !rejected)
            {
                problems.Add($"{Path.GetFileName(file)} was not rejected: {Outcomes.Of(report)} {report.Crash} {string.Join("; ", report.Diagnostics)}");
            }
            else if (!rejected && passed)
            {
                problems.Add($"{Path.GetFileName(file)} passed: it was neither rejected nor contained");
            }
        }

        Assert.Empty(problems);

        // Runtime containment did happen, in each of its forms.
        string Describe(string file) => results.Single(r => r.File == file) is var (_, report) ? $"{Outcomes.Of(report)} crash={report.Crash} {string.Join("; ", report.Tests.Select(t => t.Message))} {string.Join("; ", report.Diagnostics)}" : file;
        Assert.True(results.Single(r => r.File == "infinite_loop.cs").Report.Tests.Any(t => t.Outcome == TestOutcome.Timeout), Describe("infinite_loop.cs"));
        Assert.True(results.Single(r => r.File == "goto_loop.cs").Report.Tests.Any(t => t.Outcome == TestOutcome.Timeout), Describe("goto_loop.cs"));
        Assert.True(results.Single(r => r.File == "stackalloc_overflow.cs").Report.Crash is not null, Describe("stackalloc_overflow.cs"));

        // Runaway recursion is stopped inside the worker by the run guard, even when the candidate catches the stop.
        foreach (var file in new[] { "deep_recursion.cs", "recursion_catching_everything.cs" })
        {
            var report = results.Single(r => r.File == file).Report;
            Assert.True(report.Crash is null && report.Tests.Any(t => t.Message?.Contains("recursion too deep", StringComparison.Ordinal) == true), Describe(file));
        }
        Assert.True(results.Single(r => r.File == "allocation_bomb.cs").Report.Tests.Any(t => t.Message?.Contains("OutOfMemoryException", StringComparison.Ordinal) == true), Describe("allocation_bomb.cs"));
        Assert.True(results.Single(r => r.File == "output_burst.cs").Report.Diagnostics.Any(d => d.Contains("truncated", StringComparison.Ordinal)), Describe("output_burst.cs"));

        // The pool is healthy: a normal candidate passes next.
        var healthy = await runner.RunProgramAsync(new SandboxFile("ok.cs", "using System.Diagnostics; class P { static void Main() { Debug.Assert(1 + 1 == 2); } }"), CancellationToken.None);
        Assert.Equal("P", Outcomes.Of(healthy));

        // Nothing outside the workers' temp folders changed.
        Assert.Equal(canaryHash, SHA256.HashData(await File.ReadAllBytesAsync(Canary)));
        Assert.False(File.Exists(Pwned));
        var added = Directory.GetFiles("/tmp", "flowlens-hostile*").Where(f => !before.Contains(f)).ToList();
        Assert.Empty(added);

        pool.Dispose();
        Assert.Empty(pool.WorkerProcessIds);
        Assert.DoesNotContain(seenWorkers, Outcomes.IsAlive);
    }
}
