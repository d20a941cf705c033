#!/usr/bin/python3
"""Drives python-kazoo (Debian's python3-kazoo, run with /usr/bin/python3) through a fixed
scenario and prints a normalised transcript, one line per operation.

Usage: /usr/bin/python3 kazoo_scenario.py <host:port> <basePath>

Normalisation, so two servers can be diffed as plain text:
  * the base path prints as /B;
  * zxids print relative to the czxid of /B ("Z+3"), zxid 0 stays "0";
  * session ids print as the name of the client that owns them;
  * times print as "0", "now" (within ten minutes of the local clock) or "odd:<ms>";
  * child lists are sorted (the server's order is a hash-set order).
Watch events are printed after the operation that caused them, once a round trip and the
handler's callback queue have been flushed.
"""

import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException, ZookeeperError
from kazoo.protocol.states import Callback
from kazoo.security import make_digest_acl, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, ACL, Id

WAIT = 10.0


class Scenario(object):
    def __init__(self, hosts, base):
        self.hosts = hosts
        self.base = base
        self.base_zxid = None
        self.clients = {}
        self.session_names = {}
        self.events = []
        self.lock = threading.Lock()

    # -- formatting -------------------------------------------------------------------------

    def p(self, path):
        if path is None:
            return "null"
        if path == self.base:
            return "/B"
        if path.startswith(self.base + "/"):
            return "/B" + path[len(self.base):]
        return path

    def zxid(self, z):
        if z == 0:
            return "0"
        if self.base_zxid is None:
            return "abs"
        d = z - self.base_zxid
        return "Z+%d" % d if d >= 0 else "Z-%d" % -d

    @staticmethod
    def time(t):
        if t == 0:
            return "0"
        return "now" if abs(time.time() * 1000 - t) < 600000 else "odd:%d" % t

    def owner(self, sid):
        if sid == 0:
            return "0"
        return self.session_names.get(sid, "other")

    def stat(self, s):
        if s is None:
            return "null"
        return ("{czxid=%s mzxid=%s pzxid=%s ctime=%s mtime=%s version=%d cversion=%d aversion=%d "
                "ephemeralOwner=%s dataLength=%d numChildren=%d}") % (
            self.zxid(s.czxid), self.zxid(s.mzxid), self.zxid(s.pzxid), self.time(s.ctime),
            self.time(s.mtime), s.version, s.cversion, s.aversion, self.owner(s.ephemeralOwner),
            s.dataLength, s.numChildren)

    @staticmethod
    def data(d):
        return "null" if d is None else repr(d.decode("utf-8"))

    @staticmethod
    def acls(acl_list):
        return "[" + ", ".join("%s:%s=%d" % (a.id.scheme, a.id.id, a.perms) for a in acl_list) + "]"

    @staticmethod
    def err(e):
        return "ERR " + type(e).__name__

    # -- plumbing ---------------------------------------------------------------------------

    def open(self, name):
        zk = KazooClient(hosts=self.hosts, timeout=30.0)
        zk.start(timeout=WAIT)
        self.clients[name] = zk
        sid, passwd = zk.client_id
        self.session_names[sid] = name
        self.line("%s connected passwdLength=%d sessionIdNonZero=%s" % (name, len(passwd), sid != 0))
        return zk

    def watcher(self, client, name):
        def fire(ev):
            with self.lock:
                self.events.append("%s/%s %s %s %s" % (client, name, ev.type, ev.state, self.p(ev.path)))
        return fire

    def flush(self):
        for name, zk in sorted(self.clients.items()):
            if not zk.connected:
                continue
            zk.exists("/")  # a round trip: every earlier event has been read and queued
            done = threading.Event()
            zk.handler.dispatch_callback(Callback("completion", done.set, ()))
            if not done.wait(WAIT):
                raise RuntimeError("callback queue of %s did not drain" % name)
        with self.lock:
            evs, self.events = self.events, []
        # events of one client keep their order; between clients there is none
        for client in sorted(set(e.split("/", 1)[0] for e in evs)):
            for e in evs:
                if e.startswith(client + "/"):
                    print("  event " + e)

    def await_events(self, count):
        deadline = time.time() + WAIT
        while time.time() < deadline:
            with self.lock:
                if len(self.events) >= count:
                    break
            time.sleep(0.01)
        with self.lock:
            if len(self.events) < count:
                print("  (expected %d events, got %d)" % (count, len(self.events)))
        self.flush()

    def line(self, s):
        print(s)
        self.flush()

    def attempt(self, fn, fmt=str):
        try:
            return fmt(fn())
        except (KazooException, ZookeeperError) as e:
            return self.err(e)

    # -- the scenario -----------------------------------------------------------------------

    def run(self):
        B = self.base
        zk1 = self.open("zk1")
        zk2 = self.open("zk2")

        print("# create")
        self.line("zk1 create /B -> " + self.attempt(lambda: self.p(zk1.create(B, b"root"))))
        self.base_zxid = zk1.exists(B).czxid
        self.line("zk1 exists /B -> " + self.attempt(lambda: self.stat(zk1.exists(B))))
        self.line("zk1 create /B/p -> " + self.attempt(lambda: zk1.create(B + "/p", b"p"), self.p))
        self.line("zk1 create /B/e ephemeral -> " + self.attempt(lambda: zk1.create(B + "/e", b"e", ephemeral=True), self.p))
        self.line("zk1 create /B/s- sequence -> " + self.attempt(lambda: zk1.create(B + "/s-", b"s", sequence=True), self.p))
        self.line("zk1 create /B/es- ephemeral sequence -> " + self.attempt(lambda: zk1.create(B + "/es-", b"", ephemeral=True, sequence=True), self.p))
        self.line("zk1 create /B/d include_data -> " + self.attempt(
            lambda: zk1.create(B + "/d", b"dd", include_data=True),
            lambda r: self.p(r[0]) + " " + self.stat(r[1])))
        self.line("zk1 create /B/x/y/z makepath -> " + self.attempt(lambda: zk1.create(B + "/x/y/z", b"z", makepath=True), self.p))
        self.line("zk1 ensure_path /B/x/y -> " + self.attempt(lambda: zk1.ensure_path(B + "/x/y")))
        self.line("zk1 create /B/p again -> " + self.attempt(lambda: zk1.create(B + "/p", b"p"), self.p))
        self.line("zk1 create /B/none/child -> " + self.attempt(lambda: zk1.create(B + "/none/child"), self.p))
        self.line("zk1 create /B/e/child -> " + self.attempt(lambda: zk1.create(B + "/e/child"), self.p))

        print("# read and write")
        self.line("zk1 get /B/p -> " + self.attempt(lambda: zk1.get(B + "/p"), lambda r: self.data(r[0]) + " " + self.stat(r[1])))
        self.line("zk1 get /B/none -> " + self.attempt(lambda: zk1.get(B + "/none")))
        self.line("zk1 exists /B/none -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/none"))))
        self.line("zk1 get_children /B -> " + self.attempt(lambda: str(sorted(zk1.get_children(B)))))
        self.line("zk1 get_children /B include_data -> " + self.attempt(
            lambda: zk1.get_children(B, include_data=True),
            lambda r: str(sorted(r[0])) + " " + self.stat(r[1])))
        self.line("zk1 set /B/p v=7 -> " + self.attempt(lambda: zk1.set(B + "/p", b"q", version=7), self.stat))
        self.line("zk1 set /B/p v=0 -> " + self.attempt(lambda: zk1.set(B + "/p", b"q", version=0), self.stat))
        self.line("zk1 set /B/none -> " + self.attempt(lambda: zk1.set(B + "/none", b"q"), self.stat))
        self.line("zk1 delete /B/x -> " + self.attempt(lambda: zk1.delete(B + "/x")))
        self.line("zk1 delete /B/p v=9 -> " + self.attempt(lambda: zk1.delete(B + "/p", version=9)))
        self.line("zk1 delete /B/x recursive -> " + self.attempt(lambda: zk1.delete(B + "/x", recursive=True)))
        self.line("zk1 delete /B/none -> " + self.attempt(lambda: zk1.delete(B + "/none")))
        self.line("zk1 sync /B -> " + self.attempt(lambda: zk1.sync(B), self.p))

        print("# watches")
        self.line("zk1 exists /B/w watch -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/w", watch=self.watcher("zk1", "w")))))
        self.line("zk1 create /B/w -> " + self.attempt(lambda: zk1.create(B + "/w", b"w0"), self.p))
        self.line("zk1 get /B/w watch -> " + self.attempt(lambda: zk1.get(B + "/w", watch=self.watcher("zk1", "w")), lambda r: self.data(r[0])))
        self.line("zk2 get_children /B/w watch -> " + self.attempt(lambda: zk2.get_children(B + "/w", watch=self.watcher("zk2", "c")), lambda r: str(sorted(r))))
        self.line("zk1 set /B/w -> " + self.attempt(lambda: zk1.set(B + "/w", b"w1"), self.stat))
        self.line("zk1 create /B/w/k -> " + self.attempt(lambda: zk1.create(B + "/w/k"), self.p))
        self.line("zk2 exists /B/w/k watch -> " + self.attempt(lambda: self.stat(zk2.exists(B + "/w/k", watch=self.watcher("zk2", "k")))))
        self.line("zk1 get_children /B/w watch -> " + self.attempt(lambda: zk1.get_children(B + "/w", watch=self.watcher("zk1", "c")), lambda r: str(sorted(r))))
        self.line("zk1 delete /B/w/k -> " + self.attempt(lambda: zk1.delete(B + "/w/k")))

        print("# transactions")
        t = zk1.transaction()
        t.create(B + "/t1", b"1")
        t.create(B + "/t-", b"2", sequence=True)
        t.set_data(B + "/p", b"tx")
        t.check(B + "/p", 2)
        t.delete(B + "/d")
        self.line("zk1 transaction ok -> " + self.attempt(t.commit, self.results))
        self.line("zk1 exists /B/t1 -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/t1"))))
        t = zk1.transaction()
        t.create(B + "/t2", b"1")
        t.check(B + "/p", 99)
        t.delete(B + "/t1")
        self.line("zk1 transaction bad check -> " + self.attempt(t.commit, self.results))
        self.line("zk1 exists /B/t2 -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/t2"))))
        t = zk1.transaction()
        t.delete(B + "/none")
        t.create(B + "/t3")
        self.line("zk1 transaction missing node -> " + self.attempt(t.commit, self.results))

        print("# digest auth and ACLs")
        zk1.add_auth("digest", "alice:secret")
        self.line("zk1 add_auth digest alice:secret")
        acl = make_digest_acl("alice", "secret", all=True)
        self.line("zk1 create /B/sec acl=alice -> " + self.attempt(lambda: zk1.create(B + "/sec", b"s", acl=[acl]), self.p))
        self.line("zk1 get_acls /B/sec -> " + self.attempt(lambda: zk1.get_acls(B + "/sec"), lambda r: self.acls(r[0]) + " " + self.stat(r[1])))
        self.line("zk1 get /B/sec -> " + self.attempt(lambda: zk1.get(B + "/sec"), lambda r: self.data(r[0])))
        self.line("zk2 get /B/sec -> " + self.attempt(lambda: zk2.get(B + "/sec"), lambda r: self.data(r[0])))
        self.line("zk2 set /B/sec -> " + self.attempt(lambda: zk2.set(B + "/sec", b"x"), self.stat))
        self.line("zk2 get_acls /B/sec -> " + self.attempt(lambda: zk2.get_acls(B + "/sec"), lambda r: self.acls(r[0])))
        self.line("zk2 create /B/sec/c -> " + self.attempt(lambda: zk2.create(B + "/sec/c"), self.p))
        self.line("zk1 set_acls /B/sec v=5 -> " + self.attempt(lambda: zk1.set_acls(B + "/sec", [acl] + READ_ACL_UNSAFE, version=5), self.stat))
        self.line("zk1 set_acls /B/sec v=0 -> " + self.attempt(lambda: zk1.set_acls(B + "/sec", READ_ACL_UNSAFE + [acl], version=0), self.stat))
        self.line("zk2 get /B/sec -> " + self.attempt(lambda: zk2.get(B + "/sec"), lambda r: self.data(r[0])))
        self.line("zk2 get_acls /B/sec -> " + self.attempt(lambda: zk2.get_acls(B + "/sec"), lambda r: self.acls(r[0])))
        self.line("zk2 set_acls /B/sec -> " + self.attempt(lambda: zk2.set_acls(B + "/sec", OPEN_ACL_UNSAFE), self.stat))
        self.line("zk1 create /B/bad acl -> " + self.attempt(lambda: zk1.create(B + "/bad", acl=[ACL(31, Id("digest", "nocolon"))]), self.p))
        zk2.add_auth("digest", "alice:secret")
        self.line("zk2 add_auth digest alice:secret")
        self.line("zk2 set /B/sec -> " + self.attempt(lambda: zk2.set(B + "/sec", b"x"), self.stat))

        print("# ephemerals go with their session")
        zk3 = self.open("zk3")
        self.line("zk3 create /B/e3 ephemeral -> " + self.attempt(lambda: zk3.create(B + "/e3", ephemeral=True), self.p))
        self.line("zk1 exists /B/e3 watch -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/e3", watch=self.watcher("zk1", "e3")))))
        self.line("zk2 get_children /B watch -> " + self.attempt(lambda: str(sorted(zk2.get_children(B, watch=self.watcher("zk2", "kids"))))))
        zk3.stop()
        zk3.close()
        del self.clients["zk3"]
        print("zk3 stop")
        self.await_events(2)
        self.line("zk1 exists /B/e3 -> " + self.attempt(lambda: self.stat(zk1.exists(B + "/e3"))))
        self.line("zk1 get_children /B -> " + self.attempt(lambda: str(sorted(zk1.get_children(B)))))

        print("# end")
        zk1.stop()
        zk1.close()
        del self.clients["zk1"]
        print("zk1 stop")
        self.line("zk2 exists /B/e -> " + self.attempt(lambda: self.stat(zk2.exists(B + "/e"))))
        self.line("zk2 get_children /B -> " + self.attempt(lambda: str(sorted(zk2.get_children(B)))))
        zk2.stop()
        zk2.close()
        del self.clients["zk2"]

    def results(self, results):
        out = []
        for r in results:
            if isinstance(r, Exception):
                out.append(type(r).__name__)
            elif isinstance(r, str):
                out.append(self.p(r))
            elif r is True or r is False:
                out.append(str(r))
            elif hasattr(r, "czxid"):
                out.append(self.stat(r))
            else:
                out.append(repr(r))
        return "[" + ", ".join(out) + "]"


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: kazoo_scenario.py <host:port> <basePath>\n")
        return 2
    s = Scenario(sys.argv[1], sys.argv[2])
    try:
        s.run()
        return 0
    except Exception as e:  # print the failure into the transcript, then the traceback
        print("ABORTED %s: %s" % (type(e).__name__, e))
        import traceback
        traceback.print_exc()
        return 1
    finally:
        for zk in s.clients.values():
            try:
                zk.stop()
                zk.close()
            except Exception:
                pass
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
