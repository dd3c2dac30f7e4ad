// ---- codejudge launcher (Java, stdio programs): loaded before the submission ----
// The JVM has booted when this runs: it tells the host so on the channel descriptor (args[0])
// with the CPU time the process has used so far, closes that descriptor, and only then calls
// the submission's main (found at compile time, see java_entry.py) with the rest of the
// arguments. The host starts the test's clock at that message, so the JVM's start-up is not
// the program's time; nothing of the submission (not even a static initialiser) runs before.
public final class CodejudgeLaunch {
    public static void main(String[] args) throws Throwable {
        String entry;
        try (java.io.InputStream in = CodejudgeLaunch.class.getResourceAsStream("/codejudge-entry")) {
            entry = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
        // Loaded, not initialised: no code of the submission runs before the message.
        Class<?> program = Class.forName(entry, false, CodejudgeLaunch.class.getClassLoader());
        java.lang.reflect.Method main = program.getMethod("main", String[].class);
        main.setAccessible(true);  // a class that is not public (`class Main`)
        // The channel is an inherited pipe: /proc/self/fd/N cannot be reopened by the box's uid.
        java.io.FileDescriptor fd = new java.io.FileDescriptor();
        java.lang.reflect.Field number = java.io.FileDescriptor.class.getDeclaredField("fd");
        number.setAccessible(true);
        number.setInt(fd, Integer.parseInt(args[0]));
        warmUp();
        String ready = "{\"event\":\"ready\",\"cpu_ms\":" + cpuMs() + "}\n";
        try (java.io.FileOutputStream channel = new java.io.FileOutputStream(fd)) {
            channel.write(ready.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        try {
            main.invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            // The submission's own exception, with the stack trace the JVM would print had it
            // called main itself: the reflection and launcher frames below main left out.
            Throwable cause = e.getCause();
            StackTraceElement[] trace = cause.getStackTrace();
            int n = trace.length;
            while (n > 0 && isLauncherFrame(trace[n - 1].getClassName())) n--;
            cause.setStackTrace(java.util.Arrays.copyOf(trace, n));
            throw cause;
        }
    }

    private static boolean isLauncherFrame(String name) {
        return name.equals("CodejudgeLaunch") || name.startsWith("jdk.internal.reflect.")
            || name.startsWith("java.lang.reflect.");
    }

    // The standard library's input and output classes that nearly every program uses, loaded
    // (and their regular expressions compiled) before the clock starts, as a C program's libc
    // is: the JVM loads its own library lazily, and that is its start-up, not the program.
    private static void warmUp() throws java.io.IOException {
        java.util.Scanner scanner = new java.util.Scanner("1 2.5 x\n");
        scanner.nextInt();
        scanner.nextDouble();
        scanner.next();
        scanner.hasNextLine();
        new java.io.BufferedReader(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(new byte[1]))).readLine();
        new java.util.StringTokenizer("1 2").nextToken();
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(java.io.OutputStream.nullOutputStream())));
        out.println(Long.parseLong("1") + Integer.parseInt("2"));
        out.printf("%d %.2f %s%n", 1, 2.5, "x");
        out.flush();
        String.format("%d", 1);
    }

    // The CPU time of every thread so far (ns on CPU, /proc/self/task/*/schedstat), in ms;
    // -1 if unknown (the host's own reading is used then).
    private static double cpuMs() {
        long ns = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks =
                java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks) {
                String stat = java.nio.file.Files.readString(task.resolve("schedstat"));
                ns += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
            }
        } catch (Exception e) {
            return -1;
        }
        return ns / 1e6;
    }
}
