"""Problem packages: the format (docs/problem-format.md), the loader and the validator.

Pure core: stdlib, ``models`` and ``checkers`` only.
"""

from codejudge.models.vocabulary import is_valid_type, parse_type, value_error
from codejudge.problems.loader import (
    BUNDLED_DIR,
    load_problem,
    natural_key,
    problem_dirs,
    solutions,
)
from codejudge.problems.problem_set import ProblemSet, load_problem_set
from codejudge.problems.validate import validate_problem

__all__ = [
    "BUNDLED_DIR",
    "ProblemSet",
    "is_valid_type",
    "load_problem",
    "load_problem_set",
    "natural_key",
    "parse_type",
    "problem_dirs",
    "solutions",
    "validate_problem",
    "value_error",
]
