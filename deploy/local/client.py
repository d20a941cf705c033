#!/usr/bin/python3
"""A client pod's workload for deploy/local/tutorial.sh, run inside the client's network namespace with
kazoo (Debian: python3-kazoo), one session against the whole ensemble (as a client of zk-cs would be):

    client.py write HOSTS PATH STOP_FILE MAX_SECONDS PROGRESS_FILE
        creates PATH/w-<n> one after the other (a pause of 20 ms between them) until STOP_FILE exists or
        MAX_SECONDS pass, then reads PATH's children on a fresh session and prints a JSON summary:
        acknowledged, failed (by error), lost (acknowledged but missing afterwards)
    client.py read HOSTS PATH STOP_FILE MAX_SECONDS PROGRESS_FILE
        gets PATH every 200 ms until STOP_FILE exists or MAX_SECONDS pass; prints ok and failed counts

PROGRESS_FILE is rewritten with the number of successful operations so far. The loops are bounded in time.
"""
import json
import logging
import os
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.retry import KazooRetry

logging.basicConfig(level=logging.CRITICAL)


def connect(hosts):
    client = KazooClient(hosts=hosts, timeout=20.0,
                         connection_retry=KazooRetry(max_tries=-1, delay=0.1, max_delay=1.0),
                         command_retry=None)
    client.start(timeout=30)
    return client


def progress(path, n):
    with open(path + ".tmp", "w") as f:
        f.write(str(n))
    os.replace(path + ".tmp", path)


def main():
    mode, hosts, path, stop_file, max_seconds, progress_file = sys.argv[1:7]
    deadline = time.monotonic() + float(max_seconds)
    client = connect(hosts)
    ok, failed, errors, acknowledged = 0, 0, {}, []
    failures = []
    if mode == "write":
        client.ensure_path(path)
    n = 0
    progress(progress_file, 0)
    while not os.path.exists(stop_file) and time.monotonic() < deadline:
        try:
            if mode == "write":
                created = client.create(f"{path}/w-{n:06d}", b"x")
                acknowledged.append(created.rsplit("/", 1)[1])
            else:
                client.get(path)
            ok += 1
            progress(progress_file, ok)
        except (KazooException, Exception) as e:  # every failed operation counts, whatever its kind
            failed += 1
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            failures.append(time.strftime("%H:%M:%S") + " " + type(e).__name__)
            time.sleep(0.02)
        n += 1
        time.sleep(0.02 if mode == "write" else 0.2)
    client.stop()
    client.close()
    summary = {"mode": mode, "ok": ok, "failed": failed, "errors": errors, "failures": failures[:20]}
    if mode == "write":
        check = connect(hosts)
        check.sync(path)
        children = set(check.get_children(path))
        check.stop()
        check.close()
        lost = [a for a in acknowledged if a not in children]
        summary.update({"children": len(children), "lost": len(lost), "lost_names": lost[:20]})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
