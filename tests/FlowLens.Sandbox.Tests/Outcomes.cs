using FlowLens.Core.Evaluation;

namespace FlowLens.Sandbox.Tests;

/// <summary>Outcomes as one letter each (P passed, F failed, E error, T timeout), so expectations read at a glance.</summary>
internal static class Outcomes
{
    public static string Of(IEnumerable<TestOutcome> outcomes) => string.Concat(outcomes.Select(o => o switch
    {
        TestOutcome.Passed => 'P',
        TestOutcome.Failed => 'F',
        TestOutcome.Error => 'E',
        _ => 'T',
    }));

    public static string Of(EvaluationReport report) => Of(report.Tests.Select(t => t.Outcome));

    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
