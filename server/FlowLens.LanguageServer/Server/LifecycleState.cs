namespace FlowLens.LanguageServer.Server;

internal enum LifecycleState
{
    /// <summary>No <c>initialize</c> yet: requests are answered with ServerNotInitialized, notifications dropped.</summary>
    Uninitialized,

    /// <summary><c>initialize</c> answered; requests are served.</summary>
    Running,

    /// <summary><c>shutdown</c> answered: only <c>exit</c> is expected now.</summary>
    ShutDown,
}
