using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Tests.Fakes;
using StreamJsonRpc;

namespace FlowLens.LanguageServer.Tests;

public sealed class DispatcherTests
{
    private static (Dispatcher Dispatcher, ServerLifecycle Lifecycle, StringWriter Log) Create()
    {
        var lifecycle = new ServerLifecycle();
        var log = new StringWriter();
        var client = new ClientChannel(new JsonRpc(Stream.Null), log);
        return (new Dispatcher(lifecycle, new RequestQueue(new DocumentStore()), client, log), lifecycle, log);
    }

    [Fact]
    public async Task A_handler_that_throws_becomes_an_internal_error_and_later_requests_still_run()
    {
        var (dispatcher, lifecycle, log) = Create();
        using var owner = lifecycle;
        lifecycle.TryBeginRunning();
        var registration = new RequestRegistration<string, string>("test/echo", RequestKind.ReadOnly, new ThrowingHandler());

        var error = await Assert.ThrowsAsync<LocalRpcException>(() => dispatcher.DispatchRequestAsync(registration, new ThrowingHandler(), "boom", CancellationToken.None));
        var next = await dispatcher.DispatchRequestAsync(registration, new ThrowingHandler(), "fine", CancellationToken.None);

        Assert.Equal(-32603, error.ErrorCode);
        Assert.Contains("handler bug", error.Message, StringComparison.Ordinal);
        Assert.Contains("handler bug", log.ToString(), StringComparison.Ordinal);
        Assert.Equal("FINE", next);
    }

    [Fact]
    public async Task Stopping_the_server_cancels_requests_in_flight()
    {
        var (dispatcher, lifecycle, _) = Create();
        using var owner = lifecycle;
        lifecycle.TryBeginRunning();
        var started = new TaskCompletionSource();
        var handler = new WaitingHandler(started);
        var registration = new RequestRegistration<string, string>("test/wait", RequestKind.ReadOnly, handler);

        var pending = dispatcher.DispatchRequestAsync(registration, handler, "x", CancellationToken.None);
        await started.Task;
        lifecycle.Stop();

        var error = await Assert.ThrowsAsync<LocalRpcException>(() => pending);
        Assert.Equal(-32800, error.ErrorCode);
    }
}
