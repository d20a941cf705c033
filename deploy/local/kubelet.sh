#!/usr/bin/env bash
# kubelet.sh POD_DIR: runs one pod's container the way a kubelet does, until POD_DIR/stop appears.
#
# POD_DIR (written by tutorial.sh) holds
#   pod.env    bash declarations: CNAME (the container's name), the probes (READINESS_*/LIVENESS_*: command,
#              initial delay, timeout, period, success/failure thresholds, from the manifest), RESTART_POLICY,
#              GRACE_SECONDS (terminationGracePeriodSeconds)
#   run.args   the `podman run` arguments, NUL-separated (the container is created anew from the image on
#              every start, as a kubelet does: a restarted container does not keep the old one's files)
# and this writes
#   ready      "true" or "false": the readiness probe's verdict (false until it first passes, and while no
#              container runs)
#   restarts   how many times the container was restarted (kubectl's RESTARTS)
#   events     one line per event (Started, probe failures, Killing, exited, Back-off), as `kubectl describe` lists
#   $LOG_DIR/$CNAME-$POD_UID-<generation>.log  the output (stdout and stderr) of every container that ended
#              (kubectl logs --previous); LOG_DIR and POD_UID come from pod.env
#   $EXITS_FILE  (from pod.env, shared by all pods) one line per container that ended: when, which, exit code,
#              and why: "killed: <reason>" when this kubelet stopped it, "exited" when it ended by itself
# Stopping: touch POD_DIR/stop; the container gets SIGTERM (`podman stop`), then SIGKILL after GRACE_SECONDS, is
# removed, and this exits.
set -uo pipefail
dir=$1
# shellcheck source=/dev/null
source "$dir/pod.env"
mapfile -d '' RUN_ARGS < "$dir/run.args"

now() { date +%s; }
event() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >> "$dir/events"; }
set_ready() { echo "$1" > "$dir/ready.tmp" && mv -f "$dir/ready.tmp" "$dir/ready"; }
stopping() { [ -e "$dir/stop" ]; }

restarts=0
echo 0 > "$dir/restarts"
set_ready false
mkdir -p "$LOG_DIR"
generation=0
pid=""
pid_start=""

start_container() {
  generation=$((generation + 1))
  podman rm -f --time 0 "$CNAME" > /dev/null 2>&1 || true
  local out
  if ! out=$(podman run "${RUN_ARGS[@]}" 2>&1); then
    event "Failed to start container: $out"
    pid=""
    return 1
  fi
  pid=$(podman inspect --format '{{.State.Pid}}' "$CNAME" 2> /dev/null || true)
  pid_start=$(awk '{ print $22 }' "/proc/$pid/stat" 2> /dev/null || true)
  started=$(now)
  next_readiness=$((started + READINESS_INITIAL_DELAY))
  next_liveness=$((started + LIVENESS_INITIAL_DELAY))
  readiness_ok=0 readiness_failed=0 liveness_failed=0
  event "Started container $CNAME (generation $generation, pid $pid)"
}

# Is the container's init process (its PID 1, seen from the host) still there? Cheaper than asking podman
# every second; the start time guards against a reused pid.
running() {
  [ -n "$pid" ] && [ "$(awk '{ print $22 }' "/proc/$pid/stat" 2> /dev/null)" = "$pid_start" ]
}

# probe NAME: runs the exec probe in the container; its timeout is the probe's timeoutSeconds.
probe() {
  local -n cmd="$1_COMMAND"
  local -n limit="$1_TIMEOUT"
  timeout -k 1 "$limit" podman exec "$CNAME" "${cmd[@]}" > "$dir/probe.out" 2>&1
}

ledger() {   # ledger CODE WHY
  save_logs
  printf '%s %s generation %s exit %s log %s %s\n' "$(date +%H:%M:%S)" "$CNAME" "$generation" "$1" "$(log_file)" "${2:-exited}" >> "$EXITS_FILE"
}

