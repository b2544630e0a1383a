import subprocess
import sys


def test_importing_core_cases_pulls_in_no_django() -> None:
    code = (
        "import sys, casepath.core.cases;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('django','ninja')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
