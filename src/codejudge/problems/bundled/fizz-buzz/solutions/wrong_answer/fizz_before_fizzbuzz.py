class Solution:
    def fizzBuzz(self, n: int) -> List[str]:
        # Bug: tests divisibility by 3 before 15, so 15 comes out as "Fizz".
        answer = []
        for i in range(1, n + 1):
            if i % 3 == 0:
                answer.append("Fizz")
            elif i % 5 == 0:
                answer.append("Buzz")
            elif i % 15 == 0:
                answer.append("FizzBuzz")
            else:
                answer.append(str(i))
        return answer
