"""A plan's template id names a template the app knows, never a folder of someone's files.

A template's prose is jinja2; rendering a folder named by a plan would run whatever that folder
holds.  These tests hand PeakPlan plans and templates built to run a command (they touch a
marker file) and check that nothing runs, each case ends in a clear message, and the database
is unchanged.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

import main
from forms.template import TEMPLATE_ROOT
from tests.ui.conftest import _isolated_settings, qapp_cls, start_app  # noqa: F401

DEMO_CITY = "云岚市（示例）"
BUNDLED = TEMPLATE_ROOT / "annex2-2023"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def payload(marker: Path) -> str:
    """Jinja2 that runs a shell command when rendered outside a sandbox."""
    return f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"


def template_copy(folder: Path, template_id: str, *, prose: str | None = None) -> Path:
    """The bundled template under another id, its prose optionally replaced by ``prose``."""
    shutil.copytree(BUNDLED, folder)
    common = folder / "common.toml"
    common.write_text(
        common.read_text(encoding="utf-8").replace(
            'id = "annex2-2023"', f'id = "{template_id}"', 1
        ),
        encoding="utf-8",
    )
    if prose is not None:
        for j2 in (folder / "prose").glob("*.j2"):
            j2.write_text(prose, encoding="utf-8")
    return folder


@pytest.fixture
def demo_json(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "--db", str(db_path), "demo")[0] == 0
    target = tmp_path / "plan.json"
    assert run(capsys, "--db", str(db_path), "export-json", DEMO_CITY, str(target))[0] == 0
    return target


def with_template_id(source: Path, template_id: str, target: Path) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    data["plan"]["meta"]["template_id"] = template_id
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def plan_count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM plans").fetchone()[0]


@pytest.mark.parametrize("kind", ["absolute", "dotdot"])
def test_a_plan_naming_a_folder_as_its_template_is_refused_on_import(
    kind: str,
    demo_json: Path,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    marker = tmp_path / "ran"
    evil = template_copy(tmp_path / "evil", "evil", prose=payload(marker))
    template_id = str(evil) if kind == "absolute" else "../" * 12 + str(evil).lstrip("/")
    hostile = with_template_id(demo_json, template_id, tmp_path / "hostile.json")
    before = plan_count(db_path)
    code, out, err = run(capsys, "--db", str(db_path), "import-json", str(hostile))
    assert code == 2, out + err
    assert "Traceback" not in err
    assert "模板" in err and "不是路径" in err, err
    code, _, err = run(capsys, "--db", str(db_path), "--lang", "en", "import-json", str(hostile))
    assert code == 2 and "template" in err and "not a path" in err, err
    assert plan_count(db_path) == before
    assert not marker.exists()


def test_a_plan_stored_with_a_path_template_id_exports_nothing_and_runs_nothing(
    demo_json: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database written by an older PeakPlan may already hold such a plan."""
    marker = tmp_path / "ran"
    evil = template_copy(tmp_path / "evil", "evil", prose=payload(marker))
    with sqlite3.connect(db_path) as conn:
        (meta,) = conn.execute("SELECT meta FROM plans WHERE name = ?", [DEMO_CITY]).fetchone()
        meta = json.loads(meta)
        meta["template_id"] = str(evil)
        conn.execute("UPDATE plans SET meta = ? WHERE name = ?", [json.dumps(meta), DEMO_CITY])
    out_docx = tmp_path / "out.docx"
    code, out, err = run(capsys, "--db", str(db_path), "export", DEMO_CITY, "--docx", str(out_docx))
    assert code == 2, out + err
    assert "Traceback" not in err and "不是路径" in err, err
    assert not marker.exists()
    assert not out_docx.exists()


