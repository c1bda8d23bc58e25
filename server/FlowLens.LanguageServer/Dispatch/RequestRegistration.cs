using StreamJsonRpc;

namespace FlowLens.LanguageServer.Dispatch;

internal sealed class RequestRegistration<TParams, TResult>(string method, RequestKind kind, IRequestHandler<TParams, TResult> handler, ParamsPresence parameters = ParamsPresence.Required)
    : HandlerRegistration(method, kind, parameters)
{
    public override void Register(JsonRpc rpc, Dispatcher dispatcher)
    {
        var endpoint = new RequestEndpoint<TParams, TResult>(this, handler, dispatcher);
        rpc.AddLocalRpcMethod(typeof(RequestEndpoint<TParams, TResult>).GetMethod(nameof(endpoint.InvokeAsync))!, endpoint, Attribute(Method));
    }
}
