"""The guideline template: the bundled data loads, and a malformed file is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.template import (
    ChapterKind,
    PilotType,
    TemplateError,
    available_templates,
    load_template,
    load_template_file,
)

MINIMAL_COMMON = """
id = "test-template"
version = "0.1"
indicator_categories = [{ id = "energy", title = { zh = "能源", en = "Energy" } }]
base_data_groups = [{ id = "economy", title = { zh = "经济", en = "Economy" } }]
project_fields = [{ id = "energy_infrastructure", title = { zh = "能源基础设施", en = "Energy" } }]
policy_types = [{ id = "fiscal", title = { zh = "财政", en = "Fiscal" } }]
provinces = [{ name = { zh = "江苏省", en = "Jiangsu" }, grid_region = "huadong" }]
conversion_factors = []
emission_factors = []

[[annex2_elements]]
id = "foundation"
title = { zh = "基本情况", en = "Base situation" }

[[chapters]]
id = "foundation"
kind = "text"
title = { zh = "基本情况", en = "Base situation" }
covers = ["foundation"]
guidance = { zh = "说明", en = "Guidance" }

[[indicators]]
id = "non_fossil_share"
name = { zh = "非化石能源占比", en = "Non-fossil share" }
unit = { zh = "%", en = "%" }
category = "energy"
direction = "up"
range = { min = 0, max = 100 }
pilot_types = ["city"]

[[base_data]]
id = "gdp"
name = { zh = "地区生产总值", en = "GDP" }
unit = { zh = "亿元", en = "100 million yuan" }
group = "economy"

[[pilots]]
name_zh = "张家口市"
name_en = "Zhangjiakou"
province = "江苏省"
pilot_type = "city"
batch = 1
"""

MINIMAL_CITY = """
extends = "common.toml"
pilot_type = "city"
title = { zh = "城市模板", en = "City template" }

