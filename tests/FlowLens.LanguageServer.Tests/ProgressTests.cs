using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class ProgressTests
{
    [Fact]
    public async Task A_work_done_token_from_the_client_is_used_without_creating_one()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var response = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.generate",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4 }),
            ["workDoneToken"] = "client-token-1",
        });

        ServerHarness.Result(response);
        Assert.Empty(harness.Client.All("window/workDoneProgress/create"));
        var kinds = harness.Client.All("$/progress").Where(p => (string?)p["params"]!["token"] == "client-token-1").Select(p => (string)p["params"]!["value"]!["kind"]!).ToList();
        Assert.Equal(["begin", "report", "report", "report", "report", "report", "report", "report", "end"], kinds);
    }

    [Fact]
    public async Task A_refused_progress_token_does_not_stop_the_generation()
    {
        var harness = ServerHarness.Start();
        await using var owner = harness;
        harness.Client.Responder = (method, parameters) =>
            method == "window/workDoneProgress/create" ? throw new InvalidOperationException("no progress here") : RawLspClient.DefaultResponder(method, parameters);
        await harness.InitializeAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var (_, response) = await harness.StartGenerateAsync(line: 4);

        Assert.True((bool)ServerHarness.Result(await response)["applied"]!);
        Assert.Empty(harness.Client.All("$/progress"));
    }

    [Fact]
    public async Task Without_client_progress_support_nothing_is_created_or_reported()
    {
        var capabilities = ServerHarness.VsCodeCapabilities();
        capabilities.Remove("window");
        await using var harness = await ServerHarness.StartInitializedAsync(capabilities: capabilities);
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var (_, response) = await harness.StartGenerateAsync(line: 4);

        ServerHarness.Result(await response);
        Assert.Empty(harness.Client.All("window/workDoneProgress/create"));
        Assert.Empty(harness.Client.All("$/progress"));
    }
}
