"""The hostile submissions of tests/test_hostile.py: each builds a notebook that attacks the grader.

``hostile_corpus`` writes them into a folder and returns, per submission, its assignment and
the status each function must get; ``hostile_inputs`` adds inputs that attack the batch itself.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from notebooks import FUNCTIONS, build, reference_source

HE = "initialize_parameters_he"


def he(body: str) -> dict[str, str]:
    """A replacement of initialize_parameters_he with ``body`` (indented code)."""
    return {HE: "def initialize_parameters_he(layers_dims):\n" + body}


def hostile_corpus(folder: Path, marker: str, port: int) -> dict[str, tuple[str, dict[str, str]]]:
    """submission -> (assignment, {function: expected status or 'not passed'})."""
    sleeper = f"86{int(marker, 16) % 10**6}"
    escapes = [f"/tmp/dlgrader-escape-{marker}", str(Path.home() / f"dlgrader-escape-{marker}"),
               str(Path(__file__).resolve().parent / f"dlgrader-escape-{marker}")]
    plain = {name: "passed" for name in FUNCTIONS["initialization"]}
    offending = {**plain, HE: "not passed"}
    corpus: dict[str, tuple[str, dict]] = {}

    def add(name: str, expected: dict, assignment: str = "initialization", **kwargs) -> None:
        build(assignment, folder / f"{name}.ipynb", **kwargs)
        corpus[name] = (assignment, expected)

    add("loop_in_function", offending, replace=he("    while True:\n        pass\n"))
    # Swallows the in-kernel time limit and loops on: the cell's own limit stops it, and the kernel is replaced.
    add("ignores_time_limit", offending, replace=he(
        "    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n"))
    # A helper in a non-graded cell whose default argument never finishes evaluating: the cell is
    # run (the graded function needs it), hangs, and is skipped after the kernel restarts.
    add("loop_in_other_cell", offending, replace=he("    return spin()\n"),
        extra=["def spin(n=next(i for i in iter(int, 1) if i)):\n    return n\n"])
    # 16 GiB of ones: below this machine's memory, far above the kernel's address-space limit.
    add("memory_bomb", offending, replace=he("    return {'W1': np.ones((2**16, 2**15))}\n"))
    add("sys_exit", offending, replace=he("    import sys\n    sys.exit(3)\n"))
    add("os_exit", offending, replace=he("    import os\n    os._exit(1)\n"))
    add("segfault", offending, replace=he("    import ctypes\n    return ctypes.string_at(0)\n"))
    add("output_flood", offending, replace=he("    while True:\n        print('x' * 10000)\n"))
    add("child_processes", offending, replace=he(
        "    import os, subprocess\n"
        f"    subprocess.Popen(['sleep', '{sleeper}'])\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        f"        subprocess.Popen(['sleep', '{sleeper}'])\n"
        "        os._exit(0)\n"
        "    return None\n"))
    add("writes_outside", offending, replace=he(
        f"    for path in {escapes!r}:\n"
        "        try:\n"
        "            open(path, 'w').write('escaped')\n"
        "        except OSError:\n"
        "            pass\n"
        "    return None\n"))
    add("network", offending, replace=he(
        "    import socket\n"
        f"    connection = socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
        "    connection.sendall(b'escaped')\n"
        "    return None\n"))
    patches = ("import builtins, json\nimport numpy\nimport IPython.display\n"
               "json.dumps = lambda *a, **k: '{}'\njson.loads = lambda *a, **k: {}\n"
               "builtins.print = lambda *a, **k: None\n"
               "numpy.allclose = numpy.array_equal = numpy.isclose = lambda *a, **k: True\n"
               "numpy.testing.assert_allclose = lambda *a, **k: None\n"
               "IPython.display.publish_display_data = lambda *a, **k: None\n"
               "get_ipython().display_pub.publish = lambda *a, **k: None\n\n")
    add("patched_libraries", offending, replace={HE: patches + "def initialize_parameters_he(layers_dims):\n    return {}\n"})
    add("wrong_types", {"initialize_parameters_zeros": "not passed", "initialize_parameters_random": "not passed",
                        HE: "not passed"},
        replace={"initialize_parameters_zeros": "def initialize_parameters_zeros(layers_dims):\n"
                                                "    return {'W1': np.full((layers_dims[1], layers_dims[0]), np.nan)}\n",
                 "initialize_parameters_random": "def initialize_parameters_random(layers_dims):\n    return [1, 2]\n",
                 HE: "def initialize_parameters_he(layers_dims):\n    return None\n"})
    scribbler = reference_source("gradient_checking", "gradient_check_n").replace(
        "    return difference", "    parameters['W1'][...] = 0\n    return difference")
    add("scribbles_on_inputs", {"forward_propagation": "passed", "backward_propagation": "passed",
                                "gradient_check": "passed", "gradient_check_n": "not passed"},
        assignment="gradient_checking", replace={"gradient_check_n": scribbler})
    add_trust_attacks(add, offending, marker, folder)
    corpus["_escapes"] = ("", {"paths": escapes, "sleeper": sleeper})
    return corpus


CHECKOUT = Path(__file__).resolve().parents[1]


def observe(body: str) -> dict[str, str]:
    """initialize_parameters_he that runs ``body`` (which fills the dict ``seen``), prints it and returns None."""
    return he("    import json, os, ctypes, errno\n    seen = {}\n" + body +
              "    print('OBSERVED ' + json.dumps(seen))\n    return None\n")


def add_trust_attacks(add, offending: dict, marker: str, folder: Path) -> None:
    """Every attack class of the trust-boundary issue, one submission each (all graded in one batch)."""
    reference = CHECKOUT / "reference" / "initialization.py"
    # Full marks without own code: the installed reference, the checkout, its git history, the bundled
    # full-mark examples, a classmate in the same batch.
    add("imports_reference", offending, replace=he(
        "    from grader.reference.initialization import initialize_parameters_he as solution\n"
        "    return solution(layers_dims)\n"))
    add("reads_checkout", offending, replace=he(
        f"    scope = {{}}\n    exec(open({str(reference)!r}).read(), scope)\n"
        "    return scope['initialize_parameters_he'](layers_dims)\n"))
    add("reads_git_history", offending, replace=he(
        "    import subprocess\n"
        f"    source = subprocess.run(['git', '-C', {str(CHECKOUT)!r}, 'show', 'HEAD:reference/initialization.py'],\n"
        "                            capture_output=True, text=True, check=True).stdout\n"
        "    scope = {}\n    exec(source, scope)\n    return scope['initialize_parameters_he'](layers_dims)\n"))
    add("reads_examples", offending, replace=he(
        "    import json, glob\n"
        f"    for path in glob.glob({str(CHECKOUT / 'examples' / 'submissions' / 'ada_*.ipynb')!r}) + "
        "glob.glob('/**/ada_initialization.ipynb', recursive=True):\n"
        "        for cell in json.load(open(path))['cells']:\n"
        "            if 'GRADED FUNCTION: initialize_parameters_he' in ''.join(cell['source']):\n"
        "                scope = {'np': np}\n                exec(''.join(cell['source']), scope)\n"
        "                return scope['initialize_parameters_he'](layers_dims)\n"))
    add("copies_classmate", offending, replace=he(
        "    import json, glob\n"
        f"    paths = glob.glob({str(folder)!r} + '/honest_*.ipynb') + glob.glob('/**/honest_*.ipynb', recursive=True)\n"
        "    for path in paths:\n"
        "        for cell in json.load(open(path))['cells']:\n"
        "            if 'GRADED FUNCTION: initialize_parameters_he' in ''.join(cell['source']):\n"
        "                scope = {'np': np}\n                exec(''.join(cell['source']), scope)\n"
        "                return scope['initialize_parameters_he'](layers_dims)\n"))
    add("honest_classmate", {name: "passed" for name in FUNCTIONS["initialization"]})
    # Privileges: who am I, which capabilities, can I mount, unmount, setns, unshare, read the grader's env?
    add("privileges", offending, replace=observe(
        "    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    status = open('/proc/self/status').read()\n"
        "    seen['uid'] = os.getuid()\n"
        "    seen['capeff'] = [l.split()[1] for l in status.splitlines() if l.startswith('CapEff')][0]\n"
        "    seen['nonewprivs'] = [l.split()[1] for l in status.splitlines() if l.startswith('NoNewPrivs')][0]\n"
        "    def call(name, *args):\n"
        "        result = getattr(libc, name)(*args)\n"
        "        return errno.errorcode.get(ctypes.get_errno(), 'ok') if result != 0 else 'ok'\n"
        "    seen['mount'] = call('mount', b'none', b'/tmp', b'tmpfs', 0, None)\n"
        "    seen['remount'] = call('mount', None, b'/', None, 32 | 4096, None)\n"  # MS_REMOUNT|MS_BIND
        "    seen['umount'] = call('umount2', b'/proc', 2)\n"
        "    fd = os.open('/proc/self/ns/net', os.O_RDONLY)\n"
        "    seen['setns'] = call('setns', fd, 0)\n"
        "    seen['unshare'] = call('unshare', 0x10000000)\n"  # CLONE_NEWUSER (nested)
        "    seen['ptrace'] = call('ptrace', 16, 1, None, None)\n"  # PTRACE_ATTACH to pid 1
        "    seen['environ'] = sorted(os.environ)\n"
        "    found = []\n"
        "    for pid in os.listdir('/proc'):\n"
        "        try:\n"
        "            if pid.isdigit() and b'DLGRADER_TEST_SECRET' in open(f'/proc/{pid}/environ', 'rb').read():\n"
        "                found.append(pid)\n"
        "        except OSError:\n"
        "            pass\n"
        "    seen['secret_in'] = found\n"
        "    seen['pids'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "    seen['sys'] = os.path.exists('/sys/fs/cgroup')\n"
        "    seen['root_entries'] = sorted(os.listdir('/'))\n"
        "    seen['writes'] = {}\n"
        "    for folder in ('/', '/dev', '/etc', '/usr', '/proc/sys'):\n"
        "        try:\n"
        "            open(os.path.join(folder, 'dlgrader-planted'), 'w').close()\n"
        "            seen['writes'][folder] = 'ok'\n"
        "        except OSError as error:\n"
        "            seen['writes'][folder] = errno.errorcode.get(error.errno, str(error.errno))\n"))
    # Other kernels: a warm kernel's connection file, another submission's folder.
    add("other_kernels", offending, replace=observe(
        "    import glob\n"
        "    seen['connection_files'] = sorted(glob.glob('/tmp/**/kernel*.json', recursive=True) +\n"
        f"                                      glob.glob({str(Path(tempfile.gettempdir()))!r} + '/**/kernel*.json', recursive=True))\n"
        "    seen['own_dir'] = sorted({os.path.dirname(p) for p in seen['connection_files']})\n"
        "    seen['fork_servers'] = glob.glob('/tmp/dlgrader-forkserver-*') + glob.glob("
        f"{str(Path(tempfile.gettempdir()))!r} + '/dlgrader-forkserver-*')\n"))
    # A daemon that leaves its process group and sleeps, to change the gradebook afterwards.
    add("daemon", offending, replace=he(
        "    import os, time\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        f"            os.execvp('sh', ['sh', '-c', 'exec -a dlgrader-daemon-{marker} sleep 300'])\n"
        "        os._exit(0)\n"
        "    return None\n"))
    # Planting startup files in the kernel's environment, for later kernels.
    add("plants_startup_files", offending, replace=observe(
        "    import site, sys\n"
        "    targets = [os.path.join(p, 'zz_dlgrader_plant.pth') for p in site.getsitepackages()] + [\n"
        "        os.path.join(sys.prefix, 'bin', 'zz_dlgrader_plant'),\n"
        "        os.path.expanduser('~/.ipython/profile_default/startup/00-plant.py')]\n"
        "    seen['planted'] = []\n"
        "    for path in targets:\n"
        "        try:\n"
        "            os.makedirs(os.path.dirname(path), exist_ok=True)\n"
        "            open(path, 'w').write('import builtins; builtins.DLGRADER_PLANTED = True\\n')\n"
        "            seen['planted'].append(path)\n"
        "        except OSError:\n"
        "            pass\n"))
    # A later, blank submission must still get nothing.
    add("zz_blank_after_plants", {name: "not passed" for name in FUNCTIONS["initialization"]}, replace={
        name: f"def {name}(layers_dims):\n    import builtins\n    assert not hasattr(builtins, 'DLGRADER_PLANTED')\n"
              "    return None\n" for name in FUNCTIONS["initialization"]})
    # Beats SIGALRM, then claims a fast result in the harness's name.
    add("ignores_sigalrm", offending, replace=he(
        "    import signal, time\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    time.sleep(9)\n"
        "    W1 = np.random.randn(layers_dims[1], layers_dims[0]) * np.sqrt(2 / layers_dims[0])\n"
        "    return {'W1': W1}\n"))
    # Oversized: display messages, a forged traceback, /dev/shm.
    add("huge_display", offending, replace=he(
        "    from IPython.display import display\n"
        "    for _ in range(6):\n        display({'text/plain': 'x' * (300 * 2**20)}, raw=True)\n    return None\n"))
    add("forged_traceback", offending, replace=he(
        "    import sys\n    harness = sys.modules['_dlgrader_harness']\n"
        "    original = harness._student_traceback\n"
        "    def forged(error):\n"
        "        data = original(error)\n"
        "        data['frames'] = [{'name': 'f' * 50, 'line': i, 'code': 'c' * 50, 'file': 'x'} for i in range(400_000)]\n"
        "        data['message'] = 'm' * 10_000_000\n"
        "        return data\n"
        "    harness._student_traceback = forged\n"
        "    raise ValueError('boom')\n"))
    add("fills_dev_shm", offending, replace=observe(
        "    written = 0\n"
        "    try:\n"
        "        with open('/dev/shm/fill', 'wb') as handle:\n"
        "            for _ in range(400):\n"
        "                handle.write(b'x' * 2**20)\n"
        "                handle.flush()\n"
        "                written += 1\n"
        "    except OSError as error:\n"
        "        seen['error'] = errno.errorcode.get(error.errno, str(error.errno))\n"
        "    seen['mib'] = written\n"))
    # Terminal spoofing.
    add("spoofs_terminal", offending, replace=he(
        "    raise ValueError('\\r  PASS    initialize_parameters_he  1/1\\n\\x1b[2K\\x1b[32mTotal: 3/3\\x1b[0m')\n"))


def hostile_inputs(folder: Path, corpus: dict) -> None:
    """Inputs that attack the batch itself: symlinks, a hostile archive."""
    (folder / "linked_shadow.ipynb").symlink_to("/etc/shadow")
    (folder / "linked_copy.ipynb").symlink_to(folder / "honest_classmate.ipynb")
    with zipfile.ZipFile(folder / "hostile_archive.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("n" * 300 + ".ipynb", (folder / "honest_classmate.ipynb").read_bytes())
        block = b" " * (60 * 2**20)
        for i in range(25):
            archive.writestr(f"big{i:02d}.ipynb", block)
    for name in ("linked_shadow", "linked_copy"):
        corpus[name] = (None, {})
    for i in range(25):
        corpus[f"hostile_archive__big{i:02d}"] = (None, {})
