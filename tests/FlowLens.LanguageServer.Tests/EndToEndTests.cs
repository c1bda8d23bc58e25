using System.Text.Json.Nodes;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class EndToEndTests
{
    [Fact]
    public async Task Initialize_advertises_incremental_sync_resolvable_lenses_and_the_contract_commands()
    {
        await using var harness = ServerHarness.Start();
        var response = await harness.InitializeAsync();

        var capabilities = ServerHarness.Result(response)["capabilities"]!;
        Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
        Assert.True((bool)capabilities["textDocumentSync"]!["openClose"]!);
        Assert.True((bool)capabilities["codeLensProvider"]!["resolveProvider"]!);
        Assert.Equal(
            ["flowlens.server.generate", "flowlens.server.cancel", "flowlens.server.capabilityDetails", "flowlens.server.runTests"],
            capabilities["executeCommandProvider"]!["commands"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(0, await harness.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Full_session_generates_applies_the_body_and_shows_contributions()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);

        Assert.Equal(
            ["4: Generate workflow -> flowlens.server.generate", "11: Generate workflow -> flowlens.server.generate"],
            await harness.LensTitlesAsync());

        var (_, response) = await harness.StartGenerateAsync(line: 4);
        var result = ServerHarness.Result(await response);

        // Progress: created, then begin, reports with percentages and steps, end; in that order.
        var create = await harness.Client.WaitForAsync("window/workDoneProgress/create");
        var token = create["params"]!["token"]!.ToJsonString();
        var progress = harness.Client.All("$/progress").Where(p => p["params"]!["token"]!.ToJsonString() == token).Select(p => p["params"]!["value"]!).ToList();
        Assert.Equal("begin", (string)progress[0]["kind"]!);
        Assert.Equal("end", (string)progress[^1]["kind"]!);
        var reports = progress.Where(p => (string)p["kind"]! == "report").ToList();
        Assert.Equal(["draft x3", "run-tests", "repair", "vote", "code ready (5/5 tests); attributing (stage 2 of 2)", "attributing: without repair", "done"], reports.Select(r => (string)r["message"]!));
        Assert.Equal([10, 50, 80, 95, 95, 95, 100], reports.Select(r => (int)r["percentage"]!));

        // One edit replacing exactly the body of Add, on the document version the server saw; it passes every test, so no preview.
        var applyEdit = await harness.Client.WaitForAsync("workspace/applyEdit");
        var change = applyEdit["params"]!["edit"]!["documentChanges"]!.AsArray().Single()!;
        Assert.Equal(ServerHarness.Uri, (string)change["textDocument"]!["uri"]!);
        Assert.Equal(1, (int)change["textDocument"]!["version"]!);
        var edit = change["edits"]!.AsArray().Single()!;
        Assert.Equal(ServerHarness.Range(7, 4, 9, 5).ToJsonString(), edit["range"]!.ToJsonString());
        Assert.Equal(Fakes.SampleRuns.Body, (string)edit["newText"]!);
        var annotationId = (string)edit["annotationId"]!;
        Assert.False((bool)applyEdit["params"]!["edit"]!["changeAnnotations"]![annotationId]!["needsConfirmation"]!);

        Assert.Equal("run-Add", (string)result["runId"]!);
        Assert.True((bool)result["applied"]!);
        Assert.Equal(5, (int)result["passed"]!);
        Assert.Equal(5, (int)result["total"]!);
        Assert.Equal(["repair +0.40", "vote +0.00 (no effect)"], result["contributions"]!.AsArray().Select(c => (string)c!["label"]!));

        // The notice of a synthetic model is shown; the lenses are refreshed.
        await harness.Client.WaitForAsync("window/showMessage", m => ((string)m["params"]!["message"]!).Contains("random tiny model", StringComparison.Ordinal));
        await harness.Client.WaitForAsync("workspace/codeLens/refresh");

        // The generator saw the right target: the method, the file, the workspace's tests.
        var target = Assert.Single(harness.Factory.Latest.Targets);
        Assert.Equal("Add", target.Site.MethodName);
        Assert.Equal("/work/demo/src/Calculator.cs", target.FilePath);
        Assert.Equal(new TaskTests.Workspace("/work/demo"), target.Tests);

        Snapshot.Match("lenses-after-run.txt", string.Join('\n', await harness.LensTitlesAsync()) + "\n");

        var graph = ServerHarness.Result(await harness.Client.RequestAsync("flowlens/workflowGraph", new JsonObject { ["uri"] = ServerHarness.Uri }));
        Assert.StartsWith("flowchart LR", (string)graph["mermaid"]!, StringComparison.Ordinal);
        Assert.Equal(0.40, (double)graph["contributions"]!["s3"]!, 6);
        Assert.Equal(0.0, (double)graph["contributions"]!["s4"]!, 6);

        Assert.Equal(0, await harness.ShutdownAndExitAsync());
        Assert.True(harness.Factory.Latest.IsDisposed);
    }
}
