# A plain function instead of LeetCode's class: the Python harness also accepts a top-level
# function named like the method (fizzBuzz) or in snake_case (fizz_buzz).


def fizz_buzz(n):
    return [("Fizz" * (i % 3 == 0) + "Buzz" * (i % 5 == 0)) or str(i) for i in range(1, n + 1)]
