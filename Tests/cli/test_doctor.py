"""`lamb doctor`: what this host offers Lamb."""

import os
import subprocess

import pytest

from conftest import LAMB_BIN


def doctor():
    result = subprocess.run([LAMB_BIN, "doctor"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_doctor_lists_runtimes_and_the_sandbox():
    out = doctor()
    assert "Runtimes:" in out and "provided.al2023" in out
    assert "--sandbox auto" in out


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.isdir("/sys/fs/cgroup"), reason="needs root and cgroups")
def test_doctor_says_how_fast_cgroup_joins_are():
    row = [line for line in doctor().splitlines() if line.strip().startswith("cgroup joins")]
    assert len(row) == 1
    assert ("fast (favordynmods is on" in row[0]) or ("slow:" in row[0])
