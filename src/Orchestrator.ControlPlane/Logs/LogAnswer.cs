namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// What an agent answered: the requested log text, or (when <see cref="Succeeded"/> is false) why it could not, in
/// the words the API returns to the user.
/// </summary>
public sealed record LogAnswer(bool Succeeded, string Text);
