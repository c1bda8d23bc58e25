using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;
using StreamJsonRpc;

namespace FlowLens.LanguageServer.Dispatch;

/// <summary>
/// Everything between StreamJsonRpc and a handler: the lifecycle rules (ServerNotInitialized before
/// <c>initialize</c>, InvalidRequest after <c>shutdown</c>), the request queue, linking each request's token to
/// server shutdown, and turning handler failures into error responses so no handler can take the server down.
/// </summary>
internal sealed class Dispatcher(ServerLifecycle lifecycle, RequestQueue queue, ClientChannel client, TextWriter log)
{
    public Task<TResult> DispatchRequestAsync<TParams, TResult>(HandlerRegistration registration, IRequestHandler<TParams, TResult> handler, TParams? parameters, CancellationToken cancellationToken)
    {
        var method = registration.Method;
        var state = lifecycle.State;
        if (method == LspMethods.Initialize)
        {
            if (!lifecycle.TryBeginRunning())
            {
                return Task.FromException<TResult>(Error(LspErrorCodes.InvalidRequest, "initialize was already called."));
            }
        }
        else if (state == LifecycleState.Uninitialized)
        {
            return Task.FromException<TResult>(Error(LspErrorCodes.ServerNotInitialized, $"{method}: the server is not initialized."));
        }
        else if (state == LifecycleState.ShutDown && method != LspMethods.Shutdown)
        {
            return Task.FromException<TResult>(Error(LspErrorCodes.InvalidRequest, $"{method}: the server is shutting down."));
        }

        else if (method == LspMethods.Shutdown)
        {
            // Marked on arrival, not when the queued handler runs, so every later request is refused.
            lifecycle.MarkShutDown();
        }

        if (parameters is null && registration.Params == ParamsPresence.Required)
        {
            return Task.FromException<TResult>(Error(LspErrorCodes.InvalidParams, $"{method}: missing params."));
        }

        return RunRequestAsync(method, registration.Kind, handler, parameters!, cancellationToken);
    }

    public Task DispatchNotificationAsync<TParams>(HandlerRegistration registration, INotificationHandler<TParams> handler, TParams? parameters)
    {
        var method = registration.Method;
        var state = lifecycle.State;
        if (method != LspMethods.Exit && state != LifecycleState.Running)
        {
            // LSP: notifications before initialize (and after shutdown) are dropped.
            return log.WriteLineAsync($"flowlens: dropped {method} in state {state}.");
        }

        if (parameters is null && registration.Params == ParamsPresence.Required)
        {
            return log.WriteLineAsync($"flowlens: dropped {method}: missing params.");
        }

        return RunNotificationAsync(method, registration.Kind, handler, parameters!);
    }

    private async Task<TResult> RunRequestAsync<TParams, TResult>(string method, RequestKind kind, IRequestHandler<TParams, TResult> handler, TParams parameters, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifecycle.ShutdownToken);
        try
        {
            return await queue.Enqueue(kind, (context, token) => handler.HandleAsync(parameters, context, token), linked.Token).ConfigureAwait(false);
        }
        catch (LocalRpcException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw Error(LspErrorCodes.RequestCancelled, $"{method} was cancelled.");
        }
        catch (Exception ex)
        {
            await client.LogAsync(MessageType.Error, $"{method} failed: {ex}").ConfigureAwait(false);
            throw Error(LspErrorCodes.InternalError, $"{method} failed: {ex.Message}");
        }
    }

    private async Task RunNotificationAsync<TParams>(string method, RequestKind kind, INotificationHandler<TParams> handler, TParams parameters)
    {
        try
        {
            await queue.Enqueue(kind, async (context, token) =>
            {
                await handler.HandleAsync(parameters, context, token).ConfigureAwait(false);
                return true;
            }, lifecycle.ShutdownToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping; a notification has nobody to report to.
        }
        catch (Exception ex)
        {
            await client.LogAsync(MessageType.Error, $"{method} failed: {ex}").ConfigureAwait(false);
        }
    }

    public static LocalRpcException Error(int code, string message) => new(message) { ErrorCode = code };
}
