namespace FlowLens.LanguageServer.Dispatch;

/// <summary>
/// The object StreamJsonRpc invokes for one request method. The whole params object is deserialised into
/// <typeparamref name="TParams"/>; the token is cancelled by <c>$/cancelRequest</c>.
/// </summary>
internal sealed class RequestEndpoint<TParams, TResult>(HandlerRegistration registration, IRequestHandler<TParams, TResult> handler, Dispatcher dispatcher)
{
    // Optional so that methods sent without params (shutdown) still bind.
    public Task<TResult> InvokeAsync(TParams? parameters = default, CancellationToken cancellationToken = default) =>
        dispatcher.DispatchRequestAsync(registration, handler, parameters, cancellationToken);
}
