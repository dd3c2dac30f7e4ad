import java.util.Scanner;

public class Adder {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        long a = in.nextLong(), b = in.nextLong();
        if (a == -1) throw new IllegalStateException("a is -1");
        while (a == -2) { }
        System.out.println(a + b);
    }
}
