#!/bin/sh
# zkCli.sh [-server host:port] [cmd args]: the ZooKeeper command-line client.
# The keeper executable: $KEEPER_HOME/keeper when KEEPER_HOME is set, else $KEEPER, else `keeper` on PATH.
if [ -n "${KEEPER_HOME:-}" ]; then KEEPER="$KEEPER_HOME/keeper"; else KEEPER="${KEEPER:-keeper}"; fi
exec "$KEEPER" cli "$@"
