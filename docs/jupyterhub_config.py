# jupyterhub_config.py for a class running the CNN notebooks (docs/classroom-hub.md explains every part).
#
#   sudo /opt/cnn/venv/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
#
# One machine, learners as Unix users, each server in its own systemd unit with a memory and CPU limit,
# idle servers stopped after an hour. The single-user environment is /opt/cnn/venv: the pins of
# requirements.txt, the helpers package and jupyterhub (see docs/classroom-hub.md "The environment").
# Edit the four settings below; the rest is the same for every class.
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (jupyterhub provides get_config)

ENV = Path(os.environ.get("CNN_HUB_ENV", "/opt/cnn/venv"))  # the single-user environment
ROSTER = Path(os.environ.get("CNN_HUB_ROSTER", "/etc/jupyterhub/roster.txt"))  # one user name a line
TEACHERS = {"teacher"}  # admin users (can open learners' servers, run nbgrader)
IDLE_TIMEOUT = 3600  # seconds without activity before a learner's server is stopped

# --- who may log in: learners from the roster, teachers as admins (PAM = the machine's accounts)
learners = {line.strip() for line in ROSTER.read_text().splitlines() if line.strip()} if ROSTER.is_file() else set()
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = learners | TEACHERS
c.Authenticator.admin_users = TEACHERS
c.LocalAuthenticator.create_system_users = True  # adds missing Unix accounts (useradd)

# --- where: the hub behind HTTPS on port 443 is typical; TLJH / Z2JH do this part for you
c.JupyterHub.bind_url = os.environ.get("CNN_HUB_URL", "http://:8000")

# --- each learner's server: the shared environment, JupyterLab on notebook 00, resource limits
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"  # pip install jupyterhub-systemdspawner
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/cnn-notebooks/notebooks/00_start_here.ipynb"
c.Spawner.mem_limit = "2G"  # training in notebook 08 peaks well under 1 GB
c.Spawner.cpu_limit = 1.0  # one core per learner; numpy's threads follow it
c.Spawner.environment = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.disable_user_sudo = True
c.Spawner.start_timeout = 120

# --- idle culling: stop servers nobody used for IDLE_TIMEOUT seconds (pip install jupyterhub-idle-culler)
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
]

# --- state files in one folder
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"
