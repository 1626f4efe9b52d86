"""Dataclasses' methods kept between starts (ihd/dataclass_cache.py): a second start compiles
nothing, its classes behave as freshly made ones, and a damaged, foreign or unwritable cache
only costs the compiling."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import zlib
from decimal import Decimal
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from ihd.dataclass_cache import MethodCache


def made_with(cache: MethodCache):  # type: ignore[no-untyped-def]
    """A class as ihd writes them, made while `cache` stands in for dataclasses' compiling."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataclasses, "exec", cache.exec)

        @dataclasses.dataclass(frozen=True, slots=True)
        class Reading:
            at: int
            kwh: Decimal
            note: str = ""

    return Reading


def behaviour(cls) -> tuple:  # type: ignore[no-untyped-def]
    a, b = cls(1, Decimal("0.5")), cls(at=1, kwh=Decimal("0.5"), note="")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.kwh = Decimal(1)  # type: ignore[misc]
    return (a == b, hash(a) == hash(b), repr(a), dataclasses.replace(a, note="x").note,
            [f.name for f in dataclasses.fields(cls)], cls.__init__.__annotations__)


def test_a_second_start_compiles_nothing_and_its_classes_behave_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "ihd" / "methods.bin"
    first = MethodCache(path)
    fresh = behaviour(made_with(first))
    compiled = first.compiled
    assert compiled >= 1  # __init__, __repr__, __eq__... (compiled one by one up to Python 3.12, at once from 3.13)
    first.save()
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    second = MethodCache(path)
    kept = behaviour(made_with(second))
    assert second.compiled == 0
    assert len(second.used) == compiled
    assert kept == fresh
    assert kept[2].endswith("Reading(at=1, kwh=Decimal('0.5'), note='')")
    # compiled as dataclasses itself compiles: no `from __future__ import annotations` of ours
    assert kept[5] == {"at": "int", "kwh": "Decimal", "note": "str", "return": None}


@pytest.mark.parametrize("content", [b"", b"not a cache at all", MAGIC_NUMBER + b"\x00\x01garbage",
                                     b"\x00\x00\r\n" + b"\x00" * 40])
def test_a_damaged_or_foreign_cache_costs_only_the_compiling_and_is_written_afresh(tmp_path, monkeypatch, content):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "methods.bin"
    path.write_bytes(content)
    cache = MethodCache(path)
    assert cache.known == {}
    behaviour(made_with(cache))
    assert cache.compiled >= 1
    cache.save()
    assert path.read_bytes().startswith(MAGIC_NUMBER)
    assert len(MethodCache(path).known) == len(cache.used)


def test_what_a_run_did_not_use_is_dropped_once_it_is_most_of_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "methods.bin"
    old = {f"def gone_{n}(): pass": compile("pass", "<string>", "exec") for n in range(50)}  # an older ihd's
    body = marshal.dumps(old)
    path.write_bytes(MAGIC_NUMBER + zlib.crc32(body).to_bytes(4, "big") + body)
    assert len(MethodCache(path).known) == 50

    cache = MethodCache(path)
    behaviour(made_with(cache))
    cache.save()
    assert set(MethodCache(path).known) == set(cache.used)  # the 50 old ones are gone


def test_nothing_is_written_where_python_writes_no_bytecode_or_cannot(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = MethodCache(tmp_path / "methods.bin")
    behaviour(made_with(cache))
    cache.save()
    assert not (tmp_path / "methods.bin").exists()

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    blocked = tmp_path / "a file"
    blocked.write_text("")
    cache = MethodCache(blocked / "ihd" / "methods.bin")  # its folder cannot be made
    behaviour(made_with(cache))
    cache.save()  # says so in the log, and the class works all the same
    assert cache.compiled >= 1


def test_the_display_keeps_them_and_its_next_start_compiles_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    start = [sys.executable, "-m", "ihd", "--demo", "--data-dir", str(tmp_path / "data"),
             "--screenshot", str(tmp_path / "home.png")]
    subprocess.run(start, env=env, check=True, capture_output=True, timeout=120)
    (kept,) = (tmp_path / "cache" / "ihd").iterdir()
    first = kept.read_bytes()
    assert len(MethodCache(kept).known) > 100  # the classes made before the home screen is drawn, and after

    counted = ("import sys; from ihd import dataclass_cache; import ihd.app, ihd.main; "
               "print(dataclass_cache.install().compiled)")
    done = subprocess.run([sys.executable, "-c", counted], env=env, check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "0"
    subprocess.run(start, env=env, check=True, capture_output=True, timeout=120)
    assert kept.read_bytes() == first  # nothing new to keep


def test_it_runs_only_what_the_user_alone_could_have_written_and_whole(tmp_path, monkeypatch):
    """The file is code: one someone else could have written or changed, or one damaged after
    it was written, is read as no cache at all."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "methods.bin"
    first = MethodCache(path)
    behaviour(made_with(first))
    first.save()
    whole = path.read_bytes()
    assert MethodCache(path).known

    path.write_bytes(whole[:-1] + bytes([whole[-1] ^ 1]))  # one bit changed
    assert MethodCache(path).known == {}
    path.write_bytes(whole[: len(whole) // 2])  # cut short
    assert MethodCache(path).known == {}

    path.write_bytes(whole)
    path.chmod(0o620)  # its group may write to it
    assert MethodCache(path).known == {}
    path.chmod(0o600)
    folder.chmod(0o777)  # anyone may put a file of their own in its place
    assert MethodCache(path).known == {}
    folder.chmod(0o700)
    if os.geteuid() == 0:  # (only root can give a file away)
        os.chown(path, 65534, 65534)
        assert MethodCache(path).known == {}
        os.chown(path, 0, 0)
    assert MethodCache(path).known  # and whole and private again, it is read


def test_the_cache_is_the_services_or_the_users(monkeypatch):
    from ihd.dataclass_cache import default_path

    tag = sys.implementation.cache_tag
    monkeypatch.setenv("CACHE_DIRECTORY", "/var/cache/ihd")  # the service's (systemd's CacheDirectory=ihd)
    assert default_path() == Path(f"/var/cache/ihd/dataclass-methods.{tag}.bin")
    monkeypatch.delenv("CACHE_DIRECTORY")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert default_path() == Path(f"/x/cache/ihd/dataclass-methods.{tag}.bin")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/display")
    assert default_path() == Path(f"/home/display/.cache/ihd/dataclass-methods.{tag}.bin")
    monkeypatch.delenv("HOME")
    assert default_path() is None


def test_every_dataclass_of_the_display_says_what_it_is():
    """A dataclass without a docstring has one made from its signature, worked out by `inspect` as
    the class is made: about 60 microseconds each, on the way to the first frame."""
    import dataclasses
    import importlib
    import pkgutil

    import ihd

    unsaid = []
    for found in pkgutil.walk_packages(ihd.__path__, "ihd."):
        if found.name.endswith("__main__"):
            continue  # (it runs the display)
        module = importlib.import_module(found.name)
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__ \
                    and (value.__doc__ or "").startswith(f"{value.__name__}("):
                unsaid.append(f"{module.__name__}.{value.__qualname__}")
    assert unsaid == []
