from typing import List


class Solution:
    def reverseString(self, s: List[str]) -> None:
        s[:] = s[::-1]  # writes into the caller's list, unlike `s = s[::-1]`
