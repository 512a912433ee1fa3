"""Hostile plan documents, through ``import-json`` and inside a package through
``import-package``: each is refused with a message naming the field, in Chinese and in English,
and the database is left exactly as it was (integrity ok, every row unchanged)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exporters.package import zip_package
from forms.demo import demo_plans
from forms.serialize import plan_from_json, plan_to_document
from forms.template import load_template
from tests.hostile.importing import (
    database_state,
    refused_in_both_languages,
    run_cli,
)

Document = dict[str, Any]


def demo_document() -> Document:
    return plan_to_document(demo_plans()[0])


def setting(*path: Any, value: Any) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        node = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def repeating(collection: str) -> Callable[[Document], None]:
    """The last item given the first one's id (today: "a plan with this name exists")."""

    def edit(document: Document) -> None:
        items = document["plan"][collection]
        items[-1]["id"] = items[0]["id"]

    return edit


def growth_starting(year: int) -> Callable[[Document], None]:
    return setting("plan", "growth", 0, "start", value=year)


def higher_target(year: int) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        document["plan"]["higher_targets"].append(
            {"id": f"x-{year}", "indicator": "x", "year": year, "value": {"text": "1"}}
        )

    return edit


RANGE_MIN = ("plan", "indicators", 0, "range_min")
# (case, an edit of the demo document, the text of the file (None: json.dumps), the field
#  the message must name, a phrase of the Chinese message, a phrase of the English one)
CASES: list[tuple[str, Callable[[Document], None], str | None, str, str, str]] = [
    ("1e308", setting(*RANGE_MIN, value=1e308), None, "range_min", "超出可用范围", "usable range"),
    ("1e-320", setting(*RANGE_MIN, value=1e-320), None, "range_min", "超出可用范围", "usable"),
    ("NaN", setting(*RANGE_MIN, value=float("nan")), None, "range_min", "有限", "finite"),
    ("Infinity", setting(*RANGE_MIN, value=float("inf")), None, "range_min", "有限", "finite"),
    ("-Infinity", setting(*RANGE_MIN, value=-float("inf")), None, "range_min", "有限", "finite"),
    ("1e400", setting(*RANGE_MIN, value=7.5), "1e400", "range_min", "有限", "finite"),
    (
        "batch 1e300",
        setting("plan", "meta", "batch", value=1e300),
        None,
        "meta.batch",
        "超出可用范围",
        "usable range",
    ),
    (
        "negative base year",
        setting("plan", "meta", "base_year", value=-5),
        None,
        "meta.base_year",
        "应不小于 1990",
        "greater than or equal to 1990",
    ),
    ("negative growth year", growth_starting(-2020), None, "growth.0.start", "应不小于", "greater"),
    ("negative target year", higher_target(-2025), None, "higher_targets.", "年份", "year"),
    (
        "empty name",
        setting("plan", "meta", "name", value=""),
        None,
        "meta.name",
        "名称为空",
        "name is empty",
    ),
    (
        "blank name",
        setting("plan", "meta", "name", value="  \u3000"),
        None,
        "meta.name",
        "名称",
        "name",
    ),
    (
        "boolean schema_version",
        setting("schema_version", value=True),
        None,
        "schema_version",
        "正整数",
        "positive whole number",
    ),
    (
        "boolean batch",
        setting("plan", "meta", "batch", value=True),
        None,
        "meta.batch",
        "整数",
        "integer",
    ),
    ("boolean range", setting(*RANGE_MIN, value=False), None, "range_min", "数字", "number"),
    (
        "year as text",
        setting("plan", "meta", "base_year", value="2020"),
        None,
        "meta.base_year",
        "整数",
        "integer",
    ),
    ("duplicate chapter id", repeating("chapters"), None, "plan.chapters.", "重复", "repeats"),
    ("duplicate project id", repeating("projects"), None, "plan.projects.", "重复", "repeats"),
    (
        "lone surrogate",
        setting("plan", "meta", "province", value="x"),
        "surrogate",
        "meta.province",
        "无效字符",
        "invalid character",
    ),
    (
        "thousands of digits",
        setting("plan", "meta", "batch", value=7),
        "digits",
        "",
        "位数过多",
        "far too long",
    ),
    (
        "nested beyond the stack",
        setting("plan", "chapters", 0, "covers", value=[]),
        "deep",
        "",
        "嵌套过深",
        "nested far too deeply",
    ),
    (
        "nested 200 deep",
        setting("plan", "chapters", 0, "covers", value=[]),
        "200 deep",
        "plan.chapters.0.covers",
        "嵌套过深",
        "nested far too deeply",
    ),
]


