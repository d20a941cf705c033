import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.*;
import org.apache.zookeeper.data.*;

/** Drives an Apache ZooKeeper 3.8 server through every txn type it logs. Args: host:port */
public class ApacheLogWorkload {
    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static ZooKeeper connect(String hp, int timeout) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(hp, timeout, e -> { if (e.getState() == Watcher.Event.KeeperState.SyncConnected) up.countDown(); });
        if (!up.await(20, TimeUnit.SECONDS)) throw new RuntimeException("no connection");
        return zk;
    }

    public static void main(String[] args) throws Exception {
        String hp = args[0];
        List<ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        ZooKeeper zk = connect(hp, 30000);
        zk.create("/a", b("x"), open, CreateMode.PERSISTENT);                         // create
        zk.create("/a/b", null, open, CreateMode.PERSISTENT, new Stat());             // create2, null data
        zk.create("/a/e", b("eph"), open, CreateMode.EPHEMERAL);                      // ephemeral create
        zk.create("/a/s-", b("s"), open, CreateMode.PERSISTENT_SEQUENTIAL);
        zk.create("/a/s-", b(""), open, CreateMode.PERSISTENT_SEQUENTIAL);           // empty data
        zk.create("/c", b("container"), open, CreateMode.CONTAINER);                  // createContainer
        zk.create("/c/child", b("c"), open, CreateMode.PERSISTENT);
        zk.create("/ttl", b("t"), open, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1); // createTTL
        zk.setData("/a", b("y"), -1);                                                 // setData
        zk.setData("/a", b("zz"), 1);
        zk.setACL("/a/b", Arrays.asList(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE, ZooDefs.Ids.ANYONE_ID_UNSAFE)), -1); // setACL
        zk.setData("/", b("root"), -1);                                               // root data: "/" path alias
        try { zk.create("/a", b("dup"), open, CreateMode.PERSISTENT); } catch (KeeperException.NodeExistsException e) { } // error
        try { zk.delete("/a", -1); } catch (KeeperException.NotEmptyException e) { }  // error
        zk.multi(Arrays.asList(                                                       // multi
            Op.create("/m1", b("m1"), open, CreateMode.PERSISTENT),
            Op.create("/m2", b("m2"), open, CreateMode.CONTAINER),
            Op.create("/m3", b("m3"), open, CreateMode.PERSISTENT_WITH_TTL, 100000),
            Op.check("/a", 2),
            Op.setData("/m1", b("m1b"), -1),
            Op.delete("/a/s-0000000002", -1)));
        try {
            zk.multi(Arrays.asList(                                                   // failed multi
                Op.create("/n1", b("n1"), open, CreateMode.PERSISTENT),
                Op.create("/a", b("exists"), open, CreateMode.PERSISTENT),
                Op.setData("/m1", b("never"), -1)));
        } catch (KeeperException.NodeExistsException e) { }
        zk.delete("/c/child", -1);                                                    // container now empty: reaped (deleteContainer)
        zk.delete("/m2", -1);
        zk.create("/a/b/deep", b("d"), open, CreateMode.PERSISTENT);
        zk.delete("/a/b/deep", -1);
        zk.close();                                                                   // closeSession (with the ephemeral /a/e)

        ZooKeeper lost = connect(hp, 4000);                                           // expires: closeSession from the server
        lost.create("/lost", b("l"), open, CreateMode.EPHEMERAL);
        System.out.println("session " + Long.toHexString(lost.getSessionId()));
        Runtime.getRuntime().halt(0);
    }
}
