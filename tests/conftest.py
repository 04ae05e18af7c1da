"""Shared test set-up: a non-interactive matplotlib backend and hypothesis profiles."""

import os

import matplotlib

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

# "ci" keeps the whole suite fast on 2 cores; HYPOTHESIS_PROFILE=thorough for a deeper local run.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --------------------------------------------------------------------------- the tests leave git status clean
# (issue 15) `make test` must not write into tracked files: the state of the checkout is taken when the
# session starts and compared when it ends; a difference fails the run and names the files.


def git_state(root=None):
    """(porcelain status, hash of the diff of tracked files) or None outside a git checkout."""
    import hashlib
    import subprocess
    from pathlib import Path

    root = Path(root or Path(__file__).resolve().parents[1])
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if status.returncode != 0 or diff.returncode != 0:
        return None
    return status.stdout, hashlib.sha256(diff.stdout).hexdigest()


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    # Only the controlling process checks: with pytest-xdist a worker ends while the other still runs tests.
    if not _is_xdist_worker(session.config):
        session.config._cnn_git_before = git_state()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_cnn_git_before", None)
    if before is None or os.environ.get("CNN_ALLOW_DIRTY_TESTS"):
        return
    after = git_state()
    if after is None or after == before:
        return
    changed = sorted(set(after[0].splitlines()) ^ set(before[0].splitlines())) or [
        "(contents of already-changed files)"
    ]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "the test session changed the git checkout (tests must write only to tmp_path): " + "; ".join(changed)
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(f"FAILED git status: {message}", red=True, bold=True)
    session.exitstatus = 1


# --------------------------------------------------------------------------- two workers, longest files first
# `make test` runs pytest-xdist with `--dist loadfile` (each file, and so each notebook's nbval cells, stays on
# one worker, in order). xdist hands files out in collection order, so the files measured as the longest
# (seconds on 2 cores, `--durations`) go first: the two workers then finish at about the same time instead of
# one waiting for a long file started last. The order inside each file is unchanged.
LONGEST_FIRST = (
    "tests/test_student.py",  # every student notebook executed (~5 min)
    "tests/test_nbgrader.py",  # the nbgrader round trip (~5 min)
    "tests/browser/test_browser_lab.py",  # every notebook opened in JupyterLab (~5 min)
    "tests/test_outside_repo.py",  # a fresh venv, notebooks 00, 08, 09 outside the repository (~4 min)
    "notebooks/08_building_a_cnn.ipynb",
    "notebooks/ja/08_building_a_cnn.ipynb",
    "tests/test_hub.py",
    "tests/test_fuzz_explorers.py",
    "notebooks/09_inside_a_cnn.ipynb",
    "notebooks/ja/09_inside_a_cnn.ipynb",
    "tests/test_explorers_output_size.py",
)


def pytest_collection_modifyitems(session, config, items):
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    root = config.rootpath

    def key(item):
        try:
            rel = item.path.relative_to(root).as_posix()
        except ValueError:
            rel = str(item.path)
        return rank.get(rel, len(rank))

    items.sort(key=key)  # stable: files not listed keep their order, and so do the items of each file
