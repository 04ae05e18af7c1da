"""End-to-end browser tests: JupyterLab / Voilà in headless Chromium (Debian chromium driven by playwright; see README "Tests").

Recipe that works on these machines (and offline):
* Debian's ``/usr/bin/chromium`` driven by Python Playwright with ``executable_path``
  (never ``playwright install``, which downloads browsers);
* JupyterLab started on 127.0.0.1 with a token, ``--ServerApp.port_retries=0``,
  ``--allow-root`` when root, every Jupyter/IPython/matplotlib state directory in a
  temporary directory, the news pop-up silenced with an ``overrides.json``;
* the notebooks are served from a temporary *copy* of ``notebooks/`` so running
  them in the browser never touches the committed files.

Without Chromium the tests skip with the reason; with ``CNN_REQUIRE_BROWSER=1``
(set by ``.ci/run``) a missing Chromium is a failure; ``CNN_CHROMIUM=/path`` picks
another binary.  When a test fails, a screenshot of the page and of the explorer
under test, the page's text and console errors (and, for a figure mismatch, the
shown and expected images) are saved in ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# JupyterLab settings for a quiet, deterministic test session.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # every cell stays in the DOM (no virtual scrolling), so every explorer can be found
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}

TIMINGS: dict[str, float] = {}  # test id -> seconds (printed at the end of the session)


def _require_browser() -> bool:
    return os.environ.get("CNN_REQUIRE_BROWSER", "").strip() not in ("", "0", "false", "no")


def find_chromium() -> str | None:
    explicit = os.environ.get("CNN_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name) if "/" not in name else (name if Path(name).exists() else None)
        if path:
            return path
    return None


def _skip_or_fail(reason: str):
    if _require_browser():
        pytest.fail(f"CNN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(
        f"{reason} (install Debian's chromium: apt-get install chromium; "
        "set CNN_REQUIRE_BROWSER=1 to make this a failure)"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.write_sep("-", "browser timings")
    for name, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{seconds:7.1f} s  {name}")
    terminalreporter.write_line(f"{sum(TIMINGS.values()):7.1f} s  total (without server start-up)")


# ----------------------------------------------------------------------------- environment


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(base: Path) -> dict:
    """Environment with every Jupyter / IPython / matplotlib state directory under ``base``."""
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "mpl"),
    ]:
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)  # the kernel must use its inline backend
    # Fault injection / trying a change: CNN_BROWSER_PYTHONPATH is put in front of the servers'
    # (and so the kernels') import path only, e.g. a copy of helpers/ with one widget broken.
    extra = os.environ.get("CNN_BROWSER_PYTHONPATH")
    if extra:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra, env.get("PYTHONPATH", "")) if p)
    return env


def http_get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read()


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            status, _ = http_get(url, timeout=2)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server we started (its own process group: it and its kernels)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def copy_notebooks(dest: Path) -> Path:
    target = dest / "notebooks"
    shutil.copytree(ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return target


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("CNN_CHROMIUM"):
            _skip_or_fail(f"CNN_CHROMIUM={os.environ['CNN_CHROMIUM']} does not exist")
        _skip_or_fail("Chromium was not found (looked for " + ", ".join(CHROMIUM_CANDIDATES) + ")")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip_or_fail("the Python package 'playwright' is not installed in this environment")
    return path


@dataclass
class LabServer:
    url: str
    token: str
    root: Path
    env: dict
    proc: subprocess.Popen
    log: Path

    def api(self, path: str):
        sep = "&" if "?" in path else "?"
        status, body = http_get(f"{self.url}{path}{sep}token={self.token}")
        return json.loads(body)

    def delete(self, path: str) -> None:
        req = urllib.request.Request(f"{self.url}{path}?token={self.token}", method="DELETE")
        try:
            urllib.request.urlopen(req, timeout=10).read()
        except urllib.error.URLError:
            pass

    def session_for(self, nb_path: str):
        for s in self.api("/api/sessions"):
            if s.get("path") == nb_path:
                return s
        return None

    def wait_kernel_idle(self, nb_path: str, timeout: float = 90.0) -> dict:
        """GET /api/sessions until the notebook's kernel is idle with a browser connected."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = self.session_for(nb_path)
            kernel = (last or {}).get("kernel") or {}
            if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                return last
            time.sleep(0.3)
        raise AssertionError(f"kernel for {nb_path} not idle/connected after {timeout:.0f} s; last session: {last}")

    def shutdown_sessions(self) -> None:
        for s in self.api("/api/sessions"):
            self.delete(f"/api/sessions/{s['id']}")


@pytest.fixture(scope="session")
def lab_server(chromium_path, tmp_path_factory) -> LabServer:
    base = tmp_path_factory.mktemp("jupyterlab")
    env = isolated_env(base)
    root = base / "root"
    root.mkdir()
    copy_notebooks(root)
    settings = base / "app-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2))
    # no "is a rebuild needed?" check at every page load (it runs node/yarn: seconds of CPU)
    (settings / "page_config.json").write_text(json.dumps({"buildAvailable": False, "buildCheck": False}))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = base / "jupyterlab.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root, env=env, proc=proc, log=log)
    try:
        wait_http(f"{server.url}/api/status?token={token}", proc, log)
        yield server
    finally:
        try:
            server.shutdown_sessions()
        except Exception:
            pass
        stop_process(proc)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class PageProbe:
    """A page plus what it reported: console errors and uncaught exceptions."""

    page: object
    console_errors: list = field(default_factory=list)
    external: list = field(default_factory=list)  # failed loads from other origins (e.g. Voilà's CDN icons)
    focus: object = None  # element to screenshot on failure (e.g. the explorer being tested)

    def on_console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        line = f"console.error: {msg.text} @ {url}:{(msg.location or {}).get('lineNumber', '')}"
        # A resource the page asks from another origin (offline: no network) is not an error of the
        # page itself; everything from the local server, and every uncaught exception, is.
        if msg.text.startswith("Failed to load resource") and url and not url.startswith("http://127.0.0.1"):
            self.external.append(line)
        else:
            self.console_errors.append(line)


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])[:120]


def save_artifacts(probe: PageProbe, name: str) -> list[Path]:
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    page = probe.page
    try:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    except Exception:
        pass
    if probe.focus is not None:
        try:
            probe.focus.scroll_into_view_if_needed(timeout=2000)
            path = ARTIFACTS / f"{name}.explorer.png"
            probe.focus.screenshot(path=str(path), timeout=5000)
            saved.append(path)
        except Exception:
            pass
    try:
        path = ARTIFACTS / f"{name}.txt"
        text = page.evaluate("() => document.body.innerText")
        errors = "\n".join(probe.console_errors) or "(none)"
        external = "\n".join(probe.external) or "(none)"
        path.write_text(
            f"URL: {page.url}\n\nconsole errors:\n{errors}\n\nexternal resources that failed:\n"
            f"{external}\n\npage text:\n{text}\n",
            encoding="utf-8",
        )
        saved.append(path)
    except Exception:
        pass
    return saved


@pytest.fixture
def probe(browser, request):
    """A fresh browser page; on failure its screenshot and text go to test-artifacts/."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    pr = PageProbe(page=page)
    page.on("console", lambda msg: pr.on_console(msg))
    page.on("pageerror", lambda exc: pr.console_errors.append(f"uncaught exception: {exc}"))
    start = time.perf_counter()
    yield pr
    TIMINGS[request.node.name] = time.perf_counter() - start
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        saved = save_artifacts(pr, _safe_name(request.node.nodeid))
        if saved:
            print("\nartifacts: " + ", ".join(str(p.relative_to(ROOT)) for p in saved))
    context.close()
