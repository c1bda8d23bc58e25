namespace FlowLens.Cli.Bench;

/// <summary>Settings are equal when nothing differs between them (the options dictionary compared by content).</summary>
internal sealed class RunSettingsComparer : IEqualityComparer<RunSettings?>
{
    public static RunSettingsComparer Instance { get; } = new();

    public bool Equals(RunSettings? x, RunSettings? y) =>
        x is null || y is null ? x is null && y is null : x.DifferencesTo(y).Count == 0;

    public int GetHashCode(RunSettings? obj) => obj is null ? 0 : StringComparer.Ordinal.GetHashCode(obj.ToJson().ToJsonString());
}
