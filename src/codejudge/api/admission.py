"""Admission: whether new submissions may enter the queue now (maintenance mode, the queue's
depth per priority, the caller's rate and quota). Issue 13 work in progress: admits all."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from codejudge.api.auth import Caller
from codejudge.models import NewSubmission


async def admit(request: Request, caller: Caller, new: Sequence[NewSubmission]) -> None:
    """Admit ``new`` (all of them or none) for ``caller``, or raise ``RateLimited`` (429) or
    ``Unavailable`` (503, with ``retry_after``)."""
    del request, caller, new
