#!/usr/bin/env bash
# Where a server spends its CPU under one `keeper bench` load: server CPU per op (user+sys from /proc), syscalls
# per op (perf's syscall tracepoints: sched_yield = spinning, futex = thread hand-offs, sendto/recvfrom = batching)
# and CPU per thread name. Compares two builds of the server on a shared, busy machine, where wall time and
# throughput mostly measure the neighbours. Needs `perf` (Debian's linux-perf) and root for the tracepoints.
# usage: bench/profile.sh path/to/keeper [keeper bench options...]
#   e.g. bench/profile.sh artifacts/aot/keeper --mix set:100 --duration 8      (sync writes, 1 session)
#        bench/profile.sh artifacts/aot/keeper --mix set:100 --payload 1024 --sessions 16 --outstanding 64
# env: SERVER_ENV="NAME=value ..." for the server process only
set -euo pipefail
exe=$1; shift
dir=$(mktemp -d /tmp/keeper-profile.XXXX); port=$((27000 + RANDOM % 1000))
printf 'tickTime=2000\ndataDir=%s/data\nclientPort=%d\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n' \
  "$dir" "$port" > "$dir/zoo.cfg"
# shellcheck disable=SC2086
env ${SERVER_ENV:-} "$exe" server "$dir/zoo.cfg" > "$dir/server.log" 2>&1 &
pid=$!; perf_pid=
trap '[ -n "$perf_pid" ] && kill -INT $perf_pid 2> /dev/null; kill $pid 2> /dev/null || true; wait 2> /dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do "$exe" ready "$port" 2> /dev/null && break; sleep 0.1; done
kill -0 $pid 2> /dev/null || { cat "$dir/server.log"; exit 1; }
# CPU ticks of every thread: the fields after the ")" that ends the (possibly spaced) thread name
threads() { for t in /proc/$pid/task/*; do echo "${t##*/} $(tr ' ' _ < "$t/comm") $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }')"; done | sort; }
cpu() { sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'; }
# a first run warms the server up (JIT tiers, tree); the measured one has no warm-up, so every op counted was timed
"$exe" bench --connect 127.0.0.1:$port "$@" --duration 1 --quiet > /dev/null
threads > "$dir/t0"; c0=$(cpu)
perf stat -x, -e 'syscalls:sys_enter_sched_yield,syscalls:sys_enter_futex,syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync' \
  -p $pid -o "$dir/perf.csv" &
perf_pid=$!
"$exe" bench --connect 127.0.0.1:$port --json "$dir/bench.json" "$@" --warmup 0 | sed -n '1,/^total/p'
c1=$(cpu); threads > "$dir/t1"
kill -INT $perf_pid; wait $perf_pid 2> /dev/null || true; perf_pid=
ops=$(/usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['total']['count'] if 'total' in j else sum(o['count'] for o in j['ops']))" "$dir/bench.json")
tck=$(getconf CLK_TCK)
awk -v c=$((c1 - c0)) -v tck="$tck" -v ops="$ops" 'BEGIN { printf "server CPU: %.2f us per op (%d ops)\n", c * 1e6 / tck / ops, ops }'
echo "server RSS: $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") KiB"
awk -F, -v ops="$ops" '$3 ~ /syscalls/ { sub("syscalls:sys_enter_", "", $3); printf "  %-12s %8.3f per op\n", $3, $1 / ops }' "$dir/perf.csv"
echo "server CPU by thread (s):"
join -a2 -e0 -o 0,2.2,1.3,2.3 "$dir/t0" "$dir/t1" \
  | awk -v tck="$tck" '{ d = $4 - $3; if (d > 0) a[$2] += d } END { for (k in a) printf "  %-18s %6.2f\n", k, a[k] / tck }' | sort -k2 -rn
