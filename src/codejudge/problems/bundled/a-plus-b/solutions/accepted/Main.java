import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        long a = in.nextLong(), b = in.nextLong();  // |a + b| <= 2 * 10^18 < 2^63
        System.out.println(a + b);
    }
}
