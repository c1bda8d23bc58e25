using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Commands;

/// <summary>One <c>workspace/executeCommand</c> command; the result is already JSON so its shape is the command's own.</summary>
internal interface ICommandHandler
{
    string Command { get; }

    Task<JsonElement?> ExecuteAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken);
}
