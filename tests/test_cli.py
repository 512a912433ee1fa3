"""The command line, as a user runs it."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from storage.database import open_database
from storage.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[1]
DEMO_CITY = "云岚市（示例）"
DEMO_PARK = "云岚高新技术产业开发区（示例）"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, _ = run(capsys, "--db", str(db_path), "demo")
    assert code == 0, out
    return db_path


def _set(db_path: Path, name: str, template_ref: str, field: str, value: str) -> None:
    with open_database(db_path) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(name).id)
        row = next(i for i in plan.indicators if i.template_ref == template_ref)
        repo.update_field(plan.id, "indicators", row.id, field, value)


def test_demo_then_validate_as_separate_processes(tmp_path: Path) -> None:
    env = {**os.environ, "PEAKPLAN_DB": str(tmp_path / "demo.sqlite")}
    demo = subprocess.run(
        [sys.executable, "main.py", "demo"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert demo.returncode == 0, demo.stderr
    assert DEMO_CITY in demo.stdout and DEMO_PARK in demo.stdout
    check = subprocess.run(
        [sys.executable, "main.py", "validate", DEMO_CITY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "完整度" in check.stdout


def test_demo_twice_creates_nothing_new(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "demo")
    assert code == 0 and "已存在" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    assert len(json.loads(out)) == 2


def test_list_as_table_and_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "list")
    assert code == 0 and DEMO_CITY in out and "城市" in out and "园区" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    plans = {p["name"]: p for p in json.loads(out)}
    assert plans[DEMO_CITY]["pilot_type"] == "city"
    assert plans[DEMO_PARK]["pilot_type"] == "park"
    assert all(len(p["id"]) == 32 for p in plans.values())
    assert plans[DEMO_CITY]["completeness"] >= 0.95


def test_demo_plans_are_complete_and_error_free(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (DEMO_CITY, DEMO_PARK):
        code, out, _ = run(capsys, "--db", str(demo_db), "validate", name, "--json")
        report = json.loads(out)
        assert code == 0
        assert report["counts"]["error"] == 0 and report["counts"]["warning"] == 0, report
        assert report["completeness"] >= 0.95


def test_a_share_of_130_fails_validation_naming_the_indicator(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2030.basic.text", "130")
    code, out, _ = run(capsys, "--db", str(demo_db), "validate", DEMO_CITY)
    assert code == 1
    assert "非化石能源占能源消费总量比重" in out and "130" in out and "超出有效范围" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "--lang", "en", "validate", DEMO_CITY)
    assert code == 1 and "outside the valid range" in out and "130" in out


def test_abc_is_a_finding_not_a_traceback(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2025.basic.text", "abc")
    code, out, err = run(capsys, "--db", str(demo_db), "validate", DEMO_CITY)
    assert code == 1
    assert "“abc”不是数字" in out and "Traceback" not in err


def test_export_and_import_json(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "city.json"
    code, _, err = run(capsys, "--db", str(demo_db), "export-json", DEMO_CITY, str(target))
    assert code == 0, err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "peakplan.plan" and document["plan"]["meta"]["name"] == DEMO_CITY
    other = tmp_path / "other.sqlite"
    code, _, err = run(capsys, "--db", str(other), "import-json", str(target))
    assert code == 0, err
    code, _, err = run(capsys, "--db", str(other), "import-json", str(target))  # again: a copy
    assert code == 0, err
    with open_database(other) as database:
        repo = PlanRepository(database)
        names = sorted(p.name for p in repo.list_plans())
        assert names == [DEMO_CITY, f"{DEMO_CITY} (2)"]
        imported = repo.load_plan(repo.find(DEMO_CITY).id)
    with open_database(demo_db) as database:
        repo = PlanRepository(database)
        original = repo.load_plan(repo.find(DEMO_CITY).id)
    assert imported.chapters == original.chapters
    assert imported.indicators == original.indicators
    assert imported.projects == original.projects


@pytest.mark.parametrize(
    "content", [b"", b"not json", b'{"format": "peakplan.plan", "schema_version": 99}', b"\xff\xfe"]
)
def test_import_of_a_broken_file_changes_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(content)
    code, out, err = run(capsys, "--db", str(demo_db), "import-json", str(broken))
    assert code == 2 and err.strip() and "Traceback" not in err
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    assert len(json.loads(out)) == 2


def test_export_into_a_missing_folder_fails_cleanly(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "x.json"
    code, _, err = run(capsys, "--db", str(demo_db), "export-json", DEMO_CITY, str(target))
    assert code == 2 and "无法写入" in err and "Traceback" not in err
    assert not target.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_export_into_a_read_only_folder_leaves_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(
            capsys, "--db", str(demo_db), "export-json", DEMO_CITY, str(locked / "x.json")
        )
        assert code == 2 and "无法写入" in err
        assert not list(locked.iterdir())
    finally:
        locked.chmod(0o700)


def test_unknown_plan_and_bad_database(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(demo_db), "validate", "不存在的方案")
    assert code == 2 and "找不到方案“不存在的方案”" in err
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(bogus), "--lang", "en", "list")
    assert code == 2 and "not a PeakPlan database" in err
    assert bogus.read_text(encoding="utf-8") == "hello"


def test_trash_and_restore(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", str(demo_db), "delete", DEMO_PARK)[0] == 0
    _, out, _ = run(capsys, "--db", str(demo_db), "list", "--trash", "--json")
    assert [p["name"] for p in json.loads(out)] == [DEMO_PARK]
    assert run(capsys, "--db", str(demo_db), "restore", DEMO_PARK)[0] == 0
    _, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    assert len(json.loads(out)) == 2


def test_database_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("PEAKPLAN_DB", str(path))
    assert run(capsys, "list")[0] == 2 and not path.exists()  # a read makes no database
    assert run(capsys, "demo")[0] == 0
    assert path.exists()
    assert run(capsys, "list")[0] == 0


def test_export_writes_the_four_outputs(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    files = [out_dir / name for name in ("c.pdf", "c.xlsx", "c.docx", "c.zip")]
    code, out, err = run(
        capsys,
        "--db",
        str(demo_db),
        "export",
        DEMO_CITY,
        "--pdf",
        str(files[0]),
        "--xlsx",
        str(files[1]),
        "--docx",
        str(files[2]),
        "--package",
        str(files[3]),
    )
    assert code == 0, err
    assert all(path.exists() and path.stat().st_size > 1000 for path in files)
    assert out.count("已导出") == 4


def test_export_to_an_unwritable_place_fails_cleanly(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(
        capsys, "--db", str(demo_db), "export", DEMO_CITY, "--package", str(blocker / "c.zip")
    )
    assert code == 2 and "无法写入" in err
    code, _, err = run(capsys, "--db", str(demo_db), "export", DEMO_CITY)
    assert code == 2 and "--pdf" in err
    code, _, err = run(
        capsys,
        "--db",
        str(demo_db),
        "--lang",
        "en",
        "export",
        DEMO_CITY,
        "--pdf",
        str(tmp_path / "x.pdf"),
        "--font",
        "body=/nonexistent/font.ttf",
    )
    assert code == 2 and "/nonexistent/font.ttf" in err and "TrueType" in err
    assert not (tmp_path / "x.pdf").exists()


def test_collect_and_import_a_department_workbook(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from openpyxl import load_workbook

    path = tmp_path / "dept.xlsx"
    code, _, err = run(
        capsys,
        "--db",
        str(demo_db),
        "collect",
        DEMO_CITY,
        "--department",
        "市发展改革委",
        "--out",
        str(path),
    )
    assert code == 0, err
    wb = load_workbook(path)
    ws = wb["指标"]
    column = next(c.column_letter for c in ws[1] if c.value == "备注")
    ws[f"{column}2"] = "部门已核实"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    code, out, _ = run(
        capsys, "--db", str(demo_db), "import-xlsx", DEMO_CITY, str(path), "--dry-run"
    )
    assert code == 0 and "修改 1 处" in out and "部门已核实" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "import-xlsx", DEMO_CITY, str(path))
    assert code == 0 and "快照" in out
    code, out, _ = run(
        capsys, "--db", str(demo_db), "import-xlsx", DEMO_CITY, str(path), "--dry-run"
    )
    assert "修改 0 处" in out  # applied: nothing left to change
    code, _, err = run(capsys, "--db", str(demo_db), "import-xlsx", DEMO_PARK, str(path))
    assert code == 2 and "不能导入" in err


def test_import_package_verifies_before_adding(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "city.zip"
    code, _, err = run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--package", str(package))
    assert code == 0, err
    other = tmp_path / "other.sqlite"
    code, out, err = run(capsys, "--db", str(other), "import-package", str(package))
    assert code == 0 and "校验通过" in out, err
    import zipfile

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "plan.pdf":
                data = data[:500] + bytes([data[500] ^ 0xFF]) + data[501:]  # one byte altered
            target.writestr(info, data)
    code, _, err = run(capsys, "--db", str(other), "import-package", str(tampered))
    assert code == 2 and "plan.pdf" in err
    code, out, _ = run(capsys, "--db", str(other), "list", "--json")
    assert len(json.loads(out)) == 1


def test_snapshot_then_diff_lists_exactly_the_edits(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "snapshot", DEMO_CITY, "--name", "初稿")
    assert code == 0 and "初稿" in out
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2030.basic.text", "29.0")
    _set(demo_db, DEMO_CITY, "coal_share", "department", "市统计局")
    code, out, _ = run(capsys, "--db", str(demo_db), "diff", DEMO_CITY)
    assert code == 0 and "共 2 处差异" in out
    assert "2030年目标" in out and "“27” → “29.0”" in out and "市统计局" in out
    package = tmp_path / "city.zip"
    run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--package", str(package))
    code, out, _ = run(capsys, "--db", str(demo_db), "snapshots", DEMO_CITY)
    assert "初稿" in out and "city.zip" in out and "导出报送包时保存" in out
    assert "export" not in out.replace("city.zip", "")  # the kind in words, not its id
    code, out, _ = run(capsys, "--db", str(demo_db), "diff", DEMO_CITY, "--since", "初稿")
    assert "共 2 处差异" in out


def test_comments_travel_in_a_package_and_merge_once(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The city exports a package; the province imports it, comments on two chapters and
    sends a package back; the city merges the comments, twice, and has each once."""
    city_package, review_package = tmp_path / "city.zip", tmp_path / "review.zip"
    province = tmp_path / "province.sqlite"
    run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--package", str(city_package))
    code, _, err = run(capsys, "--db", str(province), "import-package", str(city_package))
    assert code == 0, err
    for chapter, text in (
        ("保障措施", "请补充资金保障的具体数额。"),
        ("总体要求", "试点定位宜更突出。"),
    ):
        code, _, err = run(
            capsys,
            "--db",
            str(province),
            "comment",
            DEMO_CITY,
            "--chapter",
            chapter,
            "--text",
            text,
            "--author",
            "省发展改革委",
        )
        assert code == 0, err
    run(capsys, "--db", str(province), "export", DEMO_CITY, "--package", str(review_package))
    code, out, _ = run(
        capsys, "--db", str(demo_db), "import-comments", DEMO_CITY, str(review_package)
    )
    assert code == 0 and "新增 2 条" in out
    code, out, _ = run(
        capsys, "--db", str(demo_db), "import-comments", DEMO_CITY, str(review_package)
    )
    assert code == 0 and "新增 0 条" in out
    with open_database(demo_db) as database:
        repo = PlanRepository(database)
        plan = repo.load_plan(repo.find(DEMO_CITY).id)
    titles = {c.id: c.title_zh for c in plan.chapters}
    assert sorted((titles[c.item_id], c.text) for c in plan.comments) == [
        ("保障措施", "请补充资金保障的具体数额。"),
        ("总体要求", "试点定位宜更突出。"),
    ]
    code, _, err = run(
        capsys, "--db", str(demo_db), "import-comments", DEMO_PARK, str(review_package)
    )
    assert code == 2 and "不是同一方案" in err


