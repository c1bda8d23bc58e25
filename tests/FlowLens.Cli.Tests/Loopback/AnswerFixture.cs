namespace FlowLens.Cli.Tests.Loopback;

/// <summary>
/// One file of <c>tests/fixtures/answers</c>: a raw model answer for the draft step of <c>samples/compress</c>, the
/// <c>finish_reason</c> to send with it, and what the run must end with (<c>pass</c>, or <c>fail: words</c>).
/// </summary>
public sealed record AnswerFixture(string Name, string Shape, string Finish, bool ExpectPass, string? FailureWords, string Answer)
{
    public static string Folder => Path.Combine(FlowLensProcess.RepoRoot, "tests", "fixtures", "answers");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.md").Select(Path.GetFileName).Where(n => n != "README.md").Order(StringComparer.Ordinal)!;

    /// <summary>The answers named in the folder's <c>end-to-end.txt</c>, each checked to exist.</summary>
    public static IEnumerable<string> EndToEndNames() =>
        File.ReadAllLines(Path.Combine(Folder, "end-to-end.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => File.Exists(Path.Combine(Folder, l)) ? l : throw new FileNotFoundException($"end-to-end.txt names {l}, which is not in {Folder}"));

    public static AnswerFixture Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name));
        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != "---")
        {
            throw new FormatException($"{name}: the file must start with a '---' line");
        }

        var end = Array.FindIndex(lines, 1, l => l.TrimEnd('\r') == "---");
        if (end < 0)
        {
            throw new FormatException($"{name}: the front matter has no closing '---' line");
        }

        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines[1..end])
        {
            var content = line.TrimEnd('\r');
            var hash = content.IndexOf(" #", StringComparison.Ordinal);
            content = hash >= 0 ? content[..hash] : content;
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                header[content[..colon].Trim()] = content[(colon + 1)..].Trim();
            }
        }

        var expect = header.GetValueOrDefault("expect") ?? throw new FormatException($"{name}: no 'expect:' line");
        var pass = expect == "pass";
        if (!pass && !expect.StartsWith("fail:", StringComparison.Ordinal))
        {
            throw new FormatException($"{name}: 'expect' must be 'pass' or 'fail: <words>', found '{expect}'");
        }

        var answer = string.Join('\n', lines[(end + 1)..]);
        return new AnswerFixture(name, header.GetValueOrDefault("shape") ?? name, header.GetValueOrDefault("finish") ?? "stop", pass, pass ? null : expect["fail:".Length..].Trim(), answer);
    }
}
