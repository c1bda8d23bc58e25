using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>Answers a malformed message (rewritten by the frame guard) with a JSON-RPC parse error.</summary>
internal sealed class InvalidMessageHandler : IRequestHandler<InvalidMessageParams?, JsonElement?>
{
    private const int ParseError = -32700;

    public Task<JsonElement?> HandleAsync(InvalidMessageParams? parameters, RequestContext context, CancellationToken cancellationToken) =>
        throw Dispatcher.Error(ParseError, $"Malformed message: {parameters?.Reason ?? "unknown"}.");
}