[[task_areas]]
id = "energy_transition"
title = { zh = "能源转型", en = "Energy transition" }
guidance = { zh = "说明", en = "Guidance" }
"""


def _write(folder: Path, common: str = MINIMAL_COMMON, city: str = MINIMAL_CITY) -> Path:
    (folder / "common.toml").write_text(common, encoding="utf-8")
    (folder / "city.toml").write_text(city, encoding="utf-8")
    return folder / "city.toml"


@pytest.mark.parametrize("pilot_type", ["city", "park"])
def test_bundled_template_loads_for_each_pilot_type(pilot_type: str) -> None:
    template = load_template("annex2-2023", pilot_type)
    assert template.id == "annex2-2023" and template.version
    assert template.pilot_type == PilotType(pilot_type)
    kinds = [c.kind for c in template.chapters]
    assert kinds[:2] == [ChapterKind.TEXT, ChapterKind.BASE_DATA]
    for kind in ChapterKind:
        assert kind in kinds
    assert len(template.project_fields) == 6
    assert len(template.indicators_for_pilot()) >= 12
    for chapter in template.chapters:
        assert chapter.guidance.zh and chapter.guidance.en and chapter.prompts


def test_city_and_park_share_common_parts_and_differ_in_task_areas() -> None:
    city, park = load_template("annex2-2023", "city"), load_template("annex2-2023", "park")
    assert [c.id for c in city.chapters] == [c.id for c in park.chapters]
    assert city.pilots == park.pilots and city.emission_factors == park.emission_factors
    assert {a.id for a in city.task_areas} != {a.id for a in park.task_areas}
    assert "nev_penetration" in {i.id for i in city.indicators_for_pilot()}
    assert "nev_penetration" not in {i.id for i in park.indicators_for_pilot()}


def test_first_batch_pilot_list() -> None:
    pilots = load_template("annex2-2023", "city").pilots
    first = [p for p in pilots if p.batch == 1]
    assert len(first) == 35
    assert sum(p.pilot_type is PilotType.CITY for p in first) == 25
    assert sum(p.pilot_type is PilotType.PARK for p in first) == 10
    names = {p.name_zh for p in first}
    assert {"张家口市", "深圳市", "克拉玛依市", "长治高新技术产业开发区", "西咸新区"} <= names


def test_factors_carry_their_source() -> None:
    template = load_template("annex2-2023", "city")
    factors = {f.id: f for f in template.emission_factors}
    assert factors["raw_coal"].value == pytest.approx(1.9003)
    for factor in template.emission_factors + template.conversion_factors:
        assert factor.source.zh and factor.source.en


def test_grid_factors_are_a_cited_table() -> None:
    """Three published years; each: 3 national series, 7 regional grids, 30 provinces (no
    Tibet); every row carries its document (title, number, date); 2021 regional and
    provincial rows are marked to verify, nothing else is."""
    template = load_template("annex2-2023", "city")
    rows = template.grid_factors
    assert len(rows) == 3 * (3 + 7 + 30)
    assert {f.year for f in rows} == {2021, 2022, 2023}
    for factor in rows:
        document = template.grid_document(factor.document)
        assert document is not None and document.title and document.number
        assert factor.unit == "kgCO2/kWh"
        assert factor.to_verify == (factor.year == 2021 and factor.level != "national")
    national = template.grid_factor(2023, "national", "national")
    assert national.value == pytest.approx(0.5306)
    assert template.grid_document(national.document).number.endswith("公告2025年第47号")
    assert template.grid_factor(2022, "regional", "huabei").value == pytest.approx(0.6776)
    assert template.grid_factor(2023, "provincial", "云南省").value == pytest.approx(0.1333)
    assert template.grid_factor(2021, "national", "national", "fossil_only").value == 0.8426
    assert str(template.grid_document("mee-nbs-2024-33").date) == "2024-12-20"
    assert template.grid_factor(2023, "provincial", "西藏自治区") is None


@pytest.mark.parametrize(
    ("province", "base_year", "expected"),
    [
        ("江苏省", 2020, (2021, "provincial", "江苏省", 0.6451)),  # before 2021: earliest
        ("江苏省", 2021, (2021, "provincial", "江苏省", 0.6451)),
        ("江苏省", 2022, (2022, "provincial", "江苏省", 0.5978)),
        ("江苏省", 2025, (2023, "provincial", "江苏省", 0.5827)),  # nearest, not after
        ("西藏自治区", 2023, (2023, "regional", "xinan", 0.2472)),  # no provincial factor
        ("", 2022, (2022, "national", "national", 0.5366)),  # no province: national average
    ],
)
def test_default_grid_factor(province: str, base_year: int, expected: tuple) -> None:
    template = load_template("annex2-2023", "city")
    factor = template.default_grid_factor(province, base_year)
    assert (factor.year, factor.level, factor.region, factor.value) == expected


NATIONAL_ROW = (
    '{ year = 2023, level = "national", region = "national", value = 0.5306, '
    'unit = "kgCO2/kWh", document = "mee-2025-47" }'
)
GRID_TABLE = (
    """
grid_factors = [
  """
    + NATIONAL_ROW
    + """,
  { year = 2023, level = "provincial", region = "江苏省", value = 0.5827, unit = "kgCO2/kWh" },
]

