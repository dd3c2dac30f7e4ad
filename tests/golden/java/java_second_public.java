// The class with main is not the public one: the file is named Pair.java, Main runs.
import java.util.Scanner;

class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        System.out.println(new Pair(in.nextLong(), in.nextLong()).sum());
    }
}

public class Pair {
    private final long a, b;

    public Pair(long a, long b) { this.a = a; this.b = b; }
    public long sum() { return a + b; }
}
