using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests;

/// <summary>
/// <c>flowlens run --seed 7</c> in two processes on two copies of the sample (so neither sees the other's learned
/// state or step cache) with the tiny random model: the composition, every step and the code are the same.
/// </summary>
public sealed class RunSeedTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-seed-cache");
    private readonly DirectoryInfo _copies = Directory.CreateTempSubdirectory("flowlens-seed-copies");

    [Fact]
    public async Task The_same_seed_reproduces_a_run_in_another_process()
    {
        var runs = new List<JsonObject>();
        foreach (var copy in new[] { "a", "b" })
        {
            var root = Path.Combine(_copies.FullName, copy);
            var sample = Path.Combine(FlowLensProcess.RepoRoot, "samples", "compress");
            foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.flowlens{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var destination = Path.Combine(root, Path.GetRelativePath(sample, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            var (exit, stdout, stderr) = await FlowLensProcess.RunAsync(Path.Combine(_cache.FullName, copy), "run", Path.Combine(root, "src", "TextTools", "RunLength.cs") + ":5", "--seed", "7", "--attribution", "off", "--json");

            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            runs.Add(JsonNode.Parse(stdout)!.AsObject());
        }

        var (first, second) = (runs[0], runs[1]);
        Assert.Equal(first["workflow"]!.ToJsonString(), second["workflow"]!.ToJsonString());
        Assert.Equal(first["composition"]!["weights"]!.ToJsonString(), second["composition"]!["weights"]!.ToJsonString());
        Assert.Equal(first["composition"]!["outputTokens"]!.ToJsonString(), second["composition"]!["outputTokens"]!.ToJsonString());
        Assert.Equal(
            first["steps"]!.AsArray().Select(s => s!["label"]!.ToJsonString() + s["tokens"]!.ToJsonString() + s["outcome"]!.ToJsonString()),
            second["steps"]!.AsArray().Select(s => s!["label"]!.ToJsonString() + s["tokens"]!.ToJsonString() + s["outcome"]!.ToJsonString()));
        Assert.Equal((string?)first["finalCode"], (string?)second["finalCode"]);
        Assert.NotEmpty(first["steps"]!.AsArray());
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _copies.Delete(recursive: true);
    }
}
