using TraceCurate.ScaleOut;
using TraceCurate.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Tests.Pipeline.ScaleOut;

public sealed class KubernetesJobsTests
{
    private static ScaleOutOptions Options(int shards = 3, int? parallelism = null, string tool = "dotnet trace-curate",
        string image = "registry.example/tc:0.1.0") => new()
    {
        Recipe = "/data/recipes/r.yaml",
        Shards = shards,
        OutRoot = "/data/out/r",
        JobName = "tc-r",
        Tool = tool,
        Cpus = 2,
        Memory = "512M",
        Parallelism = parallelism,
        Image = image,
        Pvc = "shared-claim",
        MountPath = "/data",
    };

    private static List<YamlMappingNode> Documents(ScaleOutOptions o)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(KubernetesJobs.Yaml(o, "jobs.yaml")));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
            node = step is int i ? ((YamlSequenceNode)node)[i] : ((YamlMappingNode)node)[new YamlScalarNode((string)step)];
        return node;
    }

    private static string Scalar(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlNode Container(YamlNode job) => At(job, "spec", "template", "spec", "containers", 0);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public void The_file_parses_as_an_indexed_job_then_a_merge_job(int shards)
    {
        var docs = Documents(Options(shards));

        Assert.Equal(2, docs.Count);
        Assert.All(docs, d => Assert.Equal("batch/v1", Scalar(d, "apiVersion")));
        Assert.All(docs, d => Assert.Equal("Job", Scalar(d, "kind")));
        Assert.Equal("tc-r", Scalar(docs[0], "metadata", "name"));
        Assert.Equal("Indexed", Scalar(docs[0], "spec", "completionMode"));
        Assert.Equal(shards.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(docs[0], "spec", "completions"));
        Assert.Equal("tc-r-merge", Scalar(docs[1], "metadata", "name"));
        Assert.False(((YamlMappingNode)At(docs[1], "spec")).Children.ContainsKey(new YamlScalarNode("completionMode")));
    }

    [Theory]
    [InlineData(10, null, "10")]
    [InlineData(10, 4, "4")]
    [InlineData(3, 8, "3")]
    public void Parallelism_is_all_shards_unless_limited(int shards, int? parallel, string expected)
    {
        Assert.Equal(expected, Scalar(Documents(Options(shards, parallel))[0], "spec", "parallelism"));
    }

    [Fact]
    public void Each_pod_runs_the_tool_on_the_shard_of_its_completion_index()
    {
        var shard = Container(Documents(Options(tool: SlurmScriptTests.EchoTool))[0]);
        Assert.Equal(["/bin/sh", "-c"], ((YamlSequenceNode)At(shard, "command")).Select(n => ((YamlScalarNode)n).Value));
        var script = Scalar(shard, "args", 0);

        // Kubernetes sets JOB_COMPLETION_INDEX in each pod of an Indexed Job; run the pod's command as the pod would.
        var run = Processes.Run("/bin/sh", ["-c", script], new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "2" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["run", "/data/recipes/r.yaml", "--shards", "3", "--out", "/data/out/r/parts/2", "--threads", "2"], run.Out.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void The_merge_pod_merges_every_part_folder_in_order_into_the_output_root()
    {
        var merge = Container(Documents(Options(shards: 4, tool: SlurmScriptTests.EchoTool))[1]);

        var run = Processes.Run("/bin/sh", ["-c", Scalar(merge, "args", 0)]);

        Assert.Equal(0, run.ExitCode);
        string[] expected = ["merge", "/data/out/r/parts/0", "/data/out/r/parts/1", "/data/out/r/parts/2", "/data/out/r/parts/3", "--out", "/data/out/r"];
        Assert.Equal(expected, run.Out.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Both_jobs_mount_the_same_claim_at_the_same_path_and_work_there()
    {
        foreach (var job in Documents(Options()))
        {
            var pod = At(job, "spec", "template", "spec");
            Assert.Equal("shared-claim", Scalar(pod, "volumes", 0, "persistentVolumeClaim", "claimName"));
            Assert.Equal(Scalar(pod, "volumes", 0, "name"), Scalar(Container(job), "volumeMounts", 0, "name"));
            Assert.Equal("/data", Scalar(Container(job), "volumeMounts", 0, "mountPath"));
            Assert.Equal("/data", Scalar(Container(job), "workingDir"));
            Assert.Equal("registry.example/tc:0.1.0", Scalar(Container(job), "image"));
            // podFailurePolicy is only valid with restartPolicy Never.
            Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        }
    }

    [Fact]
    public void The_stage_labels_select_each_job_for_kubectl_apply()
    {
        var docs = Documents(Options());

        Assert.Equal("shards", Scalar(docs[0], "metadata", "labels", KubernetesJobs.StageLabel));
        Assert.Equal("merge", Scalar(docs[1], "metadata", "labels", KubernetesJobs.StageLabel));
        var header = KubernetesJobs.Yaml(Options(), "jobs.yaml");
        Assert.Contains("kubectl apply -f jobs.yaml -l trace-curate/stage=shards", header);
        Assert.Contains("kubectl wait --for=condition=complete --timeout=24h job/tc-r", header);
    }

    [Fact]
    public void Deterministic_failures_are_not_retried()
    {
        var docs = Documents(Options());

        Assert.Equal("FailIndex", Scalar(docs[0], "spec", "podFailurePolicy", "rules", 0, "action"));
        Assert.Equal("FailJob", Scalar(docs[1], "spec", "podFailurePolicy", "rules", 0, "action"));
        var codes = (YamlSequenceNode)At(docs[0], "spec", "podFailurePolicy", "rules", 0, "onExitCodes", "values");
        Assert.Equal(["1", "2"], codes.Select(n => ((YamlScalarNode)n).Value));
    }

    [Fact]
    public void Resources_and_environment_are_set_on_both_containers()
    {
        foreach (var job in Documents(Options()))
        {
            var container = Container(job);
            Assert.Equal("2", Scalar(container, "resources", "requests", "cpu"));
            Assert.Equal("512Mi", Scalar(container, "resources", "requests", "memory"));
            Assert.Equal("512Mi", Scalar(container, "resources", "limits", "memory"));
            var env = ((YamlSequenceNode)At(container, "env")).ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));
            Assert.Equal("1", env["DOTNET_CLI_TELEMETRY_OPTOUT"]);
        }
    }

    [Fact]
    public void Quoted_values_survive_the_round_trip()
    {
        var image = "registry.example/odd\"name\\:tag";

        Assert.Equal(image, Scalar(Container(Documents(Options(image: image))[0]), "image"));
    }

    [Theory]
    [InlineData("4G", "4Gi")]
    [InlineData("512M", "512Mi")]
    [InlineData("2048", "2048Mi")]
    [InlineData("1T", "1Ti")]
    public void Slurm_memory_sizes_become_binary_quantities(string slurm, string kubernetes)
    {
        Assert.Equal(kubernetes, KubernetesJobs.Quantity(slurm));
    }
}
