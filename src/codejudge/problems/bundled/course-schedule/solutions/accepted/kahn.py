from collections import deque


class Solution:
    def canFinish(self, numCourses: int, prerequisites: List[List[int]]) -> bool:
        # Kahn's algorithm: take courses with no unfinished prerequisite until none is left;
        # everything gets taken exactly when there is no cycle.
        after = [[] for _ in range(numCourses)]
        waiting = [0] * numCourses
        for a, b in prerequisites:
            after[b].append(a)
            waiting[a] += 1
        ready = deque(c for c in range(numCourses) if waiting[c] == 0)
        taken = 0
        while ready:
            course = ready.popleft()
            taken += 1
            for nxt in after[course]:
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    ready.append(nxt)
        return taken == numCourses
