"""The GitHub workflow (.github/workflows/ci.yml), checked where forks and contributors can check it:
GitHub cannot be reached from the machines this project is developed on, so a broken workflow would
otherwise be found only after a push.

- it validates against GitHub's workflow schema (check-jsonschema's copy of it, offline);
- zizmor's offline audit finds nothing (zizmor.yml says what is accepted, and why);
- its jobs run in the platform the tests expect, with no sudo and no token left in .git/config;
- the Pages build is given the published address and the repository's address;
- its shell steps parse, name scripts that exist, and the ones that need no GitHub run here, in order.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.leaflets.plan import zip_path
from scripts.offline import bundle as offline_bundle
from scripts.site.languages import codes
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
ZIZMOR_CONFIG = ROOT / "zizmor.yml"
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def jobs() -> dict[str, dict]:
    return workflow()["jobs"]


def run_steps(job: dict) -> list[dict]:
    return [step for step in job["steps"] if "run" in step]


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} is missing from the venv: ./scripts/setup installs requirements.txt"
    return str(path)


def test_workflow_matches_githubs_schema():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress",
                           "--config", str(ZIZMOR_CONFIG), *map(str, paths)],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def test_zizmor_finds_nothing_in_the_workflow():
    result = zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_still_wants_other_actions_pinned_to_a_commit(tmp_path):
    """zizmor.yml accepts GitHub's own actions by tag (no SHA can be checked from here); an action of
    anyone else must still be pinned to a commit."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "ci.yml").write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "      - run: ./scripts/setup\n", "      - uses: someone/setup-things@v1\n      - run: ./scripts/setup\n", 1),
        encoding="utf-8")
    result = zizmor(folder / "ci.yml")
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout + result.stderr
    assert "someone/setup-things@v1" in result.stdout and "actions/checkout" not in result.stdout


def test_jobs_run_in_the_platform_the_tests_expect():
    os_release = Path("/etc/os-release")
    here = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', os_release.read_text(), re.M)) if os_release.exists() else {}
    for name, job in jobs().items():
        container = job.get("container")
        image = container["image"] if isinstance(container, dict) else container
        assert image, f"job {name}: no container; the runner's own Ubuntu has another browser and other fonts"
        match = re.fullmatch(r"python:(\d+\.\d+)(?:\.\d+)?-(bookworm|trixie)", image)
        assert match, f"job {name}: {image} is not a Debian python image"
        assert match[1] == f"{sys.version_info.major}.{sys.version_info.minor}", \
            f"job {name}: {image} runs another Python than the tests here ({sys.version.split()[0]})"
        if here.get("ID") == "debian":
            assert match[2] == here.get("VERSION_CODENAME"), f"job {name}: {image}, but this machine is {here}"
        for step in job["steps"]:
            assert "sudo" not in shlex.split(EXPRESSION.sub("X", step.get("run", "")), comments=True), \
                f"job {name}: no sudo in a container (jobs run as root)"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"job {name}: {step}"
            assert "actions/setup-python" not in step.get("uses", ""), "the container's Python is the one"


def test_pages_build_is_given_the_published_address():
    publish = jobs()["publish"]
    pages = [step for step in publish["steps"] if step.get("uses", "").startswith("actions/configure-pages@")]
    assert len(pages) == 1 and pages[0].get("id"), "configure-pages, with an id, gives the Pages address"
    build = [step for step in run_steps(publish) if "./scripts/build" in step["run"]]
    assert len(build) == 1
    env = build[0].get("env", {})
    assert f"steps.{pages[0]['id']}.outputs.base_url" in env.get("SITE_URL", ""), env
    assert env.get("REPO_URL") == "${{ github.server_url }}/${{ github.repository }}"
    assert publish["needs"] == "test"
    deploy = [step["uses"].split("@")[0] for step in publish["steps"] if "uses" in step]
    assert deploy.index("actions/upload-pages-artifact") < deploy.index("actions/deploy-pages")


