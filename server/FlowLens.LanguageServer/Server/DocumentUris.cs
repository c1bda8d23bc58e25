namespace FlowLens.LanguageServer.Server;

/// <summary>Maps document URIs to the paths Core expects.</summary>
internal static class DocumentUris
{
    /// <summary>The local path of a <c>file:</c> URI; other schemes (e.g. <c>untitled:</c>) keep the URI text as their name.</summary>
    public static string ToFilePath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    /// <summary>Whether the URI names a file on disk (only those belong to a workspace's projects).</summary>
    public static bool IsFile(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile;
}
