"""Judging one submission: compile, run, check, verdict (no queue, no HTTP, no database)."""
