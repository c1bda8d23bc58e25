using FlowLens.Core.Context;
using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Workspace.Context;

/// <summary>
/// The context of a task from a loaded solution: the document is found by path and, when the editor's text differs
/// from the snapshot, assembled against that text (unsaved edits win). Which tests may be shown is the task's say.
/// </summary>
public sealed class SolutionContextSource : ITaskContextSource
{
    private readonly Func<Solution> _solution;
    private readonly ContextAssemblyOptions _options;

    /// <param name="solution">The current snapshot, read at each assembly (a warm view's <c>Current</c>).</param>
    public SolutionContextSource(Func<Solution> solution, ContextAssemblyOptions options)
    {
        _solution = solution;
        _options = options;
    }

    public async Task<TaskContext> AssembleAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var solution = _solution();
        var id = solution.GetDocumentIdsWithFilePath(Path.GetFullPath(target.FilePath)).FirstOrDefault();
        if (id is null)
        {
            return TaskContext.Unavailable($"{Path.GetFileName(target.FilePath)} is in no loaded project");
        }

        var text = await solution.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(text.ToString(), target.SourceText, StringComparison.Ordinal))
        {
            text = SourceText.From(target.SourceText);
            solution = solution.WithDocumentText(id, text);
        }

        var start = target.Site.MethodRange.Start;
        if (start.Line >= text.Lines.Count)
        {
            return TaskContext.Unavailable("the task's method is outside the document");
        }

        var position = text.Lines[start.Line].Start + start.Character;
        return await ContextAssembler.AssembleAsync(solution, id, position, _options with { MayShowTestFile = target.Tests.MayShowTestFile }, cancellationToken).ConfigureAwait(false);
    }
}
