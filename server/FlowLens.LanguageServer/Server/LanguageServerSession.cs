using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Handlers;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Tasks;
using FlowLens.LanguageServer.Transport;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace FlowLens.LanguageServer.Server;

/// <summary>
/// One connection, from the first byte to exit: wires StreamJsonRpc (Content-Length framing, System.Text.Json)
/// to the handler table, waits for <c>exit</c> or the end of the input, then stops generations and disposes the
/// generator so no worker process outlives the server.
/// </summary>
internal static class LanguageServerSession
{
    private static readonly TimeSpan CompletionWait = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(Stream input, Stream output, IWorkflowGeneratorFactory factory, LanguageServerOptions options, CancellationToken cancellationToken)
    {
        var log = TextWriter.Synchronized(options.Log);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ProtocolJson.CreateOptions() };
        var guarded = new FrameGuardStream(input, options.MaxMessageBytes, log);
        var messages = new HeaderDelimitedMessageHandler(output, guarded, formatter);
        using var rpc = new JsonRpc(messages)
        {
            // Handlers are entered one at a time in arrival order (each only enqueues its work), which is what
            // lets the request queue order document changes against the requests that follow them.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };

        using var lifecycle = new ServerLifecycle();
        var documents = new DocumentStore();
        var generators = new GeneratorHost(factory, log, options.TimeProvider);
        var client = new ClientChannel(rpc, log);
        var server = new ServerContext(documents, new TaskRunStore(), generators, client, lifecycle, log, options.TimeProvider)
        {
            MethodTests = options.MethodTests,
            EditorDocuments = options.EditorDocuments,
        };
        var dispatcher = new Dispatcher(lifecycle, new RequestQueue(documents), client, log);
        foreach (var registration in HandlerTable.Create(server))
        {
            registration.Register(rpc, dispatcher);
        }

        string? disconnectReason = null;
        rpc.Disconnected += (_, e) => disconnectReason ??= e.Exception is null ? $"{e.Reason}: {e.Description}" : $"{e.Reason}: {e.Description} ({e.Exception.Message})";
        rpc.StartListening();

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stopRegistration = cancellationToken.Register(() => stopped.TrySetResult());
        var first = await Task.WhenAny(lifecycle.Exited, rpc.Completion, stopped.Task).ConfigureAwait(false);

        int exitCode;
        if (first == lifecycle.Exited)
        {
            // LSP: exit code 0 only when shutdown came first.
            exitCode = lifecycle.ShutdownRequested ? 0 : 1;
            await log.WriteLineAsync($"flowlens: exit after {(lifecycle.ShutdownRequested ? "shutdown" : "no shutdown")}.").ConfigureAwait(false);
        }
        else if (first == stopped.Task)
        {
            exitCode = 0;
            await log.WriteLineAsync("flowlens: stopped by the host.").ConfigureAwait(false);
        }
        else
        {
            exitCode = 1;
            var reason = guarded.Violation ?? disconnectReason ?? "the input ended";
            await log.WriteLineAsync($"flowlens: connection closed without exit: {reason}").ConfigureAwait(false);
        }

        lifecycle.Stop();
        await generators.DisposeAsync(options.ExitGracePeriod).ConfigureAwait(false);
        rpc.Dispose();
        try
        {
            // Bounded: a read blocked on a console stdin that the client keeps open cannot be cancelled, and the
            // process must still exit (the blocked read dies with it).
            await rpc.Completion.WaitAsync(CompletionWait, options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await log.WriteLineAsync("flowlens: the input is still open; exiting without waiting for it.").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await log.WriteLineAsync($"flowlens: connection ended with an error: {ex.Message}").ConfigureAwait(false);
        }

        await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }
}
