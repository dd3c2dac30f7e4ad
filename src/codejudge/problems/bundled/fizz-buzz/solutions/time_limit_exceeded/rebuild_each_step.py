# Too slow: rebuilds the whole answer from scratch for every new number, O(n^2) calls.
class Solution:
    def word(self, i: int) -> str:
        return ("Fizz" if i % 3 == 0 else "") + ("Buzz" if i % 5 == 0 else "") or str(i)

    def fizzBuzz(self, n: int) -> List[str]:
        answer: List[str] = []
        for i in range(1, n + 1):
            answer = [self.word(j) for j in range(1, i + 1)]
        return answer
