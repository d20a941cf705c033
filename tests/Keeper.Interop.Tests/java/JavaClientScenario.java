// Drives the real Apache ZooKeeper Java client (3.8) through a fixed scenario and prints a
// normalised transcript, one line per operation, so that two servers can be compared line by line.
//
// Usage: java -cp <dir>:zookeeper.jar:zookeeper-jute.jar JavaClientScenario <host:port> <basePath>
//
// Normalisation, done here so the transcript can be diffed as plain text:
//   * the base path is printed as /B;
//   * zxids are printed relative to the czxid of /B ("Z+3"); zxid 0 stays "0";
//   * session ids are printed as the name of the client that owns them (zk1, zk2, ...);
//   * times are "0" when zero, "now" when within ten minutes of the local clock, else "odd:<ms>";
//   * child lists and whoAmI lists are sorted (the server's order is a hash-set order).
// Watch events are collected by the clients' event threads and printed after the operation that
// caused them, indented, once a round trip on the same connection has flushed the event queue.

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

public final class JavaClientScenario {
    private static final long WAIT_MS = 10_000;

    private final String connect;
    private final String base;
    private long baseZxid = Long.MIN_VALUE;
    private final Map<String, ZooKeeper> clients = new LinkedHashMap<>();
    private final Map<Long, String> sessionNames = new LinkedHashMap<>();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> pendingEvents = new ArrayList<>();

