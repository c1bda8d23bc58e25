using System.Text.Json.Nodes;
using FlowLens.Core.Evaluation;
using FlowLens.LanguageServer.Tests.Fakes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

/// <summary>
/// "Generate workflow" in two stages: the code is proposed when the workflow's result is in, the capability lenses say
/// "attributing…" until attribution ends, and cancelling or editing during attribution never costs the user the code.
/// </summary>
public sealed class TwoStageTests
{
    private const string Summary = "4: draft x3 -> run-tests -> repair -> vote  |  5/5 tests  |  2.1 s -> flowlens.showWorkflowGraph";

    [Fact]
    public async Task The_code_arrives_while_the_capability_lenses_say_attributing_then_they_fill_in()
    {
        var attribution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await StartAsync(new GeneratorScript { AttributionGate = attribution });
        var (_, response) = await harness.StartGenerateAsync(line: 4);

        var applyEdit = await harness.Client.WaitForAsync("workspace/applyEdit");
        Assert.Equal(SampleRuns.Body, (string)applyEdit["params"]!["edit"]!["documentChanges"]![0]!["edits"]![0]!["newText"]!);
        Assert.Equal(
            [
                Summary,
                "4: draft: attributing… -> flowlens.showCapabilityDetails",
                "4: run-tests: attributing… -> flowlens.showCapabilityDetails",
                "4: repair: attributing… -> flowlens.showCapabilityDetails",
                "4: vote: attributing… -> flowlens.showCapabilityDetails",
                "11: Generate workflow -> flowlens.server.generate",
            ],
            await harness.LensTitlesAsync());
        Assert.False(response.IsCompleted);
        var stage = harness.Client.All("$/progress").Select(p => (string?)p["params"]!["value"]!["message"]).ToList();
        Assert.Contains("code ready (5/5 tests); attributing (stage 2 of 2)", stage);

        // A pending lens already opens the details: the steps and the result's tests, the contribution still to come.
        var details = ServerHarness.Result(await DetailsAsync(harness, "repair"));
        Assert.Contains("repair: attributing…", (string)details["markdown"]!, StringComparison.Ordinal);
        Assert.Contains("Tests with `repair` (5/5)", (string)details["markdown"]!, StringComparison.Ordinal);

        var refreshes = harness.Client.All("workspace/codeLens/refresh").Count;
        attribution.SetResult();
        var result = ServerHarness.Result(await response);
        Assert.Equal("done", (string)result["attribution"]!);
        Assert.True((bool)result["applied"]!);
        Assert.Equal(["repair +0.40", "vote +0.00 (no effect)"], result["contributions"]!.AsArray().Select(c => (string)c!["label"]!));
        await harness.Client.WaitForAsync("workspace/codeLens/refresh", _ => harness.Client.All("workspace/codeLens/refresh").Count > refreshes);
        Assert.Contains("4: repair +0.40 -> flowlens.showCapabilityDetails", await harness.LensTitlesAsync());
        Assert.Single(harness.Client.All("workspace/applyEdit"));
    }

