import sys


class Solution:
    def canFinish(self, numCourses: int, prerequisites: List[List[int]]) -> bool:
        # Correct but exponential: a depth-first search that only remembers the courses on the
        # current chain, never which courses were already cleared, so it walks every chain of
        # requirements separately.
        sys.setrecursionlimit(10000)
        after = [[] for _ in range(numCourses)]
        for a, b in prerequisites:
            after[b].append(a)
        on_path = [False] * numCourses

        def has_cycle(u: int) -> bool:
            on_path[u] = True
            for v in after[u]:
                if on_path[v] or has_cycle(v):
                    return True
            on_path[u] = False
            return False

        return not any(has_cycle(c) for c in range(numCourses))
