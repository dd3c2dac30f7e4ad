// A non-public Main holding a public (inner) class: the file is not named after Pair, and
// Main, the class with main, is the one that runs.
import java.util.Scanner;

class Main {
    public class Pair {
        final long a, b;

        Pair(long a, long b) { this.a = a; this.b = b; }
        long sum() { return a + b; }
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        Pair p = new Main().new Pair(in.nextLong(), in.nextLong());
        System.out.println(p.sum());
    }
}
