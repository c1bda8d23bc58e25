using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace FlowLens.Sandbox.Jobs;

/// <summary>
/// The part of MSBuild evaluation that decides how a project's C# compiles, without running MSBuild: the nearest
/// <c>Directory.Build.props</c> (and what it imports), the project, then the nearest <c>Directory.Build.targets</c>, in
/// that order; properties with <c>$(Name)</c> references, simple conditions (<c>'a' == 'b'</c>, <c>!=</c>,
/// <c>Exists(...)</c>, joined by <c>and</c> / <c>or</c>), <c>Import</c> elements including the usual
/// <c>GetPathOfFileAbove</c> chaining, and the items the sandbox needs in document order.
/// </summary>
/// <remarks>
/// A condition this evaluator cannot read counts as true, which is what the sandbox did before it read conditions at
/// all; the evaluation records it in <see cref="Unread"/> so the report can say so.
/// </remarks>
internal sealed partial class ProjectEvaluator
{
    private const int MaxImports = 32;

    private readonly Dictionary<string, string> _properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);
    private readonly string _projectDirectory;

    private ProjectEvaluator(string projectPath)
    {
        _projectDirectory = Path.GetDirectoryName(projectPath)!;
        _properties["Configuration"] = "Debug";
        _properties["Platform"] = "AnyCPU";
        _properties["MSBuildProjectDirectory"] = _projectDirectory;
        _properties["MSBuildProjectFullPath"] = projectPath;
        _properties["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(projectPath);
        _properties["MSBuildProjectFile"] = Path.GetFileName(projectPath);
    }

    /// <summary>Items in evaluation order: (item type, operation "Include" or "Remove", value, the attributes).</summary>
    public List<(string Type, string Operation, string Value, IReadOnlyDictionary<string, string> Metadata)> Items { get; } = [];

    /// <summary>The files read, in order (imports included).</summary>
    public List<string> Files { get; } = [];

    /// <summary>Conditions that could not be read and were taken as true.</summary>
    public List<string> Unread { get; } = [];

    public IReadOnlyDictionary<string, string> Properties => _properties;

    public static ProjectEvaluator Evaluate(string projectPath)
    {
        var evaluator = new ProjectEvaluator(Path.GetFullPath(projectPath));
        if (FindAbove(evaluator._projectDirectory, "Directory.Build.props") is { } props)
        {
            evaluator.Read(props);
        }

        evaluator.Read(Path.GetFullPath(projectPath));
        if (FindAbove(evaluator._projectDirectory, "Directory.Build.targets") is { } targets)
        {
            evaluator.Read(targets);
        }

        return evaluator;
    }

    public string? Property(string name) => _properties.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The first file called <paramref name="name"/> in <paramref name="directory"/> or a folder above it.</summary>
    private static string? FindAbove(string directory, string name)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private void Read(string path)
    {
        if (!_imported.Add(path) || _imported.Count > MaxImports)
        {
            return;
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{path}: not a valid MSBuild file ({e.Message})", e);
        }

        Files.Add(path);
        var thisDirectory = Path.GetDirectoryName(path)! + Path.DirectorySeparatorChar;
        var saved = (_properties.GetValueOrDefault("MSBuildThisFileDirectory"), _properties.GetValueOrDefault("MSBuildThisFileFullPath"));
        _properties["MSBuildThisFileDirectory"] = thisDirectory;
        _properties["MSBuildThisFileFullPath"] = path;
        try
        {
            foreach (var element in document.Root?.Elements() ?? [])
            {
                Visit(element);
            }
        }
        finally
        {
            _properties["MSBuildThisFileDirectory"] = saved.Item1 ?? string.Empty;
            _properties["MSBuildThisFileFullPath"] = saved.Item2 ?? string.Empty;
        }
    }

    private void Visit(XElement element)
    {
        if (!Holds(element))
        {
            return;
        }

        switch (element.Name.LocalName)
        {
            case "PropertyGroup":
                foreach (var property in element.Elements().Where(Holds))
                {
                    _properties[property.Name.LocalName] = Expand(property.Value.Trim());
                }

                break;
            case "ItemGroup":
                foreach (var item in element.Elements().Where(Holds))
                {
                    var metadata = item.Attributes().ToDictionary(a => a.Name.LocalName, a => Expand(a.Value), StringComparer.OrdinalIgnoreCase);
                    foreach (var operation in new[] { "Include", "Remove", "Update" })
                    {
                        if (metadata.TryGetValue(operation, out var value))
                        {
                            foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                            {
                                Items.Add((item.Name.LocalName, operation, part, metadata));
                            }
                        }
                    }
                }

                break;
            case "Import":
                if ((string?)element.Attribute("Project") is { } project)
                {
                    var target = Expand(project);
                    if (target.Length > 0 && !target.Contains('*', StringComparison.Ordinal))
                    {
                        var full = Path.GetFullPath(Path.Combine(_properties["MSBuildThisFileDirectory"], target.Replace('\\', Path.DirectorySeparatorChar)));
                        if (File.Exists(full))
                        {
                            Read(full);
                        }
                    }
                }

                break;
            case "ImportGroup":
            case "Choose":
                foreach (var child in element.Elements())
                {
                    Visit(child);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Whether the element's condition holds (no condition, or one this evaluator reads as true, or one it cannot read).</summary>
    private bool Holds(XElement element)
    {
        if ((string?)element.Attribute("Condition") is not { } condition || condition.Trim().Length == 0)
        {
            return true;
        }

        var result = Condition(condition);
        if (result is null)
        {
            Unread.Add(condition.Trim());
        }

        return result ?? true;
    }

    private bool? Condition(string condition)
    {
        var disjuncts = OrPattern().Split(condition);
        var any = false;
        foreach (var disjunct in disjuncts)
        {
            var all = true;
            foreach (var term in AndPattern().Split(disjunct))
            {
                var value = Term(term.Trim());
                if (value is null)
                {
                    return null;
                }

                all &= value.Value;
            }

            any |= all;
        }

        return any;
    }

    private bool? Term(string term)
    {
        if (ComparisonPattern().Match(term) is { Success: true } comparison)
        {
            var equal = string.Equals(Expand(comparison.Groups["left"].Value), Expand(comparison.Groups["right"].Value), StringComparison.OrdinalIgnoreCase);
            return comparison.Groups["op"].Value == "==" ? equal : !equal;
        }

        if (ExistsPattern().Match(term) is { Success: true } exists)
        {
            var path = Expand(exists.Groups["path"].Value).Replace('\\', Path.DirectorySeparatorChar);
            var full = Path.GetFullPath(Path.Combine(_projectDirectory, path));
            var holds = File.Exists(full) || Directory.Exists(full);
            return exists.Groups["not"].Success ? !holds : holds;
        }

        return term.Trim().ToLowerInvariant() switch
        {
            "true" or "'true'" => true,
            "false" or "'false'" => false,
            _ => null,
        };
    }

    /// <summary>Replaces <c>$(Name)</c> with the property's value so far (empty when unset) and the usual <c>GetPathOfFileAbove</c>.</summary>
    private string Expand(string value)
    {
        // Plain properties first: the start folder of GetPathOfFileAbove is usually $(MSBuildThisFileDirectory)../.
        var expanded = PropertyPattern().Replace(value, m => _properties.GetValueOrDefault(m.Groups[1].Value, string.Empty));
        return PathAbovePattern().Replace(expanded, m =>
        {
            var start = m.Groups["start"].Value.Trim();
            var directory = Path.GetFullPath(start.Length == 0 ? _properties["MSBuildThisFileDirectory"] : start);
            return FindAbove(directory, m.Groups["name"].Value.Trim()) ?? string.Empty;
        });
    }

    [GeneratedRegex(@"\s+or\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrPattern();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^\(?\s*'(?<left>[^']*)'\s*(?<op>==|!=)\s*'(?<right>[^']*)'\s*\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonPattern();

    [GeneratedRegex(@"^(?<not>!)?\s*Exists\(\s*'(?<path>[^']*)'\s*\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExistsPattern();

    [GeneratedRegex(@"\$\(\s*\[MSBuild\]::GetPathOfFileAbove\(\s*'?(?<name>[^',)]+)'?\s*(,\s*'?(?<start>[^')]*)'?\s*)?\)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PathAbovePattern();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_\-]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyPattern();
}
