namespace TraceCurate.Steps.Redaction;

/// <summary>Where a <c>secrets_from</c> or <c>--secrets-from</c> file is: <c>~/</c> is the home folder; a relative path is against <paramref name="directory"/>.</summary>
internal static class SecretFiles
{
    public static string Resolve(string path, string directory)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        return Path.GetFullPath(path, directory);
    }
}
