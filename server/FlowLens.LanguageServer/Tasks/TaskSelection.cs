using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;

namespace FlowLens.LanguageServer.Tasks;

/// <summary>
/// Which task a command means: the one whose comment or method holds the line, or the first one after a selection.
/// Lines are the client's, so they are compared with the tasks' client ranges.
/// </summary>
internal static class TaskSelection
{
    public static DocumentTask? At(Document document, int line) =>
        document.Tasks.FirstOrDefault(t => t.CommentRange.Start.Line <= line && line <= t.MethodRange.End.Line);

    public static DocumentTask? For(Document document, int line, TextRange? selection)
    {
        if (selection is not { } range)
        {
            return At(document, line);
        }

        var start = range.Start.Line;
        return At(document, start)
            ?? document.Tasks.Where(t => t.CommentRange.Start.Line >= start).MinBy(t => t.CommentRange.Start.Line);
    }
}
