using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary><c>shutdown</c>: stops running generations; the generator itself is disposed on <c>exit</c>.</summary>
internal sealed class ShutdownHandler(ServerContext server) : IRequestHandler<JsonElement?, JsonElement?>
{
    public Task<JsonElement?> HandleAsync(JsonElement? parameters, RequestContext context, CancellationToken cancellationToken)
    {
        server.Runs.Cancel(null);
        return Task.FromResult<JsonElement?>(null);
    }
}
