namespace FlowLens.Cli.Bench;

/// <summary>
/// The task-level split the search papers use: 1 in 5 tasks (at least one when there are two or more) go to
/// VALIDATION, drawn with a fixed seed; the rest are TEST tasks, kept in suite order. Search modes may look at
/// results on validation tasks only; every mode is scored on the test tasks only.
/// </summary>
internal sealed record SuiteSplit(IReadOnlyList<BenchTask> Validation, IReadOnlyList<BenchTask> Test)
{
    public static SuiteSplit Of(IReadOnlyList<BenchTask> tasks, int seed)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var count = tasks.Count < 2 ? 0 : Math.Max(1, (int)Math.Round(tasks.Count / 5.0, MidpointRounding.AwayFromZero));
        var order = Enumerable.Range(0, tasks.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = order.Take(count).Order().ToHashSet();
        return new SuiteSplit(
            tasks.Where((_, i) => validation.Contains(i)).ToList(),
            tasks.Where((_, i) => !validation.Contains(i)).ToList());
    }
}
