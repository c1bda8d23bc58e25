using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class LensTrackingTests
{
    private static async Task<ServerHarness> GeneratedAsync()
    {
        var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);
        var (_, response) = await harness.StartGenerateAsync(line: 5);
        ServerHarness.Result(await response);
        return harness;
    }

    [Fact]
    public async Task Lenses_move_with_lines_inserted_above_the_task()
    {
        await using var harness = await GeneratedAsync();

        await harness.ChangeAsync(2, 1, 0, 1, 0, "using System;\n\n\n");

        Assert.Equal(
            [
                "7: draft x3 -> run-tests -> repair -> vote  |  5/5 tests  |  2.1 s -> flowlens.showWorkflowGraph",
                "7: repair +0.40 -> flowlens.showCapabilityDetails",
                "7: vote +0.00 (no effect) -> flowlens.showCapabilityDetails",
                "14: Generate workflow -> flowlens.server.generate",
            ],
            await harness.LensTitlesAsync());
    }

    [Fact]
    public async Task Changing_the_task_comment_drops_its_results()
    {
        await using var harness = await GeneratedAsync();

        // "sum" -> "total": a different task now.
        await harness.ChangeAsync(2, 4, 29, 4, 32, "total");

        Assert.Equal(
            ["4: Generate workflow -> flowlens.server.generate", "11: Generate workflow -> flowlens.server.generate"],
            await harness.LensTitlesAsync());

        // Dropped, not hidden: restoring the text does not bring the old result back.
        await harness.ChangeAsync(3, 4, 29, 4, 34, "sum");
        Assert.Equal(
            ["4: Generate workflow -> flowlens.server.generate", "11: Generate workflow -> flowlens.server.generate"],
            await harness.LensTitlesAsync());
    }

    [Fact]
    public async Task Editing_the_method_body_keeps_the_results()
    {
        await using var harness = await GeneratedAsync();

        await harness.ChangeAsync(2, 8, 8, 8, 8, "// still thinking\n        ");

        var titles = await harness.LensTitlesAsync();
        Assert.Contains("4: repair +0.40 -> flowlens.showCapabilityDetails", titles);
    }

    [Fact]
    public async Task Capability_details_render_prompt_output_and_tests_with_and_without()
    {
        await using var harness = await GeneratedAsync();

        var response = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.capabilityDetails",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4, ["capability"] = "repair" }),
        });

        var details = ServerHarness.Result(response);
        Assert.Equal("repair: Add", (string)details["title"]!);
        Snapshot.Match("capability-details-repair.md", (string)details["markdown"]!);
    }

    [Fact]
    public async Task Capability_lens_arguments_point_at_the_task_and_capability()
    {
        await using var harness = await GeneratedAsync();

        var lenses = await harness.CodeLensAsync();
        var capability = lenses.Select(l => l!.AsObject()).Single(l => (string?)l["data"]?["capability"] == "vote");
        var resolved = ServerHarness.Result(await harness.Client.RequestAsync("codeLens/resolve", capability));

        Assert.Equal("flowlens.showCapabilityDetails", (string)resolved["command"]!["command"]!);
        Assert.Equal(
            new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4, ["capability"] = "vote" }.ToJsonString(),
            resolved["command"]!["arguments"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task Closed_documents_have_no_lenses()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);
        await harness.Client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri } });

        Assert.Empty(await harness.CodeLensAsync());
    }
}
