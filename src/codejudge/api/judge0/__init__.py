"""A Judge0 CE-compatible face over codejudge (docs/judge0.md): Judge0's routes, bodies,
language and status ids, mounted at ``CODEJUDGE_JUDGE0_PREFIX`` (default ``/judge0``)."""

from __future__ import annotations

from fastapi import FastAPI

from codejudge.api.judge0 import info
from codejudge.api.judge0.routes import router
from codejudge.settings import Settings

__all__ = ["install", "router"]


def install(app: FastAPI, settings: Settings) -> None:
    """Mount the Judge0 routes at ``settings.judge0_prefix``; an empty prefix mounts none."""
    if settings.judge0_prefix:
        app.include_router(router, prefix=settings.judge0_prefix)
        info.warm_names()