def test_an_unknown_template_is_refused_with_how_to_install_it(
    demo_json: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = with_template_id(demo_json, "jiangsu-2024", tmp_path / "unknown.json")
    code, _, err = run(capsys, "--db", str(db_path), "import-json", str(hostile))
    assert code == 2 and "jiangsu-2024" in err and "install-template" in err, err
    code, _, err = run(capsys, "--db", str(db_path), "--lang", "en", "import-json", str(hostile))
    assert code == 2 and "not installed" in err and "install-template" in err, err


def test_an_installed_province_template_is_used_and_its_prose_rendered(
    demo_json: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document

    source = template_copy(tmp_path / "province", "jiangsu-2024")
    zh = source / "prose" / "projects.zh.j2"
    zh.write_text("江苏版项目概述：" + zh.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db_path), "install-template", str(source))
    assert code == 0, err
    assert "jiangsu-2024" in out
    shutil.rmtree(source)  # the installed copy is self-contained
    plan = with_template_id(demo_json, "jiangsu-2024", tmp_path / "province.json")
    code, out, err = run(capsys, "--db", str(db_path), "import-json", str(plan), "--name", "苏")
    assert code == 0, err
    out_docx = tmp_path / "su.docx"
    assert run(capsys, "--db", str(db_path), "export", "苏", "--docx", str(out_docx))[0] == 0
    text = "\n".join(p.text for p in Document(str(out_docx)).paragraphs)
    assert "江苏版项目概述" in text


def test_installed_prose_runs_in_a_sandbox(
    demo_json: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "ran"
    source = template_copy(tmp_path / "province", "trojan", prose=payload(marker))
    assert run(capsys, "--db", str(db_path), "install-template", str(source))[0] == 0
    plan = with_template_id(demo_json, "trojan", tmp_path / "trojan.json")
    assert run(capsys, "--db", str(db_path), "import-json", str(plan), "--name", "木马")[0] == 0
    out_docx = tmp_path / "t.docx"
    code, out, err = run(
        capsys, "--db", str(db_path), "--lang", "en", "export", "木马", "--docx", str(out_docx)
    )
    assert code == 2, out + err
    assert "Traceback" not in err and "not allowed" in err, err
    assert not marker.exists()
    assert not out_docx.exists()


def test_install_refuses_symlinks_paths_and_the_bundled_id(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.j2"
    secret.write_text("secret", encoding="utf-8")
    linked = template_copy(tmp_path / "linked", "linked")
    (linked / "prose" / "targets.zh.j2").unlink()
    (linked / "prose" / "targets.zh.j2").symlink_to(secret)
    code, _, err = run(capsys, "--db", str(db_path), "install-template", str(linked))
    assert code == 2 and "targets.zh.j2" in err, err

    escaping = template_copy(tmp_path / "escaping", "escaping")
    city = escaping / "city.toml"
    city.write_text(
        city.read_text(encoding="utf-8").replace(
            'extends = "common.toml"', 'extends = "../escaping/common.toml"'
        ),
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "--db", str(db_path), "--lang", "en", "install-template", str(escaping)
    )
    assert code == 2 and "extends" in err, err

    bundled = template_copy(tmp_path / "bundled", "annex2-2023")
    code, _, err = run(capsys, "--db", str(db_path), "install-template", str(bundled))
    assert code == 2 and "annex2-2023" in err, err
    templates = tmp_path / "xdg-data" / "PeakPlan" / "templates"
    assert not templates.exists() or not [
        p for p in templates.iterdir() if re.match(r"^[a-z]", p.name)
    ]


def test_the_start_window_installs_a_template_chosen_in_its_menu(
    start_app,  # noqa: F811 (the UI tests' fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from forms.template import available_templates, load_template

    source = template_copy(tmp_path / "province", "zhejiang-2024")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(source))
    window = start_app("en")
    action = window.actions_["install_template"]
    assert action in window.file_menu.actions() and "guideline template" in action.text()
    action.trigger()
    assert "zhejiang-2024" in window.statusBar().currentMessage()
    version = load_template("annex2-2023", "city").version  # the copy keeps the bundled one
    assert ("zhejiang-2024", version) in available_templates()


def test_a_package_whose_plan_names_a_folder_as_its_template_is_refused(
    demo_json: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    from exporters.package import MANIFEST_NAME, zip_package
    from forms.serialize import plan_from_json
    from forms.template import load_template

    marker = tmp_path / "ran"
    evil = template_copy(tmp_path / "evil", "evil", prose=payload(marker))
    genuine = tmp_path / "genuine.zip"
    code, _, err = run(capsys, "--db", str(db_path), "export", DEMO_CITY, "--package", str(genuine))
    assert code == 0, err
    with zipfile.ZipFile(genuine) as archive:
        files = {n: archive.read(n) for n in archive.namelist() if n != MANIFEST_NAME}
    hostile_json = with_template_id(demo_json, str(evil), tmp_path / "hostile.json")
    files["plan.json"] = hostile_json.read_bytes()
    plan = plan_from_json(demo_json.read_bytes())
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(zip_package(plan, load_template(), files))  # checksums all match
    before = plan_count(db_path)
    code, _, err = run(capsys, "--db", str(db_path), "import-package", str(hostile))
    assert code == 2 and "不是路径" in err and "Traceback" not in err, err
    assert plan_count(db_path) == before
    assert not marker.exists()
