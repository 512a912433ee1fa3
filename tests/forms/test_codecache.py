"""The compiled code of dataclasses' methods, kept across processes (forms/codecache.py): the
classes behave as ever, a second process compiles none of them again, and a damaged file or
an unwritable folder only costs the compiles."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exporters.parallel import usable_processors
from forms import codecache

ROOT = Path(__file__).resolve().parents[2]

SUPPORTED = sys.version_info[:2] in codecache.VERIFIED

# A process with the cache installed that makes the exporters' and the plan's dataclasses:
# how many it compiled and how many it ran from the file.
PROCESS = """
import json, sys
from forms import codecache
installed = codecache.install()
compiled = []
real_compile = compile
def counting(*args, **kwargs):
    compiled.append(args[0])
    return real_compile(*args, **kwargs)
codecache.compile = counting
for module in sys.argv[1:] or ["exporters.blocks", "forms.trajectory", "forms.plan"]:
    __import__(module)
codecache.save()
print(json.dumps({"installed": installed, "compiled": len(compiled),
                  "used": len(codecache._used)}))
"""


def run(cache_home: Path, *modules: str) -> dict[str, Any]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROCESS, *modules],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def peakplan(cache_home: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    """``main.py`` run with its database and user cache folder in ``cache_home``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "main.py", "--db", str(cache_home / "p.db"), *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def cache_file(cache_home: Path) -> Path:
    return cache_home / "PeakPlan" / f"dataclass-code-{sys.implementation.cache_tag}.marshal"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The cache installed in this process, with a table of its own and its own folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(codecache, "_table", {})
    monkeypatch.setattr(codecache, "_new", {})
    monkeypatch.setattr(codecache, "_used", set())
    monkeypatch.setattr(codecache, "_loaded", False)
    was_installed = codecache.installed()
    codecache.uninstall()
    assert codecache.install() == SUPPORTED
    try:
        yield
    finally:
        codecache.uninstall()
        if was_installed:
            codecache.install()


def make_classes() -> dict[str, type]:
    @dataclasses.dataclass
    class Plain:
        name: str
        count: int = 3
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, order=True)
    class Frozen:
        year: int
        value: float = 1.5

    @dataclasses.dataclass(kw_only=True, slots=True, unsafe_hash=True)
    class Keywords:
        a: int
        b: str = "b"

    @dataclasses.dataclass(eq=False, repr=False)
    class Bare:
        x: int

    return {"Plain": Plain, "Frozen": Frozen, "Keywords": Keywords, "Bare": Bare}


def behaviour(classes: dict[str, type]) -> list[object]:
    Plain, Frozen, Keywords = classes["Plain"], classes["Frozen"], classes["Keywords"]
    seen: list[object] = []
    first, second = Plain("a"), Plain("a")
    first.items.append(1)
    seen += [repr(first), repr(second), first == second, first.items is second.items]
    seen += [repr(Plain("b", 4, [2])), Plain("b", 4, [2]) == Plain("b", 4, [2])]
    frozen = Frozen(2030)
    with pytest.raises(dataclasses.FrozenInstanceError) as error:
        frozen.year = 2031  # type: ignore[misc]
    seen.append(str(error.value))
    with pytest.raises(dataclasses.FrozenInstanceError):
        del frozen.value  # type: ignore[misc]
    seen += [repr(frozen), Frozen(1) < Frozen(2), Frozen(2, 1.0) >= Frozen(2, 0.5)]
    seen += [hash(frozen) == hash(Frozen(2030)), hash(Keywords(a=1)) == hash(Keywords(a=1))]
    with pytest.raises(TypeError):
        Keywords(1)  # type: ignore[misc]
    seen += [repr(Keywords(a=1)), Keywords.__slots__, not hasattr(Keywords(a=1), "__dict__")]
    seen += [classes["Bare"](1) == classes["Bare"](1), "Bare object" in repr(classes["Bare"](1))]
    with pytest.raises(TypeError) as missing:
        Plain()  # type: ignore[call-arg]
    seen.append(str(missing.value))
    return seen


def methods(classes: dict[str, type]) -> list[tuple[str, str, object]]:
    return [
        (name, method, getattr(cls, method).__code__)
        for name, cls in classes.items()
        for method in ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__")
        if hasattr(getattr(cls, method, None), "__code__")
        and getattr(cls, method).__code__.co_filename == "<string>"
    ]


