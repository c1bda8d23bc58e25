using System.Text.Json;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// Every HumanEval-C# problem, with a stub for its body, through the product path (<see cref="TaskTests.Program"/>):
/// none may pass (a pass would mean the harness passes vacuously), all must complete, and no worker may leak.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class HumanEvalStubTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("{\n        throw new NotImplementedException();\n    }")]
    [InlineData("{\n        return default;\n    }")]
    public async Task No_stub_passes_any_problem(string stub)
    {
        var problems = (await File.ReadAllLinesAsync(Paths.HumanEval)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(158, problems.Count);

        var reports = await Task.WhenAll(problems.Select(p => Evaluate(p, stub)));

        var passing = reports.Where(r => r.Report.Tests.Count > 0 && r.Report.Tests.All(t => t.Outcome == TestOutcome.Passed)).Select(r => r.Name).ToList();
        Assert.Empty(passing);
        Assert.All(reports, r => Assert.Null(r.Report.Crash));
        Assert.All(reports, r => Assert.Empty(r.Report.Rejected));
        Assert.All(reports, r => Assert.NotEmpty(r.Report.Tests));
        Assert.True(sandbox.Pool.WorkerProcessIds.Count <= SandboxFixture.Options.PoolSize + 1, "more workers than the pool size plus the spare");
    }

    private async Task<(string Name, EvaluationReport Report)> Evaluate(JsonElement problem, string stub)
    {
        var name = problem.GetProperty("name").GetString()!;
        var prompt = problem.GetProperty("prompt").GetString()!;
        var tests = problem.GetProperty("tests").GetString()!;

        // MultiPL-E's tests start by closing the method; the candidate body brings its own closing brace.
        var rest = tests[(tests.IndexOf('}', StringComparison.Ordinal) + 1)..];
        var braceAt = prompt.LastIndexOf('{');
        var source = prompt[..braceAt] + "{\n    }\n" + rest;
        var site = Site(source, braceAt);
        var target = new TaskTarget($"/virtual/{name}.cs", source, site, new TaskTests.Program(rest));
        var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, stub), CancellationToken.None);
        return (name, report);
    }

    private static TaskSite Site(string source, int bodyStart)
    {
        var lines = Microsoft.CodeAnalysis.Text.SourceText.From(source).Lines;
        var start = lines.GetLinePosition(bodyStart);
        var end = lines.GetLinePosition(source.IndexOf('}', bodyStart) + 1);
        var range = new TextRange(new TextPosition(start.Line, start.Character), new TextPosition(end.Line, end.Character));
        return new TaskSite(range, string.Empty, "F", "public static object F()", range, range, []);
    }
}
