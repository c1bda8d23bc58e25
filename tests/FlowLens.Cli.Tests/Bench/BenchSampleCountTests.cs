using System.Text.Json;
using FlowLens.Cli.Tests.Loopback;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// <c>flowlens bench run</c> against an OpenAI-compatible server that honours <c>n</c>: self-consistency's samples
/// of each task are one request, the calls are still counted per sample, and the report gives the wall time and
/// tokens per second at the parallelism used.
/// </summary>
public sealed class BenchSampleCountTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-bench-cache");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-n");

    [Fact]
    public async Task Self_consistency_asks_for_its_samples_in_one_request_per_task()
    {
        var answer = new ScriptedAnswer("```csharp\n{ throw new NotImplementedException(); }\n```");
        await using var server = new ScriptedOpenAIServer(new ServerScript { Composition = new("{}"), OtherSteps = answer });
        var suite = Path.Combine(FlowLensProcess.RepoRoot, "..", "shared", "suites", "humaneval-cs", "humaneval-cs-reworded.jsonl");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(
            _cache.FullName,
            "bench", "run", "--suite", suite, "--limit", "4", "--modes", "self-consistency", "--out", _out.FullName,
            "--backend", "openai", "--openai-url", server.BaseUrl.ToString().TrimEnd('/'), "--openai-model", "scripted", "--parallel", "2");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.json")));
        var mode = report.RootElement.GetProperty("modes").EnumerateArray().Single(m => m.GetProperty("mode").GetString() == "self-consistency");
        var tasks = mode.GetProperty("tasks").GetInt32();
        Assert.True(tasks > 0);
        var drafts = server.Requests.Where(r => r.Kind == "draft").ToList();
        Assert.Equal(tasks, drafts.Count);
        Assert.All(drafts, r => Assert.Equal(3, r.Body!["n"]!.GetValue<int>()));
        Assert.Equal(3.0, mode.GetProperty("perTask").GetProperty("modelCalls").GetDouble(), 6);
        var throughput = report.RootElement.GetProperty("throughput");
        Assert.Equal(2, throughput.GetProperty("parallel").GetInt32());
        Assert.True(throughput.GetProperty("wallSeconds").GetDouble() > 0);
        Assert.True(throughput.GetProperty("tokensPerSecond").GetDouble() > 0);
        Assert.Contains("tokens/s", await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.md")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _out.Delete(recursive: true);
    }
}
