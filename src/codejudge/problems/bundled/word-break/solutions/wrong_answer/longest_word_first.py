class Solution:
    def wordBreak(self, s: str, wordDict: List[str]) -> bool:
        # Bug: greedy. Always bites off the longest dictionary word that fits and never backs
        # up, so s = "aaaa", wordDict = ["aaa", "aa"] gives false ("aaa" leaves "a").
        words = set(wordDict)
        i = 0
        while i < len(s):
            for j in range(len(s), i, -1):
                if s[i:j] in words:
                    i = j
                    break
            else:
                return False
        return True
