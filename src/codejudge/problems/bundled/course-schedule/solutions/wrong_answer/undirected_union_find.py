class Solution:
    def canFinish(self, numCourses: int, prerequisites: List[List[int]]) -> bool:
        # Bug: looks for a cycle with union-find, which ignores direction, so two courses that
        # share a prerequisite and a dependant (a diamond) count as a cycle.
        parent = list(range(numCourses))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in prerequisites:
            ra, rb = find(a), find(b)
            if ra == rb:
                return False
            parent[ra] = rb
        return True
