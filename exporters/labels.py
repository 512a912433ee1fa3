"""Fixed texts of the exported documents and workbooks, in Chinese and English; the words of
the code's choices (scenarios, statuses, obligations...) come from their enums in forms/."""

from __future__ import annotations

from forms.labels import CommentStatus, Obligation, Scenario, TrackState, keyed_labels
from forms.plural import fill

LABELS: dict[str, tuple[str, str]] = {
    **keyed_labels("scenario_", Scenario),
    **keyed_labels("comment_", CommentStatus),
    **keyed_labels("", TrackState, Obligation),
    # document
    "plan_title": (
        "国家碳达峰试点（{name}）实施方案",
        "National Carbon Peaking Pilot ({name}) Implementation Plan",
    ),
    "contents": ("目  录", "Contents"),
    "pilot_city": ("国家碳达峰试点城市", "National carbon peaking pilot city"),
    "pilot_park": ("国家碳达峰试点园区", "National carbon peaking pilot park"),
    "batch": ("第{batch}批", "batch {batch}"),  # zh: a Chinese numeral (第一批)
    "submitted_line": ("（报送稿）", "(Version submitted for review)"),
    "date": ("{year}年{month}月", "{month_name} {year}"),
    "to_be_written": ("（待补充）", "(To be completed)"),
    "targets_heading_other": ("总体目标", "Overall targets"),
    "department": ("牵头单位：{value}", "Lead department: {value}"),
    "timeframe": ("完成时限：{value}", "Time frame: {value}"),
    "base_data_caption": ("基准年（{year}年）{group}", "{group}, base year {year}"),
    "derived_heading": ("主要强度指标", "Main intensity indicators"),
    "derived_note": (
        "注：以上强度指标根据基础数据计算。",
        "Note: the intensities above are computed from the base data.",
    ),
    "targets_heading": ("主要目标", "Main targets"),
    "indicator_table_heading": ("主要指标", "Indicators"),
    "indicator_caption": ("主要目标指标表", "Targets and indicators"),
    "projects_caption": ("重点项目清单", "Key projects"),
    "projects_chart": (
        "重点项目投资按领域分布（{unit}）",
        "Investment in key projects by field ({unit})",
    ),
    "unit_10k_yuan": ("万元", "CNY 10k"),
    "unit_100m_yuan": ("亿元", "CNY 100m"),
    "schedule_caption": ("工作进度安排", "Work schedule"),
    "total": ("合计", "Total"),
    "total_without_sinks": ("合计（不含碳汇）", "Total (sinks apart)"),
    "total_sinks": ("新增碳汇（单列）", "Carbon sinks (apart)"),
    "account_heading": ("能源消费与碳排放核算", "Energy and emissions account"),
    "account_caption": (
        "基准年（{year}年）能源消费与二氧化碳排放核算",
        "Energy and CO2 account, base year {year}",
    ),
    "trajectory_heading": ("碳排放趋势测算", "Emissions trajectory"),
    "trajectory_chart": ("二氧化碳排放趋势（万吨）", "CO2 emissions (10k t)"),
    "trajectory_table": ("分年度测算结果", "Yearly projection"),
    "peak_label": ("峰值：{year}年 {value}万吨", "Peak: {year}, {value}"),
    "declared_label": ("方案达峰年 {year}", "Declared peak {year}"),
    "unit_10k_t": ("万吨", "10k t"),
    "col_year": ("年份", "Year"),
    "col_gdp": ("地区生产总值（亿元）", "GDP (CNY 100m)"),
    "col_energy_total": ("能源消费（万吨标准煤）", "Energy (10k tce)"),
    "col_co2_total": ("二氧化碳排放（万吨）", "CO2 (10k t)"),
    "col_fuel": ("能源品种", "Fuel"),
    "col_iva": ("工业增加值（亿元）", "Industrial value added (CNY 100m)"),
    "col_sink": ("碳汇（万吨）", "Carbon sinks (10k t)"),
    "col_net": ("净排放（政策情景，万吨）", "Net of sinks (policy, 10k t)"),
    "sink_note": (
        "注：碳汇单列，不抵减能源活动二氧化碳排放，达峰按能源活动二氧化碳排放判断；"
        "净排放为政策情景二氧化碳排放减去碳汇。",
        "Note: carbon sinks are reported apart and never lower the energy-related CO2 whose "
        "peak is declared; net = policy-scenario CO2 less sinks.",
    ),
    "project_sink_note": (
        "注：序号{numbers}为{fields}项目，所列年减排量为新增碳汇，单列统计，不计入合计，"
        "不抵减二氧化碳排放。",
        "Note: the CO2 column of {numbers} ({fields}) gives new carbon sinks, shown apart "
        "from the total and never lowering CO2 emissions.",
    ),
    "assumptions_caption": ("测算假设", "Assumptions of the projection"),
    "col_assumption": ("假设", "Assumption"),
    "col_factor_unit": ("因子单位", "Factor unit"),
    "comments_heading": ("附：审核意见及处理情况", "Annex: review comments and their handling"),
    "col_where": ("章节或事项", "Where"),
    "col_comment": ("审核意见", "Comment"),
    "col_author": ("提出人", "Author"),
    "col_status": ("状态", "Status"),
    "col_reply": ("答复", "Reply"),
    "monitoring_heading": ("附：{year}年度监测评估", "Annex: monitoring {year}"),
    "monitoring_caption": ("{year}年主要指标进展", "Indicators in {year}"),
    "monitoring_projects": (
        "截至{year}年，重点项目已建成{done}个、在建{under_way}个、未开工{not_started}个，"
        "累计完成投资{spent}万元（计划总投资{planned}万元）。",
        "By {year}, {done} key {done:project was|projects were} completed, {under_way} under way "
        "and {not_started} not started; investment made: {spent} of {planned} planned (CNY 10k).",
    ),
    "col_expected": ("按进度应达到", "On the path"),
    "col_actual": ("实际值", "Actual"),
    "col_on_track": ("进度评价", "Assessment"),
    "sources_heading": ("附表：数据来源", "Annex: sources of the figures"),
    "col_source_kind": ("来源类型", "Kind"),
    "col_quality": ("数据质量", "Quality"),
    "col_sector": ("领域", "Sector"),
    "col_energy_share": ("能源消费占比（%）", "Share of energy use (%)"),
    "sector_caption": ("分领域二氧化碳排放", "CO2 emissions by sector"),
    "sector_note": (
        "注：分领域排放按各领域能源消费占比分摊二氧化碳排放总量估算。",
        "Note: sector emissions split the total by each sector's share of energy use.",
    ),
    "col_quantity": ("消费量", "Quantity"),
    "col_tce": ("折标准煤（万吨）", "10k tce"),
    "col_factor": ("排放因子", "Emission factor"),
    "col_factor_source": ("因子来源", "Factor source"),
    "stretch": ("{basic}（力争{stretch}）", "{basic} (striving for {stretch})"),
    # table headers
    "col_no": ("序号", "No."),
    "col_item": ("项目", "Item"),
    "col_value": ("数值", "Value"),
    "col_unit": ("单位", "Unit"),
    "col_source": ("数据来源", "Source"),
    "col_category": ("类别", "Category"),
    "col_indicator": ("指标", "Indicator"),
    "col_base": ("基准值", "Base"),
    "col_2025": ("2025年目标", "2025 target"),
    "col_2030": ("2030年目标", "2030 target"),
    "col_obligation": ("属性", "Type"),
    "col_department": ("责任单位", "Responsible"),
    "col_project": ("项目名称", "Project"),
    "col_field": ("领域", "Field"),
    "col_content": ("建设内容", "Content"),
    "col_investment": ("总投资（万元）", "Investment (CNY 10k)"),
    "col_period": ("建设期", "Period"),
    "col_owner": ("责任单位", "Owner"),
    "col_energy": ("年节能量（吨标准煤）", "Energy saved (tce/yr)"),
    "col_co2": ("年减排量（吨二氧化碳）", "CO2 avoided (t/yr)"),
    "col_time": ("时间", "When"),
    "col_work": ("主要工作", "Work"),
}

