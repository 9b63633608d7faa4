"""A centre's LAN mirror: a damaged bundle is refused and the old site keeps being served."""
from __future__ import annotations

import os
import threading
import urllib.request
import zipfile
from pathlib import Path

import brotli
import pytest

from scripts import mirror


def make_bundle(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / f"src-{name}" / "safe-migration"
    (folder / "ru").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{text}</h1>" + "x" * 2000, encoding="utf-8")
    (folder / "ru" / "index.html").write_text(f"<h1>{text} ru</h1>", encoding="utf-8")
    (folder / "404.html").write_text("not here", encoding="utf-8")
    mirror.write_sums(folder)
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
