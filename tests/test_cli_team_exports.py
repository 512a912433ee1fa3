"""A plan's package reads the same whether it was exported from the local file or from the
team's server it was copied to (issue 19 point 6: "packages and exports behave the same on
both"), checked with independent readers of each file."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

import main

DEMO_CITY = "云岚市（示例）"
EXPORT_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return out


def _contents(package: Path, into: Path) -> Any:
    """Each file of the package as something comparable: the PDF's text, the workbook's
    cells, the Word file's paragraphs, the JSON parsed; the volatile checksums left out."""
    into.mkdir()
    with zipfile.ZipFile(package) as archive:
        archive.extractall(into)
        names = sorted(archive.namelist())
    read: dict[str, object] = {"names": names}
    for name in names:
        path = into / name
        if name.endswith(".pdf"):
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
            read[name] = text.stdout.decode()
        elif name.endswith(".xlsx"):
            book = openpyxl.load_workbook(path, read_only=True)
            read[name] = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}
        elif name.endswith(".docx"):
            read[name] = [p.text for p in Document(str(path)).paragraphs]
        elif name.endswith(".json"):
            read[name] = json.loads(path.read_text(encoding="utf-8"))
    return _without_export_stamps(read)


def _without_export_stamps(value: object) -> object:
    """The export's own time (and the checksums and sizes of files carrying it: a workbook's
    compressed size moves with the time in it) differ by the moment."""
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if k not in ("sha256", "size")}
        return {k: _without_export_stamps(v) for k, v in kept.items()}
    if isinstance(value, list):
        return [_without_export_stamps(v) for v in value]
    if isinstance(value, str) and EXPORT_TIME.fullmatch(value):
        return "<export time>"
    return value


def test_the_package_is_the_same_from_the_file_and_from_the_server(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.sqlite"
    run(capsys, "--db", str(local), "demo")
    run(capsys, "--db", str(local), "copy", DEMO_CITY, "--to", postgres_url)
    packages = {}
    for home, location in (("file", str(local)), ("server", postgres_url)):
        package = tmp_path / f"{home}.zip"
        run(capsys, "--db", location, "export", DEMO_CITY, "--package", str(package))
        packages[home] = _contents(package, tmp_path / home)
    from_file, from_server = packages["file"], packages["server"]
    assert from_file["names"] == from_server["names"]
    assert any(str(n).endswith(".pdf") for n in from_file["names"])  # type: ignore[attr-defined]
    differing = [name for name in from_file if from_file[name] != from_server[name]]
    assert differing == [], differing
    assert "<export time>" in str(from_file["plan.json"])  # the stamps were found, not missed