def test_a_dataclass_made_with_the_cache_is_the_same_as_one_made_without(fresh: None) -> None:
    codecache.uninstall()
    plain = make_classes()
    codecache.install()
    cached, again = make_classes(), make_classes()
    assert behaviour(cached) == behaviour(plain) == behaviour(again)
    assert methods(cached) == methods(plain)  # the same code: same text, name, lines, flags
    assert [n for n in methods(plain) if n[1] == "__init__"] and len(methods(plain)) > 8
    if SUPPORTED:
        assert codecache._new and codecache._used  # the second made from the first's code
        # the return annotation compiled as the text says, not as this module's __future__
        assert cached["Plain"].__init__.__annotations__["return"] is None


def test_what_a_process_compiled_is_run_by_the_next(tmp_path: Path) -> None:
    if not SUPPORTED:
        pytest.skip("a Python whose dataclasses the cache leaves alone")
    first = run(tmp_path)
    assert first["installed"] and first["compiled"] > 100 and first["used"] < first["compiled"]
    assert cache_file(tmp_path).stat().st_size > 10_000
    second = run(tmp_path)
    assert second["compiled"] == 0 and second["used"] >= first["compiled"]


def test_an_exports_child_keeps_what_it_compiled_too(tmp_path: Path) -> None:
    """The PDF's child ends without the handlers run at exit: it writes its own."""
    if not SUPPORTED:
        pytest.skip("a Python whose dataclasses the cache leaves alone")
    if usable_processors() < 2:
        pytest.skip("one processor here: the PDF is never rendered in a child")
    for command in (["demo"], ["export", "云岚市（示例）", "--pdf", str(tmp_path / "p.pdf")]):
        done = peakplan(tmp_path, command)
        assert done.returncode == 0, done.stderr
    # made in the child only (the parent builds the document, the child lays it out)
    assert run(tmp_path, "exporters.pdf_table", "exporters.linebreak")["compiled"] == 0


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage \x00\xff" * 100,
        "truncated",
        "another interpreter",
        "not code",
    ],
)
def test_a_damaged_or_foreign_file_is_rebuilt_without_a_word(
    tmp_path: Path, damage: bytes | str
) -> None:
    if not SUPPORTED:
        pytest.skip("a Python whose dataclasses the cache leaves alone")
    path = cache_file(tmp_path)
    first = run(tmp_path)
    good = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "another interpreter":
        key, table = __import__("marshal").loads(good)
        path.write_bytes(__import__("marshal").dumps(((*key[:2], "3.11.0 other"), table)))
    elif damage == "not code":
        key, table = __import__("marshal").loads(good)
        path.write_bytes(__import__("marshal").dumps((key, dict.fromkeys(table, "code"))))
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    assert run(tmp_path)["compiled"] == first["compiled"]  # ignored: all compiled again
    assert run(tmp_path)["compiled"] == 0  # and written back whole


def test_an_unwritable_cache_folder_only_costs_the_compiles(tmp_path: Path) -> None:
    if not SUPPORTED:
        pytest.skip("a Python whose dataclasses the cache leaves alone")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    assert run(blocked)["compiled"] > 100
    assert run(blocked)["compiled"] > 100


def test_a_command_with_a_damaged_cache_works_and_says_nothing_of_it(tmp_path: Path) -> None:
    path = cache_file(tmp_path)
    path.parent.mkdir(parents=True)
    for command in (
        ["demo"],
        ["list"],
        ["export-json", "云岚市（示例）", str(tmp_path / "p.json")],
    ):
        path.write_bytes(b"\xe3 not marshal" if command != ["list"] else b"")
        done = peakplan(tmp_path, command)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr and "Error" not in done.stderr
    if SUPPORTED:
        assert len(codecache._read(path)) > 100  # written anew


def test_nothing_is_changed_on_a_python_not_verified(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    codecache.uninstall()
    monkeypatch.setattr(sys, "version_info", (3, 13, 0, "final", 0))
    assert not codecache.supported()
    assert codecache.install() is False
    assert "exec" not in vars(dataclasses)
    make_classes()
    assert not codecache._table and not codecache._new


def test_an_exec_given_to_dataclasses_by_someone_else_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    codecache.uninstall()
    other = object()
    monkeypatch.setattr(dataclasses, "exec", other, raising=False)
    assert codecache.install() is False and dataclasses.exec is other  # type: ignore[attr-defined]
