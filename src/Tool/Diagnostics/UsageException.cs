namespace TraceCurate.Diagnostics;

/// <summary>A command line that parses but makes no sense (a bad number, a missing file argument): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
