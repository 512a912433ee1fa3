"""Export destinations the system cannot even look at: a file name longer than the file
system allows.  Each is a clear refusal in Chinese and in English, before anything is
rendered, and the folder is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from tests.hostile.importing import (
    DEMO_CITY,
    refused_in_both_languages,
    run_cli,
)

TOO_LONG = "长" * 120  # 360 bytes in UTF-8: more than a file name may have (255 on Linux)


COMMANDS = {
    "export": lambda target: ["export", DEMO_CITY, "--xlsx", str(target / f"{TOO_LONG}.xlsx")],
    "export-json": lambda target: ["export-json", DEMO_CITY, str(target / f"{TOO_LONG}.json")],
    "collect": lambda target: ["collect", DEMO_CITY, "--out", str(target / f"{TOO_LONG}.xlsx")],
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_file_name_too_long_for_the_file_system_is_said_not_a_traceback(
    command, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Looking whether the name was a folder raised “File name too long” past every handler."""
    target = tmp_path / "out"
    target.mkdir()
    messages = {}
    for lang in ("zh", "en"):
        code, out, err = run_cli(capsys, "--db", str(db), "--lang", lang, *command(target))
        assert code == main.EXIT_FAILURE, out + err
        messages[lang] = err
    assert "无法写入" in messages["zh"] and "请选择其他保存位置" in messages["zh"], messages
    assert "Cannot write" in messages["en"] and "another destination" in messages["en"], messages
    assert list(target.iterdir()) == []


TO_THE_DATABASE = {
    "export": lambda db: ["export", DEMO_CITY, "--xlsx", str(db)],
    "export --package": lambda db: ["export", DEMO_CITY, "--package", str(db)],
    "export-json": lambda db: ["export-json", DEMO_CITY, str(db)],
    "collect": lambda db: ["collect", DEMO_CITY, "--out", str(db)],
}


@pytest.mark.parametrize("command", TO_THE_DATABASE.values(), ids=TO_THE_DATABASE.keys())
def test_an_export_named_as_the_database_is_refused_and_the_plans_kept(
    command, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export --xlsx plans.sqlite`` (the --db file, by a slip) replaced the database by the
    workbook: every plan was lost, and the command said “Exported”."""
    zh, en = refused_in_both_languages(capsys, db, *command(db))
    assert f"“{db}”是一个数据库文件，导出不会覆盖它" in zh, zh
    assert f"“{db}” is a database file; an export never replaces it" in en, en


def test_one_file_named_for_two_outputs_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook silently replaced the PDF of the same name; both were said exported."""
    same = tmp_path / "方案.pdf"
    zh, en = refused_in_both_languages(
        capsys, db, "export", DEMO_CITY, "--pdf", str(same), "--xlsx", str(same)
    )
    assert f"“{same}”被指定给了不止一种输出" in zh, zh
    assert f"“{same}” is named for more than one output" in en, en
    assert not same.exists()


NAMED_AS_ANOTHER_KIND = {
    "export --pdf x.docx": (["export", DEMO_CITY, "--pdf"], "x.docx", "PDF 文件", "a PDF file"),
    "export --xlsx x.xls": (
        ["export", DEMO_CITY, "--xlsx"],
        "x.xls",
        "Excel 工作簿",
        "an Excel workbook",
    ),
    "export --package x.PDF": (
        ["export", DEMO_CITY, "--package"],
        "x.PDF",
        "报送包（zip 压缩包）",
        "a submission package (a zip archive)",
    ),
    "export-json x.zip": (["export-json", DEMO_CITY], "x.zip", "方案 JSON 数据", "the plan's JSON"),
    "collect --out x.csv": (
        ["collect", DEMO_CITY, "--out"],
        "x.csv",
        "Excel 工作簿",
        "an Excel workbook",
    ),
}


@pytest.mark.parametrize(
    ("command", "name", "kind_zh", "kind_en"),
    NAMED_AS_ANOTHER_KIND.values(),
    ids=NAMED_AS_ANOTHER_KIND.keys(),
)
def test_an_output_named_as_another_kind_of_file_is_refused(
    command: list[str],
    name: str,
    kind_zh: str,
    kind_en: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``export --pdf plan.docx`` (the arguments mixed up) wrote a PDF that Word then refused
    to open, and the command said “Exported”."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    zh, en = refused_in_both_languages(capsys, db, *command, str(target))
    suffix = target.suffix
    assert f"“{target}”的扩展名是 {suffix}，但这里写入的是" in zh and kind_zh in zh, zh
    assert f"“{target}” ends in {suffix}, but what is written there is {kind_en}" in en, en
    assert list(folder.iterdir()) == [], "nothing is written"


def test_an_output_with_its_own_or_an_unknown_ending_is_written(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only another document type's ending is refused: upper case, none, or one of the user's
    own (a dated name) are theirs to choose."""
    folder = tmp_path / "out"
    folder.mkdir()
    names = {"--pdf": "方案.PDF", "--docx": "方案 2026.12 终稿", "--xlsx": "方案.v3.xlsx"}
    args = [arg for option, name in names.items() for arg in (option, str(folder / name))]
    code, out, err = run_cli(capsys, "--db", str(db), "export", DEMO_CITY, *args)
    assert code == main.EXIT_OK, out + err
    assert sorted(p.name for p in folder.iterdir()) == sorted(names.values())


@pytest.mark.parametrize("name", ["方案.pdf ", "方案.pdf.", "方案 "])
def test_an_output_name_ending_in_a_space_or_dot_is_refused(
    name: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--pdf "方案.pdf "`` (a space typed inside the quotes) wrote a file no viewer took
    for a PDF, and Windows cannot open at all."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    zh, en = refused_in_both_languages(capsys, db, "export", DEMO_CITY, "--pdf", str(target))
    assert zh.startswith(f"“{target}”的文件名以空格或句点结尾") and "以 .pdf 结尾" in zh, zh
    assert en.startswith(f"“{target}” ends in a space or a dot") and "with .pdf." in en, en
    assert list(folder.iterdir()) == [], "nothing is written"
