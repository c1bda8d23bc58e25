using System.Text.Json.Nodes;
using FlowLens.LanguageServer.Tests.Infrastructure;

namespace FlowLens.LanguageServer.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Requests_before_initialize_get_ServerNotInitialized_and_notifications_are_dropped()
    {
        await using var harness = ServerHarness.Start();

        await harness.OpenAsync(ServerHarness.CalculatorText);
        var lens = await harness.Client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri } });
        Assert.Equal(-32002, ServerHarness.ErrorCode(lens));

        await harness.InitializeAsync();
        Assert.Empty(await harness.CodeLensAsync());
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound_and_the_server_carries_on()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        var response = await harness.Client.RequestAsync("textDocument/hover", new JsonObject());
        await harness.Client.NotifyAsync("$/setTrace", new JsonObject { ["value"] = "off" });
        await harness.Client.NotifyAsync("flowlens/unknownNotification", new JsonObject());

        Assert.Equal(-32601, ServerHarness.ErrorCode(response));
        await harness.OpenAsync(ServerHarness.CalculatorText);
        Assert.Equal(2, (await harness.CodeLensAsync()).Count);
    }

    [Fact]
    public async Task A_second_initialize_is_an_invalid_request()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        var again = await harness.Client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() });

        Assert.Equal(-32600, ServerHarness.ErrorCode(again));
    }

    [Fact]
    public async Task Requests_after_shutdown_are_refused_and_exit_returns_zero()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        ServerHarness.Result(await harness.Client.RequestAsync("shutdown", null));
        var lens = await harness.Client.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = ServerHarness.Uri } });
        await harness.Client.NotifyAsync("exit", null);

        Assert.Equal(-32600, ServerHarness.ErrorCode(lens));
        Assert.Equal(0, await harness.ServerTask.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(harness.Factory.Latest.IsDisposed);
    }

    [Fact]
    public async Task Exit_without_shutdown_returns_one_and_disposes_the_generator()
    {
        await using var harness = await ServerHarness.StartInitializedAsync();

        await harness.Client.NotifyAsync("exit", null);

        Assert.Equal(1, await harness.ServerTask.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(harness.Factory.Latest.IsDisposed);
    }

    [Fact]
    public async Task Closing_stdin_mid_generation_cancels_it_disposes_the_generator_and_exits()
    {
        var gate = new TaskCompletionSource();
        var factory = new Fakes.ScriptedGeneratorFactory { Script = new() { Gate = gate } };
        await using var harness = await ServerHarness.StartInitializedAsync(factory);
        await harness.OpenAsync(ServerHarness.CalculatorText);
        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await harness.Client.WaitForAsync("$/progress", m => (string?)m["params"]!["value"]!["message"] == "vote");

        await harness.Client.CloseInputAsync();

        Assert.Equal(1, await harness.ServerTask.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(factory.Latest.IsDisposed);
        Assert.Equal(1, factory.Latest.CancelledCount);
        Assert.Contains("connection closed without exit", harness.Log, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => response.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Server_status_reports_the_generator_and_busy_state()
    {
        var gate = new TaskCompletionSource();
        var factory = new Fakes.ScriptedGeneratorFactory { Script = new() { Gate = gate } };
        await using var harness = await ServerHarness.StartInitializedAsync(factory);
        await harness.OpenAsync(ServerHarness.CalculatorText);

        var idle = await harness.Client.WaitForAsync("flowlens/serverStatus");
        Assert.False((bool)idle["params"]!["busy"]!);
        Assert.Equal("local", (string)idle["params"]!["backend"]!);
        Assert.Equal("cpu", (string)idle["params"]!["device"]!);
        Assert.False((bool)idle["params"]!["modelLoaded"]!);
        Assert.True(idle["params"]!.AsObject().ContainsKey("model"));

        var (_, response) = await harness.StartGenerateAsync(line: 4);
        await harness.Client.WaitForAsync("flowlens/serverStatus", m => (bool)m["params"]!["busy"]!);
        gate.SetResult();
        ServerHarness.Result(await response);
        var statuses = harness.Client.All("flowlens/serverStatus");
        Assert.False((bool)statuses[^1]["params"]!["busy"]!);
    }
}
