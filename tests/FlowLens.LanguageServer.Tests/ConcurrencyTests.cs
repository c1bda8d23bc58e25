using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Fakes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class ConcurrencyTests
{
    private static async Task<(ServerHarness Harness, TaskCompletionSource Gate)> GatedAsync()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = await ServerHarness.StartInitializedAsync(new ScriptedGeneratorFactory { Script = new() { Gate = gate } });
        await harness.OpenAsync(ServerHarness.CalculatorText);
        return (harness, gate);
    }

    private static Task WaitUntilRunningAsync(ServerHarness harness) =>
        harness.Client.WaitForAsync("$/progress", m => (string?)m["params"]!["value"]!["message"] == "vote");

    [Fact]
    public async Task Typing_during_a_generation_is_not_blocked_and_the_edit_lands_on_the_current_text()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await WaitUntilRunningAsync(harness);

        // While the generation waits: lenses answer (showing the running state) and edits apply.
        Assert.Contains("4: Generating… (Cancel) -> flowlens.server.cancel", await harness.LensTitlesAsync());
        await harness.ChangeAsync(2, 0, 0, 0, 0, "// header\n// more\n");
        Assert.Contains("6: Generating… (Cancel) -> flowlens.server.cancel", await harness.LensTitlesAsync());

        gate.SetResult();
        Assert.True((bool)ServerHarness.Result(await response)["applied"]!);

        var edit = (await harness.Client.WaitForAsync("workspace/applyEdit"))["params"]!["edit"]!["documentChanges"]![0]!;
        Assert.Equal(2, (int)edit["textDocument"]!["version"]!);
        Assert.Equal(ServerHarness.Range(9, 4, 11, 5).ToJsonString(), edit["edits"]![0]!["range"]!.ToJsonString());
    }

    [Fact]
    public async Task Changing_the_task_comment_during_a_generation_leaves_the_document_alone()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await WaitUntilRunningAsync(harness);

        await harness.ChangeAsync(2, 4, 29, 4, 32, "product");
        Assert.Contains("4: Generate workflow -> flowlens.server.generate", await harness.LensTitlesAsync());
        gate.SetResult();

        Assert.False((bool)ServerHarness.Result(await response)["applied"]!);
        Assert.Empty(harness.Client.All("workspace/applyEdit"));
        await harness.Client.WaitForAsync("window/showMessage", m => ((string)m["params"]!["message"]!).Contains("changed or was closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_edit_is_relocated_and_resent_when_the_document_moved_on()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var attempts = 0;
        harness.Client.Responder = (method, parameters) =>
        {
            if (method == "workspace/applyEdit" && Interlocked.Increment(ref attempts) == 1)
            {
                // The user typed just before the edit arrived: VS Code refuses a stale version.
                harness.ChangeAsync(2, 0, 0, 0, 0, "\n").GetAwaiter().GetResult();
                harness.CodeLensAsync().GetAwaiter().GetResult();
                return new JsonObject { ["applied"] = false, ["failureReason"] = "version mismatch" };
            }

            return RawLspClient.DefaultResponder(method, parameters);
        };
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        gate.SetResult();

        Assert.True((bool)ServerHarness.Result(await response)["applied"]!);
        var edits = harness.Client.All("workspace/applyEdit");
        Assert.Equal(2, edits.Count);
        Assert.Equal(2, (int)edits[1]["params"]!["edit"]!["documentChanges"]![0]!["textDocument"]!["version"]!);
        Assert.Equal(8, (int)edits[1]["params"]!["edit"]!["documentChanges"]![0]!["edits"]![0]!["range"]!["start"]!["line"]!);
    }

    [Fact]
    public async Task A_second_generate_for_the_same_task_is_refused_while_other_tasks_run_in_parallel()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (_, first) = await harness.StartGenerateAsync(line: 4);
        await WaitUntilRunningAsync(harness);

        var (_, same) = await harness.StartGenerateAsync(line: 7);
        var (_, other) = await harness.StartGenerateAsync(line: 12);
        var refused = await same;
        Assert.Equal(-32803, ServerHarness.ErrorCode(refused));
        Assert.Contains("already running", (string)refused["error"]!["message"]!, StringComparison.Ordinal);

        gate.SetResult();
        Assert.Equal("run-Add", (string)ServerHarness.Result(await first)["runId"]!);
        Assert.Equal("run-Max", (string)ServerHarness.Result(await other)["runId"]!);
    }

    [Fact]
    public async Task Cancel_request_stops_the_generation_with_RequestCancelled()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (id, response) = await harness.StartGenerateAsync(line: 4);
        await WaitUntilRunningAsync(harness);

        await harness.Client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });

        Assert.Equal(-32800, ServerHarness.ErrorCode(await response));
        Assert.Equal(1, harness.Factory.Latest.CancelledCount);
        Assert.Empty(harness.Client.All("workspace/applyEdit"));
        var end = harness.Client.All("$/progress").Last();
        Assert.Equal("end", (string)end["params"]!["value"]!["kind"]!);
        Assert.Contains("4: Generate workflow -> flowlens.server.generate", await harness.LensTitlesAsync());
        GC.KeepAlive(gate);
    }

    [Fact]
    public async Task The_cancel_command_and_progress_cancel_stop_generations()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (_, viaCommand) = await harness.StartGenerateAsync(line: 4);
        var (_, viaProgress) = await harness.StartGenerateAsync(line: 12);
        await harness.Client.WaitForAsync("$/progress", m => harness.Client.All("$/progress").Count(p => (string?)p["params"]!["value"]!["message"] == "vote") == 2);

        var cancel = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.cancel",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = "file:///nowhere.cs" }),
        });
        ServerHarness.Result(cancel);
        Assert.Equal(0, harness.Factory.Latest.CancelledCount);

        var tokens = harness.Client.All("window/workDoneProgress/create").Select(c => c["params"]!["token"]!.DeepClone()).ToList();
        await harness.Client.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = tokens[1] });
        await harness.Client.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = tokens[0] });
        await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.cancel", ["arguments"] = new JsonArray() });

        Assert.Equal(-32800, ServerHarness.ErrorCode(await viaCommand));
        Assert.Equal(-32800, ServerHarness.ErrorCode(await viaProgress));
        GC.KeepAlive(gate);
    }

    [Fact]
    public async Task A_cancel_storm_leaves_the_server_answering()
    {
        var (harness, gate) = await GatedAsync();
        await using var owner = harness;
        var (id, response) = await harness.StartGenerateAsync(line: 4);

        var cancels = new List<Task<JsonObject>>();
        for (var i = 0; i < 200; i++)
        {
            await harness.Client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = i % 3 == 0 ? id : 100_000 + i });
            cancels.Add((await harness.Client.StartRequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.cancel" })).Response);
            await harness.Client.NotifyAsync("window/workDoneProgress/cancel", new JsonObject { ["token"] = "unknown-" + i });
        }

        Assert.Equal(-32800, ServerHarness.ErrorCode(await response));
        Assert.All(await Task.WhenAll(cancels), c => ServerHarness.Result(c));

        // Still serving, and able to generate again.
        Assert.Equal(2, (await harness.CodeLensAsync()).Count);
        gate.SetResult();
        var (_, again) = await harness.StartGenerateAsync(line: 4);
        Assert.True((bool)ServerHarness.Result(await again)["applied"]!);
    }

    [Fact]
    public async Task A_failing_generator_returns_an_error_shows_a_message_and_the_server_goes_on()
    {
        var factory = new ScriptedGeneratorFactory { Script = new() { Failure = new InvalidOperationException("sandbox worker died") } };
        await using var harness = await ServerHarness.StartInitializedAsync(factory);
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var (_, response) = await harness.StartGenerateAsync(line: 4);

        var error = await response;
        Assert.Equal(-32803, ServerHarness.ErrorCode(error));
        Assert.Contains("sandbox worker died", (string)error["error"]!["message"]!, StringComparison.Ordinal);
        await harness.Client.WaitForAsync("window/showMessage", m => (int)m["params"]!["type"]! == 1);
        await harness.Client.WaitForAsync("window/logMessage", m => ((string)m["params"]!["message"]!).Contains("sandbox worker died", StringComparison.Ordinal));
        Assert.Contains("4: Generate workflow -> flowlens.server.generate", await harness.LensTitlesAsync());
    }

    [Fact]
    public async Task Generate_with_a_selection_picks_the_task_after_it_and_bad_arguments_are_invalid_params()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var selected = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.generate",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 0, ["selection"] = ServerHarness.Range(10, 0, 10, 0) }),
        });
        var noTask = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.generate",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = ServerHarness.Uri, ["line"] = 1 }),
        });
        var noArguments = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.generate" });
        var unknown = await harness.Client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.nope" });

        Assert.Equal("run-Max", (string)ServerHarness.Result(selected)["runId"]!);
        Assert.Equal(-32803, ServerHarness.ErrorCode(noTask));
        Assert.Equal(-32602, ServerHarness.ErrorCode(noArguments));
        Assert.Equal(-32602, ServerHarness.ErrorCode(unknown));
    }
}
