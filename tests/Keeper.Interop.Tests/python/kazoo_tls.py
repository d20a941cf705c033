"""kazoo over TLS: kazoo_tls.py HOST:PORT CA CERT KEY PATH. Creates PATH, reads it back, prints the data and exits 0."""
import sys

from kazoo.client import KazooClient

hosts, ca, cert, key, path = sys.argv[1:6]
client = KazooClient(hosts=hosts, use_ssl=True, ca=ca, certfile=cert, keyfile=key, verify_certs=True, timeout=10)
client.start(timeout=20)
try:
    client.create(path, b"over-tls")
    data, stat = client.get(path)
    print("data:", data.decode())
    print("version:", stat.version)
finally:
    client.stop()
    client.close()