def hostile_text(edit: Callable[[Document], None], raw: str | None) -> str:
    document = demo_document()
    edit(document)
    text = json.dumps(document, ensure_ascii=False)
    if raw == "1e400":
        return text.replace('"range_min": 7.5', '"range_min": 1e400', 1)
    if raw == "surrogate":
        return text.replace('"province": "x"', '"province": "x\\ud800y"', 1)
    if raw == "digits":
        return text.replace('"batch": 7', '"batch": 7' + "0" * 5000, 1)
    if raw == "deep":
        return text.replace('"covers": []', '"covers": ' + "[" * 100_000 + "]" * 100_000, 1)
    if raw == "200 deep":
        return text.replace('"covers": []', '"covers": ' + "[" * 200 + "]" * 200, 1)
    return text


def assert_names_the_field(zh: str, en: str, where: str, phrase_zh: str, phrase_en: str) -> None:
    assert where in zh and where in en, (zh, en)
    assert phrase_zh in zh, zh
    assert phrase_en in en, en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh  # the Chinese message is Chinese


@pytest.mark.parametrize(
    ("edit", "raw", "where", "phrase_zh", "phrase_en"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_import_json_refuses_naming_the_field(
    edit: Callable[[Document], None],
    raw: str | None,
    where: str,
    phrase_zh: str,
    phrase_en: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    file = tmp_path / "hostile.json"
    file.write_text(hostile_text(edit, raw), encoding="utf-8")
    zh, en = refused_in_both_languages(capsys, db, "import-json", str(file))
    assert_names_the_field(zh, en, where, phrase_zh, phrase_en)


@pytest.mark.parametrize(
    ("edit", "raw", "where", "phrase_zh", "phrase_en"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_import_package_refuses_the_same_plan_data(
    edit: Callable[[Document], None],
    raw: str | None,
    where: str,
    phrase_zh: str,
    phrase_en: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = demo_plans()[0]
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    data = hostile_text(edit, raw).encode("utf-8")  # a crafted package: checksums that match
    package = tmp_path / "hostile.zip"
    package.write_bytes(zip_package(plan, template, {"plan.json": data}))
    zh, en = refused_in_both_languages(capsys, db, "import-package", str(package))
    assert "plan.json" in zh and "plan.json" in en
    assert_names_the_field(zh, en, where, phrase_zh, phrase_en)


def test_the_untouched_demo_document_still_imports(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "demo.json"
    file.write_text(hostile_text(lambda document: None, None), encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db), "--lang", "en", "import-json", str(file))
    assert code == 0, err
    assert "Imported" in out


def test_a_zero_and_a_small_range_bound_are_kept() -> None:
    document = demo_document()
    document["plan"]["indicators"][0]["range_min"] = 0
    document["plan"]["indicators"][0]["range_max"] = 1e-9
    plan = plan_from_json(json.dumps(document))
    assert (plan.indicators[0].range_min, plan.indicators[0].range_max) == (0, 1e-9)


MANIFEST_EDITS = {
    "nested beyond the stack": ('"app":', '"deep": ' + "[" * 100_000 + "]" * 100_000 + ', "app":'),
    "thousands of digits": ('"manifest_version": 1', '"manifest_version": 1' + "0" * 5000),
    "NaN size": ('"manifest_version": 1', '"manifest_version": NaN'),
}


@pytest.mark.parametrize(("old", "new"), MANIFEST_EDITS.values(), ids=MANIFEST_EDITS.keys())
def test_a_crafted_package_manifest_is_refused(
    old: str, new: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = demo_plans()[0]
    template = load_template(plan.meta.template_id, plan.meta.pilot_type.value)
    plan_json = hostile_text(lambda document: None, None).encode("utf-8")
    genuine = io.BytesIO(zip_package(plan, template, {"plan.json": plan_json}))
    package = tmp_path / "hostile.zip"
    with zipfile.ZipFile(genuine) as source, zipfile.ZipFile(package, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                text = json.dumps(json.loads(data), ensure_ascii=False)
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(info, data)
    zh, en = refused_in_both_languages(capsys, db, "import-package", str(package))
    assert "manifest.json" in zh and "manifest.json" in en


def test_a_separate_process_refuses_a_nan_document_and_leaves_the_database(
    db: Path, tmp_path: Path
) -> None:
    file = tmp_path / "nan.json"
    file.write_text(hostile_text(setting(*RANGE_MIN, value=float("nan")), None), "utf-8")
    before = database_state(db)
    env = {**os.environ, "PEAKPLAN_DB": str(db), "PEAKPLAN_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "main.py", "import-json", str(file)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "plan.indicators.0.range_min" in done.stderr and "Traceback" not in done.stderr
    assert database_state(db) == before and before[0] == "ok"


READ_COMMANDS = {
    "import-json": ("import-json",),
    "import-package": ("import-package",),
    "import-xlsx": ("import-xlsx", "云岚市（示例）"),
    "import-comments": ("import-comments", "云岚市（示例）"),
}


@pytest.mark.parametrize("command", READ_COMMANDS.values(), ids=READ_COMMANDS.keys())
def test_a_missing_file_or_a_folder_is_said_in_the_users_language(
    command: tuple[str, ...], db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Chinese message ended in the system's English (“No such file or directory”, “Is a
    directory”), and a package named a folder gave the package reader's own words."""
    missing, folder = tmp_path / "没有的文件", tmp_path / "文件夹"
    folder.mkdir()
    zh, en = refused_in_both_languages(capsys, db, *command, str(missing))
    assert f"无法读取“{missing}”：没有这个文件" in zh and "No such" not in zh, zh
    assert f"Cannot read “{missing}”: No such file" in en, en
    zh, en = refused_in_both_languages(capsys, db, *command, str(folder))
    assert f"无法读取“{folder}”：这是一个文件夹" in zh and "directory" not in zh, zh
    assert f"Cannot read “{folder}”: It is a folder" in en, en


def limited_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)


@pytest.mark.parametrize(
    ("command", "zh", "en"),
    [
        (("import-json",), "文件过大", "too large to be a plan"),
        (("import-xlsx", "云岚市（示例）"), "文件过大", "too large to be a collection workbook"),
    ],
    ids=["import-json", "import-xlsx"],
)
def test_a_file_larger_than_memory_is_refused_without_reading_it_all(
    command: tuple[str, ...], zh: str, en: str, db: Path, tmp_path: Path
) -> None:
    """The whole file was read before its size was looked at: a 1.5 GB file took 1.5 GB
    (a larger one, or one picked from /dev, ended in MemoryError).  Here the command runs with
    1.5 GB of address space and a 2 GB file."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024 * 1024)  # sparse: no disk used
    before = database_state(db)
    for lang, words in (("zh", zh), ("en", en)):
        env = {**os.environ, "PEAKPLAN_DB": str(db), "PEAKPLAN_LANG": lang}
        done = subprocess.run(
            [sys.executable, "main.py", *command, str(big)],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=limited_memory,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert words in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert database_state(db) == before and before[0] == "ok"


@pytest.mark.parametrize("command", READ_COMMANDS.values(), ids=READ_COMMANDS.keys())
def test_a_device_is_refused_as_not_a_file(
    command: tuple[str, ...], db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The zip reader read /dev/zero to its end, which never comes: ``import-package
    /dev/zero`` grew past 24 GB before the system killed it (without the fix, this test runs
    until memory is exhausted)."""
    zh, en = refused_in_both_languages(capsys, db, *command, "/dev/zero")
    assert "无法读取“/dev/zero”：这不是普通文件" in zh, zh
    assert "Cannot read “/dev/zero”: it is not a regular file" in en, en
