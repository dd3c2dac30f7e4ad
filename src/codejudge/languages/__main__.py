"""What the host needs for the languages, from the registry (scripts/install-toolchains.sh and
deploy/Dockerfile use this; docs/languages.md's table is ``table``'s output)::

    python -m codejudge.languages packages --debian [--missing]   # one package a line
    python -m codejudge.languages packages --npm                  # name@version, one a line
    python -m codejudge.languages prepare   # the read-only toolchain folders (prepared.py)
    python -m codejudge.languages table     # the languages table of docs/languages.md
"""

from __future__ import annotations

import argparse
import logging
import sys

from codejudge.languages import LANGUAGES, Language, debian_packages, npm_packages
from codejudge.languages.prepared import remove_stale


def packages(debian: bool, missing: bool) -> list[str]:
    if not debian:
        return npm_packages()
    return [p.name for p in debian_packages() if not (missing and p.installed())]


def prepare() -> None:
    """Remove the folders of earlier versions, then prepare each language's (idempotent)."""
    remove_stale(path for language in LANGUAGES.values() for path in language.toolchain_dirs)
    for language in LANGUAGES.values():
        if language.prepare is not None:
            language.prepare()


def table() -> str:
    """The markdown table of the languages, in the order users see them."""
    columns = ("id", "name", "files", "kinds", "processes", "runtime memory", "Debian packages",
               "npm packages")  # fmt: skip
    rows = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for language in LANGUAGES.values():
        cells = (
            f"`{language.id}`",
            language.name,
            _files(language),
            ", ".join(sorted(kind.value for kind in language.kinds)),
            str(language.processes),
            f"+{language.memory_overhead_kb / 1024:g} MiB" if language.memory_overhead_kb else "-",
            " ".join(f"`{package.name}`" for package in language.debian) or "-",
            " ".join(f"`{package}`" for package in language.npm) or "-",
        )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def _files(language: Language) -> str:
    """Its extensions, then other judges' spellings of them (in imported packages)."""
    own = " ".join(f"`{extension}`" for extension in language.extensions)
    if not language.foreign_extensions:
        return own
    return f"{own} (packages: {' '.join(f'`{e}`' for e in language.foreign_extensions)})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m codejudge.languages")
    commands = parser.add_subparsers(dest="command", required=True)
    listed = commands.add_parser("packages", help="what to install for the languages")
    which = listed.add_mutually_exclusive_group(required=True)
    which.add_argument("--debian", action="store_true")
    which.add_argument("--npm", action="store_true")
    listed.add_argument("--missing", action="store_true", help="only those not installed")
    commands.add_parser("prepare", help="prepare the read-only toolchain folders")
    commands.add_parser("table", help="the languages table of docs/languages.md")
    args = parser.parse_args(argv)
    if args.command == "packages":
        sys.stdout.write("".join(f"{name}\n" for name in packages(args.debian, args.missing)))
    elif args.command == "prepare":
        logging.basicConfig(level=logging.INFO)
        prepare()
    else:
        sys.stdout.write(table())


if __name__ == "__main__":
    main()
