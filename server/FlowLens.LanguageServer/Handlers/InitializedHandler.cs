using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>
/// <c>initialized</c>: reads the settings (pulled from the client when it can answer, else the initialization
/// options) and starts the first generator in the background.
/// </summary>
internal sealed class InitializedHandler(SettingsSource settings) : INotificationHandler<JsonElement?>
{
    public async Task HandleAsync(JsonElement? parameters, RequestContext context, CancellationToken cancellationToken)
    {
        TaskSitePrefetch.WarmUp();
        var current = await settings.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        settings.Apply(current);
    }
}
