"""The plan as a JSON document: a versioned, documented exchange format.

A document is ``{"format": "peakplan.plan", "schema_version": N, "app_version": ...,
"exported_at": ..., "plan": {...}}``.  The JSON Schema of the current version is committed as
``forms/plan.schema.json`` (regenerate it with ``python -m forms.serialize``); the README
describes the format.  Numbers are kept as the strings the user typed.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from forms.errors import LocalizedError
from forms.parts import plan_from_parts_strictly, plan_to_parts
from forms.plan import COLLECTIONS, Plan, now_iso
from forms.upgrade import FORMAT_NAME, PLAN_FORMAT_VERSION, upgrade_plan
from forms.values import MAX_MAGNITUDE, is_plausible

SCHEMA_VERSION = PLAN_FORMAT_VERSION  # the plan format version, written as "schema_version"
SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
YEAR_RANGE = (1990, 2100)  # as the model bounds its other years


class PlanDocument(BaseModel):
    """A PeakPlan plan exchanged as JSON."""

    model_config = ConfigDict(extra="forbid", title="PeakPlan plan document", defer_build=True)

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
    dumped = document.model_dump(mode="json", exclude={"plan"})
    dumped["plan"] = plan_to_parts(plan)  # in short calls: a worker thread lets the window run
    return dumped


def plan_to_json(plan: Plan, app_version: str = "") -> str:
    return json.dumps(plan_to_document(plan, app_version), ensure_ascii=False, indent=2)


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


MAX_NESTING = 64  # a plan document nests about 8 deep; far deeper is a crafted file


def _refuse(where: tuple[Any, ...], zh: str, en: str) -> PlanFormatError:
    place = _location(where)
    return PlanFormatError(
        f"方案数据在“{place}”处有误：{zh}", f"The plan data is invalid at “{place}”: {en}"
    )


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    return raw.decode(json.detect_encoding(raw))


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > 18:  # beyond any figure of a plan (and Python's digit limit)
        raise PlanFormatError(
            f"文件中的整数 {digits[:20]}… 位数过多，不是有效的方案数据。",
            f"The file holds the whole number {digits[:20]}…, far too long to be plan data.",
        )
    return int(digits)


def _parse(raw: bytes | str) -> Any:
    """The document's JSON value; malformed JSON refused, never an exception."""
    try:
        return json.loads(_decode(raw), parse_int=_whole_number)
    except RecursionError as exc:
        raise PlanFormatError(
            "文件中的数据嵌套过深，不是有效的方案数据。",
            "The file's data is nested far too deeply to be a plan.",
        ) from exc
    except ValueError as exc:  # bad UTF-8, bad JSON, an integer of thousands of digits
        raise PlanFormatError(
            f"文件不是有效的 JSON：{exc}", f"The file is not valid JSON: {exc}"
        ) from exc


def _number_problem(value: float) -> tuple[str, str] | None:
    if isinstance(value, float) and not math.isfinite(value):
        return "不是有限的数", "is not a finite number"
    if abs(value) > MAX_MAGNITUDE or not is_plausible(float(value)):
        return (
            "超出可用范围（应为 0，或绝对值在 1e-15 与 1e15 之间）",
            "is out of the usable range (0, or between 1e-15 and 1e15 in size)",
        )
    return None


def _check_number(value: float, where: tuple[Any, ...]) -> None:
    problem = _number_problem(value)
    if problem is not None:
        shown = str(value)
        shown = shown if len(shown) <= 24 else f"{shown[:20]}…"
        raise _refuse(where, f"数值 {shown} {problem[0]}。", f"the number {shown} {problem[1]}.")


def _check_text(value: str, where: tuple[Any, ...]) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _refuse(
            where,
            "文本中含有无效字符（孤立的代理项）。",
            "the text holds an invalid character (a lone surrogate).",
        ) from exc


