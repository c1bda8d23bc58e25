using System.Text.Json;
using FlowLens.LanguageServer.Commands;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>
/// <c>workspace/executeCommand</c>: read-only with respect to documents, so a long generation runs concurrently
/// with typing and code lenses.
/// </summary>
internal sealed class ExecuteCommandHandler(IReadOnlyList<ICommandHandler> commands) : IRequestHandler<ExecuteCommandParams, JsonElement?>
{
    private readonly Dictionary<string, ICommandHandler> _commands = commands.ToDictionary(c => c.Command, StringComparer.Ordinal);

    public Task<JsonElement?> HandleAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken) =>
        _commands.TryGetValue(parameters.Command ?? string.Empty, out var command)
            ? command.ExecuteAsync(parameters, context, cancellationToken)
            : throw Dispatcher.Error(LspErrorCodes.InvalidParams, $"Unknown command '{parameters.Command}'.");
}
