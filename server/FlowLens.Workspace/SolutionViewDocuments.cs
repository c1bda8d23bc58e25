using FlowLens.Core.Projects;

namespace FlowLens.Workspace;

/// <summary>
/// Core's <see cref="IEditorDocuments"/> over the shared <see cref="SolutionViewCache"/>: opening a file warms its
/// workspace's view, edits replace the file's text in every view that holds it, closing reverts it to the disk's.
/// </summary>
public sealed class SolutionViewDocuments(SolutionViewCache views) : IEditorDocuments
{
    public void Opened(string workspaceRoot, string filePath, string text)
    {
        views.UpdateDocument(filePath, text);
        views.Warm(workspaceRoot);
    }

    public void Changed(string filePath, string text) => views.UpdateDocument(filePath, text);

    public void Closed(string filePath) => views.RevertDocument(filePath);
}
