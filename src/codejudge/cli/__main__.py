"""``python -m codejudge.cli``: the same as the ``codejudge`` command."""

from codejudge.cli import main

main()
