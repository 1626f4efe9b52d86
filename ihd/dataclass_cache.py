"""Dataclasses' methods, compiled once and kept between starts.

The standard library's dataclasses write each class's methods (`__init__`, `__eq__`, `__repr__`,
a frozen class's `__setattr__`...) as source and compile it every time the class is made: over
600 methods before the home screen is drawn, about a sixth of a start-up. As Python keeps a
module's bytecode between runs, this keeps those methods' code, in the user's cache folder,
keyed by their exact source and by this Python's bytecode magic number.

- A missing, stale or damaged cache costs only the compiling it would have saved.
- The package installs it (ihd/__init__.py), before any of its dataclasses is made; the
  display saves it once its first frame is drawn and again as it stops (ihd.main). Nothing
  is written where Python itself would write no bytecode (PYTHONDONTWRITEBYTECODE).
- What a run did not use is dropped when it is over half the file (the classes of an older
  ihd), so the file never grows without bound.
- It runs what it reads, so it reads only a file that is the user's own in a folder that is the
  user's own, neither writable by anyone else (root, importing ihd with another user's HOME, reads
  nothing of theirs), and only what matches the checksum written with it. Anything else is read
  as no cache at all.
"""

from __future__ import annotations

import dataclasses
import logging
import marshal
import os
import stat
import sys
import zlib
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

log = logging.getLogger(__name__)

NAME = "dataclass-methods"


def default_path() -> Path | None:
    """The service's cache folder (systemd's CacheDirectory=ihd), else $XDG_CACHE_HOME/ihd, else
    ~/.cache/ihd; one file per Python (its cache tag)."""
    tag = sys.implementation.cache_tag
    if folder := os.environ.get("CACHE_DIRECTORY"):
        found = Path(folder.split(":")[0])
    elif base := os.environ.get("XDG_CACHE_HOME") or (os.path.join(home, ".cache") if (home := os.environ.get("HOME"))
                                                       else ""):
        found = Path(base) / "ihd"
    else:
        return None
    return found / f"{NAME}.{tag}.bin" if tag else None


class MethodCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known = self._load()
        self.used: dict[str, CodeType] = {}
        self.compiled = 0  # since the last save

    def _load(self) -> dict[str, CodeType]:
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as f:
                if not (_private(os.fstat(f.fileno())) and _private(os.stat(self.path.parent))):
                    return {}
                if f.read(len(MAGIC_NUMBER)) != MAGIC_NUMBER:
                    return {}  # another Python's: its code would not run here
                checksum, body = f.read(4), f.read()
            if zlib.crc32(body).to_bytes(4, "big") != checksum:
                return {}  # cut short or damaged
            found = marshal.loads(body)
        except Exception:  # (marshal may raise anything from EOFError to MemoryError on a damaged file)
            return {}
        if not isinstance(found, dict):
            return {}
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, CodeType)}

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
        """What dataclasses calls in place of the built-in `exec` (it looks the name up in its
        module first). The code is compiled as the built-in would compile that source there:
        with no `from __future__` of this module's (`dont_inherit`)."""
        if not isinstance(source, str):
            exec(source, globals, locals)
            return
        code = self.known.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.known[source] = code
            self.compiled += 1
        self.used[source] = code
        exec(code, globals, locals)

    def save(self) -> None:
        """Write what was compiled since the last save beside what was known (nothing when all
        came from the file). Never raises: a cache that cannot be written is only slower."""
        if self.path is None or not self.compiled or sys.dont_write_bytecode:
            return
        import tempfile  # (only here: its imports would cost the start more than this saves)

        keep = self.used if len(self.known) > 2 * len(self.used) else self.known
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{NAME}-")  # 0600, then renamed whole
            try:
                body = marshal.dumps(keep)
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC_NUMBER + zlib.crc32(body).to_bytes(4, "big") + body)
                    f.flush()
                    os.fsync(f.fileno())  # whole on the card before it replaces the last one
                os.replace(name, self.path)
            except BaseException:
                os.unlink(name)
                raise
        except OSError as error:
            log.info("the dataclass methods could not be kept for the next start: %s", error)
            return
        self.known, self.compiled = dict(keep), 0


def _private(found: os.stat_result) -> bool:
    """The user's own, and no one else may write to it."""
    return found.st_uid == os.geteuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


_cache: MethodCache | None = None


def install(path: Path | None = None) -> MethodCache:
    """Dataclasses made from now on take their methods from the cache (once per process)."""
    global _cache
    if _cache is None:
        _cache = MethodCache(path if path is not None else default_path())
        dataclasses.exec = _cache.exec  # type: ignore[attr-defined]
    return _cache


def save() -> None:
    if _cache is not None:
        _cache.save()
