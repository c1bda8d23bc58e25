using FlowLens.Core.Capabilities;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Capabilities;

public sealed class CapabilityLibraryTests
{
    [Fact]
    public void Built_in_library_loads_without_errors_and_covers_the_coding_domain()
    {
        var library = Fixtures.Library;
        Assert.Empty(library.Errors);
        string[] required = ["plan", "draft", "edge-tests", "run-tests", "repair", "review", "revise", "vote", "llm-select", "static-check", "simplify"];
        Assert.All(required, id => Assert.True(library.TryGet(id, out _), $"missing capability {id}"));
        Assert.All(library.Capabilities.Where(c => c.Kind == CapabilityKind.Llm), c => Assert.NotEmpty(c.PromptTemplate));
    }

    [Fact]
    public void Workspace_files_add_and_override_and_bad_files_report_file_and_line()
    {
        var workspace = Directory.CreateTempSubdirectory("flowlens-lib");
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(workspace.FullName, ".flowlens", "capabilities"));
            foreach (var file in Directory.GetFiles(RepoPaths.Fixtures("capabilities-invalid")))
            {
                File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
            }

            var library = CapabilityLibrary.Load(RepoPaths.Capabilities, workspace.FullName);

            Assert.True(library.TryGet("explain", out _));
            Assert.Equal(2, library["draft"].Parameter("n")!.Maximum);
            Assert.True(library.TryGet("repair", out _)); // built-ins still load
            var errors = library.Errors.Select(e => $"{Path.GetFileName(e.FilePath)}:{e.Line}: {e.Problem}").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(
            [
                "bad-kind.md:3: kind 'magic' must be llm, tool, select or composite",
                "bad-parameter.md:8: parameter 'n': need MIN <= DEFAULT <= MAX",
            ],
                errors);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("no front matter", 1, "expected front-matter starting with '---'")]
    [InlineData("---\nid: x\n", 3, "front-matter is not closed by a '---' line")]
    [InlineData("---\nid: x\nkind: tool\ncolour: red\n---\n", 4, "unknown key 'colour'")]
    [InlineData("---\nid: X!\nkind: tool\ndescription: d\n---\n", 2, "id 'X!' must be lower-case letters, digits and dashes")]
    [InlineData("---\nid: x\nkind: tool\ndescription: d\ninputs: code\n---\n", 5, "unknown artefact type 'code'")]
    [InlineData("---\nid: x\nkind: llm\ndescription: d\n---\n", 5, "an llm capability needs a prompt body")]
    public void Invalid_front_matter_points_at_the_line(string text, int line, string problemStart)
    {
        var error = Assert.Throws<CapabilityFileException>(() => CapabilityFileParser.Parse("x.md", text));
        Assert.Equal(line, error.Line);
        Assert.StartsWith(problemStart, error.Problem, StringComparison.Ordinal);
    }
}
