using StreamJsonRpc;

namespace FlowLens.LanguageServer.Dispatch;

internal sealed class NotificationRegistration<TParams>(string method, RequestKind kind, INotificationHandler<TParams> handler, ParamsPresence parameters = ParamsPresence.Required)
    : HandlerRegistration(method, kind, parameters)
{
    public override void Register(JsonRpc rpc, Dispatcher dispatcher)
    {
        var endpoint = new NotificationEndpoint<TParams>(this, handler, dispatcher);
        rpc.AddLocalRpcMethod(typeof(NotificationEndpoint<TParams>).GetMethod(nameof(endpoint.InvokeAsync))!, endpoint, Attribute(Method));
    }
}
