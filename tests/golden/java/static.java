import java.util.Arrays;

public class Static {
    // 192 MiB of static data, set up when the class loads (Java has no initialised data).
    static final byte[] T = new byte[192 << 20];

    static {
        Arrays.fill(T, (byte) 1);
    }

    public static void main(String[] args) {
        long sum = 0;
        for (int i = 0; i < T.length; i += 4096) sum += T[i];
        System.out.println(sum);
    }
}
