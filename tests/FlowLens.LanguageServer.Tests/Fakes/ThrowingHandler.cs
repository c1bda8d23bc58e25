using FlowLens.LanguageServer.Dispatch;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>A handler with a bug: "boom" throws; anything else is upper-cased.</summary>
internal sealed class ThrowingHandler : IRequestHandler<string, string>
{
    public Task<string> HandleAsync(string parameters, RequestContext context, CancellationToken cancellationToken) =>
        parameters == "boom" ? throw new InvalidOperationException("handler bug") : Task.FromResult(parameters.ToUpperInvariant());
}
