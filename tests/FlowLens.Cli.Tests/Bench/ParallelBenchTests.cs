using System.Text.Json;
using FlowLens.Inference;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// <c>--parallel</c> against a slow scripted OpenAI-compatible server keeps that many requests in flight (so a serving
/// engine can batch them), and the backend's gate bounds them.
/// </summary>
public sealed class ParallelBenchTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-bench-cache");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-parallel");

    [Fact]
    public async Task Parallel_4_keeps_4_requests_in_flight_against_a_slow_server()
    {
        using var server = new SlowOpenAIServer(TimeSpan.FromSeconds(2), "```csharp\n{ throw new NotImplementedException(); }\n```");
        var suite = Path.Combine(FlowLensProcess.RepoRoot, "..", "shared", "suites", "humaneval-cs", "humaneval-cs-reworded.jsonl");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(
            _cache.FullName,
            "bench", "run", "--suite", suite, "--limit", "6", "--modes", "direct", "--out", _out.FullName,
            "--backend", "openai", "--openai-url", server.BaseUrl, "--openai-model", "scripted-coder", "--parallel", "4");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(4, server.PeakInFlight);
        Assert.Equal(5, server.Requests);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.json")));
        var throughput = report.RootElement.GetProperty("throughput");
        Assert.Equal(4, throughput.GetProperty("parallel").GetInt32());
        Assert.Equal(4, throughput.GetProperty("peakInFlightRequests").GetInt32());
        Assert.Equal(5 * 60, throughput.GetProperty("tokens").GetInt64());
        Assert.True(throughput.GetProperty("tokensPerSecond").GetDouble() > 0);
        var settings = report.RootElement.GetProperty("settings");
        Assert.Equal("openai", settings.GetProperty("backend").GetString());
        Assert.Equal(server.BaseUrl, settings.GetProperty("server").GetString()!.TrimEnd('/'));
        Assert.Contains("tokens/s", await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gate_holds_callers_past_its_limit()
    {
        using var slow = new SlowChatClient(TimeSpan.FromMilliseconds(200));
        using var gate = new RequestGate(slow, 3);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => gate.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")])));

        Assert.Equal(3, slow.PeakInFlight);
        Assert.Equal(3, gate.PeakInFlight);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _out.Delete(recursive: true);
    }
}
