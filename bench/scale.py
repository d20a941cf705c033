#!/usr/bin/python3
"""Loads N znodes of 100 bytes into a running server in multi batches, then reports nothing else:
the caller kills and restarts the server and times the first read (see bench/scale.sh)."""
import sys, time
from kazoo.client import KazooClient

port, total = int(sys.argv[1]), int(sys.argv[2])
zk = KazooClient(hosts='127.0.0.1:%d' % port, timeout=30)
zk.start()
zk.ensure_path('/scale')
payload = b'x' * 100
start = time.time()
batch, pending = 1000, []
for base in range(0, total, batch):
    t = zk.transaction()
    for i in range(base, min(base + batch, total)):
        t.create('/scale/n%07d' % i, payload)
    pending.append(t.commit_async())
    if len(pending) >= 8:
        pending.pop(0).get()
for p in pending: p.get()
print("loaded %d znodes in %.1fs" % (total, time.time() - start))
