"""The admin problem API against a real server process: every name a user gives that becomes a
path (the slug, a package's file names, a zip's member names, the upload's file name) is
checked before anything touches the disk, and answered 422 naming the field; what the disk
refuses anyway is a clear 4xx or a 503, never a 500 (nor a reset connection)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.timeout(120)

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LONG = "x" * 300  # a slug, or a file name component, over every limit (NAME_MAX is 255 bytes)


def native(slug: str = "echo", **extra: str) -> dict[str, str]:
    """A native stdio package as its files."""
    return {
        "problem.toml": f'slug = "{slug}"\ntitle = "Echo"\nkind = "stdio"\n',
        "statement.md": "# Echo\n",
        "tests/sample-1.in": "hi\n",
        "tests/sample-1.ans": "hi\n",
        **extra,
    }


def zipped(files: dict[str, str], folder: str = "echo/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(folder + name, text)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("intake"), 0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    yield srv
    stop_server(srv)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client(headers=AUTH) as c:
        yield c


def upload(
    client: httpx.Client, data: bytes, filename: str = "echo.zip", **form: Any
) -> httpx.Response:
    files = {"file": (filename, data, "application/zip")}
    return client.post("/api/v1/admin/problems/upload", files=files, data=form)


def left_behind(server: Server) -> list[str]:
    """What the problems folder holds besides installed packages (staging, trash, strays; the
    folder of pending measurements may stay, empty)."""
    problems = server.data_dir / "problems"
    found = sorted(p.relative_to(problems).as_posix() for p in problems.rglob("*"))
    return [] if found in ([], [".pending"]) else found


def assert_refused(response: httpx.Response, *named: str) -> None:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    for text in named:
        assert text in detail, detail


@pytest.mark.parametrize(
    ("files", "named"),
    [
        pytest.param(native(LONG), ["slug", "at most 100 characters"], id="slug-300-chars"),
        pytest.param(native(f"{LONG[:255]}"), ["slug", "at most 100"], id="slug-255-chars"),
        pytest.param(
            native(**{f"tests/{LONG}.in": "x"}),
            ["file", "over 255 bytes"],
            id="file-component-over-255-bytes",
        ),
        pytest.param(
            native(**{"tests/" + "é" * 128 + ".in": "x"}),
            ["file", "over 255 bytes"],
            id="file-component-over-255-bytes-in-utf8",
        ),
        pytest.param(
            native(**{"/".join(["d" * 200] * 6) + "/x.in": "x"}),
            ["file", "over 1024 bytes"],
            id="path-over-1024-bytes",
        ),
        pytest.param(native(**{"tests/a\x00b.in": "x"}), ["file", "control characters"], id="nul"),
        pytest.param(
            native(**{"tests/a\nb.in": "x"}), ["file", "control characters"], id="newline"
        ),
        pytest.param(native(**{"tests/\ud800.in": "x"}), ["file", "Unicode"], id="surrogate"),
        pytest.param(native(**{"notes.txt": "\ud800"}), ["file", "Unicode"], id="text"),
        pytest.param(native(**{".": "x"}), ["file", "names no file"], id="dot"),
        pytest.param(native(**{"": "x"}), ["file", "names no file"], id="empty-name"),
        pytest.param(
            native(**{"extra": "x", "extra/inside.txt": "y"}),
            ["file", "clashes with another file or folder"],
            id="file-and-folder-of-one-name",
        ),
        pytest.param(
            native(**{"../escape.txt": "x"}), ["file", "outside the package"], id="dotdot"
        ),
    ],
)
def test_create_refuses_names_the_disk_cannot_hold(
    server: Server, client: httpx.Client, files: dict[str, str], named: list[str]
) -> None:
    body = json.dumps({"files": files})  # ASCII JSON: a lone surrogate goes as "\\ud800"
    headers = {"Content-Type": "application/json"}
    response = client.post("/api/v1/admin/problems", content=body, headers=headers)
    assert_refused(response, *named)
    assert left_behind(server) == []  # nothing staged stays behind


def test_replace_and_delete_refuse_a_long_slug_in_the_url(client: httpx.Client) -> None:
    url = f"/api/v1/admin/problems/{LONG}"
    assert_refused(client.put(url, json={"files": native(LONG)}), "slug", "at most 100")
    assert_refused(client.delete(url), "slug", "at most 100")


@pytest.mark.parametrize(
    ("data", "filename", "form", "named"),
    [
        pytest.param(zipped(native()), "echo.zip", {"slug": LONG}, ["slug"], id="form-slug"),
        pytest.param(
            zipped(native()), "echo.zip", {"slug": "../../outside"}, ["slug"], id="form-slug-dots"
        ),
        pytest.param(
            zipped(native(), folder=""), f"{LONG}.zip", {}, ["file", "over 255"], id="filename"
        ),
        pytest.param(
            zipped(native(), folder=""), f"{'y' * 120}.zip", {}, ["slug", "at most 100"],
            id="slug-from-a-long-filename",
        ),
        pytest.param(
            zipped(native(), folder=f"{LONG}/"), "echo.zip", {}, ["zip member", "over 255"],
            id="member-folder-over-255-bytes",
        ),
        pytest.param(
            zipped(native(**{f"tests/{LONG}.in": "x"})), "echo.zip", {},
            ["zip member", "over 255"], id="member-file-over-255-bytes",
        ),
        pytest.param(
            zipped(native(**{"tests/a\x07.in": "x"})), "echo.zip", {},
            ["zip member", "control"], id="member-control-character",
        ),
        pytest.param(
            zipped(native(**{"extra": "x", "extra/inside.txt": "y"})), "echo.zip", {},
            ["zip member", "clashes"], id="member-file-and-folder-of-one-name",
        ),
        pytest.param(
            zipped(native(), folder=f"{'z' * 120}/"), "echo.zip", {}, ["slug", "at most 100"],
            id="slug-from-a-long-folder",
        ),
    ],
)  # fmt: skip
def test_upload_refuses_names_the_disk_cannot_hold(
    server: Server,
    client: httpx.Client,
    data: bytes,
    filename: str,
    form: dict[str, str],
    named: list[str],
) -> None:
    assert_refused(upload(client, data, filename, **form), *named)
    assert left_behind(server) == []
    assert not (server.data_dir / "outside").exists()


def test_an_upload_named_with_a_control_character_is_refused(
    server: Server, client: httpx.Client
) -> None:
    """Written by hand: httpx would percent-encode the file name."""
    boundary = "codejudge-boundary"
    body = (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="a\x01b.zip"\r\n'
        + b"Content-Type: application/zip\r\n\r\n"
        + zipped(native(), folder="")
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = client.post("/api/v1/admin/problems/upload", content=body, headers=headers)
    assert_refused(response, "file", "control characters")
    assert left_behind(server) == []


def test_an_upload_with_a_duplicate_member_is_refused(server: Server, client: httpx.Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in native().items():
            zf.writestr(f"echo/{name}", text)
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("echo/statement.md", "# again\n")
    assert_refused(upload(client, buffer.getvalue()), "zip member", "clashes")
    assert left_behind(server) == []


def test_good_names_still_install(server: Server, client: httpx.Client) -> None:
    """The limits are the file system's: a 100-letter slug and a 255-byte file name pass."""
    slug = "a" * 100
    files = native(slug, **{f"notes/{'n' * 251}.txt": "x"})
    created = client.post("/api/v1/admin/problems", json={"files": files})
    assert created.status_code == 201, created.text
    assert client.get(f"/api/v1/problems/{slug}").status_code == 200
    assert client.delete(f"/api/v1/admin/problems/{slug}").status_code == 204
    assert left_behind(server) == []


