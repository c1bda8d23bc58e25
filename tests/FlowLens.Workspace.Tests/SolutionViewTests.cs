namespace FlowLens.Workspace.Tests;

public sealed class SolutionViewTests
{
    [Fact]
    public async Task Loads_every_project_of_the_sample_with_its_project_references()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "compress");
        using var view = await SolutionView.OpenAsync(root, CancellationToken.None);
        var projects = view.Current.Projects.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["TextTools", "TextTools.Tests"], projects);
        var tests = view.Current.Projects.Single(p => p.Name == "TextTools.Tests");
        var referenced = Assert.Single(tests.ProjectReferences);
        Assert.Equal("TextTools", view.Current.GetProject(referenced.ProjectId)!.Name);
    }

    [Fact]
    public async Task An_edit_replaces_the_document_text_in_the_next_snapshot()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "compress");
        using var view = await SolutionView.OpenAsync(root, CancellationToken.None);
        var document = view.Current.Projects.Single(p => p.Name == "TextTools").Documents.First(d => d.FilePath!.EndsWith(".cs", StringComparison.Ordinal) && !d.FilePath.Contains("obj", StringComparison.Ordinal));
        var before = view.Current;
        view.UpdateDocument(document.FilePath!, "class Edited { }");
        var text = await view.Current.GetDocument(document.Id)!.GetTextAsync();
        Assert.Equal("class Edited { }", text.ToString());
        Assert.NotEqual("class Edited { }", (await before.GetDocument(document.Id)!.GetTextAsync()).ToString());
    }
}
