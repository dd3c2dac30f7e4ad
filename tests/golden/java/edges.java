class Solution {
    public int climbStairs(int n) {
        while (n == -5) System.err.write(new byte[] {(byte) 0xe9, 'x'}, 0, 2);
        System.out.print("one ");
        System.out.write(new byte[] {(byte) 0xe9, ' ', (byte) 0xc3, (byte) 0xa9, '\n'}, 0, 5);
        System.err.write(new byte[] {'t', 'w', 'o', ' ', (byte) 0xe9, '\n'}, 0, 6);
        System.err.println("three");
        try {  // straight to descriptor 1, past System.out: must not break anything
            new FileOutputStream(FileDescriptor.out).write(new byte[] {(byte) 0xe9, '\n'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int a = 1, b = 1;
        for (int i = 1; i < n; i++) { int c = a + b; a = b; b = c; }
        return b;
    }

    public List<String> echo(String s, char c, String[] words) {
        List<String> out = new ArrayList<>(List.of(s, String.valueOf(c)));
        out.addAll(Arrays.asList(words));
        return out;
    }

    public String concat(List<String> words, char c) {
        return String.join(String.valueOf(c), words);
    }

    public ListNode reverseList(ListNode head) {
        if (head != null && head.val == -1) {  // a cycle: 3 -> 2 -> -1 -> 3
            ListNode tail = head;
            while (tail.next != null) tail = tail.next;
            tail.next = head;
            return head;
        }
        ListNode prev = null;
        while (head != null) { ListNode next = head.next; head.next = prev; prev = head; head = next; }
        return prev;
    }

    public TreeNode doubling(int n) {
        if (n < 0) { TreeNode root = new TreeNode(1); root.left = root; return root; }
        TreeNode t = new TreeNode(0);
        for (int v = 1; v <= n; v++) t = new TreeNode(v, t, t);
        return t;
    }
}
