
// ---- codejudge driver (Java): tests as JSON lines on stdin, results on the channel fd ----
class ListNode {
    int val; ListNode next;
    ListNode() {}
    ListNode(int val) { this.val = val; }
    ListNode(int val, ListNode next) { this.val = val; this.next = next; }
}
class TreeNode {
    int val; TreeNode left; TreeNode right;
    TreeNode() {}
    TreeNode(int val) { this.val = val; }
    TreeNode(int val, TreeNode left, TreeNode right) { this.val = val; this.left = left; this.right = right; }
}
final class CodejudgeMain {
    static final class OutputLimit extends Error { OutputLimit() { super(null, null, false, false); } }
    // The returned structure has a cycle (a runtime error) / is over the answer limit (output limit).
    static final class Cycle extends RuntimeException { Cycle(String m) { super(m); } }
    static final class TooLarge extends Error { TooLarge(String m) { super(m); } }
    static final int VALUE_LIMIT = 64 << 20;  // harness.VALUE_LIMIT_BYTES
    static final int NODE_LIMIT = 1 << 22;  // harness.NODE_LIMIT: list nodes, tree level-order entries
    static final class Capture extends java.io.ByteArrayOutputStream {
        final long limit; Capture(long limit) { this.limit = limit; }
        @Override public synchronized void write(int b) { check(1); super.write(b); }
        @Override public synchronized void write(byte[] b, int off, int len) { check(len); super.write(b, off, len); }
        void check(int more) { if (count + (long) more > limit) throw new OutputLimit(); }
    }
    // -- JSON in: Long, Double, String, Boolean, List<Object>, null --
    static final class Parser {
        final String s; int i;
        Parser(String s) { this.s = s; }
        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        Object value() {
            ws(); char c = s.charAt(i);
            if (c == '[') { i++; java.util.List<Object> out = new java.util.ArrayList<>(); ws();
                if (s.charAt(i) == ']') { i++; return out; }
                while (true) { out.add(value()); ws(); char d = s.charAt(i++); if (d == ']') return out; if (d != ',') throw new IllegalArgumentException("bad input"); } }
            if (c == '"') { i++; StringBuilder b = new StringBuilder();
                while (true) { char d = s.charAt(i++); if (d == '"') return b.toString();
                    if (d != '\\') { b.append(d); continue; }
                    char e = s.charAt(i++);
                    switch (e) { case 'n': b.append('\n'); break; case 't': b.append('\t'); break; case 'r': b.append('\r'); break;
                        case 'b': b.append('\b'); break; case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e); } } }
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i; boolean frac = false;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) { if (".eE".indexOf(s.charAt(i)) >= 0) frac = true; i++; }
            String t = s.substring(start, i);
            return frac ? (Object) Double.valueOf(t) : (Object) Long.valueOf(t);
        }
    }
    static Class<?> cls(String t) {
        if (t.endsWith("[]")) return java.lang.reflect.Array.newInstance(cls(t.substring(0, t.length() - 2)), 0).getClass();
        if (t.startsWith("list<")) return java.util.List.class;
        switch (t) { case "integer": return int.class; case "long": return long.class; case "double": return double.class;
            case "boolean": return boolean.class; case "character": return char.class; case "string": return String.class;
            case "ListNode": return ListNode.class; default: return TreeNode.class; }
    }
    @SuppressWarnings("unchecked")
    static Object conv(Object v, String t) {
        if (t.endsWith("[]")) { String in = t.substring(0, t.length() - 2); java.util.List<Object> l = (java.util.List<Object>) v;
            Object arr = java.lang.reflect.Array.newInstance(cls(in), l.size());
            for (int k = 0; k < l.size(); k++) java.lang.reflect.Array.set(arr, k, conv(l.get(k), in));
            return arr; }
        if (t.startsWith("list<")) { String in = t.substring(5, t.length() - 1); java.util.List<Object> out = new java.util.ArrayList<>();
            for (Object x : (java.util.List<Object>) v) out.add(conv(x, in));
            return out; }
        switch (t) {
            case "integer": return ((Number) v).intValue();
            case "long": return ((Number) v).longValue();
            case "double": return ((Number) v).doubleValue();
            case "character": return ((String) v).charAt(0);
            case "ListNode": { ListNode head = null; java.util.List<Object> l = (java.util.List<Object>) v;
                for (int k = l.size() - 1; k >= 0; k--) head = new ListNode(((Number) l.get(k)).intValue(), head);
                return head; }
            case "TreeNode": { java.util.List<Object> l = (java.util.List<Object>) v;
                if (l.isEmpty() || l.get(0) == null) return null;
                TreeNode root = new TreeNode(((Number) l.get(0)).intValue());
                java.util.ArrayList<TreeNode> q = new java.util.ArrayList<>(); q.add(root); int k = 1;
                for (int h = 0; h < q.size() && k < l.size(); h++) {
                    if (k < l.size() && l.get(k) != null) { q.get(h).left = new TreeNode(((Number) l.get(k)).intValue()); q.add(q.get(h).left); } k++;
                    if (k < l.size() && l.get(k) != null) { q.get(h).right = new TreeNode(((Number) l.get(k)).intValue()); q.add(q.get(h).right); } k++;
                }
                return root; }
            default: return v;
        }
    }
    // -- JSON out, by the value's runtime type --
    // ASCII JSON: every char from 0x7f up as \\uXXXX (a surrogate pair as two).
    static void str(StringBuilder o, String s) {
        o.append('"');
        for (int k = 0; k < s.length(); k++) { char c = s.charAt(k);
            if (c == '"') o.append("\\\""); else if (c == '\\') o.append("\\\\");
            else if (c < 0x20 || c >= 0x7f) { o.append("\\u"); for (int sh = 12; sh >= 0; sh -= 4) o.append(Character.forDigit((c >> sh) & 15, 16)); }
            else o.append(c); }
        o.append('"');
    }
    static void list(StringBuilder o, ListNode n) {  // Floyd: slow moves every other step
        ListNode slow = n; o.append('[');
        for (int k = 0; n != null; k++) {
            if (k > 0) o.append(','); o.append(n.val); n = n.next;
            if (k % 2 == 1) slow = slow.next;
            if (n != null && n == slow) throw new Cycle("the returned linked list has a cycle");
            if (k >= NODE_LIMIT) throw new TooLarge("the returned list has over 4194304 nodes, the answer limit");
        }
        o.append(']');
    }
    static boolean treeCycle(TreeNode root) {  // some node below itself? (iterative, any depth)
        java.util.IdentityHashMap<TreeNode, Boolean> onPath = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        if (root != null) stack.push(new Object[] {root, false});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop(); TreeNode t = (TreeNode) top[0];
            if ((Boolean) top[1]) { onPath.put(t, false); continue; }
            Boolean state = onPath.get(t);
            if (state != null) { if (state) return true; continue; }
            onPath.put(t, true); stack.push(new Object[] {t, true});
            if (t.left != null) stack.push(new Object[] {t.left, false});
            if (t.right != null) stack.push(new Object[] {t.right, false});
        }
        return false;
    }
    // A shared node (a DAG) is allowed; a cycle is found exactly each time the queue doubles
    // past 2^18 entries (LeetCode-sized trees never pay for the walk).
    static void tree(StringBuilder o, TreeNode root) {
        java.util.ArrayList<TreeNode> q = new java.util.ArrayList<>(); q.add(root);
        StringBuilder items = new StringBuilder(); int end = 0; long check = 1 << 18;
        for (int h = 0; h < q.size(); h++) { TreeNode n = q.get(h);
            if (q.size() > check) { check *= 2;
                if (treeCycle(root)) throw new Cycle("the returned tree has a cycle");
                if (q.size() > NODE_LIMIT) throw new TooLarge("the returned tree has over 4194304 level-order entries, the answer limit"); }
            if (h > 0) items.append(',');
            if (n == null) { items.append("null"); continue; }
            items.append(n.val); end = items.length(); q.add(n.left); q.add(n.right); }
        o.append('[').append(items, 0, end).append(']');
    }
    static void checkSize(StringBuilder o) {
        if (o.length() > VALUE_LIMIT) throw new TooLarge("the answer's JSON is over the 64 MiB answer limit");
    }
    static void put(StringBuilder o, Object v) {
        if (v == null) { o.append("null"); return; }
        if (v instanceof String) { str(o, (String) v); return; }
        if (v instanceof Character) { str(o, v.toString()); return; }
        if (v instanceof Double || v instanceof Float) { double d = ((Number) v).doubleValue();
            o.append(Double.isFinite(d) ? Double.toString(d) : "null"); return; }
        if (v instanceof Number || v instanceof Boolean) { o.append(v); return; }
        if (v instanceof ListNode) { list(o, (ListNode) v); return; }
        if (v instanceof TreeNode) { tree(o, (TreeNode) v); return; }
        // Written as it goes and stopped at the answer limit: an answer's JSON never takes more
        // memory than the limit.
        if (v instanceof Iterable) { o.append('['); boolean first = true;
            for (Object x : (Iterable<?>) v) { if (!first) o.append(','); first = false; put(o, x); checkSize(o); }
            o.append(']'); return; }
        if (v.getClass().isArray()) { o.append('[');
            for (int k = 0, n = java.lang.reflect.Array.getLength(v); k < n; k++) { if (k > 0) o.append(','); put(o, java.lang.reflect.Array.get(v, k)); checkSize(o); }
            o.append(']'); return; }
        str(o, v.toString());
    }
    static String trace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter(); e.printStackTrace(new java.io.PrintWriter(w));
        StringBuilder b = new StringBuilder();
        for (String line : w.toString().split("\n")) {
            if (line.contains("CodejudgeMain") || line.contains("java.base/jdk.internal.reflect")) continue;
            b.append(line).append('\n'); }
        return b.toString();
    }
    public static void main(String[] argv) throws Exception {
        // The channel is an inherited pipe: /proc/self/fd/N cannot be reopened by the box's uid.
        java.io.FileDescriptor fd = new java.io.FileDescriptor();
        java.lang.reflect.Field number = java.io.FileDescriptor.class.getDeclaredField("fd");
        number.setAccessible(true);
        number.setInt(fd, Integer.parseInt(argv[0]));
        java.io.OutputStream channel = new java.io.FileOutputStream(fd);
        long limit = Long.parseLong(argv[1]);
        java.io.BufferedReader tests = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        java.io.PrintStream realOut = System.out, realErr = System.err;
        channel.write("{\"event\":\"loading\"}\n{\"event\":\"ready\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        channel.flush();
        String line;
        while ((line = tests.readLine()) != null) {
            @SuppressWarnings("unchecked")
            java.util.List<Object> args = (java.util.List<Object>) new Parser(line).value();
            // System.out and System.err, text or binary (write(byte[])), share one capture.
            Capture capture = new Capture(limit);
            java.io.PrintStream printed = new java.io.PrintStream(capture, true, java.nio.charset.StandardCharsets.UTF_8);
            System.setOut(printed); System.setErr(printed);
            StringBuilder o = new StringBuilder("{\"event\":\"result\"");
            long start = System.nanoTime();
            String status = "ok"; String value = null; Throwable failure = null;
            String why = null;
            try { StringBuilder v = new StringBuilder(); put(v, call(args)); checkSize(v);
                value = v.toString(); }
            catch (OutputLimit e) { status = "output_limit"; }
            catch (TooLarge e) { status = "too_large"; why = e.getMessage(); }
            catch (Throwable e) { status = "exception"; failure = e; }
            double ms = (System.nanoTime() - start) / 1e6;
            try { printed.flush(); } catch (OutputLimit e) { status = "output_limit"; value = null; }
            System.setOut(realOut); System.setErr(realErr);
            o.append(",\"status\":\"").append(status).append("\",\"ms\":").append(ms).append(",\"stdout_b64\":\"");
            if (!status.equals("output_limit")) o.append(java.util.Base64.getEncoder().encodeToString(capture.toByteArray()));
            o.append('"');
            if (value != null) o.append(",\"value\":").append(value);
            if (why != null) { o.append(",\"message\":"); str(o, why); }
            if (failure != null) { o.append(",\"type\":"); str(o, failure instanceof Cycle ? "cycle" : failure.getClass().getSimpleName()); o.append(",\"message\":"); str(o, failure instanceof Cycle ? failure.getMessage() : trace(failure)); }
            o.append("}\n");
            channel.write(o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            channel.flush();
        }
    }
    /*CALL*/
}