log_file() { echo "$LOG_DIR/$CNAME-$POD_UID-$generation.log"; }
save_logs() {
  [ -s "$(log_file)" ] || podman logs "$CNAME" > "$(log_file)" 2>&1 || true
}

killed=""
terminate() {
  # $1: why. SIGTERM to the container's PID 1, SIGKILL after the grace period.
  killed=$1
  event "Killing container $CNAME: $1 (grace ${GRACE_SECONDS}s)"
  podman stop --time "$GRACE_SECONDS" "$CNAME" > /dev/null 2>&1 || true
}

backoff=0          # kubelet's CrashLoopBackOff: none for the first restart, then 10 s doubling to 300 s
last_exit=0

start_container || true
while true; do
  if stopping; then
    set_ready false
    if running; then terminate "pod deleted"; fi
    code=$(podman inspect --format '{{.State.ExitCode}}' "$CNAME" 2> /dev/null || echo "?")
    event "Container exited with code $code"
    if [ -n "$pid" ]; then ledger "$code" "${killed:+killed: $killed}"; fi
    save_logs
    podman rm -f --time 0 "$CNAME" > /dev/null 2>&1 || true
    event "Pod terminated"
    echo done > "$dir/terminated"
    exit 0
  fi

  if ! running; then
    set_ready false
    if [ -n "$pid" ]; then
      code=$(timeout 30 podman wait "$CNAME" 2> /dev/null || echo "?")
      event "Container exited with code $code"
      ledger "$code" "${killed:+killed: $killed}"
      killed=""
      save_logs
      pid=""
      last_exit=$(now)
    fi
    if [ "$RESTART_POLICY" = Never ] || { [ "$RESTART_POLICY" = OnFailure ] && [ "${code:-}" = 0 ]; }; then
      sleep 1
      continue
    fi
    if [ $(( $(now) - last_exit )) -lt "$backoff" ]; then
      sleep 1
      continue
    fi
    if [ "$backoff" -gt 0 ]; then event "Back-off ${backoff}s restarting failed container"; fi
    backoff=$(( backoff == 0 ? 10 : (backoff * 2 > 300 ? 300 : backoff * 2) ))
    restarts=$((restarts + 1))
    echo "$restarts" > "$dir/restarts"
    start_container || last_exit=$(now)
    continue
  fi

  t=$(now)
  if [ "$t" -ge "$next_readiness" ]; then
    if probe READINESS; then
      readiness_failed=0
      readiness_ok=$((readiness_ok + 1))
      if [ "$readiness_ok" -ge "$READINESS_SUCCESS_THRESHOLD" ] && [ "$(cat "$dir/ready")" != true ]; then
        set_ready true
        event "Ready (readiness probe passed)"
      fi
    else
      readiness_ok=0
      readiness_failed=$((readiness_failed + 1))
      event "Readiness probe failed ($readiness_failed): $(tr '\n' ' ' < "$dir/probe.out")"
      if [ "$readiness_failed" -ge "$READINESS_FAILURE_THRESHOLD" ] && [ "$(cat "$dir/ready")" = true ]; then
        set_ready false
        event "Not ready"
      fi
    fi
    next_readiness=$((t + READINESS_PERIOD))
  fi
  if [ "$t" -ge "$next_liveness" ]; then
    if probe LIVENESS; then
      liveness_failed=0
    else
      liveness_failed=$((liveness_failed + 1))
      event "Liveness probe failed ($liveness_failed/$LIVENESS_FAILURE_THRESHOLD): $(tr '\n' ' ' < "$dir/probe.out")"
      if [ "$liveness_failed" -ge "$LIVENESS_FAILURE_THRESHOLD" ]; then
        set_ready false
        terminate "failed liveness probe, will be restarted"
        liveness_failed=0
      fi
    fi
    next_liveness=$((t + LIVENESS_PERIOD))
  fi
  sleep 1
done
