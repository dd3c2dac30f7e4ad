"""How an attempt at a delivery can end without a result: shared by every kind of job."""

from __future__ import annotations


class AttemptFailed(Exception):
    """This attempt could not produce a result (child crash, deadline): an internal error."""


class Released(Exception):
    """The job was handed back (shutdown) or taken away (lease lost): write nothing."""
