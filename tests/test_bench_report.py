"""make bench says which BLAS kernel ran and warns when the environment forces one.

benchmarks/common.py sets thread variables when imported, so it is imported in a child
Python, never in the test process. The kernel variables themselves are never changed:
the checks run on made-up machine_info dicts.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import common
pools = [{"internal_api": "openmp", "architecture": None},
         {"internal_api": "openblas", "prefix": "libscipy_openblas", "architecture": "Haswell"}]
forced = {"thread_pools": pools, "blas_forced_by": {"OPENBLAS_CORETYPE": "Haswell"},
          "blas_native_architecture": "SkylakeX"}
forced["blas_architecture"] = common.numpy_blas_architecture(forced)
native = {"thread_pools": pools[1:], "blas_forced_by": {}, "blas_architecture": "SkylakeX"}
print(json.dumps({
    "arch": forced["blas_architecture"],
    "forced_line": common.describe_blas(forced),
    "forced_warning": common.blas_warning(forced),
    "native_line": common.describe_blas(native),
    "native_warning": common.blas_warning(native),
    "none": common.numpy_blas_architecture({"thread_pools": pools[:1]}),
    "vars": list(common.BLAS_FORCING_VARS),
}))
"""


def report():
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "benchmarks")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_forced_kernel_is_named_and_warned_about():
    r = report()
    assert r["arch"] == "Haswell" and r["none"] is None
    assert "Haswell" in r["forced_line"] and "FORCED by OPENBLAS_CORETYPE=Haswell" in r["forced_line"]
    assert "SkylakeX" in r["forced_line"]
    assert r["forced_warning"].startswith("OPENBLAS_CORETYPE=Haswell is set")
    assert "SkylakeX" in r["forced_warning"] and "env -u OPENBLAS_CORETYPE" in r["forced_warning"]


def test_detected_kernel_gives_no_warning():
    r = report()
    assert r["native_line"].startswith("BLAS kernel: OpenBLAS SkylakeX (detected")
    assert r["native_warning"] == ""
    assert r["vars"] == ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]


TABLE_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import common
import run_all
common.TORCH_NOTE = "PyTorch not available (ImportError: No module named 'torch'); the torch columns are empty."
info = {"python": "3", "numpy": "2", "platform": "p", "cpu": "c", "logical_cpus": 2, "threads": 1,
        "thread_env": {}, "load_average_1_5_15": [0.5, 0.5, 0.5], "thread_pools": [], "blas_forced_by": {},
        "blas_architecture": None, "torch": None}
row = {"shape": "d", "label": "depthwise", "group": "forward+backward", "dtype": "float32",
       "helpers_ms": 12.5, "textbook_ms": 40.0, "textbook_over_helpers": 3.2}
with_torch = dict(row, torch_ms=5.0, helpers_over_torch=2.5, label="transpose", shape="t")
text, _ = run_all.print_table([], [], None, "", info, 1.0, [row, with_torch])
print(json.dumps({"text": text}))
"""


def test_extras_rows_without_torch_keep_the_table_and_say_why():
    """bench_extras' rows (depthwise, transposed) print with empty torch columns and the note when PyTorch
    is missing, and with their helpers/torch ratio when it ran."""
    done = subprocess.run(
        [sys.executable, "-c", TABLE_CHILD, str(ROOT / "benchmarks")], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    text = json.loads(done.stdout.strip().splitlines()[-1])["text"]
    assert "NOTE: PyTorch not available" in text
    assert "depthwise (d): 3x3, padding 1, groups=32" in text and "transpose (t): 3x3, stride 2" in text
    lines = {line.split(" float32")[0].strip(): line.split() for line in text.splitlines() if " float32 " in line}
    depthwise = lines["depthwise forward+backward"]
    assert depthwise[3:6] == ["12.50", "40.00", "—"] and depthwise[6] == "—"  # helpers, textbook, torch, ratio
    assert lines["transpose forward+backward"][5:7] == ["5.00", "2.50"]
