"""Users and roles on a team's server from the command line, and refusals said in words."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

import main
from tests.postgres import PASSWORD, USER

DEMO_CITY = "云岚市（示例）"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_user(url: str, name: str, password: str) -> str:
    return url.replace(f"{USER}:{PASSWORD}@", f"{name}:{password}@")


def test_an_administrator_sets_up_roles_and_a_reviewer_is_refused_in_words(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", postgres_url, "demo")[0] == 0
    code, out, err = run(capsys, "team", "setup", "--db", postgres_url)
    assert code == 0 and "已设置团队角色" in out, out + err
    reviewer, energy = f"rev_{uuid.uuid4().hex[:8]}", f"energy_{uuid.uuid4().hex[:8]}"
    code, out, err = run(
        capsys, "--db", postgres_url, "team", "add-user", reviewer, "--role", "reviewer"
    )
    assert code == 0, out + err
    password = re.search(r"初始密码：(\S+)（", out).group(1)  # made for a new user, shown once
    code, out, err = run(
        capsys,
        "--db",
        postgres_url,
        "team",
        "add-user",
        energy,
        "--role",
        "department",
        "--department",
        "市能源局",
        "--password",
        "pw",
    )
    assert code == 0 and "部门，市能源局" in out and "初始密码" not in out, out + err
    code, out, err = run(capsys, "--db", postgres_url, "--lang", "en", "team", "users")
    assert re.search(rf"{reviewer}\s+—\s+reviewer", out) and re.search(
        rf"{energy}\s+—\s+department\s+市能源局", out
    ), out

    url = as_user(postgres_url, reviewer, password)
    code, out, err = run(
        capsys, "--db", url, "comment", DEMO_CITY, "--chapter", "主要目标", "--text", "请补充"
    )
    assert code == 0, out + err
    code, out, err = run(capsys, "--db", url, "rename", DEMO_CITY, "审阅人改名")
    assert code == 2 and "您的角色（审阅人）不能修改方案信息" in err and "审核意见" in err, err
    code, out, err = run(capsys, "--db", url, "--lang", "en", "delete", DEMO_CITY)
    assert code == 2 and "Your role (reviewer) may not delete plans" in err, err
    code, out, err = run(capsys, "--db", url, "team", "add-user", "someone", "--role", "owner")
    assert code == 2 and "不能管理用户" in err, err
    code, out, err = run(capsys, "--db", url, "team", "setup")
    assert code == 2 and "不能建立或升级数据库结构" in err, err


def test_roles_need_a_server_and_a_department_needs_its_name(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "plans.sqlite"), "team", "setup")
    assert code == 2 and "只用于团队服务器" in err, err
    code, _, err = run(capsys, "--db", postgres_url, "team", "users")
    assert code == 2 and "请先运行 peakplan team setup" in err, err
    code, _, err = run(capsys, "--db", postgres_url, "team", "add-user", "ed_x", "--role", "editor")
    assert code == 2 and "请先运行 peakplan team setup" in err, err
    code, _, err = run(
        capsys, "--db", postgres_url, "team", "add-user", "energy_x", "--role", "department"
    )
    assert code == 2 and "--department" in err, err
    code, _, err = run(
        capsys, "--db", postgres_url, "team", "add-user", "x; DROP", "--role", "editor"
    )
    assert code == 2 and "用户名“x; DROP”无效" in err, err
    code, _, err = run(capsys, "--db", postgres_url, "team", "add-user", USER, "--role", "editor")
    assert code == 2 and "当前连接的用户" in err, err
