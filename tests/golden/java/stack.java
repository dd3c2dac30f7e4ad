import java.util.Scanner;

public class Deep {
    // Recursion n deep; n < 0: without end.
    static long depth(long n, long a, long b) {
        if (n == 0) return 0;
        return depth(n - 1, a + 1, b ^ n) + 1;
    }

    public static void main(String[] args) {
        long n = new Scanner(System.in).nextLong();
        System.out.println(depth(n < 0 ? Long.MAX_VALUE : n, 0, 0));
    }
}
