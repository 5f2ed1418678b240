namespace TraceCurate.Traces;

/// <summary>
/// The §10.1 target keys and the shell commands of one trace's actions, each worked out once for both analyses that
/// read them: the recoveries (<see cref="RecoveryAnalyzer"/>) and the outcome (<see cref="OutcomeAnalyzer"/>), which
/// parsed the same shell commands again (the outcome's last-verifier rule parses every shell command from the end).
/// By position in <see cref="Actions"/>. Safe for two threads at once: each slot is one reference, written whole, and
/// two threads that both work it out get equal values.
/// </summary>
internal sealed class ActionKeys(IReadOnlyList<Action> actions, string? cwd)
{
    private readonly TargetKeys?[] _keys = new TargetKeys?[actions.Count];
    private readonly ShellText?[] _shell = new ShellText?[actions.Count];

    public IReadOnlyList<Action> Actions => actions;

    /// <summary>The keys of action <paramref name="i"/> (<see cref="ToolFamilies.KeysOf(Action, string?)"/>).</summary>
    public TargetKeys Keys(int i) => _keys[i] ??= ToolFamilies.KeysOf(actions[i], cwd, this, i);

    /// <summary>The tool family of action <paramref name="i"/>: that of its keys, without working the keys out.</summary>
    public ToolFamily Family(int i) => _keys[i]?.Family ?? ToolFamilies.Of(actions[i].Name);

    /// <summary>
    /// Whether action <paramref name="i"/> is a verifier run (its keys' <see cref="TargetKeys.Verifier"/> is set), without
    /// working out the keys of a shell command that <see cref="ToolFamilies.MayBeVerifier"/> rules out.
    /// </summary>
    public bool IsVerifier(int i) =>
        _keys[i] is { } known ? known.Verifier is not null
        : Family(i) == ToolFamily.Shell && ToolFamilies.MayBeVerifier(Shell(i).Text) && Keys(i).Verifier is not null;

    /// <summary>The command text of action <paramref name="i"/>, with its signature parsed on first read.</summary>
    public ShellText Shell(int i) => _shell[i] ??= new ShellText(ShellCommand.TextOf(actions[i]));

    /// <summary><see cref="ToolFamilies.ChangesState(Action)"/> of action <paramref name="i"/>.</summary>
    public bool ChangesState(int i) => ToolFamilies.ChangesState(actions[i], this, i);
}

/// <summary>A shell action's command text (<see cref="ShellCommand.TextOf"/>) and its <see cref="ShellCommand.Signature"/>, parsed once.</summary>
internal sealed class ShellText(string? text)
{
    private static readonly object NoSignature = new();
    private object? _signature; // null until parsed; then the signature, or NoSignature

    public string? Text => text;

    public CommandSignature? Signature
    {
        get
        {
            if (_signature is null) _signature = (text is null ? null : ShellCommand.Signature(text)) ?? NoSignature;
            return _signature as CommandSignature;
        }
    }
}