def test_monitoring_is_assessed_and_reported_in_the_exports(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from openpyxl import load_workbook

    code, out, err = run(
        capsys,
        "--db",
        str(demo_db),
        "monitor",
        DEMO_CITY,
        "--year",
        "2022",
        "--indicator",
        "non_fossil_share",
        "--actual",
        "17.0",
    )
    assert code == 0 and "17 / 17.48  滞后于进度" in out, err
    code, out, _ = run(
        capsys,
        "--db",
        str(demo_db),
        "monitor",
        DEMO_CITY,
        "--year",
        "2022",
        "--indicator",
        "coal_share",
        "--actual",
        "52",
    )
    assert "52 / 52.92  符合进度" in out
    pdf, xlsx = tmp_path / "c.pdf", tmp_path / "c.xlsx"
    run(capsys, "--db", str(demo_db), "export", DEMO_CITY, "--pdf", str(pdf), "--xlsx", str(xlsx))
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "附：2022年度监测评估" in text and "滞后于进度" in text and "符合进度" in text
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes()))["监测评估"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert (2022, "非化石能源占能源消费总量比重", "%", 17.48, 17, "滞后于进度") in rows


def test_revision_table_with_reasons_in_pdf_and_excel(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from openpyxl import load_workbook

    run(capsys, "--db", str(demo_db), "snapshot", DEMO_CITY, "--name", "报送稿")
    _set(demo_db, DEMO_CITY, "non_fossil_share", "target_2030.basic.text", "29.0")
    code, out, _ = run(capsys, "--db", str(demo_db), "revisions", DEMO_CITY)
    key = out.split()[0]
    assert code == 0 and key == "1" and "2030年目标" in out  # changes are numbered, no ids
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    code, out, err = run(
        capsys,
        "--db",
        str(demo_db),
        "revisions",
        DEMO_CITY,
        "--since",
        "报送稿",
        "--why",
        f"{key}=按省发展改革委审核意见提高目标",
        "--pdf",
        str(pdf),
        "--xlsx",
        str(xlsx),
    )
    assert code == 0, err
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "修改说明" in text and "按省发展改革委审核意见提高目标" in text and "27→29.0" in text
    assert "主要目标" in text  # the chapter the indicator belongs to
    rows = list(
        load_workbook(io.BytesIO(xlsx.read_bytes()))["修改说明"].iter_rows(
            min_row=3, values_only=True
        )
    )
    assert (
        len(rows) == 1
        and rows[0][1] == "主要目标"
        and rows[0][3] == getpass.getuser()  # who changed it (修改人)
        and rows[0][5] == "按省发展改革委审核意见提高目标"
    )


def test_english_output_names_things_in_words_and_says_what_to_type(tmp_path: Path) -> None:
    """The real process in English: provinces in English, snapshot kinds in words (not their
    ids), and an unknown chapter or indicator answered with the names that would work."""
    env = {**os.environ, "PEAKPLAN_DB": str(tmp_path / "p.sqlite")}

    def peakplan(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", "--lang", "en", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    assert peakplan("demo").returncode == 0
    listed = peakplan("list").stdout
    assert "Jiangsu" in listed and "江苏省" not in listed
    peakplan("snapshot", DEMO_CITY, "--name", "first")
    snapshots = peakplan("snapshots", DEMO_CITY).stdout
    assert "taken by hand" in snapshots and "manual" not in snapshots
    wrong = peakplan("comment", DEMO_CITY, "--chapter", "targets", "--text", "x")
    assert wrong.returncode != 0
    assert "The plan has no chapter “targets”" in wrong.stderr + wrong.stdout
    assert "“Main targets”" in wrong.stderr + wrong.stdout
    unknown = peakplan(
        "monitor", DEMO_CITY, "--year", "2023", "--indicator", "coal", "--actual", "1"
    )
    assert "“Share of coal in total energy consumption”" in unknown.stderr + unknown.stdout
    by_name = peakplan(
        "monitor",
        DEMO_CITY,
        "--year",
        "2023",
        "--indicator",
        "Share of coal in total energy consumption",
        "--actual",
        "50",
    )
    assert by_name.returncode == 0, by_name.stderr
    for output in (listed, snapshots, wrong.stderr, by_name.stdout):
        assert "annex2-2023" not in output and "coal_share" not in output


def test_not_found_messages_say_what_to_do(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(demo_db), "--lang", "en", "validate", "Nowhere")
    assert code == 2 and "peakplan list shows them" in err
    code, _, err = run(capsys, "--db", str(demo_db), "--lang", "en", "diff", DEMO_CITY)
    assert code == 2 and "Take one first" in err
    run(capsys, "--db", str(demo_db), "snapshot", DEMO_CITY, "--name", "初稿")
    code, _, err = run(
        capsys, "--db", str(demo_db), "--lang", "en", "diff", DEMO_CITY, "--since", "nope"
    )
    assert code == 2 and "“nope”" in err and "peakplan snapshots lists them" in err


def test_a_reason_is_given_by_the_change_number_and_a_wrong_number_says_what_to_do(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(demo_db), "snapshot", DEMO_CITY, "--name", "报送稿")
    _set(demo_db, DEMO_CITY, "coal_share", "department", "市统计局")
    code, out, _ = run(capsys, "--db", str(demo_db), "--lang", "en", "revisions", DEMO_CITY)
    assert code == 0 and out.split()[0] == "1" and ":" not in out.split()[0]
    assert "indicators:" not in out  # no internal keys to copy
    code, _, err = run(
        capsys, "--db", str(demo_db), "--lang", "en", "revisions", DEMO_CITY, "--why", "7=x"
    )
    assert code == 2 and "There is no change “7”" in err and "(1–1)" in err
    code, _, err = run(
        capsys, "--db", str(demo_db), "revisions", DEMO_CITY, "--why", "1=统计口径调整"
    )
    assert code == 0, err
    with open_database(demo_db) as database:
        repo = PlanRepository(database)
        notes = repo.load_plan(repo.find(DEMO_CITY).id).revision_notes
    assert [n.why for n in notes] == ["统计口径调整"] and notes[0].id.endswith(":department")
