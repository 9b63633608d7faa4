"""A centre's LAN mirror: a damaged bundle is refused and the old site keeps being served."""
from __future__ import annotations

import errno
import gzip
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest

from scripts.offline import mirror


def make_bundle(tmp_path: Path, name: str, text: str, unlisted: dict[str, bytes] | None = None) -> Path:
    """A small bundle zip; `unlisted` files are added to the zip after SHA256SUMS was written."""
    folder = tmp_path / f"src-{name}" / "safe-migration"
    (folder / "ru").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{text}</h1>" + "x" * 2000, encoding="utf-8")
    (folder / "ru" / "index.html").write_text(f"<h1>{text} ru</h1>", encoding="utf-8")
    (folder / "404.html").write_text("not here", encoding="utf-8")
    mirror.write_sums(folder)
    for path, data in (unlisted or {}).items():
        (folder / path).write_bytes(data)
    archive = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(folder.rglob("*")):
            bundle.write(file, f"safe-migration/{file.relative_to(folder).as_posix()}")
    return archive


def fetch(port: int, path: str = "") -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
        return response.read().decode()


@pytest.fixture
def served(tmp_path: Path):
    root = tmp_path / "srv"
    mirror.update(make_bundle(tmp_path, "v1", "first"), root)
    os.environ["MIRROR_QUIET"] = "1"
    server = mirror.make_server(mirror.serving_folder(root, tmp_path / "scratch"), 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, server.server_port
    server.shutdown()


def test_update_swaps_atomically_and_keeps_the_previous_version(served, tmp_path):
    root, port = served
    assert "first" in fetch(port)
    mirror.update(make_bundle(tmp_path, "v2", "second"), root)
    assert "second" in fetch(port) and "second ru" in fetch(port, "ru/")
    assert "v1" in os.readlink(root / "previous") and "v2" in os.readlink(root / "current")
    assert (Path(root / "current") / "index.html.gz").is_file(), "text files are precompressed"
    page = Path(root / "current") / "index.html"
    assert brotli.decompress((page.parent / "index.html.br").read_bytes()) == page.read_bytes()
    mirror.verify(Path(root / "current"))   # the compressed copies are not taken for files added to the bundle
    mirror.rollback(root)
    assert "first" in fetch(port)


def test_corrupted_bundle_is_refused_and_the_old_site_stays(served, tmp_path):
    root, port = served
    good = make_bundle(tmp_path, "v2", "second")
    broken = tmp_path / "broken.zip"
    # Stored (not compressed) member whose bytes change: zip CRC and SHA256SUMS both catch it.
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_STORED)
    data = bytearray(broken.read_bytes())
    at = data.find(b"second ru")
    data[at] = ord("X")
    broken.write_bytes(bytes(data))
    before = os.readlink(root / "current")
    with pytest.raises(mirror.Refused):
        mirror.update(broken, root)
    assert os.readlink(root / "current") == before
    assert "first" in fetch(port)
    assert not [p for p in (root / "versions").iterdir() if p.name.startswith(".incoming")]
    # A bundle whose files do not match its own SHA256SUMS (re-zipped after a change) is refused too.
    folder = tmp_path / "src-v2" / "safe-migration"
    (folder / "ru" / "index.html").write_text("tampered", encoding="utf-8")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as bundle:
        for file in sorted(folder.rglob("*")):
            bundle.write(file, f"safe-migration/{file.relative_to(folder).as_posix()}")
    with pytest.raises(mirror.Refused, match="damaged"):
        mirror.update(tampered, root)
    assert "first" in fetch(port)


def test_zip_checksum_from_downloads_is_checked(served, tmp_path):
    root, _ = served
    archive = make_bundle(tmp_path, "v3", "third")
    (tmp_path / "SHA256SUMS").write_text(f"{'0' * 64}  {archive.name}\n", encoding="utf-8")
    with pytest.raises(mirror.Refused, match="checksum"):
        mirror.update(archive, root)
    assert mirror.main(["update", str(archive), "--root", str(root)]) == 1


def test_serve_answers_gzip_and_404(served):
    root, port = served
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(port, "nothing/here.html")
    assert missing.value.code == 404


