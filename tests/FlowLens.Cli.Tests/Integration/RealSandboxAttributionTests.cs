using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using FlowLens.Sandbox;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>
/// Core with the real sandbox on the bundled sample: a scripted model drafts a buggy run-length encoder (it writes
/// "a1" for single characters) and repairs it correctly. The sample's xunit tests and the comment's example decide
/// the scores, so the attribution below is what the real compiler and test runs say.
/// </summary>
public sealed class RealSandboxAttributionTests : IDisposable
{
    private const string Buggy = """
        ```csharp
        {
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                var j = i;
                while (j < text.Length && text[j] == text[i]) j++;
                sb.Append(text[i]).Append(j - i);
                i = j;
            }
            return sb.ToString();
        }
        ```
        """;

    private const string Fixed = """
        ```csharp
        {
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                var j = i;
                while (j < text.Length && text[j] == text[i]) j++;
                sb.Append(text[i]);
                if (j - i > 1) sb.Append(j - i);
                i = j;
            }
            return sb.ToString();
        }
        ```
        """;

    private readonly DirectoryInfo _workspace = Directory.CreateTempSubdirectory("flowlens-real-sandbox");

    [Fact]
    public async Task Repair_that_fixes_the_draft_is_credited_with_the_tests_it_turned_green()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(FlowLensProcess.RepoRoot, "samples", "compress"), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(_workspace.FullName, Path.GetRelativePath(Path.Combine(FlowLensProcess.RepoRoot, "samples", "compress"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var path = Path.Combine(_workspace.FullName, "src", "TextTools", "RunLength.cs");
        var source = await File.ReadAllTextAsync(path);
        var target = new TaskTarget(path, source, TaskLocator.Find(source).Single(), new TaskTests.Workspace(_workspace.FullName));
        var library = CapabilityLibrary.Load(Path.Combine(FlowLensProcess.RepoRoot, "prompts", "capabilities"));
        var model = new ScriptedModel(new()
        {
            ["meta-agent"] = """{"steps":[{"id":"draft","n":1,"temperature":0.2},{"id":"repair","rounds":1}]}""",
            ["draft"] = Buggy,
            ["repair"] = Fixed,
        });
        using var pool = new SandboxPool(SandboxOptions.Default with { PoolSize = 1 });
        var priors = PriorStore.InMemory();
        var replay = ReplayBuffer.InMemory();
        await using var engine = new WorkflowEngine(
            library,
            new MetaAgentComposer(model, library, await File.ReadAllTextAsync(Path.Combine(FlowLensProcess.RepoRoot, "prompts", "meta-agent.md")), priors, replay, ComposerOptions.Default),
            model,
            "scripted",
            new SandboxCandidateEvaluator(pool),
            priors,
            replay,
            new StepCache(),
            new GeneratorStatus(true, "scripted", "test", "cpu", false),
            new WorkflowEngineOptions(),
            TimeProvider.System);

        var run = await engine.GenerateAsync(target, null, CancellationToken.None);

        Assert.Equal("draft -> run-tests -> repair", string.Join(" -> ", run.Steps.Select(s => s.Label)));
        Assert.True(run.FinalReport!.Compiled, string.Join("\n", run.FinalReport.Diagnostics));
        Assert.Equal(6, run.FinalReport.Total);
        Assert.Equal(6, run.FinalReport.Passed);

        // The buggy draft passes the empty, "z12" and "a2b2a2" cases: 3 of 6, and repair, reading run-tests' failures,
        // the other 3. Shapley values (the default) give the draft its 0.50 and split the other 0.50 among the three
        // links that were all needed for it; they add up to the score.
        Assert.Equal(["draft +0.67", "run-tests +0.17", "repair +0.17"], run.Contributions.Select(c => c.Label));
        Assert.Equal(1.0, run.Contributions.Sum(c => c.Delta), 5);
        Assert.Equal(3, run.Contributions.Single(c => c.CapabilityId == "repair").ReportWithout!.Passed);
        Assert.Equal("draft -> run-tests -> repair  |  6/6 tests", run.Summary[..run.Summary.LastIndexOf("  |", StringComparison.Ordinal)]);
    }

    public void Dispose() => _workspace.Delete(recursive: true);
}
