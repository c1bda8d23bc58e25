namespace FlowLens.Core.Projects;

/// <summary>
/// The editor's view of the workspace's files, pushed into the warm workspace views so that everything reading them
/// (context assembly, test selection) sees unsaved text. Calls return at once; loading happens in the background.
/// </summary>
public interface IEditorDocuments
{
    /// <summary>A file was opened in the workspace at <paramref name="workspaceRoot"/>: its view starts loading if it is not warm.</summary>
    void Opened(string workspaceRoot, string filePath, string text);

    /// <summary>The file's whole text after an edit.</summary>
    void Changed(string filePath, string text);

    /// <summary>The editor let go of the file: its text on disk counts again.</summary>
    void Closed(string filePath);
}
