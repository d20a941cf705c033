#!/bin/sh
# zkServer.sh [--config DIR] {start-foreground|status} [zoo.cfg]: the parts of ZooKeeper's script a container
# uses. start-foreground execs the server (it becomes this process); status asks it with srvr.
# The keeper executable: $KEEPER_HOME/keeper when KEEPER_HOME is set, else $KEEPER, else `keeper` on PATH.
if [ -n "${KEEPER_HOME:-}" ]; then KEEPER="$KEEPER_HOME/keeper"; else KEEPER="${KEEPER:-keeper}"; fi
ZOOCFGDIR="${ZOOCFGDIR:-${ZK_CONF_DIR:-/opt/zookeeper/conf}}"
if [ "${1:-}" = "--config" ]; then
    ZOOCFGDIR="${2:?--config needs a directory}"
    shift 2
fi
cmd="${1:-}"
[ $# -gt 0 ] && shift
ZOOCFG="${1:-zoo.cfg}"
case "$ZOOCFG" in
    */*) ;;
    *) ZOOCFG="$ZOOCFGDIR/$ZOOCFG" ;;
esac

case "$cmd" in
    start-foreground)
        echo "Using config: $ZOOCFG" >&2
        exec "$KEEPER" server "$ZOOCFG"
        ;;
    status)
        echo "Using config: $ZOOCFG" >&2
        port=""
        if [ -f "$ZOOCFG" ]; then
            port=$(sed -n 's/^[[:space:]]*clientPort[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*$/\1/p' "$ZOOCFG" | tail -n 1)
        fi
        port="${port:-2181}"
        echo "Client port found: $port. Client address: localhost. Client SSL: false."
        if out=$("$KEEPER" ready --command=srvr "$port" 2>/dev/null); then
            mode=$(printf '%s\n' "$out" | sed -n 's/^Mode: //p')
            if [ -n "$mode" ]; then
                echo "Mode: $mode"
                exit 0
            fi
        fi
        echo "Error contacting service. It is probably not running."
        exit 1
        ;;
    start|stop|restart|print-cmd|version|upgrade)
        echo "zkServer.sh $cmd: not supported by Keeper. Run the server in the foreground instead" \
            "(zkServer.sh start-foreground [zoo.cfg] or start-zookeeper), so it is the container's process." >&2
        exit 1
        ;;
    *)
        echo "Usage: $0 [--config <conf-dir>] {start-foreground|status} [zoo.cfg]" >&2
        exit 1
        ;;
esac
