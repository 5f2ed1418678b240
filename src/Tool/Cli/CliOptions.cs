using System.Globalization;
using TraceCurate.Diagnostics;
using McMaster.Extensions.CommandLineUtils;

namespace TraceCurate.Cli;

/// <summary>Typed reads of option values shared by the commands; a bad value is a usage error (exit 2).</summary>
internal static class CliOptions
{
    public static int? Int(CommandOption option, int min)
    {
        if (!option.HasValue()) return null;
        if (!int.TryParse(option.Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new UsageException($"--{option.LongName} takes a whole number of at least {min}, not '{option.Value()}'");
        return value;
    }

    public static long? Long(CommandOption option, long min)
    {
        if (!option.HasValue()) return null;
        if (!long.TryParse(option.Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new UsageException($"--{option.LongName} takes a whole number of at least {min}, not '{option.Value()}'");
        return value;
    }

    public static TraceCurate.Pipeline.ShardSpec? Shard(CommandOption shard, CommandOption shards)
    {
        try
        {
            return TraceCurate.Pipeline.ShardSpec.From(shard.Value(), shards.Value(), Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static TimeSpan? Duration(CommandOption option)
    {
        if (!option.HasValue()) return null;
        return TraceCurate.Pipeline.Duration.TryParse(option.Value()!, out var value)
            ? value
            : throw new UsageException($"--{option.LongName} takes a duration such as 90s, 15m or 2h, not '{option.Value()}'");
    }

    /// <summary>The progress line is drawn on a terminal only: never into a file, a pipe or a test's writer, nor with -q.</summary>
    public static bool Progress(TextWriter stderr, CommandOption quiet) =>
        !quiet.HasValue() && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    public static string RequiredArgument(CommandArgument argument) =>
        string.IsNullOrEmpty(argument.Value) ? throw new UsageException($"missing {argument.Name}") : argument.Value;
}
