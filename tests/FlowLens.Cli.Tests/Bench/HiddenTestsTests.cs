using System.Text.Json.Nodes;
using FlowLens.Cli.Bench;
using FlowLens.Core.Capabilities;
using FlowLens.Sandbox;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// Every mode of <c>flowlens bench run</c>, with a scripted model that records every prompt and the real sandbox: the
/// hidden grading tests carry a marker that must never reach a prompt, although the repair prompts do show the
/// failures of the visible examples; and the rows are graded on the hidden asserts only.
/// </summary>
public sealed class HiddenTestsTests : IDisposable
{
    private const string Marker = "HIDDEN_MARKER_5c1e";

    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-hidden");

    [Fact]
    public async Task The_hidden_tests_never_reach_a_prompt_and_alone_grade_the_result()
    {
        var suite = Path.Combine(_out.FullName, "suite.jsonl");
        await File.WriteAllLinesAsync(suite, Enumerable.Range(0, 3).Select(Task));
        var library = CapabilityLibrary.Load(Path.Combine(FlowLensProcess.RepoRoot, "prompts", "capabilities"));
        var template = await File.ReadAllTextAsync(Path.Combine(FlowLensProcess.RepoRoot, "prompts", "meta-agent.md"));
        var model = new RecordingScriptedModel(
            new()
            {
                ["meta-agent"] = """{"draft":{"w":0.9,"n":1,"temperature":0.2},"repair":{"w":0.9,"rounds":1}}""",
                ["draft"] = "```csharp\n{ return a - b; }\n```",
                ["repair"] = "```csharp\n{ return a + b; }\n```",
            },
            "```csharp\n{ return a - b; }\n```");
        using var pool = new SandboxPool(SandboxOptions.Default with { PoolSize = 2 });
        var services = BenchServices.Create(model, "scripted", "scripted", new SandboxCandidateEvaluator(pool), library, template);
        var options = new BenchOptions
        {
            Suite = suite,
            OutputDirectory = Path.Combine(_out.FullName, "out"),
            Seed = 3,
            RefineRounds = 1,
            BayesFlowParticles = 1,
            BayesFlowLookAhead = 1,
            BayesFlowRefinements = 1,
            BayesFlowRounds = 1,
            SelfConsistencySamples = 2,
            Parallel = 2,
        };
        var split = BenchRunner.LoadSplit(options);

        var report = await new BenchRunner(options, services, TimeProvider.System, null).RunAsync(split, CancellationToken.None);

        Assert.Equal(BenchOptions.AllModes.Count, report.Modes.Count);
        Assert.All(report.Modes, m => Assert.Equal(2, m.Tasks));
        Assert.All(report.Modes, m => Assert.Equal(0, m.Errors));
        var prompts = model.Prompts.ToList();
        Assert.Contains(prompts, p => p.Capability == "repair");
        Assert.All(prompts, p => Assert.DoesNotContain(Marker, p.Prompt, StringComparison.Ordinal));
        Assert.All(prompts, p => Assert.DoesNotContain("Add((-4L), (4L))", p.Prompt, StringComparison.Ordinal));

        // The repair prompts did see failures: those of the visible example only.
        Assert.Contains(prompts, p => p.Capability == "repair" && p.Prompt.Contains("Add((1L), (2L))", StringComparison.Ordinal));

        // Graded on the two hidden asserts: "a - b" passes Add(0, 0) only (the visible example Add(1, 2) is not counted).
        var rows = (await File.ReadAllLinesAsync(Path.Combine(options.OutputDirectory, "results.jsonl"))).Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => (string?)o["kind"] == "task").ToList();
        var direct = rows.Where(r => (string?)r["mode"] == "direct").ToList();
        Assert.All(direct, r => Assert.Equal(0.5, (double)r["passRate"]!));
        Assert.All(direct, r => Assert.Equal(0.0, (double)r["visiblePassRate"]!));
        var onePass = rows.Where(r => (string?)r["mode"] == "one-pass").ToList();
        Assert.All(onePass, r => Assert.True((bool)r["passed"]!, r.ToJsonString()));
        Assert.All(onePass, r => Assert.Equal(1.0, (double)r["visiblePassRate"]!));
        Assert.All(rows, r => Assert.Equal(1, (int)r["gradingRuns"]!));
        Assert.All(onePass, r => Assert.Equal("draft -> run-tests -> repair", (string?)r["workflow"]));
        Assert.All(onePass, r => Assert.Equal("one-pass", (string?)r["composer"]));

        // The search modes were prompted with the one-pass template.
        Assert.Contains(prompts, p => p.Capability == "meta-agent" && p.Prompt.Contains("## What worked before", StringComparison.Ordinal) && p.Prompt.Contains("validation task", StringComparison.Ordinal));
    }

    public void Dispose() => _out.Delete(recursive: true);

    private static string Task(int i)
    {
        var prompt = "using System;\nusing System.Diagnostics;\nusing System.Collections.Generic;\nusing System.Linq;\nclass Problem {\n"
            + "    // Return the sum of a and b.\n    // >>> Add((1L), (2L))\n    // (3L)\n    public static long Add(long a, long b) {\n";
        var tests = "    }\n    public static void Main(string[] args) {\n"
            + $"    // {Marker}\n"
            + $"    Debug.Assert(Add((-4L), (4L)) == (0L) && \"{Marker}\".Length > 0);\n"
            + "    Debug.Assert(Add((0L), (0L)) == (0L));\n    }\n\n}\n";
        return new JsonObject { ["name"] = $"Hidden_{i}_add", ["language"] = "cs", ["prompt"] = prompt, ["tests"] = tests }.ToJsonString();
    }
}
