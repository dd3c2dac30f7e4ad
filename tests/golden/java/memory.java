import java.util.Arrays;
import java.util.Scanner;

public class Memory {
    // Allocates and touches the MiB it reads: one array, as a C program would.
    public static void main(String[] args) {
        int mib = new Scanner(System.in).nextInt();
        int[] v = new int[mib << 18];
        Arrays.fill(v, 1);
        long sum = 0;
        for (int i = 0; i < v.length; i += 1024) sum += v[i];
        System.out.println(sum == (long) mib << 8 ? mib : -1);
    }
}
