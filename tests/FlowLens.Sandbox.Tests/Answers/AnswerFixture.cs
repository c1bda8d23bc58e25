namespace FlowLens.Sandbox.Tests.Answers;

/// <summary>
/// One recorded model answer from <c>tests/fixtures/answers/</c>: front-matter (<c>shape</c>, <c>finish</c>: stop or
/// length, <c>expect</c>: pass or <c>fail: WORDS</c>) between <c>---</c> lines, then the raw answer verbatim to the end
/// of the file.
/// </summary>
internal sealed record AnswerFixture(string Name, string Shape, string Finish, string? ExpectedFailure, string Answer)
{
    public static string Folder => Path.Combine(Paths.Fixtures, "answers");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.md").Where(f => Path.GetFileName(f) != "README.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static AnswerFixture Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name + ".md"));
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: expected front-matter starting with '---'");
        }

        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException($"{name}: front-matter is not closed by a '---' line");
        }

        var fields = text[4..end].Split('\n')
            .Select(l => l.Split('#')[0])
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.Ordinal);
        var expect = fields["expect"];
        var failure = expect == "pass" ? null
            : expect.StartsWith("fail:", StringComparison.Ordinal) ? expect["fail:".Length..].Trim()
            : throw new InvalidDataException($"{name}: expect must be 'pass' or 'fail: WORDS', found '{expect}'");
        var finish = fields["finish"];
        if (finish is not ("stop" or "length"))
        {
            throw new InvalidDataException($"{name}: finish must be stop or length, found '{finish}'");
        }

        return new AnswerFixture(name, fields["shape"], finish, failure, text[(end + "\n---\n".Length)..]);
    }
}
