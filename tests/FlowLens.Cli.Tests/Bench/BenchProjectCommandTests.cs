using System.Text.Json;

namespace FlowLens.Cli.Tests.Bench;

/// <summary><c>flowlens bench project</c> end to end: a generated NUnit project loaded once, its selected tests run per candidate.</summary>
public sealed class BenchProjectCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-cli-cache");

    [Fact]
    public async Task Times_candidates_on_the_selected_tests_only_and_reports_every_figure_as_json()
    {
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "bench", "project", "--tests", "7", "--candidates", "2", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;

        // Seven tests call Add; the five tests of Negate are left out by reference selection.
        Assert.Equal(7, root.GetProperty("selectedTests").GetInt32());
        Assert.Equal("Add", root.GetProperty("method").GetString());
        Assert.Matches("^NUnit 4", root.GetProperty("runner").GetString());
        Assert.Equal(2, root.GetProperty("candidates").GetInt32());
        foreach (var figure in new[] { "loadMs", "coldMs", "warmMedianMs", "warmP90Ms", "warmMaxMs", "secondRunFirstMs" })
        {
            Assert.True(root.GetProperty(figure).GetDouble() > 0, figure);
        }

        Assert.True(root.GetProperty("warmMedianMs").GetDouble() <= root.GetProperty("warmP90Ms").GetDouble());
        Assert.Equal(1000, root.GetProperty("goalMs").GetDouble());
    }

    [Fact]
    public async Task More_than_fifty_tests_is_a_usage_error()
    {
        var (exit, _, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "bench", "project", "--tests", "51");

        Assert.Equal(3, exit);
        Assert.Contains("--tests between 1 and 50", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _cache.Delete(recursive: true);
}
