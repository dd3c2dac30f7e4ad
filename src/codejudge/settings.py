"""One typed settings object, read once from ``CODEJUDGE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, NonNegativeInt
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
