class Solution:
    def reverseString(self, s: List[str]) -> None:
        # Bug: rebinds the local name to a reversed copy; the caller's list is never changed.
        s = s[::-1]
