using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>New settings: a new generator from the factory; the old one is disposed when its generations end.</summary>
internal sealed class DidChangeConfigurationHandler(SettingsSource settings) : INotificationHandler<DidChangeConfigurationParams>
{
    public async Task HandleAsync(DidChangeConfigurationParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var current = await settings.ReadAsync(parameters.Settings, cancellationToken).ConfigureAwait(false);
        settings.Apply(current);
    }
}
