"""Run the offline bundle on a centre's own network, and update it safely.

    python3 mirror.py serve BUNDLE.zip|FOLDER|ROOT [--port 8080] [--bind 0.0.0.0]
    python3 mirror.py update NEW.zip --root /srv/safe-migration [--sums SHA256SUMS] [--keep 3]
    python3 mirror.py rollback --root /srv/safe-migration
    python3 mirror.py verify FOLDER

Standard library only, so the same file ships inside the bundle (mirror.py) for centre staff, and
runs in the project as `python -m scripts.mirror`.

Plain http on a LAN has no service worker: the bundle is a static site that needs nothing else.
An update never shows a half-copied site: the new bundle is unpacked into versions/, every file is
checked against the bundle's SHA256SUMS, and only then is the `current` symlink replaced in one
atomic rename. The version it replaced stays as `previous`, for `rollback`. A web server (this one,
or nginx with root /srv/safe-migration/current, see nginx.conf) follows the link on every request.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import http.server
import os
import shutil
import socket
import sys
import zipfile
from functools import partial
from pathlib import Path, PurePosixPath

SUMS = "SHA256SUMS"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".vcf", ".webmanifest", ".map"}
MIN_COMPRESS = 1024
HEADERS = {
    # The pages' own policy (scripts/security.py HEADER_POLICY; this file also runs alone, so it is copied).
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Refused(Exception):
    """The bundle is damaged or incomplete: nothing was changed."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def listed_files(folder: Path) -> list[Path]:
    """The files SHA256SUMS covers: all but itself and the compressed copies precompress() adds."""
    return [file for file in sorted(folder.rglob("*"))
            if file.is_file() and file.name != SUMS and not file.name.endswith((".gz", ".br"))]


def write_sums(folder: Path) -> Path:
    """SHA256SUMS for every file under folder, in `sha256sum -c` format, sorted."""
    lines = [f"{sha256(file)}  {file.relative_to(folder).as_posix()}\n" for file in listed_files(folder)]
    target = folder / SUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target


def read_sums(path: Path) -> dict[str, str]:
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(None, 1)
            sums[name.lstrip("*")] = digest
    return sums


def verify(folder: Path) -> None:
    """Every file listed is there with its checksum, and nothing unlisted was added."""
    sums_file = folder / SUMS
    if not sums_file.is_file():
        raise Refused(f"{folder}: no {SUMS}")
    sums = read_sums(sums_file)
    present = {f.relative_to(folder).as_posix() for f in listed_files(folder)}
    if missing := sorted(set(sums) - present):
        raise Refused(f"missing files: {', '.join(missing[:5])}")
    if extra := sorted(present - set(sums)):
        raise Refused(f"files not in {SUMS}: {', '.join(extra[:5])}")
    if bad := [name for name, digest in sums.items() if sha256(folder / name) != digest]:
        raise Refused(f"damaged files: {', '.join(bad[:5])}")


def bundle_root(folder: Path) -> Path:
    """The folder that holds index.html and SHA256SUMS (bundles keep them in one top folder)."""
    if (folder / SUMS).is_file():
        return folder
    inner = [d for d in folder.iterdir() if d.is_dir()]
    if len(inner) == 1 and (inner[0] / SUMS).is_file():
        return inner[0]
    raise Refused(f"{folder}: not a bundle (no {SUMS})")


