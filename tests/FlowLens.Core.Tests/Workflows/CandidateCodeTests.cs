using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Workflows;

public sealed class CandidateCodeTests
{
    [Fact]
    public void Reindents_to_the_method_keeping_relative_indentation()
    {
        const string body = "{\n        var x = 1;\n        if (x > 0)\n            return x;\n\n        return 0;\n}";
        Assert.Equal(
            "{\n        var x = 1;\n        if (x > 0)\n            return x;\n\n        return 0;\n    }",
            CandidateCode.Reindent(body, "    "));
        Assert.Equal("{ return 1; }", CandidateCode.Reindent("{ return 1; }", "    "));
    }

    [Theory]
    [InlineData("{ return 1; }", true)]
    [InlineData("{ return 1 }", false)]
    [InlineData("{ return 1; } extra", false)]
    public void Parses_only_well_formed_blocks(string body, bool parses) =>
        Assert.Equal(parses, CandidateCode.Parses(body));
}
