class Solution:
    def groupAnagrams(self, strs: List[str]) -> List[List[str]]:
        # Bug: keys on the set of letters, ignoring how often each occurs, so "aab" and "abb"
        # land in the same group.
        groups = {}
        for word in strs:
            groups.setdefault(frozenset(word), []).append(word)
        return list(groups.values())
