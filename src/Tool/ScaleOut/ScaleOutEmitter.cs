using System.Text.RegularExpressions;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;

namespace TraceCurate.ScaleOut;

/// <summary>
/// <c>emit</c>: resolves the defaults and paths, checks what the scheduler will not accept, writes the files. For Slurm
/// the recipe and OUTROOT become absolute paths (the jobs run elsewhere, in <c>--chdir</c> = the current directory) and
/// the recipe is loaded to catch its errors now. For Kubernetes they are paths in the container: relative ones are
/// taken from the mount path, which is also the working directory. Never submits anything.
/// </summary>
public static partial class ScaleOutEmitter
{
    public const string DefaultTool = "dotnet trace-curate";
    public const string DefaultPvc = "trace-curate-data";
    public const string DefaultMountPath = "/data";

    /// <summary>Writes the files; returns their full paths and the shell commands that submit them.</summary>
    public static EmitResult Emit(EmitRequest r)
    {
        var slurm = r.Target switch
        {
            "slurm" => true,
            "k8s" => false,
            _ => throw new ScaleOutOptionException($"emit writes 'slurm' or 'k8s' files, not '{r.Target}'"),
        };
        // Values land in comments and one-line commands, where a line break would end the comment or the command.
        foreach (var (name, value) in new[] { ("RECIPE", r.Recipe), ("-o", r.OutputFile), ("--out", r.OutRoot), ("--tool", r.Tool),
                     ("--job-name", r.JobName), ("--image", r.Image), ("--pvc", r.Pvc), ("--mount", r.MountPath) })
        {
            if (value is not null && value.Any(char.IsControl))
                throw new ScaleOutOptionException($"{name} holds a control character (a line break or tab): {value.ReplaceLineEndings(" ")}");
        }
        if (r.Memory is not null && !SlurmMemory().IsMatch(r.Memory))
            throw new ScaleOutOptionException($"--mem takes a size such as 512M, 4G or 4096 (MB), not '{r.Memory}'");
        var stem = Path.GetFileNameWithoutExtension(r.Recipe);
        var jobName = r.JobName ?? ("tc-" + Regex.Replace(stem.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-')).TrimEnd('-');
        var options = new ScaleOutOptions
        {
            Recipe = r.Recipe,
            Shards = r.Shards,
            // The folder a plain run writes, out/<name> (the recipe's name:), so emit and run agree by default.
            OutRoot = r.OutRoot ?? "out/" + RecipeName(r.Recipe, stem),
            JobName = jobName.Length > 50 && r.JobName is null ? jobName[..50].TrimEnd('-') : jobName,
            Tool = string.IsNullOrWhiteSpace(r.Tool) ? DefaultTool : r.Tool.Trim(),
            Cpus = r.Cpus ?? 2,
            Memory = (r.Memory ?? "4G").ToUpperInvariant(),
            Parallelism = r.Parallelism,
        };
        return slurm ? EmitSlurm(options, r) : EmitKubernetes(options, r);
    }


    /// <summary>The recipe's <c>name:</c>; a recipe file that is not there yet (the jobs may run where it will be) falls back to the file name.</summary>
    private static string RecipeName(string recipe, string stem) => File.Exists(recipe) ? Pipeline.RecipeLoader.Load(recipe).Name : stem;
    private static EmitResult EmitSlurm(ScaleOutOptions options, EmitRequest r)
    {
        if (r.Image is not null || r.Pvc is not null || r.MountPath is not null)
            throw new ScaleOutOptionException("--image, --pvc and --mount are for 'emit k8s' only");
        RecipeLoader.Load(r.Recipe);
        options = options with
        {
            Recipe = Path.GetFullPath(r.Recipe),
            OutRoot = Path.GetFullPath(options.OutRoot),
            WorkDir = Directory.GetCurrentDirectory(),
        };
        ThrowFirst(SlurmScript.Problems(options));
        var files = SlurmScript.FileNames(Path.GetFullPath(r.OutputFile));
        var (array, merge, submit) = (Path.GetFileName(files.Array), Path.GetFileName(files.Merge), Path.GetFileName(files.Submit));
        Write(files.Array, SlurmScript.ArrayJob(options, submit, merge), executable: true);
        Write(files.Merge, SlurmScript.MergeJob(options, submit), executable: true);
        Write(files.Submit, SlurmScript.Submit(options, array, merge), executable: true);
        return new EmitResult([files.Submit, files.Array, files.Merge], ["bash " + Shell.Quote(Diagnostics.DisplayPath.For(files.Submit))]);
    }

    private static EmitResult EmitKubernetes(ScaleOutOptions options, EmitRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Image))
            throw new ScaleOutOptionException("emit k8s needs --image: a container image that holds the tool (see docs/scale-out.md)");
        var mount = r.MountPath ?? DefaultMountPath;
        if (!mount.StartsWith('/')) throw new ScaleOutOptionException($"--mount takes an absolute path in the container, not '{mount}'");
        options = options with
        {
            Image = r.Image.Trim(),
            Pvc = r.Pvc ?? DefaultPvc,
            MountPath = mount,
            Recipe = InContainer(mount, r.Recipe),
            OutRoot = InContainer(mount, options.OutRoot),
        };
        if (!DnsLabel().IsMatch(options.JobName) || options.JobName.Length > 50)
            throw new ScaleOutOptionException($"the job name '{options.JobName}' must be at most 50 lowercase letters, digits and '-', starting and ending with a letter or digit");
        if (!DnsSubdomain().IsMatch(options.Pvc))
            throw new ScaleOutOptionException($"--pvc takes a Kubernetes object name (lowercase letters, digits, '-' and '.'), not '{options.Pvc}'");
        var file = Path.GetFullPath(r.OutputFile);
        Write(file, KubernetesJobs.Yaml(options, Path.GetFileName(file)), executable: false);
        return new EmitResult([file], KubernetesJobs.ApplyCommands(options, Diagnostics.DisplayPath.For(file)));
    }

    private static string InContainer(string mount, string path) =>
        path.StartsWith('/') ? path : mount.TrimEnd('/') + "/" + path.Replace('\\', '/');

    private static void ThrowFirst(IEnumerable<string> problems)
    {
        foreach (var problem in problems) throw new ScaleOutOptionException(problem);
    }

    private static void Write(string path, string text, bool executable)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (executable && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    [GeneratedRegex("^[0-9]+[KMGTkmgt]?$")]
    private static partial Regex SlurmMemory();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
