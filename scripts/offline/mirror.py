"""Run the offline bundle on a centre's own network, and update it safely.

    python3 mirror.py serve BUNDLE.zip|FOLDER|ROOT [--port 8080] [--bind 0.0.0.0] [--timeout 30] [--threads 64]
    python3 mirror.py update NEW.zip --root /srv/safe-migration [--sums SHA256SUMS] [--keep 3]
    python3 mirror.py rollback --root /srv/safe-migration
    python3 mirror.py verify FOLDER

Standard library only, so the same file ships inside the bundle (mirror.py) for centre staff, and
runs in the project as `python -m scripts.offline.mirror`.

Plain http on a LAN has no service worker: the bundle is a static site that needs nothing else.
An update never shows a half-copied site: the new bundle is unpacked into versions/, every file is
checked against the bundle's SHA256SUMS, and only then is the `current` symlink replaced in one
atomic rename. The version it replaced stays as `previous`, for `rollback`. A web server (this one,
or nginx with root /srv/safe-migration/current, see nginx.conf) follows the link on every request.

Every fault is a refusal, not a traceback: a damaged, encrypted or oddly packed zip, a malformed
SHA256SUMS, a full disk each end with one line naming the file, exit code 1, and nothing changed.
Only files SHA256SUMS lists are installed; the compressed copies (.gz, .br) are made here from
checked files. An update killed half-way leaves a staging folder, removed by the next update.
`serve` closes idle connections and runs a bounded number of threads.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.server
import os
import re
import shutil
import socket
import sys
import threading
import zipfile
import zlib
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Iterator

SUMS = "SHA256SUMS"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".vcf", ".webmanifest", ".map"}
MIN_COMPRESS = 1024
COPIES = (".gz", ".br")
SUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
# What Python's zipfile can unpack; others by name, so a refusal can say what the zip holds.
ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
               zipfile.ZIP_LZMA: "lzma"}
OTHER_METHODS = {9: "deflate64", 6: "implode", 93: "zstd", 98: "ppmd", 99: "AES"}
STAGING = ".incoming-"
try:
    from lzma import LZMAError
except ImportError:        # a Python built without lzma: its entries fail with NotImplementedError
    LZMAError = OSError
ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError,
              zlib.error, LZMAError)
TIMEOUT = 30.0      # seconds a connection may stay silent before the server closes it
MAX_THREADS = 64    # connections served at once; more get "503, try again" rather than a thread each
HEADERS = {
    # The pages' own policy (scripts/site/security.py HEADER_POLICY; this file also runs alone, so it is copied).
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
    """Every file under folder but SHA256SUMS itself: what SHA256SUMS must list."""
    return [file for file in sorted(folder.rglob("*")) if file.is_file() and file.name != SUMS]


def write_sums(folder: Path) -> Path:
    """SHA256SUMS for every file under folder, in `sha256sum -c` format, sorted."""
    lines = [f"{sha256(file)}  {file.relative_to(folder).as_posix()}\n" for file in listed_files(folder)]
    target = folder / SUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target


def read_sums(path: Path) -> dict[str, str]:
    """Names and checksums from a `sha256sum` file. Anything else in it is a refusal naming the line:
    a name that leaves the folder, a short checksum or a stray line would otherwise check nothing."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise Refused(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise Refused(f"{path}: not a {SUMS} file (not text)") from error
    except OSError as error:
        raise Refused(f"{path}: cannot read ({error.strerror})") from error
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = SUM_LINE.fullmatch(line)
        if not match:
            raise Refused(f"{path}, line {number}: not 'checksum  name': {line[:60]!r}")
        digest, name = match.group(1).lower(), match.group(2)
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts or "\\" in name or name in sums:
            raise Refused(f"{path}, line {number}: {'listed twice' if name in sums else 'unsafe name'}: {name[:60]!r}")
        sums[name] = digest
    if not sums:
        raise Refused(f"{path}: lists no files")
    return sums


def _copy_of(name: str, sums: dict[str, str]) -> str | None:
    """'a/b.html' for 'a/b.html.gz' (or .br) when SHA256SUMS lists 'a/b.html': a compressed copy."""
    for suffix in COPIES:
        if name.endswith(suffix) and name[: -len(suffix)] in sums:
            return name[: -len(suffix)]
    return None


def _unpacked_sha256(path: Path) -> str | None:
    """The checksum of what a .gz or .br file unpacks to; None if it does not unpack."""
    try:
        if path.suffix == ".gz":
            digest = hashlib.sha256()
            with gzip.open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()
        import brotli
        return hashlib.sha256(brotli.decompress(path.read_bytes())).hexdigest()
    except ImportError:
        raise Refused(f"{path}: cannot check it (Python's brotli module is not installed)") from None
    except Exception:  # noqa: BLE001 (damaged data: gzip raises OSError or EOFError, brotli its own error)
        return None


