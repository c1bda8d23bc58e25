using System.Text.Json;
using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Server;

/// <summary>
/// Where settings come from, in order: settings pushed with <c>didChangeConfiguration</c>, the client's answer to
/// <c>workspace/configuration</c>, the initialization options, the defaults. Applying settings replaces the
/// generator and publishes the new server status once it exists.
/// </summary>
internal sealed class SettingsSource(ServerContext server)
{
    /// <summary>How long to wait for the client to answer a configuration pull before falling back.</summary>
    private static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(5);

    public async Task<FlowLensSettings> ReadAsync(JsonElement? pushed, CancellationToken cancellationToken)
    {
        if (ProtocolConversion.ToSettings(pushed) is { } fromPush)
        {
            return fromPush;
        }

        if (server.Features.Configuration && await PullAsync(cancellationToken).ConfigureAwait(false) is { } pulled)
        {
            return pulled;
        }

        return ProtocolConversion.ToSettings(server.InitializationOptions) ?? new FlowLensSettings();
    }

    public void Apply(FlowLensSettings settings)
    {
        var creation = server.Generators.Configure(settings);
        _ = PublishWhenReadyAsync(creation);
    }

    private async Task<FlowLensSettings?> PullAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(PullTimeout, server.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var items = await server.Client.RequestAsync<ConfigurationParams, JsonElement[]?>(
                LspMethods.Configuration,
                new ConfigurationParams([new ConfigurationItem(null, "flowlens")]),
                linked.Token).ConfigureAwait(false);
            return items is { Length: > 0 } ? ProtocolConversion.ToSettings(items[0]) : null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await server.Client.LogAsync(MessageType.Warning, $"workspace/configuration failed, using initialization options: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private async Task PublishWhenReadyAsync(Task creation)
    {
        string? message = null;
        try
        {
            await creation.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            message = $"The generator could not start: {ex.Message}";
            await server.Client.LogAsync(MessageType.Error, message).ConfigureAwait(false);
            await server.Client.ShowMessageAsync(MessageType.Error, $"FlowLens: {message}").ConfigureAwait(false);
        }

        await server.PublishStatusAsync(message).ConfigureAwait(false);
    }
}
