"""One typed settings object, read once from ``CODEJUDGE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, NonNegativeInt, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable. Build it once at startup and pass it down."""

    model_config = SettingsConfigDict(env_prefix="CODEJUDGE_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=Path("./var"), description="SQLite db, imported problems, cache")
    database_url: str | None = Field(default=None, description="default: SQLite in data_dir")
    queue_url: str | None = Field(default=None, description="default: the database")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = Field(default=None, description="embedded pool size; default: CPUs")
    max_code_bytes: int = Field(default=64 * 1024, ge=1)
    max_wait_seconds: float = Field(default=60.0, ge=0)
    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    lease_seconds: float = Field(default=30.0, gt=0)
    heartbeat_seconds: float = Field(default=5.0, gt=0)
    max_deliveries: int = Field(default=3, ge=1)
    retry_base_seconds: float = Field(default=1.0, ge=0)
    job_deadline_seconds: float = Field(default=300.0, gt=0)
    admin_token: str | None = Field(
        default=None,
        description="bearer token for /api/v1/admin; unset = admin API for loopback clients only",
    )
    drain_seconds: float = Field(default=30.0, ge=0, description="grace for running jobs on stop")
    sample_seconds: float = Field(
        default=10.0, ge=1, description="how often the queue depth is sampled for the dashboard"
    )
    # -- issue 13: runs (custom input; ad hoc submissions with no problem, e.g. Judge0's)
    custom_input_max_bytes: int = Field(
        default=128 * 1024, ge=1, description="a custom input or expected output, UTF-8 bytes"
    )
    adhoc_max_time_ms: int = Field(
        default=15_000, ge=1, description="an ad hoc submission's CPU time limit, at most"
    )
    adhoc_max_memory_mb: int = Field(
        default=512, ge=1, description="an ad hoc submission's memory limit, at most"
    )
    adhoc_max_output_kb: int = Field(
        default=8192, ge=1, description="an ad hoc submission's output limit, at most"
    )
    # -- issue 13: judge0 (the Judge0 CE-compatible face, docs/judge0.md)
    judge0_prefix: str = Field(
        default="/judge0",
        pattern=r"^(/[A-Za-z0-9._~-]+)*$",
        description="where the Judge0-compatible API is mounted; empty: not mounted",
    )
    judge0_batch_max: int = Field(
        default=20, ge=1, le=1000, description="submissions in one Judge0 batch (Judge0's 20)"
    )

    # -- issue 13: batches and webhooks (docs/webhooks.md)
    batch_max: int = Field(
        default=100, ge=1, description="items per POST /api/v1/submissions/batch (413 over it)"
    )
    callback_allow: list[str] = Field(
        default_factory=lambda: ["public"],
        description="where webhooks may go: 'public' (any globally routable address), CIDRs or "
        "addresses (10.0.0.0/8), host names (hooks.example.com, *.example.com)",
    )
    webhook_secret: str | None = Field(
        default=None,
        description="signs webhooks of submissions made without a key; unset: generated once "
        "into <data_dir>/webhook-secret",
    )
    webhook_retry_seconds: float = Field(
        default=3600.0, ge=0, description="retry a failing webhook for this long after the finish"
    )
    webhook_backoff_seconds: float = Field(
        default=10.0, gt=0, description="first retry delay; doubles per attempt"
    )
    webhook_backoff_max_seconds: float = Field(
        default=600.0, gt=0, description="the longest wait between two attempts"
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="per attempt")
    webhook_concurrency: int = Field(default=4, ge=1, description="sends at once per process")
    webhook_poll_seconds: float = Field(
        default=1.0, gt=0, description="how often each process looks for due deliveries"
    )

    # -- issue 13: keys
    auth: Literal["open", "keys"] = Field(
        default="open",
        description="open: no key needed (a key sent is still honoured); keys: every "
        "/api/v1 and seed endpoint but health, languages, problems and pages needs one",
    )

    # -- issue 13: admission (docs/admission.md)
    rate_per_minute: int | None = Field(
        default=None,
        ge=1,
        description="submissions per minute per API key without its own limit, and per client "
        "address of callers with no key; None = unlimited",
    )
    max_queued: int | None = Field(
        default=None,
        ge=1,
        description="submissions of one API key queued or running at once, for keys without "
        "their own limit; None = unlimited",
    )
    max_depth: dict[Literal["run", "submit", "rejudge"], NonNegativeInt] = Field(
        default_factory=dict,
        description="ready jobs per priority beyond which intake answers 503, JSON such as "
        '{"submit": 10000, "run": 1000}; a priority left out is unlimited',
    )
    busy_retry_seconds: int = Field(
        default=5, ge=1, description="Retry-After of a full queue (503) or a full quota (429)"
    )
    maintenance_retry_seconds: int = Field(
        default=60, ge=1, description="Retry-After during maintenance with no announced end"
    )

    # -- issue 14: metrics (docs/operations.md)
    target_queue_wait_seconds: float = Field(
        default=5.0,
        gt=0,
        description="the queue wait the cluster is sized for: codejudge_desired_workers and "
        "the autoscaler aim at it",
    )

    # -- issue 14: autoscaling (docs/operations.md)
    autoscale: str | None = Field(
        default=None,
        pattern=r"^ *[0-9]+ *: *[0-9]+ *$",
        description="MIN:MAX: a worker pool (codejudge worker, or serve's embedded one) grows "
        "and shrinks between MIN and MAX slots with the queue; unset: a fixed pool. "
        "--workers/--concurrency given on the command line win over it",
    )
    autoscale_cpu_factor: float = Field(
        default=1.0, gt=0, description="an autoscaled pool never runs more than CPUs times this"
    )
    autoscale_interval_seconds: float = Field(
        default=2.0, gt=0, description="how often an autoscaled pool looks at the queue"
    )
    autoscale_down_seconds: float = Field(
        default=60.0,
        ge=0,
        description="a pool shrinks only after needing fewer slots for this long, and then to "
        "the most it needed meanwhile (the scale-down stabilization window)",
    )

    @field_validator("autoscale")
    @classmethod
    def _min_max(cls, value: str | None) -> str | None:
        if value is not None:
            low, high = (int(part) for part in value.split(":"))
            if low > high or high < 1:
                raise ValueError("autoscale MIN:MAX needs MIN <= MAX and MAX >= 1")
        return value

    # -- issue 14: schedules (docs/operations.md)
    schedule_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        le=5,  # at most half the least misfire grace below: every tick is seen within it
        description="how often each process looks for due schedule ticks",
    )
    schedule_misfire_grace_seconds: float = Field(
        default=300.0,
        ge=10,  # scheduling.MIN_GRACE_SECONDS (tests/schedules check they agree)
        le=366 * 86400,
        description="default of a new schedule: a tick later than this when first seen (all "
        "processes were down) is skipped, not fired; at least 10 s",
    )

    # -- issue 14: stuck jobs (problems/budget.py; docs/operations.md)
    stuck_factor: float = Field(
        default=3.0,
        gt=0,
        description="a test run's share of a job's budget: this many times the problem's CPU "
        "time limit (plus the overhead below)",
    )
    stuck_compile_seconds: float = Field(
        default=30.0,
        ge=0,
        description="a compilation's share of a job's budget (the compile "
        "box's own wall-clock limit)",
    )
    stuck_test_overhead_seconds: float = Field(
        default=1.0, ge=0, description="per test run, for starting its box and checking it"
    )
    stuck_checker_seconds: float = Field(
        default=20.0,
        ge=0,
        description="per test run checked by a problem's custom output validator (its box's "
        "wall-clock limit); the validator's build counts as one more compilation",
    )
    stuck_min_seconds: float = Field(
        default=60.0, ge=0, description="no job's budget is shorter (job_deadline_seconds caps it)"
    )
    stuck_grace_seconds: float = Field(
        default=30.0,
        ge=0,
        description="how long past its budget a job's holder has to recycle it before the "
        "maintenance pass of any worker takes it away (revoke)",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'codejudge.db').resolve()}"

    @property
    def resolved_queue_url(self) -> str:
        return self.queue_url or self.resolved_database_url

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers is not None else (os.cpu_count() or 1)

    @property
    def problems_dir(self) -> Path:
        return self.data_dir / "problems"
