namespace FlowLens.Core.Search;

/// <summary>
/// A search mode: like <see cref="Composition.IComposer"/>, it returns a selection, but it may run candidate
/// workflows (through the <see cref="SearchProblem.Scorer"/>) before choosing, and reports what that cost.
/// </summary>
public interface IWorkflowSearch
{
    /// <summary>"refine", "bayesflow", ...: reported in benchmarks.</summary>
    string Name { get; }

    Task<SearchResult> SearchAsync(SearchProblem problem, CancellationToken cancellationToken);
}
