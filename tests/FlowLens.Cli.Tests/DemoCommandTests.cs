using System.Text.Json;

namespace FlowLens.Cli.Tests;

/// <summary>The vertical slice through every layer: tiny GGUF model, llama.cpp, one-pass composition, sandbox, attribution.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-cli-cache");

    [Fact]
    public async Task Demo_json_reports_workflow_tests_and_attribution_and_says_the_model_is_meaningless()
    {
        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "demo", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("model").GetProperty("synthetic").GetBoolean());
        Assert.Contains("meaningless", root.GetProperty("notice").GetString(), StringComparison.Ordinal);
        Assert.Equal("one-pass", root.GetProperty("composition").GetProperty("composer").GetString()?.Split(' ')[0]);
        Assert.True(root.GetProperty("composition").GetProperty("outputTokens").GetInt64() > 0);

        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.NotEmpty(steps);
        Assert.Contains(steps, s => s.GetProperty("capability").GetString() == "draft");

        // Every capability in the workflow gets a contribution.
        var capabilities = steps.Select(s => s.GetProperty("capability").GetString()).Distinct().Order(StringComparer.Ordinal);
        var attributed = root.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("capability").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(capabilities, attributed);

        // The sample's 5 xunit test cases and the comment's example are what the final code is scored on.
        var tests = root.GetProperty("tests");
        Assert.Equal(6, tests.GetProperty("total").GetInt32());

        // Both stages are timed: the tested code came before attribution finished.
        var timings = root.GetProperty("timings");
        Assert.True(timings.GetProperty("resultMs").GetDouble() > 0);
        Assert.True(timings.GetProperty("resultMs").GetDouble() <= timings.GetProperty("totalMs").GetDouble());
        Assert.True(timings.GetProperty("attributeMs").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(_cache.FullName, "flowlens", "models", "flowlens-tiny.gguf")));
    }

    [Fact]
    public async Task Run_prints_a_readable_report_for_the_task_at_a_line()
    {
        var workspace = CopySample();
        var file = Path.Combine(workspace, "src", "TextTools", "RunLength.cs");

        var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "run", $"{file}:5", "--composer", "prior-only", "--attribution", "off");

        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        Assert.Contains("Composed by prior-only", stdout, StringComparison.Ordinal);
        Assert.Contains("Workflow:", stdout, StringComparison.Ordinal);
        Assert.Contains("tiny random-weight test model", stdout, StringComparison.Ordinal);
        Assert.Contains("Summary:", stdout, StringComparison.Ordinal);

        // The code comes first, then the attribution table.
        var code = stdout.IndexOf("Final code:", StringComparison.Ordinal);
        var attribution = stdout.IndexOf("Counterfactual attribution", StringComparison.Ordinal);
        Assert.True(code >= 0 && attribution > code, stdout);
    }

    [Theory]
    [InlineData("missing.cs:3", "no such file")]
    [InlineData("{sample}:1", "no task at")]
    [InlineData("{sample}", "expected FILE.cs:LINE")]
    [InlineData("{sample}:0", "expected FILE.cs:LINE")]
    public async Task Bad_locations_get_a_clear_error_and_exit_3(string location, string message)
    {
        var sample = Path.Combine(CopySample(), "src", "TextTools", "RunLength.cs");

        var (exit, _, stderr) = await FlowLensProcess.RunAsync(_cache.FullName, "run", location.Replace("{sample}", sample, StringComparison.Ordinal));

        Assert.True(exit == 3, $"exit {exit}: {stderr}");
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    private string CopySample()
    {
        var from = Path.Combine(FlowLensProcess.RepoRoot, "samples", "compress");
        var to = Path.Combine(_cache.FullName, "workspace-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        Directory.CreateDirectory(Path.Combine(to, ".flowlens"));
        return to;
    }

    public void Dispose() => _cache.Delete(recursive: true);
}
