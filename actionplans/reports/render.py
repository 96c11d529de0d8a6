"""Turn a report's HTML into a PDF in a child process, within a time and a memory limit.

The worker forks; the child runs WeasyPrint (already imported, so it starts at once) under an
address-space limit (RLIMIT_AS: what it inherited plus REPORT_MEMORY_LIMIT_MB) and a CPU-time
limit, and sends the PDF back through a pipe.
The parent waits no longer than the time limit, then kills the child. Either way the worker
carries on: a document that is too slow or too big fails on its own. The child touches no
database; it uses `betterlives.pdf`, so it fetches nothing but our own static files.
"""

import gc
import os
import resource
import select
import signal
import struct
import time

from django.conf import settings

TIMEOUT = "timeout"
MEMORY = "memory"
ERROR = "error"

_EXIT_MEMORY = 3
_EXIT_ERROR = 4
_HEADER = struct.Struct(">II")  # pages and the child's peak memory (KiB), before the PDF


class RenderFailed(Exception):
    """The PDF could not be made. `reason` is TIMEOUT, MEMORY or ERROR."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}"[:500])
        self.reason = reason


def write_pdf(html):
    """(PDF bytes, pages) for `html`, in this process."""
    from betterlives.pdf import html_to_pdf_here

    return html_to_pdf_here(html)


def _address_space():
    """This process's virtual memory size in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(html, out_fd, memory_bytes, cpu_seconds):
    """Runs in the forked child; never returns. The memory limit counts from what the child
    inherited from the worker, so it is what the render itself may use."""
    code = _EXIT_ERROR
    try:
        limit = _address_space() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        pdf, pages = write_pdf(html)
        with os.fdopen(out_fd, "wb") as out:
            out.write(_HEADER.pack(pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
            out.write(pdf)
        code = 0
    except MemoryError:
        code = _EXIT_MEMORY
    except BaseException:  # noqa: BLE001, S110 - the parent reports the failure
        pass
    os._exit(code)


def _read_until(fd, deadline):
    """Everything the child writes, or None if the deadline passes first."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _w, _x = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def html_to_pdf(html, *, time_limit=None, memory_limit_mb=None, stats=None):
    """(PDF bytes, number of pages) for `html`. Raises RenderFailed past a limit or on error.

    Pass a dict as `stats` to get the rendering process's peak memory ("peak_kib")."""
    import weasyprint  # noqa: F401 - imported before the fork, so the child starts at once

    time_limit = time_limit or settings.REPORT_TIME_LIMIT
    memory_bytes = int((memory_limit_mb or settings.REPORT_MEMORY_LIMIT_MB) * 1024 * 1024)
    read_fd, write_fd = os.pipe()
    # Everything the worker holds is moved out of the collector's sight before the fork, so
    # the child's collections do not walk (and so copy) the worker's memory.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_fd)
        _child(html, write_fd, memory_bytes, max(1, int(time_limit) + 1))
    gc.unfreeze()
    os.close(write_fd)
    try:
        data = _read_until(read_fd, time.monotonic() + time_limit)
    finally:
        os.close(read_fd)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise RenderFailed(TIMEOUT, f"over {time_limit} s")
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and len(data) > _HEADER.size and data[_HEADER.size:].startswith(b"%PDF"):
        pages, peak_kib = _HEADER.unpack(data[:_HEADER.size])
        if stats is not None:
            stats["peak_kib"] = peak_kib
        return data[_HEADER.size:], pages
    if code == _EXIT_MEMORY or code == -signal.SIGKILL:
        raise RenderFailed(MEMORY, f"exit {code}")
    if code == -signal.SIGXCPU:
        raise RenderFailed(TIMEOUT, "CPU time")
    raise RenderFailed(ERROR, f"exit {code}")