def unpack(archive: Path, target: Path) -> Path:
    """Unzip safely (no paths outside target), check zip CRCs and every checksum; return the site folder."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            for name in bundle.namelist():
                path = PurePosixPath(name)
                if path.is_absolute() or ".." in path.parts:
                    raise Refused(f"{archive}: unsafe path {name}")
            if broken := bundle.testzip():
                raise Refused(f"{archive}: damaged entry {broken}")
            bundle.extractall(target)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise Refused(f"{archive}: not a readable zip ({error})") from error
    site = bundle_root(target)
    verify(site)
    return site


def precompress(folder: Path) -> int:
    """Write name.gz beside every text file worth compressing (nginx gzip_static, and `serve`), and
    name.br where the brotli module is installed (nginx brotli_static: about a fifth smaller again, for
    browsers on HTTPS). This file also runs alone on a mirror, so brotli stays optional."""
    try:
        import brotli
    except ImportError:
        brotli = None
    count = 0
    for file in folder.rglob("*"):
        if file.is_file() and file.suffix in COMPRESSIBLE and file.stat().st_size >= MIN_COMPRESS:
            data = file.read_bytes()
            packed = gzip.compress(data, 9, mtime=0)
            if len(packed) < len(data) * 0.9:
                file.with_name(file.name + ".gz").write_bytes(packed)
                if brotli:
                    file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
                count += 1
    return count


def _link(root: Path, name: str, target: str) -> None:
    """Point root/name at target in one atomic rename: readers see the old or the new, never neither."""
    temporary = root / f".{name}.new"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, root / name)


def update(archive: Path, root: Path, sums: Path | None = None, keep: int = 3) -> Path:
    """Install a new bundle as the current version; the one it replaces becomes `previous`."""
    archive, root = Path(archive), Path(root)
    if sums is None and (archive.parent / SUMS).is_file():
        sums = archive.parent / SUMS
    if sums is not None:
        listed = read_sums(Path(sums)).get(archive.name)
        if listed is None:
            raise Refused(f"{archive.name} is not listed in {sums}")
        if sha256(archive) != listed:
            raise Refused(f"{archive.name}: checksum does not match {sums}")
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f".incoming-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        site = unpack(archive, staging)
        name = f"{archive.stem}-{sha256(site / SUMS)[:10]}"
        final = versions / name
        if not final.exists():
            precompress(site)
            site.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    current = root / "current"
    old = os.readlink(current) if current.is_symlink() else None
    target = f"versions/{name}"
    if old != target:
        _link(root, "current", target)
        if old:
            _link(root, "previous", old)
    _prune(root, keep)
    return final


def rollback(root: Path) -> str:
    root = Path(root)
    if not (root / "previous").is_symlink():
        raise Refused(f"{root}: no previous version to go back to")
    now, before = os.readlink(root / "current"), os.readlink(root / "previous")
    _link(root, "current", before)
    _link(root, "previous", now)
    return before


def _prune(root: Path, keep: int) -> None:
    """Delete old versions beyond `keep`, never the current or the previous one."""
    used = {os.readlink(root / n) for n in ("current", "previous") if (root / n).is_symlink()}
    versions = sorted((d for d in (root / "versions").iterdir() if d.is_dir() and not d.name.startswith(".")),
                      key=lambda d: d.stat().st_mtime, reverse=True)
    for old in versions[keep:]:
        if f"versions/{old.name}" not in used:
            shutil.rmtree(old)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the site's security headers, precompressed .gz when the client takes gzip,
    and the site's own 404 page."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".vcf": "text/vcard", ".zim": "application/x-zim",
                      ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml"}

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):  # noqa: ANN201 (same signature as the standard library's)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        packed = path.with_name(path.name + ".gz")
        if path.is_file() and packed.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            handle = open(packed, "rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return handle
        if not path.exists() and not (Path(self.directory) / "404.html").is_file():
            return super().send_head()
        if not path.exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("MIRROR_QUIET") != "1":
            super().log_message(format, *args)


def serving_folder(source: Path, scratch: Path) -> Path:
    """What to serve for a zip (checked, unpacked), a mirror root (its `current`), or a folder."""
    source = Path(source)
    if source.is_file():
        return unpack(source, scratch)
    if (source / "current").is_symlink():
        return source / "current"          # not resolved: an update swaps it under a running server
    return bundle_root(source) if not (source / "index.html").is_file() else source


def make_server(folder: Path, port: int, bind: str = "0.0.0.0") -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((bind, port), partial(Handler, directory=str(folder)))


def addresses(port: int) -> list[str]:
    """Addresses other devices on the network can open (from this computer's own name lookup)."""
    found = set()
    try:
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if not address.startswith("127."):
                found.add(address)
    except OSError:
        pass
    return [f"http://{a}:{port}/" for a in sorted(found)] or [f"http://127.0.0.1:{port}/"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mirror", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a bundle (zip or folder) or a mirror root on the network")
    serve.add_argument("source", type=Path)
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--bind", default="0.0.0.0")
    up = commands.add_parser("update", help="install a new bundle: check, unpack, swap atomically")
    up.add_argument("archive", type=Path)
    up.add_argument("--root", type=Path, required=True)
    up.add_argument("--sums", type=Path, help="SHA256SUMS that lists the zip (default: one beside it)")
    up.add_argument("--keep", type=int, default=3)
    back = commands.add_parser("rollback", help="go back to the previous version")
    back.add_argument("--root", type=Path, required=True)
    check = commands.add_parser("verify", help="check a bundle folder against its SHA256SUMS")
    check.add_argument("folder", type=Path)
    pack = commands.add_parser("precompress", help="write .gz beside the text files of a built site")
    pack.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            installed = update(args.archive, args.root, args.sums, args.keep)
            print(f"mirror: now serving {installed.name} (previous version kept for rollback)")
        elif args.command == "rollback":
            print(f"mirror: now serving {rollback(args.root)}")
        elif args.command == "precompress":
            print(f"mirror: {precompress(args.folder)} files precompressed")
        elif args.command == "verify":
            verify(bundle_root(args.folder))
            print("mirror: every file matches SHA256SUMS")
        else:
            scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"safe-migration-serve-{os.getpid()}"
            folder = serving_folder(args.source, scratch)
            server = make_server(folder, args.port, args.bind)
            print("mirror: serving", folder, "— open", " or ".join(addresses(server.server_port)), flush=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    except Refused as error:
        print(f"mirror: refused, nothing changed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
