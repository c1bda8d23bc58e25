using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Workflows;

public sealed class CandidateCodeTests
{
    [Theory]
    [InlineData("Here you go:\n```csharp\n{ return a + b; }\n```\nDone.", "{ return a + b; }")]
    [InlineData("```csharp\npublic static int Add(int a, int b)\n{\n    return a + b;\n}\n```", "{\n    return a + b;\n}")]
    [InlineData("public static int Add(int a, int b) => a + b;", "{ return a + b; }")]
    [InlineData("return a + b;", "{\nreturn a + b;\n}")]
    [InlineData("```\n{ return 1; }", "{ return 1; }")]
    public void Extracts_a_braced_body_from_a_reply(string reply, string expected) =>
        Assert.Equal(expected, CandidateCode.ExtractBody(reply));

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
