import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

public class Inversions {
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

        int nextInt() throws IOException {
            int c = read();
            while (c < '0' || c > '9') c = read();
            int value = 0;
            while (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                c = read();
            }
            return value;
        }
    }

    public static void main(String[] args) throws IOException {
        Reader reader = new Reader();
        int n = reader.nextInt();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = reader.nextInt();
        // Ranks 1..m of the distinct values, then a Fenwick tree of how many of each were seen.
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < n; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[m++] = sorted[i];
        long[] tree = new long[m + 1];
        long inversions = 0;
        for (int seen = 0; seen < n; seen++) {
            int rank = Arrays.binarySearch(sorted, 0, m, a[seen]) + 1;
            long atMost = 0;  // earlier entries <= a[seen]
            for (int i = rank; i > 0; i -= i & -i) atMost += tree[i];
            inversions += seen - atMost;
            for (int i = rank; i <= m; i += i & -i) tree[i]++;
        }
        System.out.println(inversions);
    }
}