    private JavaClientScenario(String connect, String base) {
        this.connect = connect;
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JavaClientScenario <host:port> <basePath>");
            System.exit(2);
        }
        JavaClientScenario s = new JavaClientScenario(args[0], args[1]);
        int rc = 0;
        try {
            s.run();
        } catch (Throwable t) {
            System.out.println("ABORTED " + t);
            t.printStackTrace();
            rc = 1;
        } finally {
            for (ZooKeeper zk : s.clients.values()) {
                try { zk.close(2000); } catch (Throwable ignored) { }
            }
        }
        System.out.flush();
        System.exit(rc);
    }

    // ------------------------------------------------------------------------------------------
    // The scenario.

    private void run() throws Exception {
        ZooKeeper zk1 = open("zk1");
        ZooKeeper zk2 = open("zk2");
        String B = base;
        byte[] d = bytes("d");

        section("create in every mode");
        String created = zk1.create(B, bytes("root"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat baseStat = zk1.exists(B, false);
        baseZxid = baseStat.getCzxid();
        line("zk1 create " + p(B) + " PERSISTENT -> " + p(created));
        line("zk1 exists " + p(B) + " -> " + stat(baseStat));
        create2(zk1, "zk1", B + "/p", bytes("p"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, -1);
        create(zk1, "zk1", B + "/plain", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create2(zk1, "zk1", B + "/e", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, -1);
        create(zk1, "zk1", B + "/s-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        create2(zk1, "zk1", B + "/s-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, -1);
        create2(zk1, "zk1", B + "/es-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, -1);
        create2(zk1, "zk1", B + "/c", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER, -1);
        create(zk1, "zk1", B + "/c/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create2(zk1, "zk1", B + "/ttl", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 3_600_000L);
        create2(zk1, "zk1", B + "/ttls-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 3_600_000L);
        create(zk1, "zk1", B + "/s-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        create(zk1, "zk1", B + "/", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        create(zk1, "zk1", B + "/empty", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        section("create failures");
        create(zk1, "zk1", B + "/p", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/missing/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/e/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create2(zk1, "zk1", B + "/missing/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER, -1);
        create2(zk1, "zk1", B + "/p", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1000L);
        create(zk1, "zk1", B + "/badacl", d, Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("digest", "nocolon"))), CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/authacl", d, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/unknownscheme", d, Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("nosuch", "x"))), CreateMode.PERSISTENT);
        line("zk1 create " + p(B + "/zookeeper") + " -> " + tryCreate(zk1, B + "/zookeeper"));
        line("zk1 create /zookeeper/x -> " + tryCreate(zk1, "/zookeeper/x"));
        line("zk1 delete /zookeeper/x -> " + tryDelete(zk1, "/zookeeper/x", -1));
        line("zk1 delete /zookeeper -> " + tryDelete(zk1, "/zookeeper", -1));
        line("zk1 delete /zookeeper/quota -> " + tryDelete(zk1, "/zookeeper/quota", -1));

        section("the /zookeeper subtree");
        line("zk1 exists /zookeeper -> " + t(() -> stat(zk1.exists("/zookeeper", false))));
        line("zk1 getChildren /zookeeper -> " + t(() -> sorted(zk1.getChildren("/zookeeper", false))));
        line("zk1 getData /zookeeper/config -> " + t(() -> { Stat cfg_ = new Stat(); return str(zk1.getData("/zookeeper/config", false, cfg_)) + " " + stat(cfg_); }));
        line("zk1 getACL /zookeeper/config -> " + t(() -> { Stat cfgAcl_ = new Stat(); return acl(zk1.getACL("/zookeeper/config", cfgAcl_)) + " " + stat(cfgAcl_); }));
        line("zk1 getACL /zookeeper/quota -> " + t(() -> acl(zk1.getACL("/zookeeper/quota", new Stat()))));
        line("zk1 setData /zookeeper/config -> " + trySet(zk1, "/zookeeper/config", d, -1));
        line("zk1 getAllChildrenNumber /zookeeper -> " + t(() -> zk1.getAllChildrenNumber("/zookeeper")));

        section("reads");
        line("zk1 getData " + p(B + "/p") + " -> " + t(() -> { Stat st_ = new Stat(); return str(zk1.getData(B + "/p", false, st_)) + " " + stat(st_); }));
        line("zk1 getData " + p(B + "/plain") + " -> " + t(() -> { Stat st_ = new Stat(); return str(zk1.getData(B + "/plain", false, st_)) + " " + stat(st_); }));
        line("zk1 getData " + p(B + "/empty") + " -> " + t(() -> { Stat st_ = new Stat(); return str(zk1.getData(B + "/empty", false, st_)) + " " + stat(st_); }));
        line("zk1 getData " + p(B + "/missing") + " -> " + tryGet(zk1, B + "/missing"));
        line("zk1 exists " + p(B + "/missing") + " -> " + t(() -> stat(zk1.exists(B + "/missing", false))));
        line("zk1 exists " + p(B + "/c") + " -> " + t(() -> stat(zk1.exists(B + "/c", false))));
        line("zk1 exists " + p(B + "/ttl") + " -> " + t(() -> stat(zk1.exists(B + "/ttl", false))));
        line("zk1 getChildren " + p(B) + " -> " + t(() -> sorted(zk1.getChildren(B, false))));
        line("zk1 getChildren2 " + p(B) + " -> " + t(() -> { Stat st_ = new Stat(); return sorted(zk1.getChildren(B, false, st_)) + " " + stat(st_); }));
        line("zk1 getChildren " + p(B + "/missing") + " -> " + tryChildren(zk1, B + "/missing"));
        line("zk1 getAllChildrenNumber " + p(B) + " -> " + t(() -> zk1.getAllChildrenNumber(B)));
        line("zk1 getAllChildrenNumber " + p(B + "/p") + " -> " + t(() -> zk1.getAllChildrenNumber(B + "/p")));
        line("zk1 getAllChildrenNumber " + p(B + "/missing") + " -> " + tryAllChildren(zk1, B + "/missing"));
        line("zk1 getEphemerals / -> " + t(() -> sortedPaths(zk1.getEphemerals("/"))));
        line("zk1 getEphemerals " + p(B + "/e") + " -> " + t(() -> sortedPaths(zk1.getEphemerals(B + "/e"))));
        line("zk1 getEphemerals " + p(B + "/nothing") + " -> " + t(() -> sortedPaths(zk1.getEphemerals(B + "/nothing"))));
        line("zk2 getEphemerals / -> " + t(() -> sortedPaths(zk2.getEphemerals("/"))));

        section("setData and delete with versions");
        line("zk1 setData " + p(B + "/p") + " v=5 -> " + trySet(zk1, B + "/p", bytes("x"), 5));
        line("zk1 setData " + p(B + "/p") + " v=0 -> " + trySet(zk1, B + "/p", bytes("p1"), 0));
        line("zk1 setData " + p(B + "/p") + " v=-1 -> " + trySet(zk1, B + "/p", bytes("p2"), -1));
        line("zk1 setData " + p(B + "/p") + " null v=-1 -> " + trySet(zk1, B + "/p", null, -1));
        line("zk1 setData " + p(B + "/missing") + " -> " + trySet(zk1, B + "/missing", d, -1));
        line("zk1 delete " + p(B + "/c") + " (not empty) -> " + tryDelete(zk1, B + "/c", -1));
        line("zk1 delete " + p(B + "/plain") + " v=3 -> " + tryDelete(zk1, B + "/plain", 3));
        line("zk1 delete " + p(B + "/plain") + " v=0 -> " + tryDelete(zk1, B + "/plain", 0));
        line("zk1 delete " + p(B + "/plain") + " again -> " + tryDelete(zk1, B + "/plain", -1));
        line("zk1 delete " + p(B + "/s-0000000001") + " v=-1 -> " + tryDelete(zk1, B + "/s-0000000001", -1));
        create(zk1, "zk1", B + "/s-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        line("zk1 exists " + p(B) + " -> " + t(() -> stat(zk1.exists(B, false))));

        section("one-shot watches");
        Watcher w1 = named("zk1", "w1");
        line("zk1 exists " + p(B + "/w") + " watch -> " + t(() -> stat(zk1.exists(B + "/w", w1))));
        create(zk1, "zk1", B + "/w", bytes("w0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 getData " + p(B + "/w") + " watch -> " + t(() -> { Stat st_ = new Stat(); return str(zk1.getData(B + "/w", w1, st_)) + " " + stat(st_); }));
        line("zk2 getData " + p(B + "/w") + " watch -> " + t(() -> str(zk2.getData(B + "/w", named("zk2", "w2"), null))));
        line("zk1 getChildren " + p(B + "/w") + " watch -> " + t(() -> sorted(zk1.getChildren(B + "/w", w1))));
        line("zk1 setData " + p(B + "/w") + " -> " + trySet(zk1, B + "/w", bytes("w1"), -1));
        line("zk1 setData " + p(B + "/w") + " (watch already fired) -> " + trySet(zk1, B + "/w", bytes("w2"), -1));
        create(zk1, "zk1", B + "/w/x", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 exists " + p(B + "/w/x") + " watch -> " + t(() -> stat(zk1.exists(B + "/w/x", w1))));
        line("zk1 getData " + p(B + "/w/x") + " watch -> " + t(() -> str(zk1.getData(B + "/w/x", w1, null))));
        line("zk1 getChildren " + p(B + "/w/x") + " watch -> " + t(() -> sorted(zk1.getChildren(B + "/w/x", w1))));
        line("zk1 getChildren " + p(B + "/w") + " watch -> " + t(() -> sorted(zk1.getChildren(B + "/w", w1))));
        line("zk2 exists " + p(B + "/w/x") + " watch -> " + t(() -> stat(zk2.exists(B + "/w/x", named("zk2", "w2")))));
        line("zk1 delete " + p(B + "/w/x") + " -> " + tryDelete(zk1, B + "/w/x", -1));
        line("zk1 exists " + p(B + "/w") + " default-watch -> " + t(() -> stat(zk1.exists(B + "/w", true))));
        line("zk1 setACL " + p(B + "/w") + " (fires nothing) -> " + trySetAcl(zk1, B + "/w", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
        line("zk1 delete " + p(B + "/w") + " -> " + tryDelete(zk1, B + "/w", -1));

        section("persistent and recursive watches");
        line("zk1 addWatch " + p(B + "/pw") + " PERSISTENT -> " + tryAddWatch(zk1, B + "/pw", named("zk1", "pw"), AddWatchMode.PERSISTENT));
        line("zk1 addWatch " + p(B + "/rw") + " PERSISTENT_RECURSIVE -> " + tryAddWatch(zk1, B + "/rw", named("zk1", "rw"), AddWatchMode.PERSISTENT_RECURSIVE));
        create(zk1, "zk1", B + "/pw", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 setData " + p(B + "/pw") + " -> " + trySet(zk1, B + "/pw", bytes("1"), -1));
        line("zk1 setData " + p(B + "/pw") + " -> " + trySet(zk1, B + "/pw", bytes("2"), -1));
        create(zk1, "zk1", B + "/pw/c", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 setData " + p(B + "/pw/c") + " -> " + trySet(zk1, B + "/pw/c", bytes("1"), -1));
        line("zk1 delete " + p(B + "/pw/c") + " -> " + tryDelete(zk1, B + "/pw/c", -1));
        create(zk1, "zk1", B + "/rw", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/rw/a", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/rw/a/b", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 setData " + p(B + "/rw/a/b") + " -> " + trySet(zk1, B + "/rw/a/b", bytes("1"), -1));
        line("zk1 delete " + p(B + "/rw/a/b") + " -> " + tryDelete(zk1, B + "/rw/a/b", -1));
        line("zk1 delete " + p(B + "/rw/a") + " -> " + tryDelete(zk1, B + "/rw/a", -1));
        line("zk1 removeAllWatches " + p(B + "/pw") + " Any -> " + tryRemoveAll(zk1, B + "/pw", Watcher.WatcherType.Any));
        line("zk1 setData " + p(B + "/pw") + " (after removal) -> " + trySet(zk1, B + "/pw", bytes("3"), -1));
        line("zk1 delete " + p(B + "/rw") + " -> " + tryDelete(zk1, B + "/rw", -1));

        section("removeWatches");
        Watcher rmData = named("zk1", "rmData");
        Watcher rmChild = named("zk1", "rmChild");
        line("zk1 getData " + p(B + "/p") + " watch rmData -> " + t(() -> str(zk1.getData(B + "/p", rmData, null))));
        line("zk1 getChildren " + p(B + "/p") + " watch rmChild -> " + t(() -> sorted(zk1.getChildren(B + "/p", rmChild))));
        line("zk1 removeWatches " + p(B + "/p") + " rmData Data -> " + tryRemove(zk1, B + "/p", rmData, Watcher.WatcherType.Data));
        line("zk1 removeWatches " + p(B + "/p") + " rmData Data again -> " + tryRemove(zk1, B + "/p", rmData, Watcher.WatcherType.Data));
        line("zk1 removeWatches " + p(B + "/p") + " rmChild Data -> " + tryRemove(zk1, B + "/p", rmChild, Watcher.WatcherType.Data));
        line("zk1 removeWatches " + p(B + "/p") + " rmChild Children -> " + tryRemove(zk1, B + "/p", rmChild, Watcher.WatcherType.Children));
        line("zk1 exists " + p(B + "/p") + " watch rmData -> " + t(() -> stat(zk1.exists(B + "/p", rmData))));
        line("zk1 getChildren " + p(B + "/p") + " watch rmChild -> " + t(() -> sorted(zk1.getChildren(B + "/p", rmChild))));
        line("zk1 removeAllWatches " + p(B + "/p") + " Any -> " + tryRemoveAll(zk1, B + "/p", Watcher.WatcherType.Any));
        line("zk1 removeAllWatches " + p(B + "/p") + " Any again -> " + tryRemoveAll(zk1, B + "/p", Watcher.WatcherType.Any));
        line("zk1 setData " + p(B + "/p") + " (no watchers left) -> " + trySet(zk1, B + "/p", bytes("p3"), -1));

        section("ACLs and digest auth");
        zk1.addAuthInfo("digest", bytes("alice:secret"));
        line("zk1 addAuthInfo digest alice:secret");
        line("zk1 whoAmI -> " + t(() -> whoAmI(zk1)));
        line("zk2 whoAmI -> " + t(() -> whoAmI(zk2)));
        create2(zk1, "zk1", B + "/acl", bytes("secret"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT, -1);
        line("zk1 getACL " + p(B + "/acl") + " -> " + t(() -> { Stat aclStat_ = new Stat(); return acl(zk1.getACL(B + "/acl", aclStat_)) + " " + stat(aclStat_); }));
        line("zk1 getData " + p(B + "/acl") + " -> " + tryGet(zk1, B + "/acl"));
        line("zk2 getData " + p(B + "/acl") + " -> " + tryGet(zk2, B + "/acl"));
        line("zk2 getACL " + p(B + "/acl") + " -> " + tryGetAcl(zk2, B + "/acl"));
        line("zk2 setData " + p(B + "/acl") + " -> " + trySet(zk2, B + "/acl", d, -1));
        line("zk2 exists " + p(B + "/acl") + " -> " + t(() -> stat(zk2.exists(B + "/acl", false))));
        line("zk2 getChildren " + p(B + "/acl") + " -> " + tryChildren(zk2, B + "/acl"));
        create(zk1, "zk1", B + "/acl/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk2, "zk2", B + "/acl/child2", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk2 delete " + p(B + "/acl/child") + " -> " + tryDelete(zk2, B + "/acl/child", -1));
        line("zk2 delete " + p(B + "/acl") + " (DELETE is checked on the parent) -> " + tryDelete(zk2, B + "/acl", -1));
        line("zk2 setACL " + p(B + "/acl") + " -> " + trySetAcl(zk2, B + "/acl", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
        List<ACL> mixed = new ArrayList<>();
        mixed.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        mixed.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", "alice:" + digest("alice:secret"))));
        line("zk1 setACL " + p(B + "/acl") + " v=7 -> " + trySetAcl(zk1, B + "/acl", mixed, 7));
        line("zk1 setACL " + p(B + "/acl") + " v=0 -> " + trySetAcl(zk1, B + "/acl", mixed, 0));
        line("zk1 setACL " + p(B + "/acl") + " invalid digest id -> " + trySetAcl(zk1, B + "/acl", Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("digest", "nocolon"))), -1));
        line("zk1 setACL " + p(B + "/acl") + " empty list -> " + trySetAcl(zk1, B + "/acl", new ArrayList<>(), -1));
        line("zk2 setACL " + p(B + "/acl") + " auth scheme without auth -> " + trySetAcl(zk2, B + "/acl", ZooDefs.Ids.CREATOR_ALL_ACL, -1));
        line("zk2 getData " + p(B + "/acl") + " (world READ now) -> " + tryGet(zk2, B + "/acl"));
        line("zk2 getACL " + p(B + "/acl") + " (READ, no ADMIN) -> " + tryGetAcl(zk2, B + "/acl"));
        line("zk2 setData " + p(B + "/acl") + " -> " + trySet(zk2, B + "/acl", d, -1));
        zk2.addAuthInfo("digest", bytes("alice:secret"));
        line("zk2 addAuthInfo digest alice:secret");
        line("zk2 setData " + p(B + "/acl") + " (authenticated) -> " + trySet(zk2, B + "/acl", bytes("s2"), -1));
        zk2.addAuthInfo("digest", bytes("bob:pw"));
        line("zk2 addAuthInfo digest bob:pw");
        line("zk2 whoAmI -> " + t(() -> whoAmI(zk2)));
        line("zk1 setACL " + p(B + "/acl") + " auth scheme -> " + trySetAcl(zk1, B + "/acl", ZooDefs.Ids.CREATOR_ALL_ACL, -1));
        line("zk1 getACL " + p(B + "/acl") + " -> " + t(() -> { Stat aclStat_ = new Stat(); return acl(zk1.getACL(B + "/acl", aclStat_)) + " " + stat(aclStat_); }));
        line("zk2 setACL " + p(B + "/acl") + " auth scheme (alice+bob) -> " + trySetAcl(zk2, B + "/acl", ZooDefs.Ids.CREATOR_ALL_ACL, -1));
        line("zk1 getACL " + p(B + "/acl") + " -> " + t(() -> { Stat aclStat_ = new Stat(); return acl(zk1.getACL(B + "/acl", aclStat_)) + " " + stat(aclStat_); }));
        line("zk1 delete " + p(B + "/acl/child") + " -> " + tryDelete(zk1, B + "/acl/child", -1));
        line("zk1 delete " + p(B + "/acl") + " -> " + tryDelete(zk1, B + "/acl", -1));
        create(zk1, "zk1", B + "/ro", d, ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(zk1, "zk1", B + "/ro/child", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        line("zk1 setData " + p(B + "/ro") + " -> " + trySet(zk1, B + "/ro", d, -1));

        section("sync");
        line("zk1 sync " + p(B + "/p") + " -> " + sync(zk1, B + "/p"));
        line("zk1 sync " + p(B + "/missing") + " -> " + sync(zk1, B + "/missing"));

        section("multi");
        line("zk1 multi ok -> " + multi(zk1, Arrays.asList(
                Op.create(B + "/m1", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(B + "/m-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.create(B + "/m1/e", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL),
                Op.setData(B + "/p", bytes("m"), -1),
                Op.check(B + "/p", 5),
                Op.delete(B + "/m1/e", -1))));
        line("zk1 exists " + p(B + "/m1") + " -> " + t(() -> stat(zk1.exists(B + "/m1", false))));
        line("zk1 multi fails on delete -> " + multi(zk1, Arrays.asList(
                Op.create(B + "/m2", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.delete(B + "/nonexistent", -1),
                Op.setData(B + "/p", bytes("n"), -1))));
        line("zk1 exists " + p(B + "/m2") + " -> " + t(() -> stat(zk1.exists(B + "/m2", false))));
        line("zk1 multi fails on check -> " + multi(zk1, Arrays.asList(
                Op.setData(B + "/p", bytes("n"), -1),
                Op.check(B + "/p", 99))));
        line("zk1 multi fails on create exists -> " + multi(zk1, Arrays.asList(
                Op.create(B + "/m3", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(B + "/m3", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        line("zk2 multi denied by ACL -> " + multi(zk2, Arrays.asList(
                Op.create(B + "/m4", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData(B + "/ro", d, -1))));
        line("zk1 multi empty -> " + multi(zk1, new ArrayList<>()));
        line("zk1 getData " + p(B + "/p") + " -> " + tryGet(zk1, B + "/p"));

        section("multiRead");
        line("zk1 multiRead -> " + multi(zk1, Arrays.asList(
                Op.getData(B + "/p"),
                Op.getChildren(B + "/m1"),
                Op.getData(B + "/missing"),
                Op.getChildren(B + "/ro"))));
        line("zk2 multiRead -> " + multi(zk2, Arrays.asList(
                Op.getData(B + "/ro"),
                Op.getChildren(B + "/nonexistent"))));

        section("ephemerals go with their session");
        ZooKeeper zk3 = open("zk3");
        create2(zk3, "zk3", B + "/eph3", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, -1);
        create(zk3, "zk3", B + "/eph3s-", d, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        line("zk3 getEphemerals / -> " + t(() -> sortedPaths(zk3.getEphemerals("/"))));
        line("zk1 getEphemerals / -> " + t(() -> sortedPaths(zk1.getEphemerals("/"))));
        line("zk1 exists " + p(B + "/eph3") + " watch -> " + t(() -> stat(zk1.exists(B + "/eph3", named("zk1", "eph")))));
        line("zk2 getChildren " + p(B) + " watch -> " + t(() -> sorted(zk2.getChildren(B, named("zk2", "kids")))));
        line("zk2 getData " + p(B + "/eph3") + " watch -> " + t(() -> str(zk2.getData(B + "/eph3", named("zk2", "eph"), null))));
        closeClient("zk3");
        awaitEvents(3);
        line("zk1 exists " + p(B + "/eph3") + " -> " + t(() -> stat(zk1.exists(B + "/eph3", false))));
        line("zk1 getChildren " + p(B) + " -> " + t(() -> sorted(zk1.getChildren(B, false))));
        line("zk1 exists " + p(B) + " -> " + t(() -> stat(zk1.exists(B, false))));

        section("bad auth scheme");
        ZooKeeper zk4 = open("zk4");
        zk4.addAuthInfo("nosuchscheme", bytes("x"));
        say("zk4 addAuthInfo nosuchscheme x");
        awaitEvents(1);
        line("zk4 exists " + p(B) + " -> " + tryExists(zk4, B));

        section("end");
        line("zk1 getAllChildrenNumber " + p(B) + " -> " + t(() -> zk1.getAllChildrenNumber(B)));
        line("zk1 getEphemerals / -> " + t(() -> sortedPaths(zk1.getEphemerals("/"))));
        closeClient("zk1");
        flush();
        line("zk2 exists " + p(B + "/e") + " -> " + t(() -> stat(zk2.exists(B + "/e", false))));
        line("zk2 getChildren " + p(B) + " -> " + t(() -> sorted(zk2.getChildren(B, false))));
    }

    // ------------------------------------------------------------------------------------------
    // Clients and events.

    private ZooKeeper open(String name) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 30_000, ev -> {
            if (ev.getType() == Watcher.Event.EventType.None
                    && ev.getState() == Watcher.Event.KeeperState.SyncConnected
                    && connected.getCount() > 0) {
                connected.countDown();
                return;
            }
            if (ev.getState() != Watcher.Event.KeeperState.Closed) { // made up by the client on close()
                events.add(name + "/default " + event(ev));
            }
        });
        if (!connected.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not connect within " + WAIT_MS + " ms");
        }
        clients.put(name, zk);
        sessionNames.put(zk.getSessionId(), name);
        line(name + " connected timeout=" + zk.getSessionTimeout() + " passwdLength=" + zk.getSessionPasswd().length
                + " sessionIdNonZero=" + (zk.getSessionId() != 0));
        return zk;
    }

    private void closeClient(String name) throws Exception {
        ZooKeeper zk = clients.remove(name);
        zk.close();
        say(name + " close");
    }

    private Watcher named(String client, String watcher) {
        return ev -> {
            if (ev.getState() != Watcher.Event.KeeperState.Closed) { // made up by the client on close()
                events.add(client + "/" + watcher + " " + event(ev));
            }
        };
    }

    private String event(WatchedEvent ev) {
        return ev.getType() + " " + ev.getState() + (ev.getPath() == null ? "" : " " + p(ev.getPath()));
    }

    // Every client's event thread is flushed by a round trip whose callback runs on that thread.
    private void flush() throws Exception {
        for (Map.Entry<String, ZooKeeper> e : new ArrayList<>(clients.entrySet())) {
            ZooKeeper zk = e.getValue();
            if (!zk.getState().isAlive() || !zk.getState().isConnected()) {
                continue;
            }
            CountDownLatch done = new CountDownLatch(1);
            zk.exists("/", false, (rc, path, ctx, stat) -> done.countDown(), null);
            if (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("flush round trip on " + e.getKey() + " timed out");
            }
        }
        events.drainTo(pendingEvents);
        // Events of one client keep their order; between clients there is none, so group by client.
        List<String> ordered = new ArrayList<>();
        for (String client : sortedClientNames()) {
            List<String> mine = new ArrayList<>();
            boolean allLocal = true;
            for (String ev : pendingEvents) {
                if (ev.startsWith(client + "/")) {
                    mine.add(ev);
                    allLocal &= ev.contains("WatchRemoved");
                }
            }
            // *WatchRemoved events are made up by the client, in the order of its own hash maps.
            if (allLocal) {
                Collections.sort(mine);
            }
            ordered.addAll(mine);
        }
        for (String ev : ordered) {
            System.out.println("  event " + ev);
        }
        pendingEvents.clear();
    }

    // Waits for events caused by another party (a session closing, an auth failure), then flushes.
    private void awaitEvents(int count) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        if (events.size() < count) {
            System.out.println("  (expected " + count + " events, got " + events.size() + ")");
        }
        flush();
    }

    private List<String> sortedClientNames() {
        List<String> names = new ArrayList<>();
        for (String ev : pendingEvents) {
            String client = ev.substring(0, ev.indexOf('/'));
            if (!names.contains(client)) {
                names.add(client);
            }
        }
        Collections.sort(names);
        return names;
    }

    private void say(String s) {
        System.out.println(s);
    }

    private void section(String name) throws Exception {
        System.out.println("# " + name);
    }

    private void line(String s) throws Exception {
        System.out.println(s);
        flush();
    }

    // ------------------------------------------------------------------------------------------
    // Operations that print their outcome.

    private interface Call {
        Object run() throws Exception;
    }

    /** Runs a read whose result is printed; a KeeperException is printed instead of aborting. */
    private String t(Call call) throws Exception {
        try {
            return String.valueOf(call.run());
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private void create(ZooKeeper zk, String who, String path, byte[] data, List<ACL> acl, CreateMode mode) throws Exception {
        String r;
        try {
            r = p(zk.create(path, data, acl, mode));
        } catch (KeeperException e) {
            r = err(e);
        }
        line(who + " create " + p(path) + " " + mode + " -> " + r);
    }

    private void create2(ZooKeeper zk, String who, String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) throws Exception {
        String r;
        Stat st = new Stat();
        try {
            r = p(zk.create(path, data, acl, mode, st, ttl)) + " " + stat(st);
        } catch (KeeperException e) {
            r = err(e);
        }
        line(who + " create2 " + p(path) + " " + mode + (ttl > 0 ? " ttl=" + ttl : "") + " -> " + r);
    }

    private String tryCreate(ZooKeeper zk, String path) throws Exception {
        try {
            return p(zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryGet(ZooKeeper zk, String path) throws Exception {
        try {
            Stat st = new Stat();
            return str(zk.getData(path, false, st)) + " " + stat(st);
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryExists(ZooKeeper zk, String path) throws Exception {
        try {
            return stat(zk.exists(path, false));
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryChildren(ZooKeeper zk, String path) throws Exception {
        try {
            return sorted(zk.getChildren(path, false)).toString();
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryAllChildren(ZooKeeper zk, String path) throws Exception {
        try {
            return Integer.toString(zk.getAllChildrenNumber(path));
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryGetAcl(ZooKeeper zk, String path) throws Exception {
        try {
            Stat st = new Stat();
            return acl(zk.getACL(path, st)) + " " + stat(st);
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String trySet(ZooKeeper zk, String path, byte[] data, int version) throws Exception {
        try {
            return stat(zk.setData(path, data, version));
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String trySetAcl(ZooKeeper zk, String path, List<ACL> acl, int version) throws Exception {
        try {
            return stat(zk.setACL(path, acl, version));
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryDelete(ZooKeeper zk, String path, int version) throws Exception {
        try {
            zk.delete(path, version);
            return "OK";
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryAddWatch(ZooKeeper zk, String path, Watcher w, AddWatchMode mode) throws Exception {
        try {
            zk.addWatch(path, w, mode);
            return "OK";
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryRemove(ZooKeeper zk, String path, Watcher w, Watcher.WatcherType type) throws Exception {
        try {
            zk.removeWatches(path, w, type, false);
            return "OK";
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String tryRemoveAll(ZooKeeper zk, String path, Watcher.WatcherType type) throws Exception {
        try {
            zk.removeAllWatches(path, type, false);
            return "OK";
        } catch (KeeperException e) {
            return err(e);
        }
    }

    private String sync(ZooKeeper zk, String path) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        String[] result = new String[1];
        zk.sync(path, (rc, pth, ctx) -> {
            result[0] = KeeperException.Code.get(rc) + " " + (pth == null ? "null" : p(pth));
            done.countDown();
        }, null);
        if (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            return "TIMEOUT";
        }
        return result[0];
    }

    private String multi(ZooKeeper zk, List<Op> ops) throws Exception {
        try {
            return "OK " + results(zk.multi(ops));
        } catch (KeeperException e) {
            return err(e) + " " + results(e.getResults());
        }
    }

    private String results(List<OpResult> results) {
        if (results == null) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        for (OpResult r : results) {
            if (r instanceof OpResult.CreateResult) {
                OpResult.CreateResult c = (OpResult.CreateResult) r;
                out.add("create(" + p(c.getPath()) + (c.getStat() == null ? "" : " " + stat(c.getStat())) + ")");
            } else if (r instanceof OpResult.DeleteResult) {
                out.add("delete");
            } else if (r instanceof OpResult.SetDataResult) {
                out.add("setData(" + stat(((OpResult.SetDataResult) r).getStat()) + ")");
            } else if (r instanceof OpResult.CheckResult) {
                out.add("check");
            } else if (r instanceof OpResult.GetDataResult) {
                OpResult.GetDataResult g = (OpResult.GetDataResult) r;
                out.add("getData(" + str(g.getData()) + " " + stat(g.getStat()) + ")");
            } else if (r instanceof OpResult.GetChildrenResult) {
                out.add("getChildren(" + sorted(((OpResult.GetChildrenResult) r).getChildren()) + ")");
            } else if (r instanceof OpResult.ErrorResult) {
                out.add("error(" + KeeperException.Code.get(((OpResult.ErrorResult) r).getErr()) + ")");
            } else {
                out.add(r.getClass().getSimpleName() + "(type " + r.getType() + ")");
            }
        }
        return out.toString();
    }

    private String whoAmI(ZooKeeper zk) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ClientInfo ci : zk.whoAmI()) {
            ids.add(ci.getAuthScheme() + ":" + ci.getUser());
        }
        Collections.sort(ids);
        return ids.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Formatting.

    private String err(KeeperException e) {
        String path = e.getPath();
        return "ERR " + e.code() + (path == null ? "" : " " + p(path));
    }

    private String p(String path) {
        if (path == null) {
            return "null";
        }
        if (path.equals(base)) {
            return "/B";
        }
        if (path.startsWith(base + "/")) {
            return "/B" + path.substring(base.length());
        }
        return path;
    }

    private List<String> sortedPaths(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String s : paths) {
            out.add(p(s));
        }
        Collections.sort(out);
        return out;
    }

    private static List<String> sorted(List<String> names) {
        List<String> out = new ArrayList<>(names);
        Collections.sort(out);
        return out;
    }

    private String zxid(long z) {
        if (z == 0) {
            return "0";
        }
        if (baseZxid == Long.MIN_VALUE) {
            return "abs";
        }
        long d = z - baseZxid;
        return d >= 0 ? "Z+" + d : "Z-" + (-d);
    }

    private static String time(long t) {
        if (t == 0) {
            return "0";
        }
        long now = System.currentTimeMillis();
        return Math.abs(now - t) < 600_000 ? "now" : "odd:" + t;
    }

    private String owner(long sid) {
        if (sid == 0) {
            return "0";
        }
        String name = sessionNames.get(sid);
        return name != null ? name : "other";
    }

    private String stat(Stat s) {
        if (s == null) {
            return "null";
        }
        return "{czxid=" + zxid(s.getCzxid()) + " mzxid=" + zxid(s.getMzxid()) + " pzxid=" + zxid(s.getPzxid())
                + " ctime=" + time(s.getCtime()) + " mtime=" + time(s.getMtime())
                + (s.getCtime() == s.getMtime() ? " (mtime=ctime)" : "")
                + " version=" + s.getVersion() + " cversion=" + s.getCversion() + " aversion=" + s.getAversion()
                + " ephemeralOwner=" + owner(s.getEphemeralOwner()) + " dataLength=" + s.getDataLength()
                + " numChildren=" + s.getNumChildren() + "}";
    }

    private static String acl(List<ACL> acls) {
        List<String> out = new ArrayList<>();
        for (ACL a : acls) {
            out.add(a.getId().getScheme() + ":" + a.getId().getId() + "=" + a.getPerms());
        }
        return out.toString();
    }

    private static String str(byte[] data) {
        return data == null ? "null" : "'" + new String(data, StandardCharsets.UTF_8) + "'";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(String idPassword) throws Exception {
        return org.apache.zookeeper.server.auth.DigestAuthenticationProvider.generateDigest(idPassword).split(":", 2)[1];
    }
}
