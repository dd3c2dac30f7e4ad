import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;

public class Main {
    static final class Reader {
        private final DataInputStream in = new DataInputStream(System.in);
        private final byte[] buffer = new byte[1 << 16];
        private int length = 0, pos = 0;

        private int read() throws IOException {
            if (pos == length) {
                length = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (length <= 0) return -1;
            }
            return buffer[pos++];
        }

        long nextLong() throws IOException {
            int c = read();
            while (c != '-' && (c < '0' || c > '9')) c = read();
            boolean negative = c == '-';
            if (negative) c = read();
            long value = 0;
            while (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                c = read();
            }
            return negative ? -value : value;
        }
    }

    public static void main(String[] args) throws IOException {
        Reader reader = new Reader();
        int n = (int) reader.nextLong(), m = (int) reader.nextLong();
        // Adjacency in compressed arrays: head[u] is u's latest road, next[] links the rest.
        int[] head = new int[n + 1], next = new int[m], to = new int[m];
        long[] weight = new long[m];
        Arrays.fill(head, -1);
        for (int i = 0; i < m; i++) {
            int u = (int) reader.nextLong();
            to[i] = (int) reader.nextLong();
            weight[i] = reader.nextLong();
            next[i] = head[u];
            head[u] = i;
        }
        long[] dist = new long[n + 1];
        Arrays.fill(dist, -1);
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        heap.add(new long[] {0, 1});
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int u = (int) top[1];
            if (dist[u] != -1) continue;
            dist[u] = top[0];
            for (int e = head[u]; e != -1; e = next[e]) {
                if (dist[to[e]] == -1) heap.add(new long[] {top[0] + weight[e], to[e]});
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i > 1) out.append(' ');
            out.append(dist[i]);
        }
        System.out.println(out);
    }
}