def test_ci_runs_what_the_readme_and_ci_run():
    """The workflow's test job runs the suite the way .ci/run and the README do."""
    test = [step["run"] for step in run_steps(jobs()["test"])]
    assert "./scripts/test" in test and "./scripts/build" in test
    assert test.index("./scripts/setup") < test.index("./scripts/test") < test.index("./scripts/build")
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def commands(script: str) -> list[list[str]]:
    """The simple commands of a step's script, split as bash would (expressions replaced)."""
    found = []
    for line in re.sub(r"\\\n", " ", EXPRESSION.sub("X", script)).splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            if words:
                found.append(words)
    return found


@pytest.mark.parametrize("job", ["test", "publish"])
def test_shell_steps_parse_and_name_what_exists(job):
    for step in run_steps(jobs()[job]):
        script = step["run"]
        assert "${{" not in script, f"{script!r}: expressions go through env:, never into the script"
        syntax = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
        assert syntax.returncode == 0, f"{script!r}: {syntax.stderr}"
        for words in commands(script):
            program = words[0]
            if program.startswith(("./", ".venv/")):
                assert (ROOT / program).is_file() and os.access(ROOT / program, os.X_OK), f"{program} in {script!r}"
            if program.endswith("python") and words[1:2] == ["-m"] and words[2].startswith("scripts."):
                target = ROOT / words[2].replace(".", "/")   # a package runs its __main__.py
                module = target / "__main__.py" if target.is_dir() else target.with_suffix(".py")
                assert module.is_file() and "main(" in module.read_text(encoding="utf-8"), words


def fake_site(site: Path) -> list[str]:
    """What scripts/build leaves for the release, named as the project names it."""
    files = [f"downloads/{offline_bundle.ZIP_NAME}", "downloads/SHA256SUMS"]
    files += [f"downloads/{offline_bundle.NAME}_{code}.zim" for code in codes()]
    files += [zip_path(code) for code in codes()]
    files += ["leaflets/ru/tb-a4.pdf"]                 # not released one by one: in the language's zip
    for file in files:
        (site / file).parent.mkdir(parents=True, exist_ok=True)
        (site / file).write_bytes(b"x")
    return files


def test_shell_steps_run_here_in_order(tmp_path):
    """Each job's shell steps, in order, in a copy of the project: the ones that need GitHub (gh) get a
    stand-in that records what it was asked; the ones this suite already is (setup, test) or that take
    minutes (build) are stood in for too, but the files and commands they name are checked above."""
    work = tmp_path / "checkout"
    at_root = {".git", ".venv", "site", "build", "node_modules", "test-results"}   # scripts/site/ is code
    everywhere = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis")
    shutil.copytree(ROOT, work, symlinks=True, ignore=lambda folder, names: everywhere(folder, names) | (
        at_root & set(names) if Path(folder) == ROOT else set()))
    (work / ".venv").symlink_to(ROOT / ".venv")
    released = fake_site(work / "site")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "calls.jsonl"
    stub = f"#!{sys.executable}\nimport json, os, sys\n" \
           f"open({str(log)!r}, 'a').write(json.dumps([os.path.basename(sys.argv[0])] + sys.argv[1:]) + '\\n')\n"
    for name in ("gh", "apt-get"):
        (stubs / name).write_text(stub, encoding="utf-8")
        (stubs / name).chmod(0o755)
    for job_name, job in jobs().items():
        for step in run_steps(job):
            script = step["run"]
            for slow in ("./scripts/setup", "./scripts/test", "./scripts/build"):
                script = re.sub(rf"(?<![\w/.]){re.escape(slow)}(?![\w/])", f"echo stand-in for {slow}", script)
            env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}", "GITHUB_SHA": "0123abc",
                   **{key: EXPRESSION.sub("value", str(value)) for key, value in step.get("env", {}).items()}}
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                    cwd=work, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, f"job {job_name}: {step['run']!r}\n{result.stdout}\n{result.stderr}"
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [call[0] for call in calls] == ["gh"], calls          # gh is there: nothing to install
    gh = calls[0]
    assert gh[1:3] == ["release", "create"] and re.fullmatch(r"site-\d{8}-\d{6}", gh[3]), gh
    wanted = sorted(f"site/{file}" for file in released if not file.endswith(".pdf"))
    assert sorted(arg for arg in gh[4:] if arg.startswith("site/")) == wanted
    assert "Built from 0123abc." in gh
