using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Rendering;

/// <summary>"Run its tests" above each task: resolved at once, it points at the client's command, which asks the server to run them.</summary>
internal static class TestLenses
{
    public const string Title = "Run its tests";

    public static IEnumerable<CodeLens> Build(Document document) =>
        document.Tasks.Select(task =>
        {
            var line = task.CommentRange.Start.Line;
            var range = ProtocolConversion.ToProtocol(new TextRange(task.CommentRange.Start, task.CommentRange.Start));
            var command = new Command(Title, FlowLensCommands.ShowTestRun, [ProtocolJson.ToElement(new RunTestsArguments(document.Uri, line))]);
            return new CodeLens(range, command, new CodeLensData(document.Uri, line, LensKinds.RunTests, null, null));
        });
}
