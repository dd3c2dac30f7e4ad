import java.io.DataInputStream;
import java.io.IOException;

public class Main {
    // A small fast reader: parses signed integers straight from a buffered byte stream.
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
        int n = (int) reader.nextLong(), q = (int) reader.nextLong();
        long[] prefix = new long[n + 1];
        for (int i = 1; i <= n; i++) prefix[i] = prefix[i - 1] + reader.nextLong();
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < q; k++) {
            int l = (int) reader.nextLong(), r = (int) reader.nextLong();
            out.append(prefix[r] - prefix[l - 1]).append('\n');
        }
        System.out.print(out);
    }
}