def verify(folder: Path, copies: bool = True) -> None:
    """Every file listed is there with its checksum, and nothing unlisted was added. With `copies`, a
    .gz or .br beside a listed file is allowed if it unpacks to exactly that file (precompress() made
    it, or it is as good as): servers send those to clients that take compression."""
    folder = Path(folder)
    sums_file = folder / SUMS
    if not sums_file.is_file():
        raise Refused(f"{folder}: no {SUMS}")
    sums = read_sums(sums_file)
    present = {f.relative_to(folder).as_posix() for f in listed_files(folder)}
    if missing := sorted(set(sums) - present):
        raise Refused(f"{folder}: missing files: {', '.join(missing[:5])}")
    unlisted = sorted(present - set(sums))
    if extra := [name for name in unlisted if not (copies and _copy_of(name, sums))]:
        raise Refused(f"{folder}: files not in {SUMS}: {', '.join(extra[:5])}")
    if bad := [name for name, digest in sums.items() if sha256(folder / name) != digest]:
        raise Refused(f"{folder}: damaged files: {', '.join(bad[:5])}")
    if bad := [name for name in unlisted if _unpacked_sha256(folder / name) != sums[_copy_of(name, sums)]]:
        raise Refused(f"{folder}: compressed copies that differ from their file: {', '.join(bad[:5])}")


def bundle_root(folder: Path) -> Path:
    """The folder that holds index.html and SHA256SUMS (bundles keep them in one top folder)."""
    if (folder / SUMS).is_file():
        return folder
    inner = [d for d in folder.iterdir() if d.is_dir()]
    if len(inner) == 1 and (inner[0] / SUMS).is_file():
        return inner[0]
    raise Refused(f"{folder}: not a bundle (no {SUMS})")


def _check_entries(archive: Path, bundle: zipfile.ZipFile, target: Path) -> None:
    """Refuse, before writing anything, what zipfile would stumble on half-way: unsafe paths,
    encrypted entries, compression it cannot unpack, and more data than the disk has room for."""
    total = 0
    for info in bundle.infolist():
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:   # Windows reads '..\\x' as a way out
            raise Refused(f"{archive}: unsafe path {info.filename}")
        if info.flag_bits & 0x1:
            raise Refused(f"{archive}: {info.filename} is encrypted (a bundle never has a password)")
        if info.compress_type not in ZIP_METHODS:
            method = OTHER_METHODS.get(info.compress_type, f"method {info.compress_type}")
            raise Refused(f"{archive}: {info.filename} is packed with {method}, which this tool cannot unpack "
                          "(make the zip again with ordinary deflate compression)")
        total += info.file_size
    free = shutil.disk_usage(target).free
    if total > free:
        raise Refused(f"{archive}: needs {total / 1e6:.0f} MB to unpack, {target} has {free / 1e6:.0f} MB free")


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A failed write (disk full, read-only) as a refusal naming the file."""
    try:
        yield
    except OSError as error:
        raise Refused(f"{path}: cannot write ({error.strerror or error})") from error


@contextlib.contextmanager
def _reading(archive: Path, entry: str) -> Iterator[None]:
    """A failed read of a zip entry (bad data, bad CRC, an unreadable stick) as a refusal naming it."""
    try:
        yield
    except ZIP_ERRORS as error:
        raise Refused(f"{archive}: damaged entry {entry} ({error})") from error


def _extract(archive: Path, bundle: zipfile.ZipFile, target: Path) -> None:
    """Unpack entry by entry, so a damaged entry and a failed write are each a refusal that names
    the entry or the file (extractall() gave a traceback for both)."""
    for info in bundle.infolist():
        destination = target / info.filename
        with _writing(destination):
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            out = open(destination, "wb")
        with out:
            with _reading(archive, info.filename):
                source = bundle.open(info)
            with source:
                while True:
                    with _reading(archive, info.filename):
                        block = source.read(1 << 20)
                    if not block:
                        break
                    with _writing(destination):
                        out.write(block)
            with _writing(destination):
                out.flush()


def unpack(archive: Path, target: Path) -> Path:
    """Unzip safely (no paths outside target), check zip CRCs and every checksum; return the site folder.
    Only files SHA256SUMS lists are accepted: a .gz or .br the bundle brings along would be sent to
    clients that take compression, so it is refused like any other unlisted file."""
    archive, target = Path(archive), Path(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Refused(f"{target}: cannot create ({error.strerror})") from error
    try:
        bundle = zipfile.ZipFile(archive)
    except FileNotFoundError as error:
        raise Refused(f"{archive}: no such file") from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise Refused(f"{archive}: not a readable zip ({error})") from error
    with bundle:
        _check_entries(archive, bundle, target)
        _extract(archive, bundle, target)
    site = bundle_root(target)
    verify(site, copies=False)
    return site


def precompress(folder: Path) -> int:
    """Write name.gz beside every text file worth compressing (nginx gzip_static, and `serve`), and
    name.br where the brotli module is installed (nginx brotli_static: about a fifth smaller again, for
    browsers on HTTPS). This file also runs alone on a mirror, so brotli stays optional.
    A full disk is a refusal naming the file being written."""
    try:
        return _precompress(Path(folder))
    except OSError as error:
        where = error.filename or folder
        raise Refused(f"{where}: cannot write a compressed copy ({error.strerror})") from error


def _precompress(folder: Path) -> int:
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
                _write(file.with_name(file.name + ".gz"), packed)
                if brotli:
                    _write(file.with_name(file.name + ".br"), brotli.compress(data, quality=11))
                count += 1
    return count


def _write(path: Path, data: bytes) -> None:
    """path.write_bytes, with the path in the error (a full disk says where it was writing)."""
    try:
        path.write_bytes(data)
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        raise


def _link(root: Path, name: str, target: str) -> None:
    """Point root/name at target in one atomic rename: readers see the old or the new, never neither."""
    temporary = root / f".{name}.new"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, root / name)


@contextlib.contextmanager
def _one_update(root: Path) -> Iterator[None]:
    """One update at a time per root (a lock the system drops when the process dies, however it
    dies), so every staging folder found while holding it was left by an update that was killed.
    Where there is no fcntl (Windows), updates are not locked: run one at a time."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(root / ".update.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise Refused(f"{root}: another update is running") from error
        yield


