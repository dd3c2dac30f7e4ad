class Solution {
public:
    vector<string> fizzBuzz(int n) {
        vector<string> words;
        words.reserve(n);
        for (int i = 1; i <= n; i++) {
            string word;
            if (i % 3 == 0) word += "Fizz";
            if (i % 5 == 0) word += "Buzz";
            words.push_back(word.empty() ? to_string(i) : word);
        }
        return words;
    }
};
