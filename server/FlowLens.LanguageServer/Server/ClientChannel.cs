using FlowLens.LanguageServer.Protocol;
using StreamJsonRpc;

namespace FlowLens.LanguageServer.Server;

/// <summary>
/// Messages from the server to the client. Notifications never throw: a client that has gone away must not turn
/// a status update into a failed request.
/// </summary>
internal sealed class ClientChannel(JsonRpc rpc, TextWriter log)
{
    public async Task NotifyAsync<T>(string method, T parameters)
    {
        try
        {
            await rpc.NotifyWithParameterObjectAsync(method, parameters).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            await log.WriteLineAsync($"flowlens: dropped {method}: {ex.Message}").ConfigureAwait(false);
        }
    }

    public Task<TResult> RequestAsync<TParams, TResult>(string method, TParams parameters, CancellationToken cancellationToken) =>
        rpc.InvokeWithParameterObjectAsync<TResult>(method, parameters, cancellationToken);

    public Task ShowMessageAsync(MessageType type, string message) =>
        NotifyAsync(LspMethods.ShowMessage, new ShowMessageParams(type, message));

    /// <summary>Writes a line to the server's own log (stderr) and to the client's output channel (<c>window/logMessage</c>).</summary>
    public async Task LogAsync(MessageType type, string message)
    {
        await log.WriteLineAsync($"flowlens: {message}").ConfigureAwait(false);
        await NotifyAsync(LspMethods.LogMessage, new ShowMessageParams(type, message)).ConfigureAwait(false);
    }
}
