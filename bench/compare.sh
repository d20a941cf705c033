#!/usr/bin/env bash
# Side-by-side benchmark, Apache ZooKeeper 3.8 (Debian package) against Keeper, same machine, same disk, same
# zoo.cfg, same client (`keeper bench`, NativeAOT), one server after the other, loopback only.
# Writes bench/results/latest.json ({"machine": {...}, "rows": [...]}) and prints the table (bench/compare_report.py).
#
# usage: bench/compare.sh [--quick]   quick: 2 s per load, 100,000 znodes (2.5 min here); full: 10 s, 1,000,000 (9 min here)
# env:   KEEPER=path/to/keeper (default: artifacts/aot/keeper, published first if missing)
#        APACHE_HEAP=2g (-Xms = -Xmx), WORK=dir on the disk to test (default /var/tmp), KEEP=1 keeps the work dir,
#        PHASES="standalone scale ensemble" (a subset re-runs only those; the other rows then read n/a)
# disk:  the full run fills up to ~12 GB under WORK (both servers' logs and snapshots; KEEP=1 keeps it, otherwise removed)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
quick=0; [ "${1:-}" = --quick ] && quick=1
if [ $quick = 1 ]; then D=2; W=0.5; N=100000; ROUNDS=2; CLIRUNS=5; else D=10; W=2; N=1000000; ROUNDS=5; CLIRUNS=10; fi
heap=${APACHE_HEAP:-2g}
KEEPER=${KEEPER:-$here/artifacts/aot/keeper}
if [ ! -x "$KEEPER" ]; then
  echo "publishing NativeAOT keeper to $here/artifacts/aot ..."
  dotnet publish "$here/src/Keeper" -c Release -r linux-x64 -o "$here/artifacts/aot" > /dev/null || exit 1
  KEEPER=$here/artifacts/aot/keeper
fi
work=$(mktemp -d "${WORK:-/var/tmp}/keeper-compare.XXXX")
out=$work/json; mkdir -p "$out"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done
  wait 2> /dev/null
  [ "${KEEP:-0}" = 1 ] && echo "work dir kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }
now_ms() { date +%s%3N; }
JARS=/usr/share/java
CP="$JARS/zookeeper.jar:$JARS/zookeeper-jute.jar:$JARS/slf4j-api.jar:$JARS/slf4j-log4j12.jar:$JARS/log4j-1.2.jar"

# ---- machine ----------------------------------------------------------------------------------------------
fsync_us() { # µs per 4 KiB O_DSYNC overwrite of a preallocated file, as the txn log writes (it preallocates 64 MiB);
  # the median of 5 runs of 300 writes: this virtual disk's fsync time varies several-fold from minute to minute.
  local f=$work/dsync.test t0 t1 runs=()
  dd if=/dev/zero of="$f" bs=1M count=8 status=none; sync
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N); dd if=/dev/zero of="$f" bs=4k count=300 oflag=dsync conv=notrunc status=none; t1=$(date +%s%N)
    runs+=($(( (t1 - t0) / 300 / 1000 )))
  done
  rm -f "$f"; printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}
loopback_rtt_us() { # median round trip of 2,000 one-byte ping-pongs over a 127.0.0.1 TCP socket (Python: an upper bound)
  /usr/bin/python3 - <<'PY'
import socket, threading, time, statistics
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
def echo():
    c, _ = srv.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while (b := c.recv(1)): c.sendall(b)
threading.Thread(target=echo, daemon=True).start()
s = socket.create_connection(srv.getsockname()); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
rtts = []
for _ in range(2000):
    t = time.perf_counter(); s.sendall(b'x'); s.recv(1); rtts.append(time.perf_counter() - t)
print(round(statistics.median(rtts) * 1e6, 1))
PY
}
machine() {
  local fs; fs=$(fsync_us)
  cat > "$out/machine.json" <<JSON
{"cores": $(nproc), "cpu": "$(lscpu | sed -n 's/^Model name: *//p' | head -1)", "memory_mib": $(free -m | awk '/Mem:/ {print $2}'),
 "disk_fsync_us": $fs, "disk": "$(df -T "$work" | awk 'NR==2 {print $1 " " $2}')",
 "loopback_rtt_us": $(loopback_rtt_us), "kernel": "$(uname -r)", "load_average_start": $(cut -d' ' -f1 /proc/loadavg),
 "dotnet": "$(dotnet --version 2> /dev/null)", "java": "$(java -version 2>&1 | head -1 | tr -d '"')", "apache_heap": "$heap",
 "keeper": "$KEEPER", "mode": "$([ $quick = 1 ] && echo quick || echo full)", "date": "$(date -u +%FT%TZ)"}
JSON
}