    [Fact]
    public async Task Cancel_during_attribution_keeps_the_code()
    {
        var attribution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await StartAsync(new GeneratorScript { AttributionGate = attribution });
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        var applyEdit = await harness.Client.WaitForAsync("workspace/applyEdit");
        await ApplyAsync(harness, applyEdit, version: 2);

        var token = (await harness.Client.WaitForAsync("window/workDoneProgress/create"))["params"]!["token"]!.DeepClone();
        await harness.Client.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = token });

        var result = ServerHarness.Result(await response);
        Assert.Equal("cancelled", (string)result["attribution"]!);
        Assert.True((bool)result["applied"]!);
        Assert.Empty(result["contributions"]!.AsArray());
        Assert.Equal(1, harness.Factory.Latest.AttributionsCancelled);
        Assert.Equal(0, harness.Factory.Latest.CancelledCount);
        Assert.Single(harness.Client.All("workspace/applyEdit"));
        var lenses = await harness.LensTitlesAsync();
        Assert.Contains(lenses, l => l.StartsWith("4: draft x3 -> run-tests -> repair -> vote  |  5/5 tests", StringComparison.Ordinal));
        Assert.Contains("4: repair: attribution cancelled -> flowlens.showCapabilityDetails", lenses);
        Assert.Equal("end", (string)harness.Client.All("$/progress").Last()["params"]!["value"]!["kind"]!);
    }

    [Fact]
    public async Task An_edit_to_the_method_during_attribution_drops_the_attribution()
    {
        var attribution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await StartAsync(new GeneratorScript { AttributionGate = attribution });
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await ApplyAsync(harness, await harness.Client.WaitForAsync("workspace/applyEdit"), version: 2);

        // The user changes the generated body (line 8 is "        return a + b;") while attribution runs.
        await harness.ChangeAsync(3, 8, 19, 8, 20, "*");
        await harness.CodeLensAsync();
        attribution.SetResult();

        var result = ServerHarness.Result(await response);
        Assert.Equal("dropped", (string)result["attribution"]!);
        Assert.Empty(result["contributions"]!.AsArray());
        var lenses = await harness.LensTitlesAsync();
        Assert.Contains("4: repair: attribution dropped (the method changed) -> flowlens.showCapabilityDetails", lenses);
        Assert.DoesNotContain(lenses, l => l.Contains("+0.40", StringComparison.Ordinal));
        var graph = ServerHarness.Result(await harness.Client.RequestAsync("flowlens/workflowGraph", new JsonObject { ["uri"] = ServerHarness.Uri }));
        Assert.Empty(graph["contributions"]!.AsObject());
    }

    [Fact]
    public async Task The_applied_edit_and_edits_elsewhere_keep_the_attribution()
    {
        var attribution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await StartAsync(new GeneratorScript { AttributionGate = attribution });
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await ApplyAsync(harness, await harness.Client.WaitForAsync("workspace/applyEdit"), version: 2);

        // Typing above the class moves the method but does not change it.
        await harness.ChangeAsync(3, 0, 0, 0, 0, "// header\n");
        await harness.CodeLensAsync();
        attribution.SetResult();

        var result = ServerHarness.Result(await response);
        Assert.Equal("done", (string)result["attribution"]!);
        Assert.Contains("5: repair +0.40 -> flowlens.showCapabilityDetails", await harness.LensTitlesAsync());
    }

    [Fact]
    public async Task The_generating_lens_cancels_its_own_task_and_cancel_all_cancels_the_rest()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await StartAsync(new GeneratorScript { Gate = gate });
        var (_, add) = await harness.StartGenerateAsync(line: 4);
        var (_, max) = await harness.StartGenerateAsync(line: 12);
        await harness.Client.WaitForAsync("$/progress", _ => harness.Client.All("$/progress").Count(p => (string?)p["params"]!["value"]!["message"] == "vote") == 2);

        var lenses = await harness.CodeLensAsync();
        var running = lenses.Select(l => l!.AsObject()).Where(l => (string?)l["command"]?["title"] == "Generating… (Cancel)").ToList();
        Assert.Equal(2, running.Count);
        var addLens = running.Single(l => (int)l["range"]!["start"]!["line"]! == 4);
        var cancel = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = (string)addLens["command"]!["command"]!,
            ["arguments"] = addLens["command"]!["arguments"]!.DeepClone(),
        });
        ServerHarness.Result(cancel);

        Assert.Equal(-32800, ServerHarness.ErrorCode(await add));
        Assert.False(max.IsCompleted);
        Assert.Contains("11: Generating… (Cancel) -> flowlens.server.cancel", await harness.LensTitlesAsync());

        // "Cancel all" (no argument) stops whatever is left.
        await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.cancel", ["arguments"] = new JsonArray() });
        Assert.Equal(-32800, ServerHarness.ErrorCode(await max));
    }

    [Fact]
    public async Task A_candidate_that_does_not_compile_is_never_applied_and_its_diagnostics_are_shown()
    {
        var script = new GeneratorScript { Result = t => SampleRuns.ForTarget(t) with { FinalReport = EvaluationReport.NotCompiled(["(3,19): error CS1002: ; expected"], 5) } };
        await using var harness = await StartAsync(script);
        var (_, response) = await harness.StartGenerateAsync(line: 4);

        var result = ServerHarness.Result(await response);
        Assert.False((bool)result["applied"]!);
        Assert.Empty(harness.Client.All("workspace/applyEdit"));
        await harness.Client.WaitForAsync("window/showMessage", m => ((string)m["params"]!["message"]!).Contains("does not compile", StringComparison.Ordinal)
            && ((string)m["params"]!["message"]!).Contains("CS1002", StringComparison.Ordinal));
        var details = ServerHarness.Result(await DetailsAsync(harness, "repair"));
        Assert.Contains("Did not compile", (string)details["markdown"]!, StringComparison.Ordinal);
        Assert.Contains("CS1002: ; expected", (string)details["markdown"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_candidate_failing_tests_is_previewed_with_its_results_and_a_passing_one_is_not()
    {
        // Add's result fails 2 of 5 tests; Max's passes all 5.
        var script = new GeneratorScript
        {
            Result = t => t.Site.MethodName == "Add" ? SampleRuns.ForTarget(t) with { FinalReport = SampleRuns.ForTarget(t).Contributions[0].ReportWithout } : SampleRuns.ForTarget(t),
        };
        await using var harness = await StartAsync(script);
        var (_, response) = await harness.StartGenerateAsync(line: 4);

        var edit = (await harness.Client.WaitForAsync("workspace/applyEdit"))["params"]!["edit"]!;
        var annotation = edit["changeAnnotations"]!.AsObject().Single().Value!;
        Assert.True((bool)annotation["needsConfirmation"]!);
        Assert.Contains("passes 3 of 5 tests", (string)annotation["label"]!, StringComparison.Ordinal);
        Assert.Contains("AddTests.Adds(case: 3)", (string)annotation["description"]!, StringComparison.Ordinal);
        ServerHarness.Result(await response);

        var (_, passing) = await harness.StartGenerateAsync(line: 12);
        ServerHarness.Result(await passing);
        var second = harness.Client.All("workspace/applyEdit")[^1]["params"]!["edit"]!;
        Assert.False((bool)second["changeAnnotations"]!.AsObject().Single().Value!["needsConfirmation"]!);
    }

    [Fact]
    public async Task Without_change_annotations_a_failing_candidate_is_applied_only_when_the_user_says_so()
    {
        var capabilities = ServerHarness.VsCodeCapabilities();
        capabilities["workspace"]!["workspaceEdit"]!.AsObject().Remove("changeAnnotationSupport");
        var factory = new ScriptedGeneratorFactory { Script = new GeneratorScript { Result = t => SampleRuns.ForTarget(t) with { FinalReport = SampleRuns.ForTarget(t).Contributions[0].ReportWithout } } };
        var harness = ServerHarness.Start(factory);
        await using var owner = harness;
        var answer = "Keep my code";
        harness.Client.Responder = (method, parameters) => method == "window/showMessageRequest" ? new JsonObject { ["title"] = answer } : RawLspClient.DefaultResponder(method, parameters);
        await harness.InitializeAsync(capabilities);
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var (_, declined) = await harness.StartGenerateAsync(line: 4);
        Assert.False((bool)ServerHarness.Result(await declined)["applied"]!);
        var question = harness.Client.All("window/showMessageRequest").Single();
        Assert.Contains("passes 3 of 5 tests", (string)question["params"]!["message"]!, StringComparison.Ordinal);
        Assert.Empty(harness.Client.All("workspace/applyEdit"));

        answer = "Apply";
        var (_, accepted) = await harness.StartGenerateAsync(line: 4);
        Assert.True((bool)ServerHarness.Result(await accepted)["applied"]!);
        Assert.Single(harness.Client.All("workspace/applyEdit"));
    }

    private static async Task<ServerHarness> StartAsync(GeneratorScript script)
    {
        var harness = await ServerHarness.StartInitializedAsync(new ScriptedGeneratorFactory { Script = script });
        await harness.OpenAsync(ServerHarness.CalculatorText);
        return harness;
    }

    private static Task<JsonObject> DetailsAsync(ServerHarness harness, string capability) =>
        harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.capabilityDetails",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 4, ["capability"] = capability }),
        });

    /// <summary>What an editor does after applying the server's edit: reports the change as the next version (awaited through a lens request).</summary>
    private static async Task ApplyAsync(ServerHarness harness, JsonObject applyEdit, int version)
    {
        var edit = applyEdit["params"]!["edit"]!["documentChanges"]![0]!["edits"]![0]!;
        var range = edit["range"]!;
        await harness.ChangeAsync(version, (int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!, (string)edit["newText"]!);
        await harness.CodeLensAsync();
    }
}