def refused(capsys, *argv: str) -> str:
    """Run the command line; it must refuse on one line, with no traceback, and exit 1."""
    assert mirror.main(list(argv)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mirror: ") and "Traceback" not in err, err
    return err


def unchanged(root: Path, port: int, before: str) -> None:
    assert os.readlink(root / "current") == before
    assert "first" in fetch(port)
    assert not list((root / "versions").glob(".incoming-*")), "staging folder left behind"


def test_unlisted_compressed_copies_are_refused_and_gzip_clients_get_the_checked_file(served, tmp_path, capsys):
    """A .gz or .br the bundle brings is what nginx (gzip_static) and `serve` send to most browsers."""
    root, port = served
    before = os.readlink(root / "current")
    tampered = make_bundle(tmp_path, "v2", "second", {"index.html.gz": gzip.compress(b"<h1>tampered</h1>"),
                                                       "index.html.br": brotli.compress(b"<h1>tampered</h1>")})
    err = refused(capsys, "update", str(tampered), "--root", str(root))
    assert "index.html.br" in err and "index.html.gz" in err and "not in SHA256SUMS" in err
    unchanged(root, port, before)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b"first" in gzip.decompress(response.read())
    # A copy tampered with after the install is found by verify, which names it.
    current = root / "current"
    (current / "index.html.gz").write_bytes(gzip.compress(b"<h1>tampered</h1>"))
    assert "index.html.gz" in refused(capsys, "verify", str(current))


def patch_headers(data: bytes, local_offset: int, central_offset: int, value: int, size: int = 2) -> bytes:
    """Set a field in every local and central zip header (flags at 6/8, method at 8/10)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        at = out.find(signature)
        while at >= 0:
            field = int.from_bytes(out[at + offset: at + offset + size], "little")
            out[at + offset: at + offset + size] = (field | value if offset in (6, 8) and value == 1 else value
                                                    ).to_bytes(size, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def broken_zip(kind: str, good: Path) -> bytes:
    data = good.read_bytes()
    if kind == "truncated":
        return data[: len(data) // 2]
    if kind == "not a zip":
        return b"<html>a login page saved as .zip</html>"
    if kind == "encrypted":            # the "password" flag, as zip -e sets it
        return patch_headers(data, 6, 8, 1)
    if kind == "deflate64":            # compression method 9: Windows Explorer writes it for big files
        return patch_headers(data, 8, 10, 9)
    if kind == "corrupt data":         # the deflate stream of one entry overwritten with garbage
        with zipfile.ZipFile(good) as bundle:
            info = bundle.getinfo("safe-migration/index.html")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        return data[:start] + b"\xff" * info.compress_size + data[start + info.compress_size:]
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["truncated", "not a zip", "encrypted", "deflate64", "corrupt data"])
def test_a_broken_zip_is_a_one_line_refusal(served, tmp_path, capsys, kind):
    root, port = served
    before = os.readlink(root / "current")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(broken_zip(kind, make_bundle(tmp_path, "v2", "second")))
    err = refused(capsys, "update", str(bad), "--root", str(root))
    assert str(bad) in err
    if kind in ("encrypted", "deflate64", "corrupt data"):
        assert "safe-migration/" in err and (kind.split()[0] in err or kind == "corrupt data"), err
    unchanged(root, port, before)
    refused(capsys, "serve", str(bad), "--port", "0", "--bind", "127.0.0.1")   # checked before serving
    assert not (Path(os.environ.get("TMPDIR", "/tmp")) / f"safe-migration-serve-{os.getpid()}").exists()


def replace_member(archive: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(archive) as source:
        members = {n: source.read(n) for n in source.namelist()}
    members[name] = data
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, content)


@pytest.mark.parametrize("line, found", [(b"not a checksum line", "not 'checksum  name'"),
                                         (b"0" * 63 + b"  ru/index.html", "not 'checksum  name'"),
                                         (b"0" * 64 + b"  ../../etc/passwd", "unsafe name"),
                                         (b"\xff\xfe", "not text")],
                         ids=["stray line", "short checksum", "path outside", "binary"])
@pytest.mark.parametrize("where", ["inside the bundle", "beside the zip"])
def test_a_malformed_sha256sums_is_a_one_line_refusal(served, tmp_path, capsys, line, found, where):
    root, port = served
    before = os.readlink(root / "current")
    archive = make_bundle(tmp_path, "v2", "second")
    if where == "inside the bundle":
        sums = (tmp_path / "src-v2" / "safe-migration" / "SHA256SUMS").read_bytes()
        replace_member(archive, "safe-migration/SHA256SUMS", sums + line + b"\n")
    else:
        listing = f"{mirror.sha256(archive)}  {archive.name}\n".encode()
        (tmp_path / "SHA256SUMS").write_bytes(listing + line + b"\n" + listing)
    err = refused(capsys, "update", str(archive), "--root", str(root))
    assert "SHA256SUMS" in err and found in err
    assert "line " in err or found == "not text"
    unchanged(root, port, before)


class _FullDisk:
    """A file whose writes fail as on a full disk, after the first few kilobytes."""

    def __init__(self, real) -> None:
        self.real, self.left = real, 2000

    def write(self, data: bytes) -> int:
        self.left -= len(data)
        if self.left < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real.write(data)

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *args) -> None:
        self.real.close()


def test_a_full_disk_is_a_one_line_refusal(served, tmp_path, capsys, monkeypatch):
    root, port = served
    before = os.readlink(root / "current")
    archive = make_bundle(tmp_path, "v2", "second")
    # Known before unpacking: the zip says how much it holds.
    with monkeypatch.context() as patch:
        patch.setattr(mirror.shutil, "disk_usage", lambda path: SimpleNamespace(total=9000, used=8000, free=1000))
        assert "MB free" in refused(capsys, "update", str(archive), "--root", str(root))
    unchanged(root, port, before)
    # Full while unpacking (the space went to something else meanwhile).
    with monkeypatch.context() as patch:
        patch.setattr(mirror, "open", lambda path, mode="r", *a, **k: _FullDisk(open(path, mode, *a, **k)),
                      raising=False)
        err = refused(capsys, "update", str(archive), "--root", str(root))
        assert "index.html: cannot write (No space left on device)" in err
    unchanged(root, port, before)
    # Full while writing the compressed copies.
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_bytes", full)
        err = refused(capsys, "update", str(archive), "--root", str(root))
        assert ".gz: cannot write a compressed copy (No space left on device)" in err
    unchanged(root, port, before)
    mirror.update(archive, root)
    assert "second" in fetch(port)


SLOW_UPDATE = """
import sys, time
from scripts.offline import mirror
checked = mirror.verify
def slow(*args, **kwargs):
    time.sleep(60)               # killed here, with the bundle unpacked in versions/.incoming-<pid>
    return checked(*args, **kwargs)
mirror.verify = slow
sys.exit(mirror.main(sys.argv[1:]))
"""


def test_killed_updates_leave_staging_that_the_next_update_removes(served, tmp_path):
    root, port = served
    archive = make_bundle(tmp_path, "v2", "second")
    for _ in range(2):
        update = subprocess.Popen([sys.executable, "-c", SLOW_UPDATE, "update", str(archive), "--root", str(root)],
                                  cwd=Path(__file__).resolve().parent.parent)
        try:
            deadline = time.monotonic() + 30
            while not any((d / "safe-migration" / "SHA256SUMS").is_file()
                          for d in (root / "versions").glob(f".incoming-{update.pid}")):
                assert update.poll() is None and time.monotonic() < deadline, "the update never got to unpacking"
                time.sleep(0.05)
        finally:
            update.send_signal(signal.SIGKILL)
            update.wait(timeout=10)
    # Each update starts by removing what the killed ones left: only the last one's staging is there.
    assert [d.name for d in (root / "versions").glob(".incoming-*")] == [f".incoming-{update.pid}"]
    assert "first" in fetch(port)
    mirror.update(archive, root)
    assert not list((root / "versions").glob(".incoming-*"))
    assert "second" in fetch(port)


def test_serve_cleans_what_a_killed_serve_left(tmp_path):
    dead = tmp_path / "safe-migration-serve-999999999"
    alive = tmp_path / f"safe-migration-serve-{os.getpid()}"
    for folder in (dead, alive):
        (folder / "site").mkdir(parents=True)
    assert mirror.clean_scratch(tmp_path) == 1
    assert not dead.exists() and alive.exists()


def test_idle_connections_time_out_and_threads_are_bounded(served):
    """200 clients that connect and say nothing: no more threads than the ceiling, all closed soon."""
    root, _ = served
    server = mirror.make_server(root / "current", 0, "127.0.0.1", timeout=0.5, max_threads=8)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    before = threading.active_count()
    clients: list[socket.socket] = []
    try:
        peak = before
        for _ in range(200):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            peak = max(peak, threading.active_count())
        still_open = set(clients)
        deadline = time.monotonic() + 10
        while still_open and time.monotonic() < deadline:
            readable, _, _ = select.select(list(still_open), [], [], 0.1)
            for client in readable:
                try:
                    if not client.recv(4096):
                        still_open.discard(client)
                except ConnectionError:
                    still_open.discard(client)
            peak = max(peak, threading.active_count())
        assert not still_open, f"{len(still_open)} idle connections still open after 10 s"
        assert peak - before <= 8, f"{peak - before} threads for idle connections"
        assert "first" in fetch(port), "the server still answers"
    finally:
        for client in clients:
            client.close()
        server.shutdown()
        server.server_close()