# ---- servers ----------------------------------------------------------------------------------------------
# cfg DIR PORT [extra lines]: the one zoo.cfg both servers get (forceSync on, no connection limit for 1,000 sessions).
cfg() {
  local d=$1 port=$2; shift 2
  mkdir -p "$d/data"
  { printf 'tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=%s/data\nclientPort=%s\nclientPortAddress=127.0.0.1\n' "$d" "$port"
    printf 'admin.enableServer=false\n4lw.commands.whitelist=*\nmaxClientCnxns=0\nforceSync=yes\n'
    for l in "$@"; do echo "$l"; done; } > "$d/zoo.cfg"
  printf 'log4j.rootLogger=INFO, F\nlog4j.appender.F=org.apache.log4j.FileAppender\nlog4j.appender.F.File=%s/server.log\nlog4j.appender.F.layout=org.apache.log4j.PatternLayout\nlog4j.appender.F.layout.ConversionPattern=%%d{ISO8601} %%m%%n\n' "$d" > "$d/log4j.properties"
}
# start KIND DIR: runs the server on DIR/zoo.cfg in the background; sets $pid.
start() {
  if [ "$1" = apache ]; then
    java -Xms$heap -Xmx$heap -cp "$2:$CP" org.apache.zookeeper.server.quorum.QuorumPeerMain "$2/zoo.cfg" >> "$2/out.log" 2>&1 &
  else
    "$KEEPER" server "$2/zoo.cfg" >> "$2/server.log" 2>&1 &
  fi
  pid=$!; pids+=("$pid")
}
stop() { kill -9 "$1" 2> /dev/null; wait "$1" 2> /dev/null; }
ready() { # keeper ready tries once (a refused connection fails at once): poll it, up to 120 s
  local _; for _ in $(seq 1200); do "$KEEPER" ready "$1" --timeout=2 > /dev/null 2>&1 && return 0; sleep 0.1; done; return 1
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# Server CPU time (user + sys clock ticks) of the processes in $server_pids: with client and server on the same 2
# cores, throughput alone cannot tell server cost from client cost; CPU per op can.
cpu_ticks() { local t=0 p; for p in $server_pids; do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat 2> /dev/null || echo 0))); done; echo $t; }
server_pids=""
bench() { # bench NAME ARGS...: one `keeper bench` run, JSON to $out/NAME.json, server CPU seconds to $out/NAME-cpu.json
  local name=$1 c0 c1; shift
  c0=$(cpu_ticks)
  "$KEEPER" bench --max-seconds 300 --json "$out/$name.json" "$@" > "$out/$name.txt" 2>&1 || log "  $name failed: $(tail -2 "$out/$name.txt")"
  c1=$(cpu_ticks)
  awk -v a=$c0 -v b=$c1 -v hz=$(getconf CLK_TCK) 'BEGIN { printf "{\"server_cpu_s\": %.3f}\n", (b - a) / hz }' > "$out/$name-cpu.json"
  sed 's/^/    /' "$out/$name.txt" >&2
}

