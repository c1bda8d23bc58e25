using System.Text.Json;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// <c>flowlens bench run</c> end to end on a three-task MultiPL-E-format fixture with the tiny random model: the
/// report files are written, and a rerun finds every (mode, task) in results.jsonl and does no new work.
/// </summary>
public sealed class BenchRunCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-bench-cache");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-out");

    [Fact]
    public async Task Writes_the_three_report_files_and_a_rerun_does_no_new_work()
    {
        var suite = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "search", "tiny-suite.jsonl");
        string[] args = ["bench", "run", "--suite", suite, "--modes", "prior-only,one-pass", "--out", _out.FullName, "--limit", "3", "--seed", "1", "--max-output-tokens", "32"];

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, args);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        foreach (var file in new[] { "report.json", "report.md", "report.svg", "results.jsonl" })
        {
            Assert.True(File.Exists(Path.Combine(_out.FullName, file)), file + " is missing");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.json")));
        var root = report.RootElement;
        Assert.Equal(1, root.GetProperty("split").GetProperty("validation").GetArrayLength());
        Assert.Equal(2, root.GetProperty("split").GetProperty("test").GetArrayLength());
        var modes = root.GetProperty("modes").EnumerateArray().ToDictionary(m => m.GetProperty("mode").GetString()!);
        Assert.Equal(["one-pass", "prior-only"], modes.Keys.Order(StringComparer.Ordinal));
        Assert.All(modes.Values, m => Assert.Equal(2, m.GetProperty("tasks").GetInt32()));
        Assert.True(modes["one-pass"].GetProperty("totals").GetProperty("metaAgentTokens").GetInt64() > 0, "one-pass must account its meta-agent tokens");
        Assert.Equal(0, modes["prior-only"].GetProperty("totals").GetProperty("metaAgentTokens").GetInt64());
        Assert.All(modes.Values, m => Assert.True(m.GetProperty("totals").GetProperty("sandboxRuns").GetInt64() > 0));
        Assert.Equal(4, root.GetProperty("freshUnits").GetInt32());

        var markdown = await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.md"));
        Assert.Contains("| one-pass |", markdown, StringComparison.Ordinal);
        Assert.Contains(".Equals", markdown, StringComparison.Ordinal);
        Assert.Contains("validation", markdown, StringComparison.Ordinal);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.svg")), StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_out.FullName, "results.jsonl"));
        Assert.Equal(4, lines.Length);

        // Resume: everything is already there.
        var (exit2, stdout2, stderr2) = await FlowLensProcess.RunAsync(_cache.FullName, args);

        Assert.True(exit2 == 0, $"exit {exit2}\n{stdout2}\n{stderr2}");
        Assert.Equal(4, (await File.ReadAllLinesAsync(Path.Combine(_out.FullName, "results.jsonl"))).Length);
        using var again = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "report.json")));
        Assert.Equal(0, again.RootElement.GetProperty("freshUnits").GetInt32());
        Assert.Contains("0 new result(s)", stdout2, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _out.Delete(recursive: true);
    }
}
