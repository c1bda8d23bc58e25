using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

/// <summary>
/// The real <c>flowlens lsp</c> process over real stdio, as VS Code starts it: the composition root's wiring,
/// stdout carrying only protocol, and the process ending on exit or when stdin closes.
/// </summary>
public sealed class ProcessTests
{
    private static string CliDll
    {
        get
        {
            // Same configuration as this test assembly (bin/<Configuration>/net10.0/).
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));
            return Path.Combine(RepoPaths.Root, "server", "FlowLens.Cli", "bin", configuration!, "net10.0", "flowlens.dll");
        }
    }

    private static Process StartServer(string cacheHome)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(CliDll);
        start.ArgumentList.Add("lsp");
        start.ArgumentList.Add("--stdio");
        start.Environment["XDG_CACHE_HOME"] = cacheHome;
        start.Environment.Remove("FLOWLENS_MODEL");
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Flowlens_lsp_serves_lenses_over_stdio_and_exits_zero_after_shutdown()
    {
        var cache = Directory.CreateTempSubdirectory("flowlens-lsp-test");
        using var process = StartServer(cache.FullName);
        var stderr = process.StandardError.ReadToEndAsync();
        await using var client = new RawLspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
        try
        {
            var initialize = await client.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = ServerHarness.RootUri,
                ["capabilities"] = new JsonObject(),
            }, TimeSpan.FromSeconds(60));
            Assert.True((bool)ServerHarness.Result(initialize)["capabilities"]!["codeLensProvider"]!["resolveProvider"]!);

            await client.NotifyAsync("initialized", new JsonObject());
            await client.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = ServerHarness.CalculatorText },
            });
            var lenses = ServerHarness.Result(await client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri } }, TimeSpan.FromSeconds(60))).AsArray();
            Assert.Equal(["Generate workflow", "Generate workflow", "Run its tests", "Run its tests"], lenses.Select(l => (string)l!["command"]!["title"]!));

            ServerHarness.Result(await client.RequestAsync("shutdown", null, TimeSpan.FromSeconds(30)));
            await client.NotifyAsync("exit", null);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr:\n{await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Flowlens_lsp_exits_when_stdin_closes_without_shutdown()
    {
        var cache = Directory.CreateTempSubdirectory("flowlens-lsp-test");
        using var process = StartServer(cache.FullName);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await using (var client = new RawLspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream))
            {
                ServerHarness.Result(await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() }, TimeSpan.FromSeconds(60)));
                await client.NotifyAsync("initialized", new JsonObject());
                await client.CloseInputAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("connection closed without exit", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            cache.Delete(recursive: true);
        }
    }
}
