using StreamJsonRpc;

namespace FlowLens.LanguageServer.Dispatch;

/// <summary>One row of the handler table: a method name, whether it mutates, and how to bind it to JSON-RPC.</summary>
internal abstract class HandlerRegistration(string method, RequestKind kind, ParamsPresence parameters)
{
    public string Method { get; } = method;

    public RequestKind Kind { get; } = kind;

    public ParamsPresence Params { get; } = parameters;

    public abstract void Register(JsonRpc rpc, Dispatcher dispatcher);

    protected static JsonRpcMethodAttribute Attribute(string method) => new(method) { UseSingleObjectParameterDeserialization = true };
}
