using TraceCurate.Diagnostics;
using TraceCurate.Manifests;
using TraceCurate.ScaleOut;
using McMaster.Extensions.CommandLineUtils;

namespace TraceCurate.Cli;

/// <summary><c>emit slurm|k8s RECIPE --shards N -o FILE</c>: writes scheduler files for a sharded run; submits nothing.</summary>
internal static class EmitCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout) => app.Command("emit", cmd =>
    {
        cmd.Description = "Write a Slurm array job plus merge job, or a Kubernetes Indexed Job plus merge Job, that run RECIPE in N shards.";
        var target = cmd.Argument("TARGET", "slurm or k8s.");
        var recipe = cmd.Argument("RECIPE", "The recipe file (YAML).");
        var shards = cmd.Option("--shards <N>", "Number of shards (array tasks or indexed pods). Required.", CommandOptionType.SingleValue);
        var file = cmd.Option("-o|--output <FILE>", "The file to write. Slurm also writes FILE with .merge and .submit before its extension. Required.", CommandOptionType.SingleValue);
        var outRoot = cmd.Option("--out <DIR>", "OUTROOT: shards write OUTROOT/parts/i, the merge writes OUTROOT (default: out/<recipe name>, where run writes).", CommandOptionType.SingleValue);
        var tool = cmd.Option("--tool <COMMAND>", "How the jobs invoke the tool, as shell text (default: dotnet trace-curate).", CommandOptionType.SingleValue);
        var cpus = cmd.Option("--cpus <N>", "CPUs per shard, also its --threads (default: 2).", CommandOptionType.SingleValue);
        var mem = cmd.Option("--mem <SIZE>", "Memory per shard, e.g. 512M or 4G (default: 4G).", CommandOptionType.SingleValue);
        var parallel = cmd.Option("--parallel <N>", "Run at most N shards at once (default: all).", CommandOptionType.SingleValue);
        var jobName = cmd.Option("--job-name <NAME>", "Job name (default: tc-<recipe file name>); the merge job adds -merge.", CommandOptionType.SingleValue);
        var image = cmd.Option("--image <IMAGE>", "k8s: a container image that holds the tool. Required for k8s.", CommandOptionType.SingleValue);
        var pvc = cmd.Option("--pvc <NAME>", $"k8s: the PersistentVolumeClaim both Jobs mount (default: {ScaleOutEmitter.DefaultPvc}).", CommandOptionType.SingleValue);
        var mount = cmd.Option("--mount <PATH>", $"k8s: where the claim is mounted, also the working directory (default: {ScaleOutEmitter.DefaultMountPath}).", CommandOptionType.SingleValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var request = new EmitRequest
            {
                Target = CliOptions.RequiredArgument(target),
                Recipe = CliOptions.RequiredArgument(recipe),
                Shards = CliOptions.Int(shards, 1) ?? throw new UsageException("missing --shards N"),
                OutputFile = file.Value() ?? throw new UsageException("missing -o FILE"),
                OutRoot = outRoot.Value(),
                Tool = tool.Value(),
                Cpus = CliOptions.Int(cpus, 1),
                Memory = mem.Value(),
                Parallelism = CliOptions.Int(parallel, 1),
                JobName = jobName.Value(),
                Image = image.Value(),
                Pvc = pvc.Value(),
                MountPath = mount.Value(),
            };
            EmitResult result;
            try
            {
                result = ScaleOutEmitter.Emit(request);
            }
            catch (ScaleOutOptionException e)
            {
                throw new UsageException(e.Message);
            }
            foreach (var path in result.Files) stdout.WriteLine($"wrote {Diagnostics.DisplayPath.For(path)}");
            stdout.WriteLine("then run:");
            foreach (var command in result.Commands) stdout.WriteLine("  " + command);
            return CliApp.Ok;
        });
    });
}
