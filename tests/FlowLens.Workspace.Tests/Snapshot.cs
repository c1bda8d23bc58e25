using System.Globalization;
using System.Text;
using FlowLens.Core.Context;

namespace FlowLens.Workspace.Tests;

/// <summary>
/// Approved context snapshots: the prompt text and what was cut, compared with a checked-in file. A difference
/// fails and writes <c>NAME.received.txt</c> beside it; <c>FLOWLENS_APPROVE=1</c> overwrites the approved file.
/// </summary>
internal static class Snapshot
{
    public static async Task VerifyAsync(string name, TaskContext context)
    {
        var folder = Path.Combine(FixtureSolution.RepoRoot, "tests", "fixtures", "context", "snapshots");
        var approved = Path.Combine(folder, name + ".approved.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        var text = Render(context);
        if (Environment.GetEnvironmentVariable("FLOWLENS_APPROVE") == "1")
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(approved, text);
        }

        var expected = File.Exists(approved) ? await File.ReadAllTextAsync(approved) : null;
        if (!string.Equals(expected, text, StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(received, text);
            Assert.Fail($"context differs from {approved} (see {received})");
        }

        File.Delete(received);
    }

    private static string Render(TaskContext context)
    {
        var text = new StringBuilder(context.Text);
        text.Append("\n==== summary\n").Append(context.Summary).Append('\n');
        text.Append("==== cut for the budget\n");
        foreach (var item in context.Cut)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {item.Kind}: {item.Title} ({item.Tokens} tokens)\n");
        }

        return text.ToString();
    }
}
