using System.Text;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.LanguageServer.Tests;

/// <summary>
/// Random edits through the didChange path (protocol changes converted as the handler converts them, applied to the
/// document store) against the same edits applied to a plain string. After every notification the document's text
/// must be the string; its incrementally reparsed tree must hold the string and agree with a fresh parse of it, in
/// structure and in the tasks found; and the tasks' client ranges must point where the string says.
/// </summary>
public sealed class IncrementalEditPropertyTests
{
    private const string Uri = "file:///w/Calculator.cs";
    private const int Notifications = 300;

    private const string Base =
        "namespace Demo;\n" +
        "\n" +
        "public static class Calculator\n" +
        "{\n" +
        "    /* Notes:\u2028a break to Roslyn only. 😀 */\n" +
        "    private const string Note = @\"first\u2029second\u0085third 😀\";\n" +
        "\n" +
        "    // TASK: Return the sum of a and b.\n" +
        "    // Add(2, 3) == 5\n" +
        "    public static int Add(int a, int b)\n" +
        "    {\n" +
        "        throw new NotImplementedException();\n" +
        "    }\n" +
        "\n" +
        "    /// <summary>TASK: Return the larger of a and b.</summary>\n" +
        "    public static int Max(int a, int b) => throw new NotImplementedException();\n" +
        "}\n";

    /// <summary>The base text with its line breaks as <paramref name="lineEndings"/> says: one kind, or each kind in turn.</summary>
    private static string BaseText(string lineEndings)
    {
        if (lineEndings != "mixed")
        {
            return Base.Replace("\n", lineEndings == "crlf" ? "\r\n" : lineEndings == "cr" ? "\r" : "\n", StringComparison.Ordinal);
        }

        string[] breaks = ["\n", "\r\n", "\r"];
        var text = new StringBuilder();
        var lines = Base.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                text.Append(breaks[i % breaks.Length]);
            }
        }

        return text.ToString();
    }

    [Theory]
    [InlineData(1, "lf")]
    [InlineData(2, "crlf")]
    [InlineData(3, "cr")]
    [InlineData(4, "mixed")]
    [InlineData(5, "mixed")]
    [InlineData(6, "lf")]
    public void Random_edits_keep_text_tree_and_tasks_equal_to_a_plain_string_and_a_fresh_parse(int seed, string lineEndings)
    {
        var random = new Random(seed);
        var expected = BaseText(lineEndings);
        var edits = new RandomEdits(random, expected);

        // "every" builds its tree after each notification; "bursts" only now and then, so one reparse covers several.
        var every = new DocumentStore();
        var bursts = new DocumentStore();
        every.Open(Uri, 1, expected);
        bursts.Open(Uri, 1, expected);
        var withTasks = 0;
        var burstChecks = 0;
        for (var version = 2; version < Notifications + 2; version++)
        {
            var changes = edits.Next(expected);
            foreach (var change in changes)
            {
                expected = ReferenceText.Apply(expected, change);
            }

            var converted = ProtocolConversion.ToDocumentChanges(changes);
            Assert.True(every.Change(Uri, version, converted));
            Assert.True(bursts.Change(Uri, version, converted));

            var context = $"seed {seed}, version {version}, after {Describe(changes)}";
            var document = every.Current.Find(Uri)!;
            Assert.True(expected == document.Text.Text, $"text differs, {context}");
            Assert.Equal(expected.Length, document.Text.Length);
            withTasks += Check(document, expected, context) > 0 ? 1 : 0;

            var burst = bursts.Current.Find(Uri)!;
            Assert.True(expected == burst.Text.Text, $"text differs (bursts), {context}");
            if (random.Next(5) == 0)
            {
                Check(burst, expected, context + " (bursts)");
                burstChecks++;
            }
        }

        // Not vacuous: a good share of versions had tasks to compare, and the edits took every path.
        Assert.True(withTasks > Notifications / 3, $"only {withTasks} of {Notifications} versions had a task");
        Assert.True(edits.MultiChangeNotifications > 30, $"only {edits.MultiChangeNotifications} multi-change notifications");
        Assert.True(edits.Restores > 3, $"only {edits.Restores} restores");
        Assert.True(burstChecks > 20, $"only {burstChecks} burst checks");
    }

    /// <summary>Compares a document's tree and tasks with a fresh parse of <paramref name="expected"/>; returns how many tasks there were.</summary>
    private static int Check(Document document, string expected, string context)
    {
        var tree = document.Tree;
        var fresh = TaskLocator.Parse(SourceText.From(expected));
        Assert.True(expected == tree.GetText().ToString(), $"tree text differs, {context}");
        Assert.True(expected == tree.GetRoot().ToFullString(), $"tree nodes do not cover the text, {context}");
        Assert.True(tree.GetRoot().IsEquivalentTo(fresh.GetRoot()), $"incremental tree differs from a fresh parse, {context}");

        var sites = TaskLocator.Find(fresh);
        Assert.Equal(Render(sites), Render(TaskLocator.Find(tree)));

        // The client ranges, read back through the plain-string model, must be the offsets Roslyn gives the fresh sites.
        var tasks = document.Tasks;
        Assert.Equal(sites.Count, tasks.Count);
        var lines = fresh.GetText().Lines;
        for (var i = 0; i < sites.Count; i++)
        {
            Assert.Equal(Render([sites[i]]), Render([tasks[i].Site]));
            AssertSameOffsets(expected, lines, sites[i].CommentRange, tasks[i].CommentRange, context);
            AssertSameOffsets(expected, lines, sites[i].MethodRange, tasks[i].MethodRange, context);
            AssertSameOffsets(expected, lines, sites[i].BodyRange, tasks[i].BodyRange, context);
        }

        return sites.Count;
    }

    private static void AssertSameOffsets(string text, TextLineCollection roslynLines, TextRange roslyn, TextRange client, string context)
    {
        var expectedStart = roslynLines.GetPosition(new LinePosition(roslyn.Start.Line, roslyn.Start.Character));
        var expectedEnd = roslynLines.GetPosition(new LinePosition(roslyn.End.Line, roslyn.End.Character));
        Assert.True(expectedStart == ReferenceText.Offset(text, ProtocolConversion.ToProtocol(client.Start)), $"range start {client.Start} is not offset {expectedStart}, {context}");
        Assert.True(expectedEnd == ReferenceText.Offset(text, ProtocolConversion.ToProtocol(client.End)), $"range end {client.End} is not offset {expectedEnd}, {context}");
    }

    private static string Render(IReadOnlyList<TaskSite> sites)
    {
        var text = new StringBuilder();
        foreach (var s in sites)
        {
            text.Append(s.MethodName).Append(" | ").Append(s.Signature).Append(" | ").Append(s.TaskText).Append(" | ")
                .Append(s.CommentRange).Append(' ').Append(s.MethodRange).Append(' ').Append(s.BodyRange);
            foreach (var e in s.Examples)
            {
                text.Append(" | ").Append(e.Call).Append(" == ").Append(e.Expected).Append(" @").Append(e.Line);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Describe(IReadOnlyList<TextDocumentContentChangeEvent> changes) =>
        string.Join(", ", changes.Select(c => c.Range is null
            ? "a full replacement"
            : $"{c.Range.Start.Line}:{c.Range.Start.Character}-{c.Range.End.Line}:{c.Range.End.Character} -> \"{Escape(c.Text)}\""));

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return escaped.ToString();
    }
}
