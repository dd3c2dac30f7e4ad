// Sleeps past the wall-clock limit with almost no CPU time: time_limit_exceeded (wall time).
import java.util.Scanner;

public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        Scanner in = new Scanner(System.in);
        long a = in.nextLong(), b = in.nextLong();
        Thread.sleep(1800);
        System.out.println(a + b);
    }
}
