"""The HTTP API (FastAPI)."""

from codejudge.api.app import create_app

__all__ = ["create_app"]
