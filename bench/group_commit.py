#!/usr/bin/python3
"""Keeps W creates of 100 B outstanding over 4 kazoo sessions until N are done; prints the rate.
Read zk_avg_sync_processor_batch_size from mntr afterwards for the writes covered by each fsync."""
import time, sys, threading
from kazoo.client import KazooClient
port=int(sys.argv[1]); writers=int(sys.argv[2]); total=int(sys.argv[3])
clients=[KazooClient(hosts='127.0.0.1:%d'%port) for _ in range(4)]
for c in clients: c.start()
clients[0].ensure_path('/gc')
t=time.time(); done=0
# each of 4 clients keeps writers/4 requests outstanding
pending=[]
i=0
while i < total:
    batch=[]
    for k in range(writers):
        c=clients[k%4]
        batch.append(c.create_async('/gc/n', b'x'*100, sequence=True)); i+=1
    for b in batch: b.get()
dt=time.time()-t
print("%d creates in %.2fs = %.0f/s with %d outstanding" % (total, dt, total/dt, writers))
