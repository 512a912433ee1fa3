"""The plan as a JSON document: a versioned, documented exchange format.

A document is ``{"format": "peakplan.plan", "schema_version": N, "app_version": ...,
"exported_at": ..., "plan": {...}}``.  The JSON Schema of the current version is committed as
``forms/plan.schema.json`` (regenerate it with ``python -m forms.serialize``); the README
describes the format.  Numbers are kept as the strings the user typed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from forms.errors import LocalizedError
from forms.plan import Plan, now_iso

FORMAT_NAME = "peakplan.plan"
SCHEMA_VERSION = 2  # 2: fuels, growth, declared peak year, higher targets, comments
SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class PlanDocument(BaseModel):
    """A PeakPlan plan exchanged as JSON."""

    model_config = ConfigDict(extra="forbid", title="PeakPlan plan document")

    format: Literal["peakplan.plan"] = Field(description="Always 'peakplan.plan'.")
    schema_version: int = Field(ge=1, description="Version of this document format.")
    app_version: str = Field(default="", description="PeakPlan version that wrote it.")
    exported_at: str = Field(default="", description="ISO 8601 time of export (UTC).")
    plan: Plan


class PlanFormatError(LocalizedError):
    """A plan document that cannot be read."""


def plan_to_document(plan: Plan, app_version: str = "") -> dict[str, Any]:
    document = PlanDocument(
        format=FORMAT_NAME,
        schema_version=SCHEMA_VERSION,
        app_version=app_version,
        exported_at=now_iso(),
        plan=plan,
    )
    return document.model_dump(mode="json")


def plan_to_json(plan: Plan, app_version: str = "") -> str:
    return json.dumps(plan_to_document(plan, app_version), ensure_ascii=False, indent=2)


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def plan_from_json(raw: bytes | str) -> Plan:
    """Read a plan document; refuse anything malformed with a message in both languages."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise PlanFormatError(
            "文件过大，不是有效的方案数据文件。", "The file is too large to be a plan."
        )
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanFormatError(
            f"文件不是有效的 JSON：{exc}", f"The file is not valid JSON: {exc}"
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise PlanFormatError(
            "文件不是 PeakPlan 方案数据（缺少 format: peakplan.plan）。",
            "The file is not a PeakPlan plan (no format: peakplan.plan).",
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise PlanFormatError(
            "方案数据缺少有效的 schema_version。", "The plan has no valid schema_version."
        )
    if version > SCHEMA_VERSION:
        raise PlanFormatError(
            f"该方案数据的格式版本为 {version}，高于本程序支持的 {SCHEMA_VERSION}，"
            "请升级 PeakPlan。",
            f"The plan's format version {version} is newer than this app supports "
            f"({SCHEMA_VERSION}); please update PeakPlan.",
        )
    try:
        return PlanDocument.model_validate(data).plan
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _location(tuple(first["loc"]))
        raise PlanFormatError(
            f"方案数据在“{where}”处有误：{first['msg']}",
            f"The plan data is invalid at “{where}”: {first['msg']}",
        ) from exc


def json_schema() -> dict[str, Any]:
    schema = PlanDocument.model_json_schema()
    schema["$id"] = f"https://peakplan.invalid/schema/plan-v{SCHEMA_VERSION}.json"
    schema["description"] = (
        "A PeakPlan carbon peaking pilot implementation plan. Numbers are strings as typed."
    )
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    SCHEMA_PATH.write_text(json_schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")
