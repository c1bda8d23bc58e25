using System.Text.Json;

namespace FlowLens.Cli.Tests.Bench;

/// <summary><c>flowlens bench run</c> on our own suite format: a folder per task (a C# file with a TASK comment and a tests file).</summary>
public sealed class BenchFolderSuiteTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-bench-cache");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-out");

    [Fact]
    public async Task Reads_a_suite_of_task_folders()
    {
        var suite = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "search", "folder-suite");
        var output = Path.Combine(_out.FullName, "folders");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "bench", "run", "--suite", suite, "--modes", "direct", "--out", output, "--max-output-tokens", "32");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        var split = report.RootElement.GetProperty("split");
        var names = split.GetProperty("validation").EnumerateArray().Concat(split.GetProperty("test").EnumerateArray()).Select(t => t.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["add", "negate"], names);
        var direct = report.RootElement.GetProperty("modes")[0];
        Assert.Equal(1, direct.GetProperty("tasks").GetInt32());
        Assert.Equal(0, direct.GetProperty("errors").GetInt32());
        Assert.True(direct.GetProperty("totals").GetProperty("sandboxRuns").GetInt64() > 0);
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _out.Delete(recursive: true);
    }
}
