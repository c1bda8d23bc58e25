using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;

namespace FlowLens.LanguageServer;

/// <summary>How the language server runs. The defaults suit <c>flowlens lsp</c> on stdio.</summary>
public sealed record LanguageServerOptions
{
    /// <summary>Where the server writes its own log lines (the CLI passes stderr; stdout carries the protocol).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Clock for timeouts and result timestamps; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Largest message body accepted. A larger Content-Length means a broken or hostile client: the server logs it
    /// and closes the connection rather than buffering it.
    /// </summary>
    public long MaxMessageBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long running generations get to observe cancellation on exit before their generator is disposed anyway.</summary>
    public TimeSpan ExitGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs a method's tests as it stands for the "Run its tests" lens; null: the lens is not offered.</summary>
    public IMethodTestRunner? MethodTests { get; init; }

    /// <summary>Where opened and edited text goes so that the workspace views see unsaved text; null: nowhere.</summary>
    public IEditorDocuments? EditorDocuments { get; init; }
}
