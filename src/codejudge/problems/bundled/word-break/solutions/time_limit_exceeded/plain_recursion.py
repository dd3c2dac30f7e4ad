class Solution:
    def wordBreak(self, s: str, wordDict: List[str]) -> bool:
        # Correct but exponential: tries every first word and recurses on the rest, solving the
        # same suffixes over and over ("aaa...ab" with words "a", "aa", ... never succeeds).
        words = set(wordDict)

        def can_cut(start: int) -> bool:
            if start == len(s):
                return True
            for end in range(start + 1, len(s) + 1):
                if s[start:end] in words and can_cut(end):
                    return True
            return False

        return can_cut(0)
