import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.StatPersisted;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.util.SerializeUtils;

/**
 * Apache ZooKeeper's side of SnapStreamInteropTests, with the SNAP sync serializers of the installed 3.8 jar
 * (the calls LearnerHandler and Learner make: SerializeUtils.serializeSnapshot / deserializeSnapshot and the
 * "signature" string, through BinaryOutputArchive / BinaryInputArchive).
 *
 *   write FILE  builds a DataTree, writes its SNAP stream to FILE and prints the tree
 *   read FILE   loads a SNAP stream from FILE as a learner does and prints the tree
 *
 * The printout (see print) is the same text the C# test makes of our tree, so one comparison covers nodes,
 * data, ACL lists, stats, ephemerals, containers, TTL nodes, sessions and the tree digest.
 */
public class SnapStreamApache {
    public static void main(String[] args) throws Exception {
        // TTL nodes exist only with extended types on (EphemeralType.get reads this on every call); without
        // it Apache would index a TTL node as an ephemeral of a made-up session, which our tree never does.
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        if (args.length == 2 && args[0].equals("write")) {
            write(args[1]);
        } else if (args.length == 2 && args[0].equals("read")) {
            read(args[1]);
        } else {
            System.err.println("usage: SnapStreamApache write|read FILE");
            System.exit(64);
        }
    }

    private static void write(String file) throws Exception {
        DataTree dt = new DataTree();
        long s1 = 0x1000000aa0001L;
        long s2 = 0x1000000aa0002L;
        List<ACL> bob = Collections.singletonList(
            new ACL(ZooDefs.Perms.ALL, new Id("digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0=")));
        List<ACL> mixed = Arrays.asList(
            new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new Id("ip", "10.0.0.1")),
            new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")));
        long zxid = 0x100000000L;
        long time = 1700000000000L;
        dt.createNode("/app", "hello".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/app/nulldata", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/app/empty", new byte[0], mixed, 0, -1, ++zxid, time++);
        dt.createNode("/app/utf8", "h\u00e9llo \u2713".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/app/secret", "top".getBytes(StandardCharsets.UTF_8), bob, 0, -1, ++zxid, time++);
        dt.createNode("/app/secret2", "top".getBytes(StandardCharsets.UTF_8), bob, 0, -1, ++zxid, time++);
        dt.createNode("/app/ro", "r".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.READ_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/app/eph", "alive".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, s1, -1, ++zxid, time++);
        dt.createNode("/app/eph2", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, s2, -1, ++zxid, time++);
        dt.createNode("/app/box", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, EphemeralType.CONTAINER_EPHEMERAL_OWNER, -1, ++zxid, time++);
        dt.createNode("/app/box/child", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/app/ttl", "t".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
            EphemeralType.TTL.toEphemeralOwner(100000), -1, ++zxid, time++);
        byte[] big = new byte[200000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        dt.createNode("/app/big", big, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/a/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/a/b/c", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.createNode("/a/b/c/d", "deep".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, time++);
        dt.setData("/app", "hello2".getBytes(StandardCharsets.UTF_8), 1, ++zxid, time++);
        dt.setACL("/app/nulldata", bob, 1);
        dt.createNode("/app/gone", null, mixed, 0, -1, ++zxid, time++);
        dt.deleteNode("/app/gone", ++zxid);

        Map<Long, Integer> sessions = new HashMap<>();
        sessions.put(s1, 30000);
        sessions.put(s2, 12000);
        sessions.put(0x1000000aa0003L, 4000);

        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file))) {
            BinaryOutputArchive oa = BinaryOutputArchive.getArchive(out);
            SerializeUtils.serializeSnapshot(dt, oa, sessions);
            oa.writeString("BenWasHere", "signature");
        }
        print(dt, sessions);
    }

    private static void read(String file) throws Exception {
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        try (InputStream in = new BufferedInputStream(new FileInputStream(file))) {
            BinaryInputArchive ia = BinaryInputArchive.getArchive(in);
            SerializeUtils.deserializeSnapshot(dt, ia, sessions);
            String signature = ia.readString("signature");
            if (!"BenWasHere".equals(signature)) {
                System.err.println("Missing signature. Got " + signature);
                System.exit(2);
            }
            int trailing = 0;
            while (in.read() != -1) {
                trailing++;
            }
            System.out.println("trailing " + trailing);
        }
        print(dt, sessions);
    }

    private static void print(DataTree dt, Map<Long, Integer> sessions) {
        TreeMap<String, DataNode> nodes = new TreeMap<>();
        collect(dt, "/", nodes);
        for (Map.Entry<String, DataNode> e : nodes.entrySet()) {
            DataNode node = e.getValue();
            StatPersisted s = node.stat;
            byte[] data = node.getData();
            List<String> acl = new ArrayList<>();
            for (ACL a : dt.getACL(node)) {
                acl.add(a.getPerms() + ":" + a.getId().getScheme() + ":" + a.getId().getId());
            }
            System.out.println("node " + e.getKey()
                + " data=" + (data == null ? "null" : hex(data))
                + " acl=" + String.join(",", acl)
                + " stat=" + Long.toHexString(s.getCzxid()) + "," + Long.toHexString(s.getMzxid()) + "," + Long.toHexString(s.getPzxid())
                + "," + s.getCtime() + "," + s.getMtime() + "," + s.getVersion() + "," + s.getCversion() + "," + s.getAversion()
                + "," + Long.toHexString(s.getEphemeralOwner()));
        }
        for (Map.Entry<Long, Set<String>> e : new TreeMap<>(dt.getEphemerals()).entrySet()) {
            if (!e.getValue().isEmpty()) {
                System.out.println("ephemerals " + Long.toHexString(e.getKey()) + " " + String.join(",", new TreeSet<>(e.getValue())));
            }
        }
        System.out.println("containers " + String.join(",", new TreeSet<>(dt.getContainers())));
        System.out.println("ttls " + String.join(",", new TreeSet<>(dt.getTtls())));
        for (Map.Entry<Long, Integer> e : new TreeMap<>(sessions).entrySet()) {
            System.out.println("session " + Long.toHexString(e.getKey()) + " " + e.getValue());
        }
        System.out.println("digest " + Long.toHexString(dt.getTreeDigest()));
    }

    private static void collect(DataTree dt, String path, Map<String, DataNode> into) {
        DataNode node = dt.getNode(path);
        into.put(path, node);
        String[] children;
        synchronized (node) {
            children = node.getChildren().toArray(new String[0]);
        }
        for (String child : children) {
            collect(dt, path.equals("/") ? "/" + child : path + "/" + child, into);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }
}
