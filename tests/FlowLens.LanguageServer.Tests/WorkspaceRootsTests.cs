using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Tests;

public sealed class WorkspaceRootsTests
{
    [Theory]
    [InlineData("/ws/app/src/A.cs", "/ws/app")]
    [InlineData("/ws/app/lib/inner/B.cs", "/ws/app/lib/inner")]
    [InlineData("/ws/application/C.cs", "/ws/application")]
    [InlineData("/elsewhere/D.cs", "/elsewhere")]
    public void The_innermost_containing_folder_wins_else_the_files_directory(string file, string root)
    {
        var roots = new WorkspaceRoots(["/ws/app", "/ws/app/lib/inner"]);

        Assert.Equal(root, roots.RootFor(file));
    }

    [Theory]
    [InlineData("file:///home/me/My%20Project/A.cs", "/home/me/My Project/A.cs")]
    [InlineData("untitled:Untitled-1", "untitled:Untitled-1")]
    public void Uris_map_to_paths(string uri, string path) =>
        Assert.Equal(path, DocumentUris.ToFilePath(uri));
}