STATUS_MARKS: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "DRAFT"),
    "internal_review": ("内部审核稿", "DRAFT FOR INTERNAL REVIEW"),
    "revising": ("修改稿", "REVISED DRAFT"),
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def label(key: str, lang: str, **values: object) -> str:
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    if "month_name" in text:
        values["month_name"] = _MONTHS[int(values["month"]) - 1]  # type: ignore[call-overload]
    return fill(text, **values) if values else text


def qualified(what: str, which: str, lang: str) -> str:
    """ "what（which）" in Chinese, "what (which)" in English."""
    return f"{what} ({which})" if lang == "en" else f"{what}（{which}）"


# A plan's name in its title is already within brackets: the brackets of the name itself are
# the inner pair, 〔〕 in Chinese (GB/T 15834: 外层用圆括号，里层用方括号) and [] in English, so
# "云岚市（示例）" is titled 国家碳达峰试点（云岚市〔示例〕）实施方案, never "（云岚市（示例））".
_INNER_BRACKETS = {
    "zh": str.maketrans({"（": "〔", "）": "〕", "(": "〔", ")": "〕"}),
    "en": str.maketrans({"（": "[", "）": "]", "(": "[", ")": "]"}),
}


def plan_title(name: str, lang: str) -> str:
    """The plan's title, 国家碳达峰试点（name）实施方案, without nested round brackets."""
    inner = name.translate(_INNER_BRACKETS["en" if lang == "en" else "zh"])
    return label("plan_title", lang, name=inner)


def status_mark(status: str, lang: str) -> str:
    """The draft mark a document carries until the plan is submitted ('' afterwards)."""
    marks = STATUS_MARKS.get(status)
    if marks is None:
        return ""
    return marks[1] if lang == "en" else marks[0]
