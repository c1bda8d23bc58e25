using System.Collections.Concurrent;
using FlowLens.Core.Projects;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>An <see cref="IEditorDocuments"/> that records each call as "verb path [root] text".</summary>
internal sealed class RecordingEditorDocuments : IEditorDocuments
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public void Opened(string workspaceRoot, string filePath, string text) => _calls.Enqueue($"opened {filePath} in {workspaceRoot}: {text.Length} chars");

    public void Changed(string filePath, string text) => _calls.Enqueue($"changed {filePath}: {text}");

    public void Closed(string filePath) => _calls.Enqueue($"closed {filePath}");
}
