#!/usr/bin/python3
"""Opens a kazoo session and holds it so that four-letter words have something to report.

Usage: /usr/bin/python3 hold_session.py <host:port> <basePath>

Creates <basePath> (persistent) and <basePath>/eph (ephemeral), leaves a data watch on
<basePath>/eph and on <basePath>/missing and a child watch on <basePath>, prints
"READY 0x<session id>" and then waits until its stdin is closed, when it closes the session.
"""

import sys

from kazoo.client import KazooClient


def main():
    hosts, base = sys.argv[1], sys.argv[2]
    zk = KazooClient(hosts=hosts, timeout=30.0)
    zk.start(timeout=10)
    try:
        zk.create(base, b"hold")
        zk.create(base + "/eph", b"e", ephemeral=True)
        zk.exists(base + "/eph", watch=lambda ev: None)
        zk.exists(base + "/missing", watch=lambda ev: None)
        zk.get_children(base, watch=lambda ev: None)
        print("READY 0x%x" % zk.client_id[0])
        sys.stdout.flush()
        sys.stdin.read()
    finally:
        zk.stop()
        zk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
