"""The Judge0 face's read-only routes: ``/languages``, ``/languages/{id}``, ``/statuses``,
``/about``, ``/config_info``, ``/workers``, with Judge0 CE's shapes (its
``LanguagesController``, ``StatusesController``, ``InfoController``, ``HealthController``)."""

from __future__ import annotations

import asyncio
import shlex
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from codejudge import __version__
from codejudge.api.auth import Caller, current_caller
from codejudge.api.judge0.config import judge0_config
from codejudge.api.judge0.errors import Judge0Route, responses
from codejudge.api.judge0.vocabulary import (
    BY_ID,
    JUDGE0_LANGUAGES,
    JUDGE0_VERSION,
    Judge0Language,
    Judge0Status,
)
from codejudge.api.services import services_of
from codejudge.exceptions import NotFound
from codejudge.languages import LANGUAGES, language_version
from codejudge.submissions import WORKER_MAX_AGE

router = APIRouter(tags=["judge0"], route_class=Judge0Route)


def _name(entry: Judge0Language) -> str:
    """The name shown: codejudge's language and toolchain ("Python 3 (Python 3.11.2)"); an
    older Judge0 id also says which Judge0 toolchain it stands in for."""
    language = LANGUAGES[entry.language]
    version = language_version(language)
    name = f"{language.name} ({version})" if version else language.name
    return name if entry.primary else f"{name}, for Judge0's {entry.judge0_name}"


def warm_names() -> None:
    """Read every toolchain's version in a background thread, once per process: the SDK's
    client reads ``/languages`` as it starts, with a 5 s timeout, and a cold read of all
    versions (``tsc --version`` alone takes seconds on a busy machine) can take longer."""

    def read() -> None:
        for entry in _offered():
            _name(entry)

    threading.Thread(target=read, name="judge0-language-names", daemon=True).start()


async def _names(entries: list[Judge0Language]) -> list[str]:
    """The names of ``entries``, their versions read at once (each is cached after)."""
    return list(await asyncio.gather(*(run_in_threadpool(_name, e) for e in entries)))


def _offered() -> list[Judge0Language]:
    return [entry for entry in JUDGE0_LANGUAGES if entry.language in LANGUAGES]


@router.get("/languages")
async def languages() -> list[dict[str, Any]]:
    """Every language offered, ``[{"id": Judge0's id, "name": ...}]``, by id. Each codejudge
    language has its Judge0 CE 1.13.1 id (Python 71, C 50, C++ 54, Java 62, JavaScript 63,
    TypeScript 74, Go 60, Rust 73); C and C++ also Judge0's older toolchains' ids (48, 49;
    52, 53), judged by the same toolchain."""
    entries = sorted(_offered(), key=lambda e: e.id)
    names = await _names(entries)
    return [{"id": e.id, "name": name} for e, name in zip(entries, names, strict=True)]


@router.get("/languages/all")
async def all_languages() -> list[dict[str, Any]]:
    """Judge0's active and archived languages, ``[{"id", "name", "is_archived"}]`` by name
    (none is archived here)."""
    offered = _offered()
    entries = list(zip(await _names(offered), offered, strict=True))
    entries.sort(key=lambda named: (named[0], named[1].id))
    return [{"id": e.id, "name": name, "is_archived": False} for name, e in entries]


@router.get("/languages/{language_id}", responses=responses(404))
async def language(language_id: str) -> dict[str, Any]:
    """One language: ``id``, ``name``, ``is_archived``, ``source_file``, ``compile_cmd`` (null
    when nothing is compiled or checked first) and ``run_cmd``. 404 for an unknown id."""
    number = language_id.isascii() and language_id.isdigit() and len(language_id) < 10
    entry = BY_ID.get(int(language_id)) if number else None
    if entry is None or entry.language not in LANGUAGES:
        shown = language_id if number else "that is not a number"
        raise NotFound(f"language with id {shown} doesn't exist")
    lang = LANGUAGES[entry.language]
    return {
        "id": entry.id,
        "name": await run_in_threadpool(_name, entry),
        "is_archived": False,
        "source_file": lang.source_file,
        "compile_cmd": shlex.join(lang.compile) if lang.compile else None,
        "run_cmd": shlex.join(lang.run),
    }


@router.get("/statuses")
async def statuses() -> list[dict[str, Any]]:
    """Judge0's statuses, ``[{"id": 1, "description": "In Queue"}, ...]`` (docs/judge0.md
    says which codejudge verdict each one stands for)."""
    return [status.as_json() for status in Judge0Status]


@router.get("/about")
async def about() -> dict[str, Any]:
    """``version``: the Judge0 CE API version this face follows (the SDK reads its language
    ids by it), and codejudge's own version."""
    return {
        "version": JUDGE0_VERSION,
        "homepage": None,
        "source_code": None,
        "maintainer": None,
        "codejudge": __version__,
    }


@router.get("/config_info")
async def config_info(request: Request) -> dict[str, Any]:
    """Every field of Judge0's ``/config_info``: limits' defaults and maxima (seconds,
    kilobytes) and the options this face has (see ``config.judge0_config``);
    ``maintenance_mode`` is codejudge's (``PUT /api/v1/admin/maintenance``), and
    ``max_queue_size`` its submit-priority depth cap (``CODEJUDGE_MAX_DEPTH``; 0: none)."""
    services = services_of(request)
    config = judge0_config(services.settings).as_json()
    maintenance = await run_in_threadpool(services.store.admission.maintenance)
    config["maintenance_mode"] = maintenance is not None
    config["max_queue_size"] = services.settings.max_depth.get("submit", 0)
    return config


@router.get("/workers", responses=responses(401, 403))
async def workers(
    request: Request, caller: Annotated[Caller, Depends(current_caller)]
) -> list[dict[str, Any]]:
    """Judge0's worker health, one entry for codejudge's queue: ``size`` jobs ready,
    ``available`` judging slots on live workers, ``working`` jobs running, ``idle`` the slots
    free, ``paused`` 0. Like ``GET /api/v1/queue``, the keys mode answers it only to a caller
    with a key (the other info routes, like languages and problems, need none)."""
    del caller
    services = services_of(request)
    stats = await run_in_threadpool(services.queue.stats)
    live = await run_in_threadpool(services.store.live_workers, WORKER_MAX_AGE)
    slots = sum(w.concurrency for w in live) or services.workers
    return [
        {
            "queue": "codejudge",
            "size": sum(stats.ready.values()),
            "available": slots,
            "idle": max(slots - stats.leased, 0),
            "working": stats.leased,
            "paused": 0,
        }
    ]
