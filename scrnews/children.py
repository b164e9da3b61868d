"""Worker processes that never outlive scrnews: how they are started and how they end.

A build killed with SIGKILL (a cancelled CI job, the out-of-memory killer) runs no clean-up
code, so each child asks the kernel to kill it when its parent dies (Linux PR_SET_PDEATHSIG).
Elsewhere a thread in the child watches for the parent to go.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1


def context():
    """fork where it is available and safe (one thread running: the parent's imports come
    along for free), else spawn (a fresh interpreter, which imports everything again)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def die_with_parent(parent_pid: int, *, watch: bool = True) -> None:
    """Make this child process end when parent_pid does (call it first thing in the child).

    watch: where the kernel cannot do it, start a thread that watches for the parent to go;
    a process that will fork must pass False (fork is only safe with one thread) and notice
    the end of its parent's pipe instead.
    """
    if not _kernel_kills_orphan() and watch:
        threading.Thread(target=_watch, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    import time

    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def quiet_signals() -> None:
    """In a child: leave Ctrl-C to the parent (which stops its children itself), and take
    SIGTERM's default action (a handler inherited through fork is the parent's business)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def name_process(name: str) -> None:
    """Show this process as name in ps and top (Linux; at most 15 characters)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/comm", "w", encoding="ascii") as comm:
                comm.write(name[:15])
        except OSError:
            pass


def describe_exit(exitcode: int | None) -> str:
    """Why a child ended, in words: 'was killed by SIGKILL (...)', 'ended with exit status 3'."""
    if exitcode is None:
        return "stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        why = " (the computer may have run out of memory)" if name == "SIGKILL" else ""
        return f"was killed by {name}{why}"
    return f"ended with exit status {exitcode}"
