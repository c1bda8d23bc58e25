using System.CommandLine;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>--other-tests run|skip</c>: whether the rest of the test projects' tests run once on the result, after it was
/// chosen (or checked) on the tests that exercise the method. Running them is the default: a result that breaks a test
/// the selection left out should never look green.
/// </summary>
internal static class OtherTestsOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--other-tests")
        {
            Description = "run (default): also run the rest of the test projects' tests once on the result and report them separately; skip: only the tests that exercise the method.",
            DefaultValueFactory = _ => "run",
        };
        option.AcceptOnlyFromAmong("run", "skip");
        return option;
    }
}
