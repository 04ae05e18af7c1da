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
