"""/tmp on disk (issue 19): with the Linux sandbox, each environment's /tmp is an ext4 disk of `EphemeralStorage` MB
under the data directory, so writing to it does not count toward `MemorySize`. Needs root and loop devices; skips
otherwise with the reason.
"""

import glob
import os
import signal

import pytest

from conftest import invoke, wait_for

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the Linux sandbox needs root"),
    pytest.mark.skipif(not os.path.exists("/dev/loop-control"), reason="no loop devices on this host"),
]


@pytest.fixture(scope="module")
def server(lamb_root):
    from conftest import LambServer

    server = LambServer(os.path.join(lamb_root, "tmp-disk-data"), ["--sandbox", "linux"], name="tmpdisk").start()
    wait_for(lambda: "sandbox: linux" in server.log(), 10, what="the sandbox banner")
    if "/tmp is a tmpfs" in server.log():
        pytest.skip("this host cannot give /tmp disks: " + server.log())
    yield server
    server.stop()


@pytest.fixture
def fns(server, functions_on):
    return functions_on(server)


WRITER = """
import errno, os
def handler(event, context):
    entries = sorted(os.listdir("/tmp"))
    written = 0
    chunk = b"x" * (1024 * 1024)
    try:
        with open("/tmp/fill", "wb") as f:
            for _ in range(event.get("mb", 0)):
                f.write(chunk)
                written += 1
            f.flush()
            os.fsync(f.fileno())
        error = None
    except OSError as e:
        error = errno.errorcode[e.errno]
    finally:
        if event.get("remove", True) and os.path.exists("/tmp/fill"):
            os.remove("/tmp/fill")
    return {"entries": entries, "written_mb": written, "error": error}
"""


def test_a_128_mb_function_fills_its_512_mb_tmp_without_running_out_of_memory(fns, server):
    lam = server.client()
    name = fns.create({"app.py": WRITER}, MemorySize=128, Timeout=120)
    result = invoke(lam, name, {"mb": 600})
    assert result.function_error is None, result
    out = result.payload
    assert out["error"] == "ENOSPC", out
    # EphemeralStorage MiB of data blocks exactly (a file's own extent blocks may take one of them).
    assert 511 <= out["written_mb"] <= 512, out
    assert "Runtime.OutOfMemory" not in (result.report or "")
    # The same environment goes on, warm (the file was removed).
    again = invoke(lam, name, {"mb": 500})
    assert again.payload["error"] is None and again.payload["written_mb"] == 500
    assert not again.cold


def test_ephemeral_storage_2048_holds_2000_mb_at_128_mb_of_memory(fns, server):
    name = fns.create({"app.py": WRITER}, MemorySize=128, EphemeralStorage={"Size": 2048}, Timeout=300)
    out = invoke(server.client(), name, {"mb": 2000}).payload
    assert out == {"entries": [], "written_mb": 2000, "error": None}


def test_a_new_environment_has_an_empty_tmp(fns, server):
    name = fns.create({"app.py": WRITER})
    out = invoke(server.client(), name, {"mb": 1, "remove": False}).payload
    assert out["entries"] == [], "no lost+found nor anything else in a fresh /tmp"
    assert invoke(server.client(), name, {}).payload["entries"] == ["fill"], "a warm environment keeps its /tmp"


def disk_files(data_dir):
    return sorted(glob.glob(os.path.join(data_dir, "tmp-disks", "*.img")))


def attached_images(data_dir):
    """Images under `data_dir` that a loop device still holds (deleted ones included)."""
    held = []
    for path in glob.glob("/sys/block/loop*/loop/backing_file"):
        try:
            backing = open(path).read().strip()
        except OSError:
            continue
        if backing.startswith(data_dir + "/"):
            held.append(backing)
    return held


def mounts_under(data_dir):
    with open("/proc/self/mountinfo") as f:
        return [line.split()[4] for line in f if line.split()[4].startswith(data_dir + "/")]