[[grid_factor_documents]]
id = "mee-2025-47"
title = "关于发布2023年电力二氧化碳排放因子的公告"
number = "生态环境部 国家统计局公告2025年第47号"
date = 2025-12-31
publisher = { zh = "生态环境部、国家统计局", en = "MEE, NBS" }
"""
)


def test_a_grid_factor_without_its_document_is_refused_naming_file_and_row(
    tmp_path: Path,
) -> None:
    common = MINIMAL_COMMON.replace('version = "0.1"', 'version = "0.1"\nincludes = ["grid.toml"]')
    (tmp_path / "grid.toml").write_text(GRID_TABLE, encoding="utf-8")
    path = _write(tmp_path, common=common)
    with pytest.raises(TemplateError) as error:
        load_template_file(path)
    message = error.value.message("en")
    assert str(tmp_path / "grid.toml") in message
    assert "grid_factors[1]" in message and "document" in message
    fixed = GRID_TABLE.replace('unit = "kgCO2/kWh" }', 'unit = "kgCO2/kWh", document = "x" }')
    (tmp_path / "grid.toml").write_text(fixed, encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        load_template_file(path)
    message = error.value.message("en")
    assert str(tmp_path / "grid.toml") in message
    assert "grid_factors[1] (2023 provincial 江苏省).document: unknown document 'x'" in message
    fixed = fixed.replace('document = "x"', 'document = "mee-2025-47"')
    (tmp_path / "grid.toml").write_text(fixed, encoding="utf-8")
    assert load_template_file(path).default_grid_factor("江苏省", 2024).value == 0.5827
    bad = common.replace('"grid.toml"', '"../grid.toml"')
    with pytest.raises(TemplateError, match="same folder"):
        load_template_file(_write(tmp_path, common=bad))


def test_available_templates_lists_the_bundled_one() -> None:
    assert ("annex2-2023", load_template("annex2-2023", "city").version) in available_templates()


def test_minimal_template_loads(tmp_path: Path) -> None:
    template = load_template_file(_write(tmp_path))
    assert template.id == "test-template" and template.chapters[0].id == "foundation"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: c.replace(
                'title = { zh = "基本情况", en = "Base situation" }\ncovers', "covers"
            ),
            "chapters[0] (id=foundation).title: Field required",
        ),
        (lambda c: c.replace('direction = "up"', 'direction = "sideways"'), "indicators[0]"),
        (lambda c: c.replace('direction = "up"', 'direction = "up"\ncolour = "red"'), "colour"),
        (lambda c: c.replace("{ min = 0, max = 100 }", "{ min = 100, max = 0 }"), "range"),
        (lambda c: c.replace('category = "energy"', 'category = "nonsense"'), "unknown category"),
        (lambda c: c.replace('covers = ["foundation"]', 'covers = ["nowhere"]'), "nowhere"),
        (lambda c: c.replace('en = "Guidance"', 'en = ""'), "guidance.en"),
        (lambda c: c.replace('province = "江苏省"\npilot', 'province = "火星"\npilot'), "火星"),
        (lambda c: c + "\n[[chapters]\n", "not valid TOML"),
        (lambda c: c.replace('id = "foundation"\nkind', 'id = "Bad Id!"\nkind'), "id"),
    ],
)
def test_malformed_template_is_refused_naming_file_and_key(
    tmp_path: Path, change, expected: str
) -> None:
    path = _write(tmp_path, common=change(MINIMAL_COMMON))
    with pytest.raises(TemplateError) as error:
        load_template_file(path)
    message = str(error.value.message("en"))
    assert str(tmp_path) in message
    assert expected in message
    assert "指南模板有误" in error.value.message("zh")


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    city = MINIMAL_CITY + MINIMAL_CITY[MINIMAL_CITY.index("[[task_areas]]") :]
    with pytest.raises(TemplateError, match=r"task_areas\[1\].id: duplicate id"):
        load_template_file(_write(tmp_path, city=city))


def test_missing_common_file_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, city=MINIMAL_CITY.replace("common.toml", "absent.toml"))
    with pytest.raises(TemplateError, match=r"absent\.toml: file not found"):
        load_template_file(path)


def test_unknown_pilot_type_or_template() -> None:
    with pytest.raises(TemplateError):
        load_template("annex2-2023", "village")
    with pytest.raises(TemplateError, match="not found"):
        load_template("no-such-template", "city")


def test_names_copied_from_the_template_read_in_english_and_are_stored_in_chinese() -> None:
    from forms.template import template_name

    template = load_template("annex2-2023", "city")
    assert template.localize("万千瓦", "en") == "10 MW"
    assert template.localize("江苏省", "en") == "Jiangsu"
    assert template.localize("张家口市", "en") == "Zhangjiakou"
    assert template.localize("江苏省", "zh") == "江苏省"
    assert template.localize("我们自己的单位", "en") == "我们自己的单位"  # typed: as typed
    assert template.canonical("Jiangsu") == "江苏省" and template.canonical("10 MW") == "万千瓦"
    assert template.canonical("Our own words") == "Our own words"
    assert template_name("annex2-2023", "zh") == "编制指南（2023年版）"
    assert template_name("annex2-2023", "en") == "Guideline (2023 edition)"
