"""The words of the emissions-trajectory step and its chart."""

TRAJECTORY: dict[str, tuple[str, str]] = {
    # emissions trajectory
    "step.trajectory": ("碳排放测算", "Emissions trajectory"),
    "traj.account": (
        "{year}年能源消费与二氧化碳排放核算",
        "Energy use and CO2 emissions in {year}",
    ),
    "fuel.name": ("能源品种", "Fuel"),
    "fuel.unit": ("计量单位", "Unit"),
    "fuel.quantity": ("消费量", "Quantity"),
    "fuel.factor": ("排放因子", "Emission\nfactor"),
    "fuel.tce": ("折标准煤\n（万吨）", "Energy\n(10k tce)"),
    "fuel.co2": ("二氧化碳\n（万吨）", "CO2\n(10k t)"),
    "fuel.source": ("因子单位\n及来源", "Factor unit\nand source"),
    "fuel.default_factor": (
        "留空即采用模板默认值 {value} {unit}（{source}）。",
        "Blank: the template's {value} {unit} ({source}).",
    ),
    "fuel.own_factor": (
        "方案自定的排放因子（{unit}）；清空即恢复模板默认值。",
        "The plan's own emission factor ({unit}); clear it to use the template's again.",
    ),
    "fuel.no_factor": ("该品种不计排放。", "No emissions are counted for this fuel."),
    "fuel.detail": (
        "{fuel}的排放因子：{value} {unit}——{source}",
        "{fuel}: emission factor {value} {unit} — {source}",
    ),
    "fuel.detail_none": ("{fuel}：不计排放。", "{fuel}: no emissions counted."),
    "traj.totals": (
        "合计：{tce} 万吨标准煤，二氧化碳 {co2} 万吨。",
        "Total: {tce} (10k tce), CO2 {co2} (10k t).",
    ),
    "traj.compare": (
        "基础数据填报：能源消费总量 {tce} 万吨标准煤（相差 {dtce}），"
        "二氧化碳排放总量 {co2} 万吨（相差 {dco2}）。",
        "Base data as typed: total energy use {tce} (10k tce, {dtce} apart), "
        "total CO2 {co2} (10k t, {dco2} apart).",
    ),
    "traj.compare_off": (
        "分品种核算与填报总量相差超过 {tolerance}%，请核对消费量、排放因子或基础数据。",
        "The fuel account and the typed totals differ by more than {tolerance}%; check the "
        "quantities, the factors or the base data.",
    ),
    "traj.account_empty": (
        "尚未填写分品种消费量：测算采用基础数据中的能源消费总量和二氧化碳排放总量。",
        "No fuel quantities yet: the trajectory starts from the base data's total energy use "
        "and total CO2 emissions.",
    ),
    "traj.peak_year": ("方案提出的达峰年份(&Y)：", "Declared peak &year:"),
    "traj.peak_value": ("峰值（万吨，可选）(&K)：", "Pea&k (10k t, optional):"),
    "traj.peak_year_hint": (
        "实施方案中提出的二氧化碳排放达峰年份，与下方测算结果对照。",
        "The year the plan says CO2 emissions peak, compared with the projection below.",
    ),
    "traj.growth": ("情景增长假设（%/年）", "Scenario growth assumptions (% a year)"),
    "traj.growth_hint": (
        "基准情景延续现有趋势；政策情景体现本方案的措施，并自各重点项目建成（完成年份）次年起"
        "扣除其年减排量；生态保护修复项目的碳汇单列，不抵减能源活动排放。",
        "The baseline continues current trends; the policy scenario reflects this plan's "
        "measures and subtracts each key project's yearly CO2 reduction from the year after "
        "its completion (end year); sinks of ecological projects are shown apart.",
    ),
    "traj.grid": ("电力排放因子(&G)：", "&Grid electricity factor:"),
    "traj.factor_source": ("因子来源(&S)…", "Factor &source…"),
    "traj.grid_default": ("（默认）", " (default)"),
    "traj.grid_verify": ("（待核实）", " (to verify)"),
    "traj.grid_document": ("发布文件：{document}", "Published in {document}"),
    "traj.grid_own": (
        "调入电力已填写方案自定的排放因子，下列选择暂不适用。",
        "The plan's own factor is typed for purchased electricity; this choice does not apply.",
    ),
    "traj.sinks": (
        "碳汇（单列，不抵减能源活动排放）：{base}年 {s0} 万吨，2030年 {s30} 万吨，"
        "{end}年 {send} 万吨；扣除碳汇后的政策情景净排放：2030年 {n30} 万吨，{end}年 {nend} 万吨。",
        "Carbon sinks (apart; never lowering energy CO2): {s0} in {base}, {s30} in 2030, "
        "{send} in {end} (10k t); policy-scenario net of sinks: {n30} in 2030, {nend} in "
        "{end} (10k t).",
    ),
    "traj.assumptions": ("测算假设", "Assumptions of the projection"),
    "growth.scenario": ("情景", "Scenario"),
    "growth.period": ("时期", "Period"),
    "growth.period_value": ("{start}—{end}年", "{start}–{end}"),
    "growth.gdp": ("地区生产总值\n增速", "GDP\ngrowth"),
    "growth.iva": ("工业增加值\n增速", "Industrial value\nadded growth"),
    "growth.energy": ("能耗强度\n下降率", "Energy intensity\ndecline"),
    "growth.carbon": ("单位能耗碳排放\n下降率", "CO2 per energy\ndecline"),
    "chart.title": ("二氧化碳排放趋势", "CO2 emissions trajectory"),
    "chart.unit": ("万吨二氧化碳", "10k t CO2"),
    "chart.peak": ("峰值 {year}年 {value}万吨", "Peak {year}: {value}"),
    "chart.no_peak": ("{end}年前未达峰", "No peak by {end}"),
    "chart.declared": ("方案达峰年 {year}", "Declared peak {year}"),
    "chart.empty": ("数据不全，无法测算", "Not enough data to compute"),
    "traj.policy_peak": (
        "政策情景：{year}年达峰，峰值 {value} 万吨二氧化碳。",
        "Policy scenario: emissions peak in {year} at {value} (10k t CO2).",
    ),
    "traj.policy_rising": (
        "政策情景：到{end}年仍未达峰（{end}年 {value} 万吨）。",
        "Policy scenario: still rising in {end} ({value} (10k t) that year).",
    ),
    "traj.baseline_peak": (
        "基准情景：{year}年达峰，峰值 {value} 万吨。",
        "Baseline: emissions peak in {year} at {value} (10k t).",
    ),
    "traj.baseline_rising": (
        "基准情景：到{end}年仍未达峰（{end}年 {value} 万吨）。",
        "Baseline: still rising in {end} ({value} (10k t) that year).",
    ),
    "traj.reductions": (
        "政策情景与{base}年相比：单位{per}能耗2025年下降 {e25}、2030年下降 {e30}；"
        "单位{per}二氧化碳排放2025年下降 {c25}、2030年下降 {c30}。",
        "Policy scenario against {base}: energy per unit of {per} down {e25} by 2025 and {e30} "
        "by 2030; CO2 per unit of {per} down {c25} by 2025 and {c30} by 2030.",
    ),
    "traj.declared_ok": (
        "方案提出{declared}年前达峰，测算结果相符。",
        "The plan says emissions peak by {declared}; the projection agrees.",
    ),
    "traj.none": (
        "无法测算排放趋势，请先补全下列数据。",
        "The trajectory cannot be computed yet; complete the data below.",
    ),
    "guidance.trajectory": (
        "<p>本步骤根据基准年数据和情景假设，自动测算2035年前的二氧化碳排放趋势，"
        "所有结果随输入即时更新，无需另行保存。</p>"
        "<p><b>能源消费核算</b>：填写各能源品种的消费量，PeakPlan 按模板的折标准煤系数和"
        "排放因子换算；排放因子留空即采用模板默认值。调入电力采用生态环境部、国家统计局发布的"
        "电力二氧化碳排放因子：默认取所在省份、不晚于基准年的最近发布年份的因子，也可改选区域或"
        "全国因子；自行填写的因子须注明来源。"
        "合计应与基础数据中填报的总量基本一致。</p>"
        "<p><b>情景假设</b>：每个时期逐年适用的经济增速（城市为地区生产总值，园区为工业增加值）、"
        "能耗强度下降率和单位能耗碳排放下降率。政策情景另自重点项目建成次年起扣除其年减排量；"
        "碳汇单列，并给出扣除碳汇后的净排放，但达峰判断只看能源活动排放。</p>"
        "<p>峰值年份为排放最高的年份；若到2035年排放仍在上升，则视为未达峰。"
        "方案提出的达峰年份应不早于测算结果。</p>",
        "<p>This step projects CO2 emissions to 2035 from the base-year data and the scenario "
        "assumptions. Every result updates as you type; nothing needs saving.</p>"
        "<p><b>Energy account</b>: type each fuel's quantity; PeakPlan converts it with the "
        "template's standard-coal and emission factors. A blank factor uses the template's. "
        "Purchased electricity uses the factors published by the MEE and the NBS: by default "
        "the province's, for the published year nearest the base year and not after it; the "
        "regional or national one can be picked instead. A factor you type needs its source. "
        "The totals should "
        "match the totals typed in the base data.</p>"
        "<p><b>Scenarios</b>: economic growth (GDP for a city, industrial value added for a "
        "park), energy-intensity decline and decline of CO2 per unit of energy, applied year by "
        "year within each period. The policy scenario also subtracts each key project's yearly "
        "reduction from the year after its completion; carbon sinks are shown apart with the "
        "net figure, and the peak is judged on energy CO2 alone.</p>"
        "<p>The peak is the year of the highest emissions; emissions still rising in 2035 have "
        "not peaked. The declared peak year should not be earlier than the projection's.</p>",
    ),
}
