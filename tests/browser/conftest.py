"""A real browser (Debian's chromium via Playwright) against the built site on a local server."""
from __future__ import annotations

import contextlib
import functools
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 640}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler) -> tuple[ThreadingHTTPServer, str]:
    """A local server for a built site, in a thread; returns it and its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized page that records every request leaving the local server."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((site_url, "data:", "blob:"))
            else outside.append(request.url))
    yield page, outside
    context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def stop_server(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a server a test started (SIGINT lets the mirror remove its unpacked copy); kill it after 10 s."""
    process.send_signal(sig)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_answer(url: str, server: subprocess.Popen, seconds: float, what: str) -> bytes:
    """The body of url once the server a test started answers; fails at once if the server died."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, f"{what} stopped: {server.stderr.read()[-2000:]!r}"
            assert time.monotonic() < deadline, f"{what} did not answer within {seconds:.0f} s"
            time.sleep(0.2)


@contextlib.contextmanager
def watched_phone(browser: Browser, allowed: str, **options) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized page that records every failed response and every request leaving `allowed`."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((allowed, "data:", "blob:"))
            else problems.append(f"outside: {request.url}"))
    page.on("response", lambda response: problems.append(f"{response.status}: {response.url}")
            if response.status >= 400 else None)
    yield page, problems
    context.close()


def until(page: Page, script: str, seconds: float = 30) -> None:
    """Poll a condition (the pages' Content-Security-Policy forbids Playwright's eval-based wait_for_function)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        page.wait_for_timeout(200)
