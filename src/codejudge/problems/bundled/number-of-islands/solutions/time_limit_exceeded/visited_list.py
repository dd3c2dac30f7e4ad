class Solution:
    def numIslands(self, grid: List[List[str]]) -> int:
        # Correct but O(cells^2): the visited cells are kept in a list, and every lookup scans it.
        m, n = len(grid), len(grid[0])
        visited = []
        count = 0
        for r in range(m):
            for c in range(n):
                if grid[r][c] == "1" and (r, c) not in visited:
                    count += 1
                    visited.append((r, c))
                    stack = [(r, c)]
                    while stack:
                        i, j = stack.pop()
                        for x, y in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                            if 0 <= x < m and 0 <= y < n and grid[x][y] == "1":
                                if (x, y) not in visited:
                                    visited.append((x, y))
                                    stack.append((x, y))
        return count
