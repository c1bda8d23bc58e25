namespace FlowLens.Core.Sampling;

/// <summary>
/// A chat backend that can answer one request with several samples of its prompt (the OpenAI <c>n</c> parameter)
/// offers this through <see cref="Microsoft.Extensions.AI.IChatClient.GetService"/>. <see cref="ChatSamples"/> then
/// asks once for all of a step's samples; every other backend gets one request per sample, as before.
/// </summary>
public interface ISampleCountSupport
{
    /// <summary>
    /// False once the server has shown that it answers one sample per request (it returned fewer choices than asked,
    /// or refused the count), so later steps stop asking; true while that is unknown or known to work.
    /// </summary>
    bool MayAnswerSeveral { get; }
}