# ---- standalone workloads -----------------------------------------------------------------------------------
standalone() {
  local kind=$1 dir=$work/$1-standalone port=$((21000 + RANDOM % 1000))
  cfg "$dir" $port; start "$kind" "$dir"; local spid=$pid; server_pids=$pid
  ready $port || { log "$kind did not start"; tail -n 5 "$dir"/*.log >&2; return; }
  local c="--connect 127.0.0.1:$port" lw="--duration $D --warmup $W"
  log "$kind: sync latency (1 session, 1 outstanding)"
  for p in 100 1024; do
    bench "$kind-sync-create-$p" $c $lw --root /s/c$p --payload $p --mix create --setup-nodes 0
    bench "$kind-sync-set-$p" $c $lw --root /s/s$p --payload $p --mix set
    bench "$kind-sync-get-$p" $c $lw --root /s/g$p --payload $p --mix get
  done
  log "$kind: write saturation (64 outstanding per session)"
  for s in 1 16 64; do
    bench "$kind-wsat-create-$s" $c $lw --root /w/c$s --sessions $s --outstanding 64 --payload 100 --mix create --setup-nodes 0
    bench "$kind-wsat-set-$s" $c $lw --root /w/s$s --sessions $s --outstanding 64 --payload 1024 --mix set
  done
  log "$kind: read saturation and mix"
  bench "$kind-rsat-get" $c $lw --root /r/g --sessions 64 --outstanding 64 --payload 1024 --mix get
  bench "$kind-rsat-children" $c $lw --root /r/c --sessions 64 --outstanding 64 --mix children --children 1000 --setup-nodes 0
  bench "$kind-mix-closed" $c $lw --root /m/c --sessions 16 --outstanding 64 --payload 100 --mix get:70,set:30
  bench "$kind-mix-open" $c $lw --root /m/o --sessions 16 --outstanding 64 --payload 100 --mix get:70,set:30 --rate 2000
  log "$kind: watch fan-out (1,000 sessions)"
  bench "$kind-fanout" $c --root /f --sessions 1000 --fanout --fanout-rounds $ROUNDS
  log "$kind: CLI wall time for one get"
  local cli=("$KEEPER" cli -server 127.0.0.1:$port get /s/g100/d/00000000) runs=20
  if [ "$kind" = apache ]; then cli=(/usr/share/zookeeper/bin/zkCli.sh -server 127.0.0.1:$port get /s/g100/d/00000000); runs=$CLIRUNS; fi
  if command -v hyperfine > /dev/null; then
    hyperfine -N -w 2 -r $runs --export-json "$out/$kind-cli.json" "${cli[*]}" > "$out/$kind-cli.txt" 2>&1
  else # the mean of plain runs, in hyperfine's JSON shape
    local t0; t0=$(now_ms); for _ in $(seq $runs); do "${cli[@]}" > /dev/null 2>&1; done
    echo "{\"results\": [{\"mean\": $(( ($(now_ms) - t0) / runs ))e-3, \"stddev\": 0}]}" > "$out/$kind-cli.json"
    echo "mean of $runs runs" > "$out/$kind-cli.txt"
  fi
  grep -E "Time|±" "$out/$kind-cli.txt" >&2
  stop $spid
}

# ---- scale: N znodes of 100 B, RSS, snapshot, restart to first read -----------------------------------------------
scale() {
  local kind=$1 dir=$work/$1-scale port=$((22000 + RANDOM % 1000))
  cfg "$dir" $port snapCount=200; start "$kind" "$dir"; local spid=$pid; server_pids=$pid
  ready $port || { log "$kind did not start"; return; }
  sleep 1; local before; before=$(rss_kib $spid)
  log "$kind: loading $N znodes (multis of 1,000)"
  bench "$kind-scale-load" --connect 127.0.0.1:$port --root /scale --setup-only --setup-nodes $N --setup-batch 1000 --payload 100
  sleep 3; local after; after=$(rss_kib $spid)
  # 400 more txns: with snapCount=200 at least one snapshot now starts with the whole tree in it.
  bench "$kind-scale-snaptrigger" --connect 127.0.0.1:$port --root /scale2 --setup-nodes 1 --mix set --count 400 --warmup 0
  local snap="" size=0 prev=-1
  for _ in $(seq 60); do
    snap=$(ls -t "$dir"/data/version-2/snapshot.* 2> /dev/null | head -1)
    size=$(stat -c %s "$snap" 2> /dev/null || echo 0)
    [ "$size" -gt 0 ] && [ "$size" = "$prev" ] && break
    prev=$size; sleep 1
  done
  stop $spid
  local t0; t0=$(now_ms); start "$kind" "$dir"; spid=$pid
  "$KEEPER" bench --connect 127.0.0.1:$port --probe get /scale/d/00000000 --since $t0 --max-seconds 180 \
    --json "$out/$kind-scale-restart.json" > "$out/$kind-scale-restart.txt" 2>&1
  cat "$out/$kind-scale-restart.txt" >&2
  echo "{\"n\": $N, \"rss_before_kib\": $before, \"rss_after_kib\": $after, \"snapshot_bytes\": $size}" > "$out/$kind-scale.json"
  log "$kind: RSS $before -> $after KiB, snapshot $size B"
  stop $spid
}

# ---- 3-server ensemble: writes, sync write latency through a follower, leader-kill failover ------------------------
srvr_mode() { echo srvr | nc -q1 127.0.0.1 "$1" 2> /dev/null | sed -n 's/^Mode: //p'; }
ensemble() {
  local kind=$1 base=$((23000 + RANDOM % 900)) i lines=() mpids=() ports=()
  for i in 1 2 3; do lines+=("server.$i=127.0.0.1:$((base + 10 + i)):$((base + 20 + i))"); ports+=($((base + i))); done
  for i in 1 2 3; do
    local d=$work/$kind-ens$i; cfg "$d" $((base + i)) "${lines[@]}"; echo $i > "$d/data/myid"
    start "$kind" "$d"; mpids+=($pid)
  done
  local leader="" follower="" t
  for t in $(seq 120); do
    leader=""; follower=""
    for i in 0 1 2; do
      case $(srvr_mode ${ports[$i]}) in leader) leader=$i ;; follower) follower=$i ;; esac
    done
    [ -n "$leader" ] && [ -n "$follower" ] && break; sleep 0.5
  done
  [ -z "$leader" ] && { log "$kind ensemble: no leader"; for p in "${mpids[@]}"; do stop $p; done; return; }
  server_pids="${mpids[*]}"
  local all="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
  log "$kind ensemble: leader is server $((leader + 1))"
  bench "$kind-ens-create" --connect $all --duration $D --warmup $W --root /e/c --sessions 16 --outstanding 64 --payload 100 --mix create --setup-nodes 0
  bench "$kind-ens-sync-set" --connect 127.0.0.1:${ports[$follower]} --duration $D --warmup $W --root /e/s --payload 100 --mix set
  local survivors=() ; for i in 0 1 2; do [ $i != "$leader" ] && survivors+=("127.0.0.1:${ports[$i]}"); done
  local t0; t0=$(now_ms); stop ${mpids[$leader]}
  "$KEEPER" bench --connect "$(IFS=,; echo "${survivors[*]}")" --probe set /e/failover --since $t0 --max-seconds 120 \
    --json "$out/$kind-ens-failover.json" > "$out/$kind-ens-failover.txt" 2>&1
  cat "$out/$kind-ens-failover.txt" >&2
  for p in "${mpids[@]}"; do stop $p; done
}

t_start=$(date +%s)
log "work dir $work ($(df -T "$work" | awk 'NR==2 {print $1, $2}')); keeper: $KEEPER; $([ $quick = 1 ] && echo quick || echo full) mode"
machine; cat "$out/machine.json" >&2
for phase in ${PHASES:-standalone scale ensemble}; do
  for kind in apache keeper; do $phase $kind; done
done
echo "{\"load_average_end\": $(cut -d' ' -f1 /proc/loadavg), \"seconds\": $(( $(date +%s) - t_start ))}" > "$out/machine-end.json"
mkdir -p "$here/bench/results"
/usr/bin/python3 "$here/bench/compare_report.py" "$out" "$here/bench/results/latest.json"
