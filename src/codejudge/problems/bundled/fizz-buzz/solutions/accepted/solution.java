class Solution {
    public List<String> fizzBuzz(int n) {
        List<String> words = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String word = (i % 3 == 0 ? "Fizz" : "") + (i % 5 == 0 ? "Buzz" : "");
            words.add(word.isEmpty() ? Integer.toString(i) : word);
        }
        return words;
    }
}
