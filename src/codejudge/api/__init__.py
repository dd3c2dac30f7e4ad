"""The HTTP API (FastAPI): routes, schemas, auth and error mapping. Built by
``codejudge.runtime.create_app``, which injects the store, queue and problems."""

from codejudge.api.app import build_app

__all__ = ["build_app"]
