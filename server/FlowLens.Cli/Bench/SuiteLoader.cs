using System.Text.Json;
using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Bench;

/// <summary>
/// Reads a suite. Two formats:
/// <list type="bullet">
/// <item>MultiPL-E JSON Lines (a <c>.jsonl</c> file, or a folder holding some): <c>name</c>, <c>prompt</c> (ending at the
/// method's opening brace) and <c>tests</c> (the rest of the class: it closes the method, then <c>Main</c> with
/// <c>Debug.Assert</c>s). The first line of the prompt's comment gets a <c>TASK:</c> prefix so
/// <see cref="TaskLocator"/> finds the site as in an editor; the body is a stub and the class is closed right after
/// it. The visible tests are the prompt's <c>&gt;&gt;&gt;</c> examples; the hidden grading tests are <c>tests</c> as a
/// <see cref="TaskTests.Program"/> without the method's closing brace (the candidate body brings its own).</item>
/// <item>Our own: a folder per task (or the suite folder itself) holding a C# file with a <c>// TASK:</c> comment and a
/// stub (its visible tests are the comment's examples), and a <c>*.tests.cs</c> file with the rest of the class after
/// the method (a <c>Main</c> with asserts and the closing braces), the hidden tests, appended after the candidate's
/// body like MultiPL-E's tests.</item>
/// </list>
/// The hidden tests never appear in the visible target's source.
/// </summary>
internal static class SuiteLoader
{
    private const string Stub = "{\n        throw new NotImplementedException();\n    }\n";

    public static IReadOnlyList<BenchTask> Load(string path)
    {
        if (File.Exists(path))
        {
            return LoadJsonl(path);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"No suite at '{path}': give a .jsonl file or a folder.", path);
        }

        var jsonl = Directory.EnumerateFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (jsonl.Count > 0)
        {
            return jsonl.SelectMany(LoadJsonl).ToList();
        }

        if (FolderTask(path) is { } single)
        {
            return [single];
        }

        return Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal).Select(FolderTask).OfType<BenchTask>().ToList();
    }

    public static IReadOnlyList<BenchTask> LoadJsonl(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var tasks = new List<BenchTask>();
        foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)).Where(x => x.l.Trim().Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var name = root.TryGetProperty("name", out var n) ? n.GetString() ?? $"task{number}" : $"task{number}";
            var prompt = root.GetProperty("prompt").GetString() ?? string.Empty;
            var tests = root.GetProperty("tests").GetString() ?? string.Empty;
            tasks.Add(FromMultiPlE(Path.Combine(directory, name + ".cs"), name, prompt, tests));
        }

        return tasks;
    }

    public static BenchTask FromMultiPlE(string filePath, string name, string prompt, string tests)
    {
        var braceAt = prompt.LastIndexOf('{');
        if (braceAt < 0)
        {
            throw new InvalidDataException($"{name}: the prompt does not end at a method's opening brace");
        }

        var header = WithTaskMarker(prompt[..braceAt], name);
        var closing = tests.IndexOf('}', StringComparison.Ordinal);
        var rest = closing < 0 ? tests : tests[(closing + 1)..];
        var source = header + Stub + "}\n";
        var site = TaskLocator.Find(source).FirstOrDefault()
            ?? throw new InvalidDataException($"{name}: no task site found after adding the TASK marker");
        return new BenchTask(name, new GradedTarget(new TaskTarget(filePath, source, site, new TaskTests.None()), new TaskTests.Program(rest)));
    }

    /// <summary>Prefixes the first line of the comment block right above the signature with <c>TASK:</c>, or adds one.</summary>
    private static string WithTaskMarker(string header, string name)
    {
        var lines = header.Split('\n').ToList();
        var signature = lines.FindLastIndex(l => l.Trim().Length > 0);
        var first = -1;
        for (var i = signature - 1; i >= 0 && lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal); i--)
        {
            first = i;
        }

        if (first < 0)
        {
            var indent = lines[signature][..(lines[signature].Length - lines[signature].TrimStart().Length)];
            lines.Insert(signature, $"{indent}// TASK: Implement {name}.");
            return string.Join('\n', lines);
        }

        var line = lines[first];
        var at = line.IndexOf("//", StringComparison.Ordinal) + 2;
        lines[first] = line[..at] + " TASK: " + line[at..].TrimStart('/').TrimStart();
        return string.Join('\n', lines);
    }

    private static BenchTask? FolderTask(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal).ToList();
        var testsFile = files.FirstOrDefault(f => f.EndsWith(".tests.cs", StringComparison.OrdinalIgnoreCase));
        var sourceFile = files.FirstOrDefault(f => !f.EndsWith(".tests.cs", StringComparison.OrdinalIgnoreCase));
        if (testsFile is null || sourceFile is null)
        {
            return null;
        }

        var source = File.ReadAllText(sourceFile);
        var site = TaskLocator.Find(source).FirstOrDefault();
        return site is null
            ? null
            : new BenchTask(
                Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)),
                new GradedTarget(new TaskTarget(Path.GetFullPath(sourceFile), source, site, new TaskTests.None()), new TaskTests.Program(File.ReadAllText(testsFile))));
    }
}
