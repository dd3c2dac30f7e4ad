class Solution:
    def groupAnagrams(self, strs: List[str]) -> List[List[str]]:
        # Correct but O(n * groups): each word is compared with every group found so far.
        groups = []
        for word in strs:
            key = sorted(word)
            for g in groups:
                if sorted(g[0]) == key:
                    g.append(word)
                    break
            else:
                groups.append([word])
        return groups
