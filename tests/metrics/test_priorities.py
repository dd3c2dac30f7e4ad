"""``codejudge.metrics`` cannot import the models (it is a leaf): its priority label values
must still be ``Priority``'s names, the ones ``worker/job.py`` records queue waits under."""

from __future__ import annotations

from codejudge import metrics
from codejudge.models import Priority


def test_priority_labels_are_the_queue_priorities() -> None:
    assert tuple(p.name.lower() for p in sorted(Priority)) == metrics.PRIORITIES
