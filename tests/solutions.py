"""Known solutions of the bundled problems, shared by the tests: one copy of each, so that a
test that needs "an accepted two-sum" does not carry its own.

Not a test module (no ``test_`` prefix): tests import from it. Each constant is the source as a
person would submit it, with the verdict it gets named in its comment.
"""

from __future__ import annotations

# two-sum, Python: accepted. Written as LeetCode's starter writes it, with ``List`` in the
# annotations and no import: the driver provides ``List`` as LeetCode does.
PYTHON_TWO_SUM = """class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
        return []
"""

# two-sum, Python: wrong_answer (always answers [0, 1]: right on samples 1 and 3 only).
PYTHON_TWO_SUM_WRONG = """class Solution:
    def twoSum(self, nums, target):
        return [0, 1]
"""

# a-plus-b (stdio), Python: accepted.
PYTHON_A_PLUS_B = "a, b = map(int, input().split())\nprint(a + b)\n"

# a-plus-b (stdio), C++: accepted.
CPP_A_PLUS_B = (
    '#include <cstdio>\nint main(){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);}\n'
)
