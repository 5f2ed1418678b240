namespace TraceCurate.Tests.Support;

/// <summary>
/// A fact that only means something on some machines: Linux only (statx), Unix only (file modes), or as a user whom
/// file permissions stop (root writes into a read-only folder). Elsewhere it is skipped with the reason, never passed
/// by returning early. Unlike a missing program, these are not failures under <c>CI=true</c>: CI cannot install them
/// (a CI container usually runs as root), so the skip is the honest result there too.
/// </summary>
public sealed class PlatformFactAttribute : FactAttribute
{
    public PlatformFactAttribute(bool linuxOnly = false, bool unixOnly = false, bool notRoot = false)
    {
        if (linuxOnly && !OperatingSystem.IsLinux()) Skip = "Linux only";
        else if (unixOnly && !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Skip = "Unix file modes only";
        else if (notRoot && Environment.IsPrivilegedProcess) Skip = "running as root: file permissions do not stop its writes";
    }
}
