#!/bin/sh
# zkGenConfig.sh: the older image's config generator: writes zoo.cfg, myid and log4j.properties from the
# ZK_* environment variables (flags work too), without starting the server.
# The keeper executable: $KEEPER_HOME/keeper when KEEPER_HOME is set, else $KEEPER, else `keeper` on PATH.
if [ -n "${KEEPER_HOME:-}" ]; then KEEPER="$KEEPER_HOME/keeper"; else KEEPER="${KEEPER:-keeper}"; fi
exec "$KEEPER" start-zookeeper --config_only "$@"
