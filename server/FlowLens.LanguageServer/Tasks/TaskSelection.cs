using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;

namespace FlowLens.LanguageServer.Tasks;

/// <summary>Which task a command means: the one whose comment or method holds the line, or the first one after a selection.</summary>
internal static class TaskSelection
{
    public static TaskSite? At(Document document, int line) =>
        document.Tasks.FirstOrDefault(s => s.CommentRange.Start.Line <= line && line <= s.MethodRange.End.Line);

    public static TaskSite? For(Document document, int line, TextRange? selection)
    {
        if (selection is not { } range)
        {
            return At(document, line);
        }

        var start = range.Start.Line;
        return At(document, start)
            ?? document.Tasks.Where(s => s.CommentRange.Start.Line >= start).MinBy(s => s.CommentRange.Start.Line);
    }
}
