"""`lamb --generate-completion-script bash|zsh|fish`: the scripts name the command groups, and bash's completes
subcommands and option values when sourced."""

import shutil
import subprocess

import pytest

from conftest import LAMB_BIN

GROUPS = ["function", "version", "alias", "layer", "concurrency", "provisioned", "async-config", "url", "permission"]

# Completes COMP_LINE as bash would at the end of the line, printing one candidate a line.
COMPLETE = r"""
source "$1"
COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_lamb lamb "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""


def script(lamb, shell):
    result = lamb("--generate-completion-script", shell, endpoint=None)
    assert result.code == 0, result
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_scripts_name_every_group(lamb, shell):
    text = script(lamb, shell)
    for group in GROUPS:
        assert group in text, (shell, group)
    # Checked by the shell itself where it is installed.
    if shutil.which(shell):
        checked = subprocess.run([shell, "-n", "-c", text], capture_output=True)
        assert checked.returncode == 0, checked.stderr


def complete(lamb, tmp_path, line):
    path = tmp_path / "lamb.bash"
    path.write_text(script(lamb, "bash"))
    done = subprocess.run(["bash", "-c", COMPLETE, "complete", str(path), line], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_groups_subcommands_and_values(lamb, tmp_path):
    assert complete(lamb, tmp_path, "lamb al") == ["alias"]
    assert complete(lamb, tmp_path, "lamb as") == ["async-config"]
    assert {"create", "update", "get", "list", "delete"} <= set(complete(lamb, tmp_path, "lamb alias "))
    assert complete(lamb, tmp_path, "lamb url create f --auth-type ") == ["NONE", "AWS_IAM"]
    assert complete(lamb, tmp_path, "lamb layer list --output ") == ["table", "json"]
    assert "--qualifier" in complete(lamb, tmp_path, "lamb provisioned put f 1 --")
