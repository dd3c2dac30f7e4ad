"""Problem routes: the catalogue (list with filters, detail with starter code) and the admin
API that creates, replaces, deletes and uploads (Kattis or native zip) data-dir problems.

The lead mounts ``router`` (public) and ``admin`` (behind ``require_admin``). Every change
reloads the served problem set in place, so a running server serves it at once. A Kattis
upload without a time limit of its own is measured by a worker, never here: the upload answers
202 with a job to poll (``api.problem_jobs``); this module imports no judging code.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from codejudge.api.auth import require_admin
from codejudge.api.problem_jobs import (
    ProblemJobOut,
    job_url,
    refresh_published,
    wait_for,
)
from codejudge.api.schemas import STRICT, ErrorOut, ProblemDetail, ProblemSummary
from codejudge.api.services import Services, services_of
from codejudge.exceptions import Conflict, InvalidInput, NotFound, ProblemFormatError, TooLarge
from codejudge.languages import LANGUAGES, starter_code
from codejudge.models import Problem
from codejudge.problem_intake import Installed, import_zip, save_files
from codejudge.problems import install
from codejudge.problems.loader import MAX_SLUG_CHARS, SLUG_RE
from codejudge.store.problem_jobs import ProblemJob

log = logging.getLogger("codejudge.api")
router = APIRouter(prefix="/api/v1", tags=["problems"])
admin = APIRouter(
    prefix="/api/v1/admin/problems", tags=["admin"], dependencies=[Depends(require_admin)]
)
MAX_UPLOAD_BYTES = 256 * 1024 * 1024
_EXISTS = {"model": ErrorOut, "description": "the slug is taken (replace it instead)"}
# A slug that can name a data-dir folder (``loader.slug_problem``, checked with its own 422
# message): in the document, so that clients and fuzzers know the rule.
AdminSlug = Annotated[
    str, PathParam(json_schema_extra={"pattern": SLUG_RE.pattern, "maxLength": MAX_SLUG_CHARS})
]


class ProblemOut(ProblemDetail):
    starter_code: dict[str, str] = Field(description="language id -> code to start from")

    @classmethod
    def of_problem(cls, problem: Problem) -> ProblemOut:
        return cls(**ProblemDetail.of(problem).model_dump(), starter_code=starter_codes(problem))


class PackageIn(BaseModel):
    """A native package as its files: relative path -> text (problem.toml, statement.md,
    tests/..., solutions/...)."""

    model_config = STRICT
    files: dict[str, str] = Field(examples=[{"problem.toml": "slug = ...", "statement.md": "..."}])


class Saved(BaseModel):
    problem: ProblemOut
    warnings: list[str]


class Measuring(BaseModel):
    """202: the upload is stored and its time limit is being measured by a worker."""

    id: str = Field(description="the problem measurement job's id")
    status: str
    slug: str
    links: dict[str, str] = Field(description="self: poll it (GET, ?wait=N)")


@router.get("/problems", response_model=list[ProblemSummary])
async def list_problems(
    request: Request,
    difficulty: Annotated[
        Literal["easy", "medium", "hard"] | None,
        Query(description="easy, medium or hard (anything else is a 422)"),
    ] = None,
    # A plain array (not "array or null"): in a query string every value is one, and
    # Schemathesis took ``tag=false`` for a non-array the server should have refused.
    tag: Annotated[list[str], Query(description="has every tag given")] = [],  # noqa: B006
) -> list[ProblemSummary]:
    await refresh_published(request)
    problems = services_of(request).problems.list()
    return [
        ProblemSummary.of(p)
        for p in problems
        if (difficulty is None or p.difficulty == difficulty) and set(tag) <= set(p.tags)
    ]


@router.get("/problems/{slug}", response_model=ProblemOut)
async def get_problem(request: Request, slug: str) -> ProblemOut:
    await refresh_published(request)
    return ProblemOut.of_problem(services_of(request).problems.get(slug))


@admin.post("", status_code=201, response_model=Saved, responses={409: _EXISTS})
async def create(request: Request, body: PackageIn) -> Saved:
    """Create a data-dir problem from its files; 409 if the slug is already served."""
    slug = install.slug_in(body.files)
    if slug in services_of(request).problems:
        raise Conflict(f"problem {slug!r} exists; PUT /api/v1/admin/problems/{slug}")
    return await run_in_threadpool(_save_files, services_of(request), slug, body.files)


@admin.put("/{slug}", response_model=Saved)
async def replace(request: Request, slug: AdminSlug, body: PackageIn) -> Saved:
    """Create or replace the data-dir problem ``slug`` (a bundled one is overridden)."""
    install.check_slug(slug)
    if install.slug_in(body.files) != slug:
        raise InvalidInput(f"problem.toml's slug must be {slug!r}, as in the URL")
    return await run_in_threadpool(_save_files, services_of(request), slug, body.files)


@admin.delete(
    "/{slug}",
    status_code=204,
    responses={409: {"model": ErrorOut, "description": "a bundled problem (read-only)"}},
)
async def delete(request: Request, slug: AdminSlug) -> Response:
    """Delete a data-dir problem. Bundled problems are read-only (409)."""
    services = services_of(request)
    try:
        await run_in_threadpool(install.remove, services.settings.problems_dir, slug)
    except NotFound:
        if slug in services.problems:
            raise Conflict(f"problem {slug!r} is bundled and read-only") from None
        raise
    # Reloading stats every package (and reads the changed ones): off the event loop, like
    # the other admin writes.
    await run_in_threadpool(services.problems.reload, *services.problem_dirs)
    return Response(status_code=204)


@admin.post(
    "/upload",
    status_code=201,
    response_model=Saved,
    responses={
        202: {"model": Measuring, "description": "stored; time limit being measured"},
        200: {"model": ProblemJobOut, "description": "measured within ?wait"},
        409: _EXISTS,
    },
)
async def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="a .zip of a Kattis or a native package")],
    slug: Annotated[str | None, Form(description="default: the package's folder name")] = None,
    replace: Annotated[bool, Form(description="overwrite a data-dir problem")] = False,
    wait: Annotated[
        float,
        Query(
            ge=0,
            le=600,
            allow_inf_nan=False,
            description="block up to this many seconds for a measurement",
        ),
    ] = 0,
) -> Response | Saved:
    """Import a zip: a native package (problem.toml) or a Kattis package with a time limit is
    installed at once (201). A Kattis package without one is stored and a worker measures it
    from its accepted submissions (202 with the job: poll ``links.self``, or pass ``?wait=N``
    to get the finished job with 200); it is served once measured."""
    services = services_of(request)
    name = _zip_name(file.filename)  # checked before anything is written, like the slug
    if slug is not None:
        install.check_slug(slug)
    with install.disk_errors(), tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        archive = Path(tmp) / name
        await _receive(file, archive)
        saved = await run_in_threadpool(_import_zip, services, archive, slug, replace)
    if isinstance(saved, Saved):
        return saved
    if wait > 0:
        job = await wait_for(services, saved.id, wait)
        if job.status in ("finished", "failed"):
            return JSONResponse(ProblemJobOut.of(job).model_dump(mode="json"), status_code=200)
    measuring = Measuring(
        id=saved.id, status=saved.status, slug=saved.slug, links={"self": job_url(saved.id)}
    )
    return JSONResponse(measuring.model_dump(mode="json"), status_code=202)


@admin.get("/jobs/{job_id}", response_model=ProblemJobOut)
async def problem_job(
    request: Request,
    job_id: str,
    wait: Annotated[
        float, Query(ge=0, le=600, allow_inf_nan=False, description="block up to N s for the end")
    ] = 0,
) -> ProblemJobOut:
    """A problem measurement job: queued, running, finished (the limit set, every submission's
    verdict, the problem served) or failed (why, with the verdicts)."""
    return ProblemJobOut.of(await wait_for(services_of(request), job_id, wait))


def starter_codes(problem: Problem) -> dict[str, str]:
    """Starter code per language from ``languages.starter_code``; a language it does not
    support is left out."""
    codes = {}
    for language in LANGUAGES:
        try:
            code = starter_code(problem, language)
        except Exception:  # one language's generator must not break the problem page
            log.debug("no starter code for %s in %s", problem.slug, language, exc_info=True)
            continue
        codes[language] = code
    return codes


def _save_files(services: Services, slug: str, files: dict[str, str]) -> Saved:
    installed = save_files(services.settings.problems_dir, slug, files)
    return _reloaded(services, installed)


def _import_zip(
    services: Services, archive: Path, slug: str | None, replace: bool
) -> Saved | ProblemJob:
    imported = import_zip(services.settings.problems_dir, services, archive, slug, replace)
    return _reloaded(services, imported) if isinstance(imported, Installed) else imported


def _reloaded(services: Services, installed: Installed) -> Saved:
    services.problems.reload(*services.problem_dirs)
    problem = services.problems.get(installed.slug)
    return Saved(problem=ProblemOut.of_problem(problem), warnings=installed.warnings)


def _zip_name(filename: str | None) -> str:
    """The upload's file name (its stem names the package when the zip has no folder), as
    a name the disk can hold; ``ProblemFormatError`` naming the field ``file`` otherwise."""
    name = (filename or "package.zip").replace("\\", "/").rsplit("/", 1)[-1]
    if not name.endswith(".zip"):
        raise ProblemFormatError(f"file: upload a .zip file, got {install.shown(name)}")
    install.safe_relative(name, "file")
    return name


async def _receive(file: UploadFile, target: Path) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := await file.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise TooLarge(f"the upload is over {MAX_UPLOAD_BYTES} bytes")
            out.write(chunk)
