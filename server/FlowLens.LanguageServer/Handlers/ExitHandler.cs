using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary><c>exit</c>: ends the connection; the host then disposes everything and returns the exit code.</summary>
internal sealed class ExitHandler(ServerContext server) : INotificationHandler<JsonElement?>
{
    public Task HandleAsync(JsonElement? parameters, RequestContext context, CancellationToken cancellationToken)
    {
        server.Lifecycle.MarkExited();
        return Task.CompletedTask;
    }
}