def environment_disk(server, name):
    """The image behind the /tmp of `name`'s one environment, from its runtime's mount table (the environment's pid
    is its jail's monitor, in the host's mount namespace; its descendants are inside)."""
    from conftest import process_tree

    env = server.environments(name)[0]
    for pid in process_tree(env["pid"]):
        try:
            with open("/proc/%d/mountinfo" % pid) as f:
                lines = [line.split() for line in f]
        except OSError:
            continue
        for fields in lines:
            if fields[4] == "/tmp" and fields[fields.index("-") + 2].startswith("/dev/loop"):
                device = os.path.basename(fields[fields.index("-") + 2])
                return open("/sys/block/%s/loop/backing_file" % device).read().strip()
    raise AssertionError("no /tmp disk found in the processes of %s" % env)


def test_the_disk_goes_with_its_environment(lamb_servers, functions_on):
    server = lamb_servers.start("--sandbox", "linux", "--keep-alive", "1s")
    name = functions_on(server).create({"app.py": WRITER})
    invoke(server.client(), name, {"mb": 5, "remove": False})
    image = environment_disk(server, name)
    assert os.path.exists(image)
    wait_for(lambda: not server.environments(name), 30, what="the environment to be reaped")
    wait_for(lambda: not os.path.exists(image), 10, what="the environment's image to be deleted")
    wait_for(lambda: image not in attached_images(server.data_dir), 10, what="its loop device to be freed")
    assert os.path.splitext(image)[0] not in mounts_under(server.data_dir)


def test_nothing_of_the_disks_is_left_after_sigterm(lamb_servers, functions_on):
    server = lamb_servers.start("--sandbox", "linux")
    name = functions_on(server).create({"app.py": WRITER})
    invoke(server.client(), name, {"mb": 5, "remove": False})
    assert disk_files(server.data_dir), "the environment and the pool have disks"
    assert server.stop() == 0
    assert disk_files(server.data_dir) == []
    assert mounts_under(server.data_dir) == []
    wait_for(lambda: not attached_images(server.data_dir), 10, what="the loop devices to be freed")


def test_a_killed_lamb_s_disks_are_removed_at_its_next_start(lamb_servers, functions_on):
    server = lamb_servers.start("--sandbox", "linux")
    name = functions_on(server).create({"app.py": WRITER})
    invoke(server.client(), name, {"mb": 5, "remove": False})
    left = disk_files(server.data_dir)
    assert left
    server.stop(signal.SIGKILL)
    assert mounts_under(server.data_dir), "a killed Lamb leaves its disks mounted"
    restarted = lamb_servers.start("--sandbox", "linux", data_dir=server.data_dir)
    for image in left:
        assert not os.path.exists(image), "a killed Lamb's disk survived its restart"
    old_mounts = {os.path.splitext(image)[0] for image in left}
    assert not old_mounts & set(mounts_under(server.data_dir))
    wait_for(lambda: not set(left) & {p.replace(" (deleted)", "") for p in attached_images(server.data_dir)}, 20,
             what="the old loop devices to be freed")
    out = invoke(restarted.client(), name, {}).payload
    assert out["entries"] == [] and out["error"] is None


def test_a_full_data_directory_fails_the_start_with_a_clear_error(lamb_servers, functions_on, lamb_root):
    import subprocess

    import botocore

    data_dir = os.path.join(lamb_root, "small-data")
    os.makedirs(data_dir, exist_ok=True)
    # A data directory on a file system with 300 MB: less than a 512 MB /tmp needs.
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", "size=300m", "tmpfs", data_dir])
    try:
        server = lamb_servers.start("--sandbox", "linux", data_dir=data_dir)
        name = functions_on(server).create({"app.py": WRITER})
        with pytest.raises(botocore.exceptions.ClientError) as failure:
            invoke(server.client(), name, {})
        message = str(failure.value)
        assert "ServiceException" in message and "no room for a 512 MB /tmp" in message, message
        assert server.stop() == 0
    finally:
        subprocess.call(["umount", "-l", data_dir])
