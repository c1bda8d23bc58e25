namespace FlowLens.Workspace;

/// <summary>Where restored package sets are kept and how long one restore may take.</summary>
/// <param name="CacheFolder">One folder per package set (a generated project and its restore); null: the system's temp folder.</param>
/// <param name="Timeout">Wall clock for one <c>dotnet restore</c>; null: two minutes.</param>
public sealed record PackageRestoreOptions(string? CacheFolder = null, TimeSpan? Timeout = null)
{
    public static PackageRestoreOptions Default { get; } = new();

    internal string EffectiveCacheFolder => CacheFolder ?? Path.Combine(Path.GetTempPath(), "flowlens-packages");

    internal TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromMinutes(2);
}
