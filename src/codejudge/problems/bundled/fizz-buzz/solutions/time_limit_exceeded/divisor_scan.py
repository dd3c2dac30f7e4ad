# Too slow: finds each number's divisors by trial division up to the number itself, O(n^2).
class Solution:
    def fizzBuzz(self, n: int) -> List[str]:
        answer = []
        for i in range(1, n + 1):
            divisors = [d for d in range(1, i + 1) if i % d == 0]
            word = ("Fizz" if 3 in divisors else "") + ("Buzz" if 5 in divisors else "")
            answer.append(word or str(i))
        return answer