@pytest.fixture
def broken_disk(server: Server) -> Iterator[Callable[[], None]]:
    """Makes the data dir's problems folder a file (the disk refuses every write there, as a
    full or read-only one would), and restores it afterwards."""
    problems = server.data_dir / "problems"

    def breakage() -> None:
        shutil.rmtree(problems, ignore_errors=True)
        problems.write_text("not a folder\n")

    yield breakage
    problems.unlink(missing_ok=True)
    problems.mkdir(exist_ok=True)


def test_a_disk_that_refuses_is_503_not_500(
    client: httpx.Client, broken_disk: Callable[[], None]
) -> None:
    broken_disk()
    created = client.post("/api/v1/admin/problems", json={"files": native()})
    assert created.status_code == 503, created.text
    assert "problems folder cannot be written" in created.json()["detail"]
    assert created.headers["retry-after"]
    uploaded = upload(client, zipped(native()))
    assert uploaded.status_code == 503, uploaded.text


def test_a_name_a_kattis_conversion_derives_too_long_is_refused(
    server: Server, client: httpx.Client
) -> None:
    """Kattis test groups are joined into one file name (data/secret/a/b.in -> a-b.in): two
    200-byte folders make a 400-byte name, refused by the file system while converting."""
    hello = Path(__file__).parents[1] / "kattis" / "hello"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for file in sorted(p for p in hello.rglob("*") if p.is_file()):
            zf.write(file, f"hello/{file.relative_to(hello)}")
        deep = f"hello/data/secret/{'d' * 200}/{'e' * 200}"
        zf.writestr(f"{deep}.in", "x\n")
        zf.writestr(f"{deep}.ans", "x\n")
    response = upload(client, buffer.getvalue(), "hello.zip")
    assert_refused(response, "a file of the package", "File name too long")
    assert left_behind(server) == []
