class Solution:
    def isValid(self, s: str) -> bool:
        # Bug: only counts each kind, never checks the order they nest in, so "([)]" passes.
        for open_, close in ("()", "[]", "{}"):
            depth = 0
            for c in s:
                if c == open_:
                    depth += 1
                elif c == close:
                    depth -= 1
                    if depth < 0:
                        return False
            if depth != 0:
                return False
        return True