def _check_values(data: Any) -> None:
    """Every number finite and of a plausible size, every text valid, nothing nested too deep
    (walked without recursion, so a crafted file cannot exhaust the stack)."""
    pending: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while pending:
        node, where = pending.pop()
        if len(where) > MAX_NESTING:
            raise _refuse(where[:8], "数据嵌套过深。", "the data is nested far too deeply.")
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            kind = type(value)
            if kind is str:
                if not value.isascii():
                    _check_text(value, (*where, key))
            elif kind is dict or kind is list:
                pending.append((value, (*where, key)))
            elif kind is float or kind is int:
                _check_number(value, (*where, key))


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise PlanFormatError(
            "文件不是 PeakPlan 方案数据（缺少 format: peakplan.plan）。",
            "The file is not a PeakPlan plan (no format: peakplan.plan).",
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFormatError(
            "方案数据缺少有效的 schema_version（应为正整数）。",
            "The plan has no valid schema_version (a positive whole number).",
        )
    if version > SCHEMA_VERSION:
        raise PlanFormatError(
            f"该方案数据的格式版本为 {version}，高于本程序支持的 {SCHEMA_VERSION}，"
            "请升级 PeakPlan。",
            f"The plan's format version {version} is newer than this app supports "
            f"({SCHEMA_VERSION}); please update PeakPlan.",
        )


# Pydantic's error types in Chinese (its English messages are used as they are).
_ERRORS_ZH = {
    "missing": "缺少必填项。",
    "extra_forbidden": "不是方案数据中的字段。",
    "int_type": "应为整数。",
    "float_type": "应为数字。",
    "string_type": "应为文本。",
    "bool_type": "应为 true 或 false。",
    "list_type": "应为列表。",
    "model_type": "应为对象。",
    "dict_type": "应为对象。",
    "greater_than_equal": "应不小于 {ge}。",
    "less_than_equal": "应不大于 {le}。",
    "enum": "应为以下之一：{expected}。",
    "literal_error": "应为以下之一：{expected}。",
    "string_pattern_mismatch": "格式不符（{pattern}）。",
}


def _validation_error(exc: ValidationError) -> PlanFormatError:
    first = exc.errors(include_url=False)[0]
    zh = _ERRORS_ZH.get(first["type"], first["msg"])
    try:
        zh = zh.format(**first.get("ctx", {}))
    except (KeyError, IndexError):
        zh = first["msg"]
    return _refuse(tuple(first["loc"]), zh, f"{first['msg']}.")


def _check_plan(plan: Plan) -> None:
    """What the model allows but an imported plan must not carry."""
    if not plan.id.strip():
        raise _refuse(("plan", "id"), "方案编号为空。", "the plan's id is empty.")
    if not plan.meta.name.strip():
        raise _refuse(
            ("plan", "meta", "name"),
            "方案名称为空，请在文件中填写方案名称。",
            "the plan's name is empty; give the plan a name in the file.",
        )
    if plan.meta.batch is not None and not 1 <= plan.meta.batch <= 99:
        raise _refuse(
            ("plan", "meta", "batch"),
            f"批次 {plan.meta.batch} 无效（应为 1—99）。",
            f"batch {plan.meta.batch} is not valid (1 to 99).",
        )
    for n, target in enumerate(plan.higher_targets):
        if not YEAR_RANGE[0] <= target.year <= YEAR_RANGE[1]:
            raise _refuse(
                ("plan", "higher_targets", n, "year"),
                f"{target.year} 不是 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的年份。",
                f"{target.year} is not a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}.",
            )
    for collection in COLLECTIONS:
        seen: dict[str, int] = {}
        for n, item in enumerate(getattr(plan, collection)):
            if item.id in seen:
                first = _location(("plan", collection, seen[item.id]))
                raise _refuse(
                    ("plan", collection, n, "id"),
                    f"编号“{item.id}”与“{first}”重复，文件可能被改动过。",
                    f"the id “{item.id}” repeats that of “{first}”; the file may have been "
                    "altered.",
                )
            seen[item.id] = n


def plan_from_json(raw: bytes | str) -> Plan:
    """Read a plan document; refuse anything malformed with a message in both languages
    naming the field: non-finite or absurd numbers, deep nesting, a boolean where a number
    belongs, a blank name, a repeated id."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise PlanFormatError(
            "文件过大，不是有效的方案数据文件。", "The file is too large to be a plan."
        )
    data = _parse(raw)
    _check_header(data)
    _check_values(data)
    plan = _validate(upgrade_plan(data))
    _check_plan(plan)
    return plan


def _validate(data: dict[str, Any]) -> Plan:
    """The document as a plan, read strictly (as JSON, so that enums are their values):
    true is not the number 1, 2020.0 and "2020" are not the year 2020."""
    try:  # a part at a time: one call over a large plan held a worker's interpreter ~70 ms
        plan = data["plan"]
        head = {**data, "plan": {k: v for k, v in plan.items() if k not in COLLECTIONS}}
        PlanDocument.model_validate_json(json.dumps(head), strict=True)
        return plan_from_parts_strictly(plan)
    except (ValidationError, TypeError, AttributeError, KeyError):
        pass  # read whole again: its error names the place in the plan
    try:
        return PlanDocument.model_validate_json(json.dumps(data), strict=True).plan
    except ValidationError as exc:
        raise _validation_error(exc) from exc


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
