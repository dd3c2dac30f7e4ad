class Solution:
    def isValid(self, s: str) -> bool:
        # Correct but quadratic: each round deletes the innermost pairs only, so a nest
        # 10^5 deep takes 10^5 rounds over a string of up to 2 * 10^5 characters.
        while True:
            shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
            if shorter == s:
                return s == ""
            s = shorter
