#!/usr/bin/env bash
# Scale row of the side-by-side benchmark: N znodes of 100 B, then kill -9, restart, time to first read.
# Reports RSS after loading, the newest snapshot's size and write time, and restart-to-first-read time.
# usage: bench/scale.sh keeper|apache [N]
# KEEPER=path/to/keeper runs that executable (a publish output, e.g. NativeAOT) instead of the Release keeper.dll.
set -euo pipefail
kind=$1; n=${2:-1000000}
dir=$(mktemp -d /tmp/keeper-scale.XXXX); port=$((22000 + RANDOM % 1000))
mkdir -p "$dir/conf"
cat > "$dir/conf/zoo.cfg" <<CFG
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
admin.enableServer=false
snapCount=200
CFG
printf 'log4j.rootLogger=INFO, F\nlog4j.appender.F=org.apache.log4j.FileAppender\nlog4j.appender.F.File=%s/server.log\nlog4j.appender.F.layout=org.apache.log4j.PatternLayout\nlog4j.appender.F.layout.ConversionPattern=%%d{ISO8601} %%m%%n\n' "$dir" > "$dir/conf/log4j.properties"
here=$(cd "$(dirname "$0")/.." && pwd)
start() {
  if [ "$kind" = keeper ]; then
    if [ -n "${KEEPER:-}" ]; then
      "$KEEPER" server "$dir/conf/zoo.cfg" >> "$dir/server.log" 2>&1 &
    else
      dotnet "$here/src/Keeper/bin/Release/net10.0/keeper.dll" server "$dir/conf/zoo.cfg" >> "$dir/server.log" 2>&1 &
    fi
  else
    java -Xmx4g -cp "$dir/conf:/usr/share/java/zookeeper.jar:/usr/share/java/zookeeper-jute.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar" \
      org.apache.zookeeper.server.ZooKeeperServerMain "$dir/conf/zoo.cfg" >> "$dir/out.log" 2>&1 &
  fi
  pid=$!
}
wait_ready() { for _ in $(seq 1 1200); do [ "$(echo ruok | nc -q1 127.0.0.1 $port 2>/dev/null)" = imok ] && return 0; sleep 0.1; done; return 1; }
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
start; wait_ready
/usr/bin/python3 "$here/bench/scale.py" "$port" "$n"
sleep 3 # let the last snapshot finish
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
snap=$(ls -t "$dir/data/version-2"/snapshot.* | head -1)
echo "$kind: RSS ${rss} KiB after $n znodes ($(( rss * 1024 / n )) B per znode); newest snapshot $(stat -c %s "$snap") bytes"
echo "$kind: snapshot write time (ms, mntr): $(echo mntr | nc -q1 127.0.0.1 $port | grep -E 'zk_(max|avg|cnt)_snapshottime' | tr '\n' ' ')"
kill -9 $pid; wait $pid 2>/dev/null || true
t0=$(date +%s.%N); start
until /usr/bin/python3 -c "
from kazoo.client import KazooClient
z=KazooClient(hosts='127.0.0.1:$port', timeout=5, connection_retry={'max_tries':0}); z.start(timeout=2); z.get('/scale/n0000000'); z.stop()" 2>/dev/null; do sleep 0.05; done
t1=$(date +%s.%N)
echo "$kind: restart to first read $(echo "$t1 - $t0" | bc) s"
