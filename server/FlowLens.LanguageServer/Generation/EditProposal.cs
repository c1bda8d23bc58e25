namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// What became of a proposed result: whether the client applied it, and what the run's attribution describes from
/// then on: the method body (null when the task is gone) in the document version the proposal was made on. A later
/// version whose method body differs means the user edited the method.
/// </summary>
internal sealed record EditProposal(bool Applied, string? MethodBody, int DocumentVersion);
