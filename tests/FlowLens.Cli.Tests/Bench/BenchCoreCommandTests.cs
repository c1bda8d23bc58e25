using System.Text.Json;

namespace FlowLens.Cli.Tests.Bench;

/// <summary><c>flowlens bench core --json</c> end to end on the bundled sample with the tiny random model.</summary>
public sealed class BenchCoreCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-cli-cache");

    [Fact]
    public async Task Reports_every_figure_as_json_and_the_short_selection_stays_within_a_hundred_output_tokens()
    {
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "bench", "core", "--runs", "1", "--attribution", "leave-one-out", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("runs").GetInt32());
        var workflow = Assert.Single(root.GetProperty("workflows").EnumerateArray().ToList()).GetString();
        Assert.Contains("draft", workflow, StringComparison.Ordinal);
        foreach (var figure in new[] { "compositionMs", "compositionPromptTokens", "compositionOutputTokens", "workflowSteps", "modelCalls", "totalMs" })
        {
            var value = root.GetProperty(figure);
            Assert.True(value.GetProperty("median").GetDouble() > 0, figure);
            Assert.Equal(value.GetProperty("min").GetDouble(), value.GetProperty("max").GetDouble());
        }

        // The random model's answer is bound only by the selection's grammar (k = 4 items), so this holds the form short.
        Assert.InRange(root.GetProperty("compositionOutputTokens").GetProperty("median").GetDouble(), 1, 100);
    }

    public void Dispose() => _cache.Delete(recursive: true);
}
