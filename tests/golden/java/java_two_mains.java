// Two non-public classes with main: which one to run is ambiguous, a compile error.
class First {
    public static void main(String[] args) { System.out.println(3); }
}

class Second {
    public static void main(String[] args) { System.out.println(3); }
}
