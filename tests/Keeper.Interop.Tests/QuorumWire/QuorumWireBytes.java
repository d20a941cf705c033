// Prints Apache ZooKeeper's own bytes for quorum records, one "name hex" line each, for QuorumWireBytesTests.
// It lives in FastLeaderElection's package because buildMsg is package-private.
// Argument 1: hex of an election handshake written by Keeper; it is parsed with Apache's InitialMessage.parse.
// Argument 2: hex of a QuorumPacket written by Keeper; it is read back with BinaryInputArchive.
package org.apache.zookeeper.server.quorum;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.data.Id;

public class QuorumWireBytes {
    public static void main(String[] args) throws Exception {
        print("packet.ack", record(new QuorumPacket(Leader.ACK, 0x100000002L, null, null)));
        print("packet.ping.empty", record(new QuorumPacket(Leader.PING, 5, new byte[0], new ArrayList<Id>())));
        List<Id> auth = Arrays.asList(new Id("world", "anyone"), new Id("digest", "u:p"));
        print("packet.request", record(new QuorumPacket(Leader.REQUEST, -1, new byte[] {(byte) 0xab, (byte) 0xcd}, auth)));
        print("learnerinfo", record(new LearnerInfo(3, 0x10000, 0x100000000L)));
        print("notification.v2", buildBytes(FastLeaderElection.buildMsg(1, 2, 0x300000007L, 5, 3, "a=b".getBytes(StandardCharsets.UTF_8))));
        print("notification.v2.noconfig", buildBytes(FastLeaderElection.buildMsg(0, 1, 0, 1, 0, new byte[0])));
        print("notification.v1", buildBytes(FastLeaderElection.buildMsg(2, 4, 0x900000001L, 2, 10)));

        DataInputStream din = new DataInputStream(new ByteArrayInputStream(unhex(args[0])));
        QuorumCnxManager.InitialMessage init = QuorumCnxManager.InitialMessage.parse(din.readLong(), din);
        System.out.println("handshake.parsed sid=" + init.sid + " addrs=" + init.electionAddr.size() + " first=" + init.electionAddr.get(0).getHostString() + ":" + init.electionAddr.get(0).getPort());

        QuorumPacket back = new QuorumPacket();
        BinaryInputArchive.getArchive(new ByteArrayInputStream(unhex(args[1]))).readRecord(back, "packet");
        print("packet.reread", record(back));
    }

    private static byte[] record(Record r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryOutputArchive.getArchive(out).writeRecord(r, "r");
        return out.toByteArray();
    }

    private static byte[] buildBytes(ByteBuffer b) {
        return Arrays.copyOf(b.array(), b.capacity());
    }

    private static void print(String name, byte[] bytes) {
        StringBuilder sb = new StringBuilder(name).append(' ');
        for (byte x : bytes) sb.append(String.format("%02x", x & 0xff));
        System.out.println(sb);
    }

    private static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
