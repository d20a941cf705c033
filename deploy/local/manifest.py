#!/usr/bin/python3
"""Reads deploy/kubernetes/zookeeper.yaml and prints, as bash assignments, what deploy/local/tutorial.sh
needs to run the StatefulSet's pods the way a kubelet would: the container's command and env, the pod's
securityContext, the volume mount of the claim template, both probes (with Kubernetes' defaults for the
fields the manifest leaves out), the headless service, the PodDisruptionBudget and the restart policy.

    eval "$(deploy/local/manifest.py deploy/kubernetes/zookeeper.yaml)"

Nothing here repeats a value of the manifest; a manifest this harness cannot honour (a second container,
an httpGet probe, a PDB that does not select the pods) is an error, not a silent approximation.
Needs PyYAML (Debian: python3-yaml).
"""
import shlex
import sys

import yaml

# Kubernetes' defaults (k8s.io/api core/v1 Probe, PodSpec).
PROBE_DEFAULTS = {"initialDelaySeconds": 0, "timeoutSeconds": 1, "periodSeconds": 10,
                  "successThreshold": 1, "failureThreshold": 3}


def die(msg):
    print(f"manifest.py: {msg}", file=sys.stderr)
    sys.exit(2)


def out(name, value):
    if isinstance(value, (list, tuple)):
        print(f"{name}=(" + " ".join(shlex.quote(str(v)) for v in value) + ")")
    else:
        print(f"{name}={shlex.quote(str(value))}")


def selects(selector, labels):
    """A LabelSelector (matchLabels and matchExpressions) against a label map."""
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        key, op, values = e["key"], e["operator"], e.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def probe(prefix, p):
    if not p:
        out(f"{prefix}_COMMAND", [])
        return
    if "exec" not in p:
        die(f"{prefix}: only exec probes can be run with podman exec")
    merged = dict(PROBE_DEFAULTS)
    merged.update({k: v for k, v in p.items() if k in PROBE_DEFAULTS})
    out(f"{prefix}_COMMAND", p["exec"]["command"])
    for key, var in (("initialDelaySeconds", "INITIAL_DELAY"), ("timeoutSeconds", "TIMEOUT"),
                     ("periodSeconds", "PERIOD"), ("successThreshold", "SUCCESS_THRESHOLD"),
                     ("failureThreshold", "FAILURE_THRESHOLD")):
        out(f"{prefix}_{var}", merged[key])


def main():
    if len(sys.argv) != 2:
        die("usage: manifest.py zookeeper.yaml")
    with open(sys.argv[1]) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]

    sts = [d for d in docs if d.get("kind") == "StatefulSet"]
    if len(sts) != 1:
        die(f"expected one StatefulSet, found {len(sts)}")
    sts = sts[0]
    spec = sts["spec"]
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"].get("labels") or {}
    if not selects(spec["selector"], labels):
        die("the StatefulSet's selector does not select its own pods")
    containers = pod["containers"]
    if len(containers) != 1:
        die(f"expected one container, found {len(containers)}")
    c = containers[0]

    namespace = sts["metadata"].get("namespace", "default")
    out("STS_NAME", sts["metadata"]["name"])
    out("NAMESPACE", namespace)
    out("REPLICAS", spec.get("replicas", 1))
    out("POD_MANAGEMENT", spec.get("podManagementPolicy", "OrderedReady"))
    out("UPDATE_STRATEGY", (spec.get("updateStrategy") or {}).get("type", "RollingUpdate"))
    service = spec["serviceName"]
    out("SERVICE_NAME", service)
    hs = [d for d in docs if d.get("kind") == "Service" and d["metadata"]["name"] == service]
    if len(hs) != 1 or hs[0]["spec"].get("clusterIP") != "None":
        die(f"serviceName {service} is not a headless Service of the manifest")
    if not selects({"matchLabels": hs[0]["spec"].get("selector") or {}}, labels):
        die(f"Service {service} does not select the pods")
    out("SERVICE_PUBLISH_NOT_READY", str(bool(hs[0]["spec"].get("publishNotReadyAddresses", False))).lower())

    out("CONTAINER_NAME", c["name"])
    out("IMAGE_IN_MANIFEST", c["image"])
    cmd = list(c.get("command") or []) + list(c.get("args") or [])
    if not cmd:
        die("the container has no command (the image's CMD would run)")
    out("CONTAINER_COMMAND", cmd)
    env = []
    for e in c.get("env") or []:
        if "value" not in e:
            die(f"env {e['name']}: only literal values are supported")
        env.append(f"{e['name']}={e['value']}")
    out("CONTAINER_ENV", env)
    ports = {p["name"]: p["containerPort"] for p in c.get("ports") or [] if "name" in p}
    out("CLIENT_PORT", ports.get("client", 2181))
    probe("READINESS", c.get("readinessProbe"))
    probe("LIVENESS", c.get("livenessProbe"))

    sc = pod.get("securityContext") or {}
    csc = c.get("securityContext") or {}
    out("RUN_AS_USER", csc.get("runAsUser", sc.get("runAsUser", "")))
    out("RUN_AS_GROUP", csc.get("runAsGroup", sc.get("runAsGroup", "")))
    out("FS_GROUP", sc.get("fsGroup", ""))
    out("RESTART_POLICY", pod.get("restartPolicy", "Always"))
    out("GRACE_SECONDS", pod.get("terminationGracePeriodSeconds", 30))

    claims = {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates") or []}
    mounts = c.get("volumeMounts") or []
    pv = [m for m in mounts if m["name"] in claims]
    if len(pv) != 1 or len(mounts) != 1:
        die("expected exactly one volume mount, from a volumeClaimTemplate")
    out("VOLUME_NAME", pv[0]["name"])
    out("VOLUME_MOUNT", pv[0]["mountPath"])

    pdbs = [d for d in docs if d.get("kind") == "PodDisruptionBudget"]
    if len(pdbs) != 1:
        die(f"expected one PodDisruptionBudget, found {len(pdbs)}")
    pdb = pdbs[0]
    if not selects(pdb["spec"]["selector"], labels):
        die(f"PodDisruptionBudget {pdb['metadata']['name']} does not select the StatefulSet's pods")
    out("PDB_NAME", pdb["metadata"]["name"])
    out("PDB_MAX_UNAVAILABLE", pdb["spec"].get("maxUnavailable", ""))
    out("PDB_MIN_AVAILABLE", pdb["spec"].get("minAvailable", ""))


if __name__ == "__main__":
    main()
