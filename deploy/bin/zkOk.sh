#!/bin/sh
# zkOk.sh: the older image's probe (ruok on 127.0.0.1:${ZK_CLIENT_PORT:-2181}).
# The keeper executable: $KEEPER_HOME/keeper when KEEPER_HOME is set, else $KEEPER, else `keeper` on PATH.
if [ -n "${KEEPER_HOME:-}" ]; then KEEPER="$KEEPER_HOME/keeper"; else KEEPER="${KEEPER:-keeper}"; fi
exec "$KEEPER" ready "$@"
