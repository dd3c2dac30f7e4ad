class Solution {
    private Boolean[] memo;
    private Set<String> words;
    private String s;

    public boolean wordBreak(String s, List<String> wordDict) {
        this.s = s;
        this.words = new HashSet<>(wordDict);
        this.memo = new Boolean[s.length() + 1];
        return canCut(0);
    }

    // Can the suffix starting at `from` be cut into words? Each suffix is solved once.
    private boolean canCut(int from) {
        if (from == s.length()) return true;
        if (memo[from] != null) return memo[from];
        boolean result = false;
        for (int to = from + 1; to <= s.length() && to - from <= 20 && !result; to++) {
            if (words.contains(s.substring(from, to))) result = canCut(to);
        }
        memo[from] = result;
        return result;
    }
}