def clean_staging(versions: Path) -> int:
    """Remove what killed updates left in versions/ (half-unpacked bundles); return how many."""
    stale = [path for path in versions.glob(f"{STAGING}*") if path.is_dir()]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale)


def update(archive: Path, root: Path, sums: Path | None = None, keep: int = 3) -> Path:
    """Install a new bundle as the current version; the one it replaces becomes `previous`."""
    archive, root = Path(archive), Path(root)
    if not archive.is_file():
        raise Refused(f"{archive}: no such file")
    if sums is None and (archive.parent / SUMS).is_file():
        sums = archive.parent / SUMS
    if sums is not None:
        listed = read_sums(Path(sums)).get(archive.name)
        if listed is None:
            raise Refused(f"{archive.name} is not listed in {sums}")
        if sha256(archive) != listed:
            raise Refused(f"{archive.name}: checksum does not match {sums}")
    versions = root / "versions"
    try:
        versions.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Refused(f"{versions}: cannot create ({error.strerror})") from error
    with _one_update(root):
        clean_staging(versions)
        staging = versions / f"{STAGING}{os.getpid()}"
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
    if not (root / "previous").is_symlink() or not (root / "current").is_symlink():
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


BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: text/plain\r\n"
        b"Content-Length: 25\r\nConnection: close\r\n\r\nBusy: try again shortly.\n")


class Server(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer with a ceiling: at most `max_threads` connections are served at once, and
    each closes after `Handler.timeout` seconds of silence. Without both, every idle or slow client
    held a thread for ever (200 idle connections, 200 threads), and a few hundred could stop a centre's
    mirror. A connection beyond the ceiling gets a short 503 at once and is closed."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type, max_threads: int = MAX_THREADS) -> None:
        self.slots = threading.BoundedSemaphore(max_threads)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:  # noqa: ANN001 (socketserver's)
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # noqa: ANN001
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def serving_folder(source: Path, scratch: Path) -> Path:
    """What to serve for a zip (checked, unpacked), a mirror root (its `current`), or a folder."""
    source = Path(source)
    if source.is_file():
        try:
            return unpack(source, scratch)
        except Refused:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    if not source.is_dir():
        raise Refused(f"{source}: no such file or folder")
    if (source / "current").is_symlink():
        return source / "current"          # not resolved: an update swaps it under a running server
    return bundle_root(source) if not (source / "index.html").is_file() else source


def _running(pid: int) -> bool:
    """Whether a process is alive (POSIX); elsewhere assume it is, so nothing in use is removed."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_scratch(parent: Path) -> int:
    """Remove unpacked zips that killed `serve` processes left in the temporary folder."""
    removed = 0
    for path in parent.glob("safe-migration-serve-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and path.is_dir() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def make_server(folder: Path, port: int, bind: str = "0.0.0.0", timeout: float = TIMEOUT,
                max_threads: int = MAX_THREADS) -> Server:
    """A server for folder; `timeout` seconds of silence close a connection (see Server)."""
    handler = type("TimedHandler", (Handler,), {"timeout": timeout})
    return Server((bind, port), partial(handler, directory=str(folder)), max_threads)


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
    serve.add_argument("--timeout", type=float, default=TIMEOUT, help="close a connection silent this long (seconds)")
    serve.add_argument("--threads", type=int, default=MAX_THREADS, help="connections served at once")
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
            temporary = Path(os.environ.get("TMPDIR", "/tmp"))
            clean_scratch(temporary)
            scratch = temporary / f"safe-migration-serve-{os.getpid()}"
            folder = serving_folder(args.source, scratch)
            server = make_server(folder, args.port, args.bind, args.timeout, args.threads)
            print("mirror: serving", folder, "— open", " or ".join(addresses(server.server_port)), flush=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    except Refused as error:
        print(f"mirror: refused, nothing changed: {one_line(error)}", file=sys.stderr)
        return 1
    except OSError as error:   # what the steps above did not foresee: still one line, naming the file
        where = f"{error.filename}: " if error.filename else ""
        print(f"mirror: stopped: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def one_line(error: Exception) -> str:
    """A refusal on one line (file names from a zip may hold line breaks)."""
    return " ".join(str(error).splitlines())


if __name__ == "__main__":
    sys.exit(main())
