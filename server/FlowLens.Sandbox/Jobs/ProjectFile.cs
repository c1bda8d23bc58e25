namespace FlowLens.Sandbox.Jobs;

/// <summary>
/// What the sandbox reads from a <c>.csproj</c> and the <c>Directory.Build.props</c> / <c>.targets</c> around it
/// (see <see cref="ProjectEvaluator"/>): enough to compile its sources the way the SDK would.
/// </summary>
/// <param name="CompileItems">Explicit <c>Compile</c> items in evaluation order: (true, pattern) includes, (false, pattern) removes.</param>
/// <param name="EnableDefaultCompileItems">False when the project turned the SDK's <c>**/*.cs</c> default off.</param>
/// <param name="DefineConstants">Preprocessor symbols from <c>DefineConstants</c>, besides the SDK's own.</param>
/// <param name="UnreadConditions">MSBuild conditions the sandbox could not evaluate and took as true.</param>
internal sealed record ProjectFile(
    string Path,
    string AssemblyName,
    bool ImplicitUsings,
    bool Nullable,
    IReadOnlyList<string> GlobalUsings,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    IReadOnlyList<string> InternalsVisibleTo,
    IReadOnlyList<(bool Include, string Pattern)> CompileItems,
    bool EnableDefaultCompileItems,
    IReadOnlyList<string> DefineConstants,
    IReadOnlyList<string> UnreadConditions)
{
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static ProjectFile Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var evaluation = ProjectEvaluator.Evaluate(full);
        static bool On(string? value) => value is not null && (value.Equals("enable", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase));
        var items = evaluation.Items;

        var usings = new List<string>();
        foreach (var (_, operation, value, metadata) in items.Where(i => i.Type == "Using"))
        {
            if (operation == "Remove")
            {
                usings.RemoveAll(u => u.EndsWith(" " + value, StringComparison.Ordinal) || u == "global::" + value);
                continue;
            }

            if (operation != "Include")
            {
                continue;
            }

            var alias = metadata.GetValueOrDefault("Alias");
            var isStatic = string.Equals(metadata.GetValueOrDefault("Static"), "true", StringComparison.OrdinalIgnoreCase);
            usings.Add(alias is { Length: > 0 } ? $"{alias} = global::{value}" : isStatic ? $"static global::{value}" : $"global::{value}");
        }

        var directory = System.IO.Path.GetDirectoryName(full)!;
        List<string> Included(string type) => items.Where(i => i.Type == type && i.Operation == "Include").Select(i => i.Value).Distinct(StringComparer.Ordinal).ToList();
        return new ProjectFile(
            full,
            evaluation.Property("AssemblyName") ?? System.IO.Path.GetFileNameWithoutExtension(full),
            On(evaluation.Property("ImplicitUsings")),
            On(evaluation.Property("Nullable")),
            usings.Distinct(StringComparer.Ordinal).ToList(),
            Included("ProjectReference").Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, p.Replace('\\', System.IO.Path.DirectorySeparatorChar)))).ToList(),
            Included("PackageReference"),
            Included("InternalsVisibleTo"),
            items.Where(i => i.Type == "Compile" && i.Operation is "Include" or "Remove").Select(i => (i.Operation == "Include", i.Value)).ToList(),
            !string.Equals(evaluation.Property("EnableDefaultCompileItems"), "false", StringComparison.OrdinalIgnoreCase),
            (evaluation.Property("DefineConstants") ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList(),
            evaluation.Unread);
    }
}
