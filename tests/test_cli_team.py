"""Team mode from the command line: ``--db postgresql://…`` works on the team's server."""

from __future__ import annotations

import pytest

import main

DEMO_CITY = "云岚市（示例）"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_and_list_on_the_server(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", postgres_url, "demo")
    assert code == 0, out + err
    code, out, err = run(capsys, "--db", postgres_url, "list")
    assert code == 0, out + err
    assert DEMO_CITY in out
    code, out, err = run(capsys, "--db", postgres_url, "validate", DEMO_CITY)
    assert "完整度" in out, out + err
