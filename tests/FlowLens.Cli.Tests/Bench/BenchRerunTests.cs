using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>
/// <c>flowlens bench run</c> in separate processes with the tiny random model: the same <c>--seed</c> reproduces every
/// row exactly (selection, code, tokens), a rerun into the same <c>--out</c> with another seed refuses and says why,
/// and <c>--fresh</c> starts afresh.
/// </summary>
public sealed class BenchRerunTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-bench-cache");
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("flowlens-bench-rerun");

    [Fact]
    public async Task Same_seed_reproduces_across_processes_and_other_settings_refuse_the_same_out()
    {
        var suite = Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "search", "tiny-suite.jsonl");
        string[] Args(string output, int seed, params string[] more) =>
            ["bench", "run", "--suite", suite, "--modes", "one-pass,self-consistency", "--out", output, "--limit", "3", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-output-tokens", "24", "--meta-max-output-tokens", "256", "--attribution", "off", .. more];
        var first = Path.Combine(_out.FullName, "first");
        var second = Path.Combine(_out.FullName, "second");

        var a = await FlowLensProcess.RunAsync(_cache.FullName, Args(first, 7));
        var b = await FlowLensProcess.RunAsync(_cache.FullName, Args(second, 7));

        Assert.True(a.ExitCode == 0, $"{a.Stdout}\n{a.Stderr}");
        Assert.True(b.ExitCode == 0, $"{b.Stdout}\n{b.Stderr}");
        var rowsA = await Rows(first);
        var rowsB = await Rows(second);
        Assert.Equal(4, rowsA.Count);
        foreach (var (x, y) in rowsA.Zip(rowsB))
        {
            foreach (var field in new[] { "mode", "task", "composer", "selection", "workflow", "codeHash", "metaAgentTokens", "workerTokens", "modelCalls", "passRate", "visiblePassRate" })
            {
                Assert.Equal(x[field]?.ToJsonString(), y[field]?.ToJsonString());
            }
        }

        Assert.All(rowsA, r => Assert.NotNull((string?)r["codeHash"]));
        var settings = rowsA[0]["settings"]!.AsObject();
        Assert.Equal(7, (int)settings["seed"]!);
        Assert.Equal("local", (string?)settings["backend"]);
        Assert.StartsWith("sha256:", (string?)settings["modelHash"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)settings["version"]));

        // Another seed into the same folder: refused, nothing written.
        var refused = await FlowLensProcess.RunAsync(_cache.FullName, Args(second, 8));

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("seed: 7 -> 8", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--fresh", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, (await Rows(second)).Count);

        // --fresh discards the old rows and starts again.
        var afresh = await FlowLensProcess.RunAsync(_cache.FullName, Args(second, 8, "--fresh"));

        Assert.True(afresh.ExitCode == 0, $"{afresh.Stdout}\n{afresh.Stderr}");
        var rows = await Rows(second);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(8, (int)r["settings"]!["seed"]!));
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _out.Delete(recursive: true);
    }

    private static async Task<List<JsonObject>> Rows(string output) =>
        (await File.ReadAllLinesAsync(Path.Combine(output, "results.jsonl")))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(o => (string?)o["kind"] == "task")
            .OrderBy(o => (string?)o["mode"], StringComparer.Ordinal).ThenBy(o => (string?)o["task"], StringComparer.Ordinal)
            .ToList();
}
