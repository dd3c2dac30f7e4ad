"""The ``submissions`` rows of new submissions, shared by every writer that stores them
(``Store.insert_many``; a schedule's batch, ``ScheduleStore.submit``), so none drops a
column (the callback URL, custom input) another one writes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from codejudge.models import NewSubmission, Priority, Status, Submission
from codejudge.store.ids import new_id


def new_submissions(news: Sequence[NewSubmission], now: datetime) -> list[Submission]:
    """``news`` as ``queued`` submissions under fresh UUIDv7 ids increasing in the order given."""
    return [
        Submission(
            id=new_id(),
            problem=new.problem,
            language=new.language,
            code=new.code,
            status=Status.QUEUED,
            priority=Priority(new.priority),
            queued_at=now,
            owner=new.owner,
            callback_url=new.callback_url,
            custom=new.custom,
        )
        for new in news
    ]


def submission_row(sub: Submission) -> dict[str, Any]:
    """The ``submissions`` row of a new submission."""
    return {
        "id": sub.id,
        "problem": sub.problem,
        "language": sub.language,
        "code": sub.code,
        "status": sub.status.value,
        "priority": int(sub.priority),
        "queued_at": sub.queued_at,
        "attempts": 0,
        "owner": sub.owner,
        "callback_url": sub.callback_url,
        "custom": json.dumps(sub.custom.to_dict()) if sub.custom is not None else None,
    }
