"""The hosting example (scripts/hosting/nginx.conf) run by a real nginx against the built site."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "scripts" / "hosting" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(built_site: Path, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = CONF.read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /srv/safe-migration/current;", f"root {built_site};")
    server = server.replace("include mime.types;", "include /etc/nginx/mime.types;")
    user = "user root;\n" if os.geteuid() == 0 else ""   # the site is in a private temporary folder
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {folder};\nproxy_temp_path {folder};\n"
        f"fastcgi_temp_path {folder};\nuwsgi_temp_path {folder};\nscgi_temp_path {folder};\n{server}\n}}\n",
        encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command + ["-g", "daemon off;"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


def get(url: str, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_example_config_is_valid_and_serves_the_site(nginx: str):
    status, headers, body = get(nginx + "ru/health/tb/")
    assert status == 200 and b'<html lang="ru"' in body
    status, headers, body = get(nginx + "no/such/page/")
    assert status == 404 and b"<html" in body, "the site's own 404 page"


def test_every_response_carries_the_security_headers(nginx: str, built_site: Path):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    asset = re.search(r'href="(assets/portal\.css\?v=[0-9a-f]+)"', page).group(1)
    for path in ["", "ru/health/tb/", asset, "sw.js", "offline/index.json", "no/such/page/"]:
        _, headers, _ = get(nginx + path)
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", ""), path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("Referrer-Policy") == "no-referrer", path


def test_versioned_files_are_kept_a_year_and_the_rest_revalidated(nginx: str, built_site: Path):
    page = (built_site / "ru" / "health" / "tb" / "index.html").read_text(encoding="utf-8")
    linked = [re.sub(r"^(\.\./)+", "", href) for href in
              re.findall(r'(?:src|href|data-bundle)="((?:\.\./)*assets/[^"]+)"', page)]
    assert any("?v=" in href for href in linked) and any("/javascripts/bundle." in href for href in linked)
    assert any("/stylesheets/main." in href for href in linked)
    for href in linked:
        if "?v=" in href or "/javascripts/" in href or "/stylesheets/" in href:
            _, headers, _ = get(nginx + href)
            assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"], href
    for path in ["ru/health/tb/", "sw.js", "assets/portal.css", "offline/index.json", "search/ru.js"]:
        _, headers, _ = get(nginx + path)
        assert headers["Cache-Control"] == "no-cache", path


def test_text_is_sent_compressed(nginx: str):
    _, headers, body = get(nginx + "ru/health/tb/", gzip=True)
    assert headers.get("Content-Encoding") == "gzip" and body[:2] == b"\x1f\x8b"
