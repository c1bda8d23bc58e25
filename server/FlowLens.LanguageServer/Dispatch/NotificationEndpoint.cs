namespace FlowLens.LanguageServer.Dispatch;

/// <summary>The object StreamJsonRpc invokes for one notification method.</summary>
internal sealed class NotificationEndpoint<TParams>(HandlerRegistration registration, INotificationHandler<TParams> handler, Dispatcher dispatcher)
{
    // Optional so that notifications sent without params (exit) still bind.
    public Task InvokeAsync(TParams? parameters = default) =>
        dispatcher.DispatchNotificationAsync(registration, handler, parameters);
}
