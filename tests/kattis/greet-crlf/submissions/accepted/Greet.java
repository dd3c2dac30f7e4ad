import java.io.BufferedReader;
import java.io.InputStreamReader;

public class Greet {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("Hello, " + in.readLine() + "!");
    }
}
