"""A classroom on JupyterHub: a real hub on 127.0.0.1 with two learners, both servers spawned, a notebook
executed in each through the Jupyter server API (REST + kernel websocket), then everything stopped.

Needs jupyterhub (requirements-hub.txt) and configurable-http-proxy (node; .ci/run installs it with npm
into .hub-node/). Skipped with the reason when either is missing, unless CNN_REQUIRE_HUB=1 (set by
.ci/run), which turns the skip into a failure. CNN_CHP may name the proxy's executable.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
USERS = ("ada", "alan")
NOTEBOOK = "00_start_here.ipynb"
REQUIRED = os.environ.get("CNN_REQUIRE_HUB") == "1"


def need(ok: bool, reason: str) -> None:
    if not ok:
        if REQUIRED:
            pytest.fail(f"CNN_REQUIRE_HUB=1 but {reason}")
        pytest.skip(reason)


def find_proxy() -> str | None:
    for candidate in (os.environ.get("CNN_CHP"), str(ROOT / ".hub-node/node_modules/.bin/configurable-http-proxy")):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("configurable-http-proxy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, predicate, timeout: float, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, (
            f"the hub exited ({proc.returncode}) while waiting for {what}:\n{log.read_text()[-4000:]}"
        )
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}:\n{log.read_text()[-4000:]}")


def execute_notebook(requests, websocket, base: str, headers: dict, notebook: dict) -> int:
    """Start a kernel on the user's server, run every code cell over the websocket; return cells run."""
    r = requests.post(f"{base}/api/kernels", headers=headers, json={"name": "python3"}, timeout=30)
    r.raise_for_status()
    kernel = r.json()["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(ws_url, header=[f"{k}: {v}" for k, v in headers.items()], timeout=120)
    session, ran = uuid.uuid4().hex, 0
    try:
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
                continue
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session},
                        "username": "test",
                        "version": "5.3",
                        "parent_header": {},
                        "metadata": {},
                        "content": {"code": "".join(cell["source"]), "silent": False, "allow_stdin": False},
                        "channel": "shell",
                    }
                )
            )
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "error":
                    raise AssertionError(
                        f"cell {cell.get('id')} failed: {msg['content']['ename']}: {msg['content']['evalue']}"
                    )
                if msg["channel"] == "shell" and msg["msg_type"] == "execute_reply":
                    assert msg["content"]["status"] == "ok", f"cell {cell.get('id')}: {msg['content']}"
                    break
            ran += 1
    finally:
        ws.close()
        requests.delete(f"{base}/api/kernels/{kernel}", headers=headers, timeout=30)
    return ran


@pytest.mark.slow
def test_two_learners_on_a_real_hub(tmp_path):
    have_hub = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent)) is not None
    need(have_hub, "jupyterhub is not installed (pip install -r requirements-hub.txt)")
    proxy = find_proxy()
    need(proxy is not None, "configurable-http-proxy is not installed (npm install configurable-http-proxy@5.3.0)")
    requests = pytest.importorskip("requests")
    websocket = pytest.importorskip("websocket")

    bindir = Path(sys.executable).parent
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = uuid.uuid4().hex
    homes = tmp_path / "home"
    for user in USERS:  # what nbgitpuller would do: the notebook lands in the learner's home
        (homes / user).mkdir(parents=True)
        shutil.copy2(ROOT / "notebooks" / NOTEBOOK, homes / user / NOTEBOOK)
    root_flag = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{tmp_path / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp_path / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(tmp_path / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(USERS)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.cmd = [{str(bindir / "jupyterhub-singleuser")!r}]
c.Spawner.args = {root_flag!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}}
# The class config's idle culler (docs/jupyterhub_config.py), run as documented next to the test's service.
from traitlets.config.loader import PyFileConfigLoader
_docs = PyFileConfigLoader("jupyterhub_config.py", path={str(ROOT / "docs")!r}).load_config()
c.JupyterHub.services = [{{"name": "test", "api_token": {token!r}}}] + list(_docs.JupyterHub.services)
c.JupyterHub.load_roles = [{{"name": "test", "services": ["test"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users", "read:services"]}}]
c.JupyterHub.load_roles += list(_docs.JupyterHub.load_roles)
"""
    )
    log = tmp_path / "hub.log"
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    timings: dict[str, float] = {}
    api = f"http://127.0.0.1:{port}/hub/api"
    auth = {"Authorization": f"token {token}"}
    t0 = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(bindir / "jupyterhub"), "-f", str(config)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for("the hub API", lambda: requests.get(api, timeout=2).ok, 90, proc, log)
        timings["hub ready"] = time.perf_counter() - t0
        culler = requests.get(f"{api}/services/idle-culler", headers=auth, timeout=5).json()
        assert culler.get("pid"), f"the idle culler of docs/jupyterhub_config.py is not running: {culler}"
        for user in USERS:
            t1 = time.perf_counter()
            r = requests.post(f"{api}/users/{user}/server", headers=auth, timeout=30)
            assert r.status_code in (201, 202), f"spawning {user}: {r.status_code} {r.text}"

            def ready(user=user):
                servers = requests.get(f"{api}/users/{user}", headers=auth, timeout=5).json().get("servers", {})
                return servers.get("", {}).get("ready")

            wait_for(f"{user}'s server", ready, 120, proc, log)
            timings[f"{user} server ready"] = time.perf_counter() - t1
        notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())
        for user in USERS:
            base = f"http://127.0.0.1:{port}/user/{user}"
            contents = requests.get(f"{base}/api/contents/{NOTEBOOK}?content=0", headers=auth, timeout=30)
            assert contents.ok, f"{user}'s server does not see {NOTEBOOK} in their home: {contents.status_code}"
            t1 = time.perf_counter()
            ran = execute_notebook(requests, websocket, base, auth, notebook)
            timings[f"{user} {NOTEBOOK} executed"] = time.perf_counter() - t1
            assert ran >= 3
        for user in USERS:
            r = requests.delete(f"{api}/users/{user}/server", headers=auth, timeout=60)
            assert r.status_code in (202, 204), f"stopping {user}: {r.status_code} {r.text}"
        for user in USERS:
            wait_for(
                f"{user}'s server to stop",
                lambda user=user: not requests.get(f"{api}/users/{user}", headers=auth, timeout=5).json()["servers"],
                60,
                proc,
                log,
            )
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the hub stops the proxy and any server it still runs
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
    print("\nhub timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))


def test_class_config_loads_and_names_what_it_needs(monkeypatch, tmp_path):
    from traitlets.config.loader import PyFileConfigLoader

    roster = tmp_path / "roster.txt"
    roster.write_text("ada\n\nalan\n")
    monkeypatch.setenv("CNN_HUB_ROSTER", str(roster))
    c = PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "docs")).load_config()
    assert c.Authenticator.allowed_users == {"ada", "alan", "teacher"}
    assert c.Authenticator.admin_users == {"teacher"}
    assert c.Spawner.cmd[0].endswith("bin/jupyterhub-singleuser")
    assert c.Spawner.mem_limit and c.Spawner.cpu_limit
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "delete:servers" in next(r for r in c.JupyterHub.load_roles if r["name"] == "idle-culler")["scopes"]
    assert "jupyterhub-idle-culler" in (ROOT / "requirements-hub.txt").read_text()
