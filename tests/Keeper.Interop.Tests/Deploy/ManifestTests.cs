using k8s;
using k8s.Models;
using Keeper.TestSupport;

namespace Keeper.Interop.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/zookeeper.yaml, read with the Kubernetes client's own typed schema (KubernetesClient's
/// <see cref="KubernetesYaml"/> in strict mode: unknown or misspelled fields and wrong types fail to load), holds the tutorial's four
/// objects with the tutorial's values, and its selectors really select the pods it makes.
/// </summary>
public sealed class ManifestTests
{
    /// <summary>The tutorial's command line, as `kubectl get sts zk -o yaml` and `ps -elf` show it.</summary>
    public const string TutorialCommandLine =
        "start-zookeeper --servers=3 --data_dir=/var/lib/zookeeper/data --data_log_dir=/var/lib/zookeeper/data/log "
        + "--conf_dir=/opt/zookeeper/conf --client_port=2181 --election_port=3888 --server_port=2888 "
        + "--tick_time=2000 --init_limit=10 --sync_limit=5 --heap=512M --max_client_cnxns=60 "
        + "--snap_retain_count=3 --purge_interval=12 --max_session_timeout=40000 --min_session_timeout=4000 "
        + "--log_level=INFO";

    public static string ManifestPath => Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "zookeeper.yaml");

    private static List<object> LoadAll() => KubernetesYaml.LoadAllFromString(File.ReadAllText(ManifestPath), strict: true);

    private static T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta>
    {
        var matches = LoadAll().OfType<T>().Where(o => o.Metadata.Name == name).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {typeof(T).Name} named {name} in {ManifestPath}, found {matches.Count}");
        return matches[0];
    }

    private static V1StatefulSet StatefulSet() => Single<V1StatefulSet>("zk");

    private static V1Container Container() => Assert.Single(StatefulSet().Spec.Template.Spec.Containers);

    [Fact]
    public void The_manifest_holds_exactly_the_tutorials_four_objects()
    {
        var objects = LoadAll();
        var kinds = objects.Select(o => o switch
        {
            V1Service s => $"{s.ApiVersion}/{s.Kind}/{s.Metadata.Name}",
            V1PodDisruptionBudget p => $"{p.ApiVersion}/{p.Kind}/{p.Metadata.Name}",
            V1StatefulSet s => $"{s.ApiVersion}/{s.Kind}/{s.Metadata.Name}",
            _ => o.GetType().Name,
        }).ToList();
        Assert.Equal(
            ["v1/Service/zk-hs", "v1/Service/zk-cs", "policy/v1/PodDisruptionBudget/zk-pdb", "apps/v1/StatefulSet/zk"],
            kinds);
    }

    [Fact]
    public void The_headless_service_zk_hs_exposes_server_and_leader_election()
    {
        var hs = Single<V1Service>("zk-hs");
        Assert.Equal("None", hs.Spec.ClusterIP);
        Assert.Equal([(2888, "server"), (3888, "leader-election")], hs.Spec.Ports.Select(p => (p.Port, p.Name)).ToList());
        Assert.Equal("zk", hs.Metadata.Labels["app"]);
        Assert.True(Selects(hs.Spec.Selector, PodLabels()), "zk-hs's selector does not select the StatefulSet's pods");
        // Peers resolve each other's zk-N.zk-hs names before they are Ready (deploy/kubernetes/README.md).
        Assert.True(hs.Spec.PublishNotReadyAddresses);
    }

    [Fact]
    public void The_client_service_zk_cs_exposes_2181()
    {
        var cs = Single<V1Service>("zk-cs");
        Assert.Null(cs.Spec.ClusterIP);
        // Clients reach only Ready servers.
        Assert.NotEqual(true, cs.Spec.PublishNotReadyAddresses);
        Assert.Equal([(2181, "client")], cs.Spec.Ports.Select(p => (p.Port, p.Name)).ToList());
        Assert.True(Selects(cs.Spec.Selector, PodLabels()), "zk-cs's selector does not select the StatefulSet's pods");
    }

    [Fact]
    public void The_disruption_budget_allows_one_server_down_and_selects_the_pods()
    {
        var pdb = Single<V1PodDisruptionBudget>("zk-pdb");
        Assert.Equal("policy/v1", pdb.ApiVersion);
        Assert.NotNull(pdb.Spec.MaxUnavailable);
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.Null(pdb.Spec.MinAvailable);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "zk" }, pdb.Spec.Selector.MatchLabels);
        Assert.True(Selects(pdb.Spec.Selector, PodLabels()), "zk-pdb's selector does not select the StatefulSet's pods");
    }

    [Fact]
    public void The_stateful_set_has_the_tutorials_shape()
    {
        var sts = StatefulSet();
        Assert.Equal(3, sts.Spec.Replicas);
        Assert.Equal("zk-hs", sts.Spec.ServiceName);
        Assert.Equal("RollingUpdate", sts.Spec.UpdateStrategy.Type);
        Assert.Equal("OrderedReady", sts.Spec.PodManagementPolicy);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "zk" }, PodLabels());
        Assert.True(Selects(sts.Spec.Selector, PodLabels()), "the StatefulSet's selector does not select its own template");

        var security = sts.Spec.Template.Spec.SecurityContext;
        Assert.Equal(1000, security.RunAsUser);
        Assert.Equal(1000, security.FsGroup);
    }

    [Fact]
    public void The_anti_affinity_rule_really_selects_the_pods_so_no_two_share_a_node()
    {
        var antiAffinity = StatefulSet().Spec.Template.Spec.Affinity?.PodAntiAffinity;
        Assert.NotNull(antiAffinity);
        var term = Assert.Single(antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.NotNull(term.LabelSelector);
        Assert.True(
            Selects(term.LabelSelector, PodLabels()),
            "the podAntiAffinity labelSelector does not match the pod template's labels, so it would never keep two servers apart");
        // And it is not vacuous: a pod of another app is not repelled.
        Assert.False(Selects(term.LabelSelector, new Dictionary<string, string> { ["app"] = "zk-hs" }));
    }

    [Fact]
    public void The_container_image_ports_and_resources()
    {
        var c = Container();
        Assert.Equal("localhost/keeper:dev", c.Image);
        Assert.Equal("IfNotPresent", c.ImagePullPolicy);
        Assert.Equal(
            [(2181, "client"), (2888, "server"), (3888, "leader-election")],
            c.Ports.Select(p => (p.ContainerPort, p.Name)).ToList());
        var requests = c.Resources.Requests;
        Assert.Equal(new ResourceQuantity("1Gi"), requests["memory"]);
        Assert.Equal(new ResourceQuantity("0.5"), requests["cpu"]);
        Assert.Equal(1024L * 1024 * 1024, requests["memory"].ToInt64());
        Assert.Equal(0.5m, requests["cpu"].ToDecimal());
    }

    [Fact]
    public void The_command_is_the_tutorials_start_zookeeper_line()
    {
        var c = Container();
        Assert.Equal(["sh", "-c", TutorialCommandLine], c.Command);
        Assert.Null(c.Args);
    }

    [Fact]
    public void Readiness_and_liveness_probes_run_zookeeper_ready_2181()
    {
        var c = Container();
        foreach (var (name, probe) in new[] { ("readiness", c.ReadinessProbe), ("liveness", c.LivenessProbe) })
        {
            Assert.True(probe is not null, $"no {name} probe");
            Assert.True(probe.Exec is not null, $"the {name} probe is not an exec probe");
            Assert.Equal(["sh", "-c", "zookeeper-ready 2181"], probe.Exec.Command);
            Assert.Equal(10, probe.InitialDelaySeconds);
            Assert.Equal(5, probe.TimeoutSeconds);
        }
    }

    [Fact]
    public void The_data_volume_is_a_10Gi_read_write_once_claim_mounted_at_var_lib_zookeeper()
    {
        var sts = StatefulSet();
        var mount = Assert.Single(Container().VolumeMounts);
        Assert.Equal("datadir", mount.Name);
        Assert.Equal("/var/lib/zookeeper", mount.MountPath);

        var claim = Assert.Single(sts.Spec.VolumeClaimTemplates);
        Assert.Equal("datadir", claim.Metadata.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal(new ResourceQuantity("10Gi"), claim.Spec.Resources.Requests["storage"]);
        // No storage class: the cluster's default provisioner is used.
        Assert.Null(claim.Spec.StorageClassName);
    }

    private static IDictionary<string, string> PodLabels() => StatefulSet().Spec.Template.Metadata.Labels;

    /// <summary>A Service's plain selector: every pair must be among the labels.</summary>
    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>A LabelSelector as the API server evaluates it: matchLabels AND every matchExpression.</summary>
    public static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels)
    {
        var labelsOk = selector.MatchLabels is null
            || selector.MatchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
        var expressionsOk = selector.MatchExpressions is null || selector.MatchExpressions.All(e =>
        {
            var has = labels.TryGetValue(e.Key, out var value);
            return e.OperatorProperty switch
            {
                "In" => has && e.Values.Contains(value!),
                "NotIn" => !has || !e.Values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new InvalidOperationException($"unknown label selector operator {e.OperatorProperty}"),
            };
        });
        var empty = (selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0;
        return !empty && labelsOk && expressionsOk;
    }
}
