namespace FlowLens.Cli.Tests.Loopback;

/// <summary>What the scripted server does with a request that asks for several choices (<c>"n" &gt; 1</c>), as servers differ.</summary>
public enum SampleCountAnswer
{
    /// <summary>Answers with as many choices as asked (vLLM, SGLang, OpenAI).</summary>
    Honoured,

    /// <summary>Answers with one choice whatever was asked (llama-server, historically).</summary>
    OneChoice,

    /// <summary>Answers 400: the count is not supported.</summary>
    Refused,
}
