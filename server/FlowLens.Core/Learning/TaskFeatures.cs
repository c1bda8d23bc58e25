using FlowLens.Core.Tasks;

namespace FlowLens.Core.Learning;

/// <summary>A small feature vector of a task: its kind and what evidence there is to test against.</summary>
public sealed record TaskFeatures(TaskKind Kind, bool HasTests, bool HasExamples)
{
    private static readonly (TaskKind Kind, string[] Words)[] Vocabulary =
    [
        (TaskKind.Parsing, ["parse", "pars", "token", "string", "char", "text", "format", "regex", "bracket", "paren", "word", "vowel", "palindrome"]),
        (TaskKind.Numeric, ["prime", "sum", "product", "digit", "integer", "float", "double", "decimal", "math", "fibonacci", "factorial", "number", "round", "mod"]),
        (TaskKind.DataTransformation, ["list", "array", "sort", "filter", "map", "group", "dictionary", "collection", "element", "merge", "unique"]),
        (TaskKind.ApiShaped, ["request", "response", "http", "json", "api", "client", "service", "record", "dto", "validate"]),
    ];

    public static TaskFeatures Of(TaskTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var text = (target.Site.TaskText + " " + target.Site.Signature).ToLowerInvariant();
        var best = TaskKind.Algorithm;
        var bestCount = 0;
        foreach (var (kind, words) in Vocabulary)
        {
            var count = words.Count(w => text.Contains(w, StringComparison.Ordinal));
            if (count > bestCount)
            {
                (best, bestCount) = (kind, count);
            }
        }

        return new TaskFeatures(best, target.Tests is not TaskTests.None, target.Site.Examples.Count > 0);
    }
}
