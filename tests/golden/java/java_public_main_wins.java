/* Two classes with main: the public one runs (a helper may keep a main for its own tests).
   public class Decoy { in a comment does not count } */
import java.util.Scanner;

class Helper {
    public static void main(String[] args) { System.out.println("wrong class"); }
}

public class Solve {
    static String note = "public class Fake {";

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        System.out.println(in.nextLong() + in.nextLong());
    }
}
