#!/usr/bin/env bash
# Server CPU time (user+sys, from /proc) spent on bench/scale.py's load of N znodes of 100 B, plus wall
# time and RSS. CPU time compares two builds of the server (e.g. JIT and NativeAOT) on a shared, busy
# machine, where wall time mostly measures the neighbours.
# usage: bench/load_cpu.sh path/to/keeper [N]   (N defaults to 1000000)
set -euo pipefail
exe=$1; n=${2:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/keeper-load-cpu.XXXX); port=$((26000 + RANDOM % 1000))
printf 'tickTime=2000\ndataDir=%s/data\nclientPort=%d\nclientPortAddress=127.0.0.1\n4lw.commands.whitelist=*\nsnapCount=200\n' \
  "$dir" "$port" > "$dir/zoo.cfg"
"$exe" server "$dir/zoo.cfg" > "$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null || true; wait $pid 2> /dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do "$exe" ready "$port" 2> /dev/null && break; sleep 0.1; done
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
c0=$(cpu)
out=$(/usr/bin/python3 "$here/bench/scale.py" "$port" "$n")
c1=$(cpu)
echo "$exe: $out; server CPU $(echo "scale=2; ($c1 - $c0) / $(getconf CLK_TCK)" | bc) s;" \
  "RSS $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") KiB; load average $(cut -d' ' -f1 /proc/loadavg)"
