using System.Diagnostics;
using System.Text.Json;

namespace FlowLens.Inference.Tests;

/// <summary>
/// Offline proof: the CLI loads a local model and generates schema-constrained JSON inside a network namespace that
/// has no network at all (<c>unshare -n</c>: only a downed loopback). On Linux as root the namespace is required
/// and a missing or failing <c>unshare</c> fails the test; elsewhere the same generation runs without one.
/// </summary>
[Collection(LlamaCollection.Name)]
public sealed class OfflineGenerationTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task Cli_generation_with_a_json_schema_succeeds_without_any_network()
    {
        var isolate = OperatingSystem.IsLinux() && IsRoot();
        var schemaPath = Path.Combine(fixture.Directory, "offline-schema.json");
        await File.WriteAllTextAsync(schemaPath, GrammarPropertyTests.SelectionLikeSchema);
        var cli = CliPath();
        // Located by path rather than referenced, so this project does not build (and break with) every CLI dependency;
        // test.sh builds the whole solution first.
        Assert.True(File.Exists(cli), $"flowlens.dll not found at {cli}: build the CLI in the same configuration first (dotnet build server/FlowLens.Cli -c {Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(cli)))}).");

        // An empty cache directory: nothing may be fetched, only the explicit --model file is used.
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(fixture.Directory, "offline-cache") };
        string[] generate = ["dotnet", cli, "generate", "--model", fixture.ModelPath, "--prompt", "Select capabilities as JSON:", "--json-schema", schemaPath, "--seed", "5", "--temperature", "1", "--max-tokens", "200", "--json"];
        string stdout;
        if (isolate)
        {
            // First prove the namespace really has no network: /proc/net follows the caller's namespace, and there
            // the only interface is loopback and there is no IPv4 route at all.
            var (probeCode, probe, probeError) = await RunAsync(["unshare", "-n", "sh", "-c", "cat /proc/net/dev; echo ROUTES; cat /proc/net/route"], environment);
            Assert.True(probeCode == 0, $"`unshare -n` is required for the offline proof on Linux as root but failed (exit {probeCode}): {probeError}");
            var (devices, routes) = (probe[..probe.IndexOf("ROUTES", StringComparison.Ordinal)], probe[(probe.IndexOf("ROUTES", StringComparison.Ordinal) + 6)..]);
            var interfaces = devices.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()).ToArray();
            Assert.Equal(["lo"], interfaces);
            Assert.All(routes.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("Iface", l, StringComparison.Ordinal)); // at most the header

            var (code, output, error) = await RunAsync(["unshare", "-n", .. generate], environment);
            Assert.True(code == 0, $"offline generation failed (exit {code}): {error}\n{output}");
            stdout = output;
        }
        else
        {
            // Today's behaviour without the privilege to isolate: the same local generation succeeds.
            var (code, output, error) = await RunAsync(generate, environment);
            Assert.True(code == 0, $"generation failed (exit {code}): {error}\n{output}");
            stdout = output;
        }

        using var result = JsonDocument.Parse(stdout);
        Assert.Equal("EndOfGeneration", result.RootElement.GetProperty("finishReason").GetString());
        using var selection = JsonDocument.Parse(result.RootElement.GetProperty("text").GetString()!);
        Assert.Equal(["tone", "depth", "focus"], selection.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.InRange(selection.RootElement.GetProperty("tone").GetProperty("temperature").GetDouble(), 0, 1.5);
        Assert.InRange(selection.RootElement.GetProperty("depth").GetProperty("bias").GetDouble(), -0.5, 0.25);
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } line
        && line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";

    /// <summary>server/FlowLens.Cli/bin/&lt;this test assembly's configuration&gt;/net10.0/flowlens.dll.</summary>
    private static string CliPath()
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd('/');
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory))!;
        var framework = Path.GetFileName(baseDirectory);
        var root = new DirectoryInfo(baseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Extension.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return Path.Combine(root.FullName, "server", "FlowLens.Cli", "bin", configuration, framework, "flowlens.dll");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] command, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"could not start {command[0]}: {e.Message}");
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-2, "", $"{command[0]} timed out after 60 s");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
