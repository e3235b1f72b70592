"""Generator of plausible full-scale county data (for benchmarks and scale tests).

Deterministic: the same arguments give the same files. Names are illustrative, built from stems
of real item names per department; nothing here is a real county's catalogue.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .core import datafile

# (code, name, short name, stems of item names)
DEPARTMENTS: list[tuple[str, str, str, list[str]]] = [
    (
        "scjgj",
        "市场监督管理局",
        "市场监管局",
        [
            "个体工商户设立登记",
            "食品经营许可",
            "企业变更登记",
            "药品零售企业许可",
            "特种设备使用登记",
            "计量器具强制检定",
            "企业注销登记",
            "小作坊登记",
        ],
    ),
    (
        "gaj",
        "公安局",
        "公安局",
        [
            "居民身份证申领",
            "户口迁移登记",
            "出生登记",
            "特种行业许可",
            "公章刻制备案",
            "机动车登记",
            "驾驶证换证",
            "临时身份证明",
        ],
    ),
    (
        "swj",
        "税务局",
        "税务局",
        [
            "涉税信息确认",
            "发票领用",
            "增值税申报",
            "个人所得税汇算",
            "税务注销",
            "城乡居民养老保险费缴纳",
            "契税申报",
            "车船税缴纳",
        ],
    ),
    (
        "wjj",
        "卫生健康局",
        "卫健局",
        [
            "出生医学证明签发",
            "公共场所卫生许可",
            "医疗机构执业登记",
            "生育登记",
            "母婴保健技术服务许可",
            "护士执业注册",
            "放射诊疗许可",
            "预防接种证办理",
        ],
    ),
    (
        "rsj",
        "人力资源和社会保障局",
        "人社局",
        [
            "社会保险登记",
            "社会保障卡申领",
            "失业保险金申领",
            "就业创业证申领",
            "退休审批",
            "工伤认定",
            "职业技能等级认定",
            "劳动合同备案",
        ],
    ),
    (
        "ybj",
        "医疗保障局",
        "医保局",
        [
            "城乡居民医保参保登记",
            "异地就医备案",
            "门诊慢特病待遇认定",
            "医疗费用手工报销",
            "生育保险待遇核准",
            "医保关系转移接续",
            "定点医药机构申请",
            "医疗救助申请",
        ],
    ),
    (
        "mzj",
        "民政局",
        "民政局",
        [
            "最低生活保障审核确认",
            "特困人员认定",
            "临时救助",
            "婚姻登记",
            "残疾人两项补贴",
            "高龄津贴发放",
            "社会团体登记",
            "殡葬补助",
        ],
    ),
    (
        "zrzyj",
        "自然资源和规划局",
        "自然资源局",
        [
            "建设工程规划许可",
            "建设用地规划许可",
            "不动产首次登记",
            "不动产转移登记",
            "农村宅基地审批",
            "采矿权登记",
            "土地复垦验收",
            "测绘成果提供",
        ],
    ),
    (
        "zjj",
        "住房和城乡建设局",
        "住建局",
        [
            "建筑工程施工许可",
            "商品房预售许可",
            "建设工程竣工验收备案",
            "燃气经营许可",
            "房屋交易合同备案",
            "建筑业企业资质",
            "供水开户",
            "燃气开户",
        ],
    ),
    (
        "jtj",
        "交通运输局",
        "交通运输局",
        [
            "道路运输经营许可",
            "道路运输从业资格",
            "出租汽车经营许可",
            "超限运输许可",
            "公路占用许可",
            "网约车驾驶员证",
            "营运车辆年审",
            "水路运输许可",
        ],
    ),
    (
        "nyj",
        "农业农村局",
        "农业农村局",
        [
            "农药经营许可",
            "种子生产经营许可",
            "兽药经营许可",
            "动物防疫条件合格证",
            "拖拉机登记",
            "农村土地承包经营权登记",
            "渔业捕捞许可",
            "农机购置补贴",
        ],
    ),
    (
        "wlj",
        "文化和旅游局",
        "文旅局",
        [
            "娱乐场所经营许可",
            "网吧经营许可",
            "营业性演出许可",
            "旅行社设立许可",
            "出版物零售许可",
            "文物保护单位施工审批",
            "星级饭店评定",
            "艺术考级备案",
        ],
    ),
    (
        "jyj",
        "教育局",
        "教育局",
        [
            "民办学校办学许可",
            "教师资格认定",
            "校车使用许可",
            "学生资助申请",
            "幼儿园设立审批",
            "学籍转接",
            "毕业证明补办",
            "教师资格证补发",
        ],
    ),
    (
        "sthj",
        "生态环境分局",
        "生态环境分局",
        [
            "建设项目环境影响评价审批",
            "排污许可",
            "危险废物经营许可",
            "辐射安全许可",
            "环境影响登记表备案",
            "排污登记",
            "噪声排放申报",
            "环保设施验收备案",
        ],
    ),
    (
        "sfj",
        "司法局",
        "司法局",
        [
            "法律援助申请",
            "人民调解",
            "基层法律服务工作者执业核准",
            "公证申请",
            "律师执业许可",
            "司法鉴定申请",
            "社区矫正报到",
            "法律咨询",
        ],
    ),
    (
        "tyjrj",
        "退役军人事务局",
        "退役军人局",
        [
            "优待证申领",
            "伤残抚恤",
            "退役军人安置",
            "烈士褒扬金发放",
            "带病回乡退伍军人认定",
            "参战人员补助",
            "退役士兵自主就业金",
            "光荣牌悬挂",
        ],
    ),
    (
        "lyj",
        "林业局",
        "林业局",
        [
            "林木采伐许可",
            "使用林地审核",
            "木材运输证",
            "野生动物驯养许可",
            "林权登记",
            "植物检疫证书",
            "森林防火期野外用火审批",
            "古树名木移植审批",
        ],
    ),
    (
        "slj",
        "水利和湖泊局",
        "水利局",
        [
            "取水许可",
            "河道管理范围内建设项目审批",
            "水土保持方案审批",
            "洪水影响评价审批",
            "水库大坝安全鉴定",
            "农村饮水工程验收",
            "采砂许可",
            "水利工程验收",
        ],
    ),
    (
        "yjj",
        "应急管理局",
        "应急局",
        [
            "危险化学品经营许可",
            "烟花爆竹经营许可",
            "安全生产标准化评审",
            "非煤矿山安全生产许可",
            "特种作业操作证",
            "生产安全事故应急预案备案",
            "安全评价备案",
            "救灾物资发放",
        ],
    ),
    (
        "swuj",
        "商务局",
        "商务局",
        [
            "对外贸易经营者备案",
            "成品油零售经营许可",
            "单用途预付卡备案",
            "酒类经营备案",
            "报废机动车回收资质",
            "拍卖企业备案",
            "再生资源回收备案",
            "家电下乡补贴",
        ],
    ),
    (
        "fgj",
        "发展和改革局",
        "发改局",
        [
            "企业投资项目核准",
            "企业投资项目备案",
            "固定资产投资项目节能审查",
            "价格认定",
            "粮食收购资格",
            "政府投资项目审批",
            "招标方案核准",
            "电力设施迁改审批",
        ],
    ),
    (
        "czj",
        "财政局",
        "财政局",
        [
            "会计代理记账许可",
            "政府采购供应商投诉处理",
            "惠民惠农补贴发放",
            "非税收入票据领购",
            "财政票据核销",
            "会计人员信息采集",
            "资产评估备案",
            "国有资产处置审批",
        ],
    ),
    (
        "cgj",
        "城市管理执法局",
        "城管局",
        [
            "户外广告设置许可",
            "城市道路挖掘许可",
            "城市建筑垃圾处置核准",
            "临时占道许可",
            "店招标牌设置备案",
            "生活垃圾清运服务",
            "绿地占用许可",
            "树木砍伐审批",
        ],
    ),
    (
        "xfdd",
        "消防救援大队",
        "消防救援大队",
        [
            "公众聚集场所营业前消防安全检查",
            "建设工程消防设计审查",
            "消防验收",
            "消防验收备案",
            "大型群众性活动消防检查",
            "火灾事故认定",
            "消防安全重点单位申报",
            "消防设施检测备案",
        ],
    ),
    (
        "cl",
        "残疾人联合会",
        "残联",
        [
            "残疾人证核发",
            "残疾人就业补贴",
            "残疾儿童康复救助",
            "辅助器具适配",
            "残疾人创业扶持",
            "残疾人证迁移",
            "重度残疾人护理补贴",
            "残疾人职业培训",
        ],
    ),
    (
        "yc",
        "烟草专卖局",
        "烟草专卖局",
        [
            "烟草专卖零售许可",
            "烟草专卖许可证延续",
            "烟草专卖许可证变更",
            "烟草专卖许可证停业",
            "烟草专卖许可证补办",
            "烟草专卖许可证歇业",
            "烟草专卖许可证恢复营业",
            "烟草专卖许可证注销",
        ],
    ),
    (
        "qxj",
        "气象局",
        "气象局",
        [
            "防雷装置设计审核",
            "防雷装置竣工验收",
            "升放无人驾驶自由气球许可",
            "气象信息服务备案",
            "雷电灾害鉴定",
            "气象资料提供",
            "施放气球资质认定",
            "气象探测环境审批",
        ],
    ),
    (
        "dag",
        "档案馆",
        "档案馆",
        [
            "档案查询利用",
            "婚姻档案查询",
            "知青档案查询",
            "退伍档案查询",
            "学籍档案查询",
            "档案寄存",
            "档案证明出具",
            "档案数字化服务",
        ],
    ),
    (
        "zwj",
        "政务服务和大数据管理局",
        "政务局",
        [
            "政务服务好差评",
            "帮办代办服务",
            "证照邮寄服务",
            "公共资源交易登记",
            "电子证照调取",
            "投诉受理",
            "预约服务",
            "“办不成事”反映",
        ],
    ),
    (
        "bdc",
        "不动产登记中心",
        "不动产登记中心",
        [
            "不动产抵押登记",
            "不动产变更登记",
            "不动产注销登记",
            "不动产更正登记",
            "不动产查封登记",
            "不动产预告登记",
            "不动产登记资料查询",
            "不动产权证书补发",
        ],
    ),
    (
        "sbzx",
        "社会保险服务中心",
        "社保中心",
        [
            "城乡居民养老保险参保登记",
            "养老保险待遇领取资格认证",
            "养老保险关系转移",
            "丧葬补助金申领",
            "企业职工养老保险参保",
            "个人账户一次性支付",
            "养老保险待遇申领",
            "被征地农民社保",
        ],
    ),
    (
        "gjj",
        "住房公积金管理部",
        "公积金管理部",
        [
            "住房公积金提取",
            "住房公积金贷款",
            "住房公积金缴存登记",
            "住房公积金账户转移",
            "公积金缴存证明",
            "公积金贷款结清",
            "公积金基数调整",
            "公积金账户封存",
        ],
    ),
    (
        "gdgs",
        "国网建始县供电公司",
        "供电公司",
        [
            "低压居民用电报装",
            "低压非居民用电报装",
            "更名过户",
            "电费缴纳",
            "用电变更",
            "暂停用电",
            "电能表校验",
            "峰谷电价申请",
        ],
    ),
    (
        "dxgs",
        "广电网络建始分公司",
        "广电网络",
        [
            "有线电视开户",
            "宽带开户",
            "有线电视过户",
            "有线电视报停",
            "宽带迁移",
            "机顶盒更换",
            "宽带报修",
            "套餐变更",
        ],
    ),
]

VARIANTS = [
    "",
    "（新办）",
    "（变更）",
    "（延续）",
    "（注销）",
    "（补证）",
    "（个人）",
    "（企业）",
    "（首次）",
    "（迁移）",
]
TYPES = ["行政许可", "行政确认", "行政给付", "行政奖励", "行政裁决", "其他行政权力", "行政备案", "公共服务"]
TYPE_WEIGHTS = [30, 14, 8, 2, 1, 10, 8, 27]
TOWNS = [
    ("yezhou", "业州镇"),
    ("gaoping", "高坪镇"),
    ("hongyansi", "红岩寺镇"),
    ("jingyang", "景阳镇"),
    ("guandian", "官店镇"),
    ("huaping", "花坪镇"),
    ("changliang", "长梁镇"),
    ("maotian", "茅田乡"),
    ("longping", "龙坪乡"),
    ("sanli", "三里乡"),
]
STATIONS = [
    "民政办",
    "财政所",
    "农业服务中心",
    "人社服务中心",
    "医保服务站",
    "自然资源所",
    "司法所",
    "退役军人服务站",
    "村镇建设服务中心",
    "卫生院",
    "林业站",
    "水利站",
    "文化站",
    "市场监管所",
    "税务分局",
    "供电所",
    "残联",
    "计生办",
    "安监站",
    "经管站",
    "畜牧兽医站",
]
VILLAGE_NAMES = [
    "石门",
    "白果",
    "青树",
    "红岩",
    "万家",
    "双河",
    "三岔",
    "大坪",
    "小溪",
    "桃园",
    "花果",
    "长岭",
    "黄龙",
    "龙潭",
    "茶园",
    "柳树",
    "马鞍",
    "金竹",
    "杨柳",
    "高岩",
    "李家",
    "庙坪",
    "堰塘",
    "新街",
    "落水",
    "狮子",
    "凤凰",
    "沙坝",
    "松树",
    "枫香",
]
MATERIAL_NAMES = [
    "申请表",
    "申请人身份证明",
    "营业执照",
    "经营场所使用证明",
    "授权委托书",
    "现场照片",
    "相关资格证书",
    "户口簿",
    "结婚证",
    "出生医学证明",
    "不动产权证书",
    "购房合同",
    "安全管理制度",
    "设施设备清单",
    "从业人员健康证明",
]


def _code(rng: random.Random, n: int) -> str:
    base = f"{n:08d}{rng.choice('ABCDEFGHJK')}{rng.randrange(10000, 99999)}"
    credit = f"11422822{rng.randrange(10**9, 10**10)}"[:17] + rng.choice("0123456789X")
    return f"{base}-422822000000-000-{credit}-1-00"


def _step(id_: str, name: str, role: str, nxt=(), branches=(), **kw) -> dict:
    d: dict[str, Any] = {"id": id_, "name": name, "role": role}
    d.update(kw)
    if nxt:
        d["next"] = list(nxt)
    if branches:
        d["branches"] = list(branches)
    return d


def _amend() -> dict:
    """The 补正 step both templates share: back to acceptance once the materials are complete."""
    return _step(
        "amend",
        "一次性告知补正材料",
        "补正材料",
        (),
        [{"to": "accept", "condition": "补正后重新提交", "back": True}],
    )


def _review_template() -> dict:
    return {
        "id": "tpl-review",
        "title": "审批类事项通用流程",
        "template": True,
        "default_for": [
            "行政许可",
            "行政确认",
            "行政裁决",
            "其他行政权力",
            "行政处罚",
            "行政强制",
            "行政征收",
            "行政检查",
        ],
        "steps": [
            _step("apply", "申请人提交申请", "申请", ["accept"]),
            _step(
                "accept",
                "综合窗口受理",
                "窗口受理",
                ["review"],
                [
                    {"to": "amend", "condition": "材料不齐全或不符合法定形式"},
                    {"to": "reject", "condition": "不属于受理范围"},
                ],
                actor="综合受理岗",
            ),
            _amend(),
            _step("reject", "出具不予受理通知书", "不予受理"),
            _step(
                "review",
                "部门后台审批",
                "后台审批",
                ["deliver"],
                [{"to": "deny", "condition": "审查不通过"}],
                actor="审批岗",
                limit_from_item=True,
            ),
            _step("deny", "出具不予许可决定书", "不予许可"),
            _step("deliver", "统一出件窗口发证", "统一出件", ["done"], actor="出件岗"),
            _step("done", "办结", "办结"),
        ],
    }


def _instant_template() -> dict:
    return {
        "id": "tpl-instant",
        "title": "即办类事项通用流程",
        "template": True,
        "default_for": ["公共服务", "行政给付", "行政奖励", "行政备案"],
        "steps": [
            _step("apply", "申请人提交申请", "申请", ["accept"]),
            _step(
                "accept",
                "综合窗口受理并办理",
                "窗口受理",
                ["deliver"],
                [{"to": "amend", "condition": "材料不齐全"}],
                actor="综合受理岗",
                limit_from_item=True,
            ),
            _amend(),
            _step("deliver", "当场出件", "统一出件", ["done"], actor="出件岗"),
            _step("done", "办结", "办结"),
        ],
    }


def _templates() -> list[dict]:
    """The generated county's two flow templates (demo data; `stdkit init` ships its own, see
    toolkit/onboarding/data/flowcharts)."""
    return [_review_template(), _instant_template()]


def _bundles(items: list[dict], rng: random.Random) -> list[dict]:
    """A few 一事联办 bundles over generated items: merged form and merged (deduplicated) materials."""
    out = []
    for n, (bid, name, audience) in enumerate(
        (("kai-dian", "开店一件事", "企业"), ("chu-sheng", "出生一件事", "个人"))
    ):
        members = items[n * 6 : n * 6 + 6]
        if len(members) < 3:
            break
        required, optional = [m["id"] for m in members[:4]], [m["id"] for m in members[4:]]
        form = sorted({f for m in members for f in m.get("form_fields", [])}) or ["applicant-name"]
        mats: dict[str, dict] = {}
        for m in members:
            for mat in m.get("materials", []):
                if mat["required"] and not mat["shared"]:
                    entry = mats.setdefault(
                        mat["name"], {"name": mat["name"], "form": mat["form"], "copies": 1, "items": []}
                    )
                    entry["items"].append(m["id"])
        if not mats:
            mats["申请表"] = {"name": "申请表", "form": "原件", "copies": 1, "items": [members[0]["id"]]}
        before_mats = sum(len(m.get("materials", [])) for m in members)
        out.append(
            {
                "id": bid,
                "name": name,
                "audience": audience,
                "summary": f"{name}：一张表单、一套材料、一窗受理。",
                "required": required,
                "optional": optional,
                "form": form,
                "materials": list(mats.values()),
                "before": {
                    "time": {"days": rng.randint(5, 15)},
                    "visits": rng.randint(6, 13),
                    "counters": rng.randint(4, 10),
                    "steps": rng.randint(20, 35),
                    "fees_yuan": 0,
                    "materials": max(before_mats, len(mats)),
                },
                "after": {"time": {"minutes": 30}, "visits": 1, "counters": 1, "steps": 4, "fees_yuan": 0},
            }
        )
    return out


FORM_FIELDS = [
    ("applicant-name", "申请人姓名", "文本"),
    ("id-number", "身份证号", "身份证号"),
    ("phone", "联系电话", "电话"),
    ("address", "住址", "文本"),
    ("business-name", "经营者名称", "文本"),
    ("credit-code", "统一社会信用代码", "统一社会信用代码"),
    ("premises", "经营场所", "文本"),
    ("apply-date", "申请日期", "日期"),
]
Department = tuple[str, str, str, list[str]]


def _write_county(out: Path, items: int, deps: list[Department]) -> None:
    """The site settings, the county, its departments, the form-field dictionary and the flow templates."""
    (out / "mkdocs.yml").write_text(
        "# 网站设置（生成数据：建始县）。site_url 是二维码里印的网址。\nsite_url: https://zw.jianshi.gov.cn/\n",
        encoding="utf-8",
    )
    datafile.write(
        out / "items/county.yaml",
        "county",
        "示例县基本信息（生成数据）",
        {
            "name": "建始县",
            "province": "湖北省",
            "prefecture": "恩施土家族苗族自治州",
            "division_code": "422822",
            "agency": "建始县政务服务和大数据管理局",
            "hotline": "12345",
            "clearing": {"departments": 34, "items_before": max(items, 1808), "items_reduced": 267},
            "evaluation": {"satisfaction_percent": 99.99, "period": "2021年以来"},
        },
    )
    datafile.write(
        out / "items/departments.yaml",
        "departments",
        "部门（生成数据）",
        {
            "departments": [
                {
                    "code": c,
                    "name": n if c in ("gdgs", "dxgs") else f"建始县{n}",
                    "short_name": s,
                    "in_hall": i < 32,
                }
                for i, (c, n, s, _) in enumerate(deps)
            ]
        },
    )
    datafile.write(
        out / "items/form-fields.yaml",
        "form-fields",
        "申请表字段字典（生成数据）",
        {"fields": [{"id": i, "label": lab, "type": t} for i, lab, t in FORM_FIELDS]},
    )
    for flow in _templates():
        datafile.write(out / f"flowcharts/{flow['id']}.yaml", "flow", flow["title"], flow)


def _guide(rng: random.Random, stem: str, legal: int, promised: dict) -> dict:
    """The guide details of a detailed item (materials, limits, fees, channels, phones)."""
    mats = rng.sample(MATERIAL_NAMES, rng.randint(2, 6))
    return {
        "basis": [f"《{stem.rstrip('登记许可申领')}管理办法》第{rng.randint(3, 40)}条"],
        "conditions": ["申请人具有完全民事行为能力", f"符合{stem}的法定条件"],
        "materials": [
            {
                "name": m,
                "form": rng.choice(["原件", "复印件", "原件和复印件"]),
                "copies": 1,
                "source": "申请人自备",
                "required": True,
                "shared": rng.random() < 0.2,
            }
            for m in mats
        ],
        "legal_limit": {"days": legal},
        "promised_limit": promised,
        "fees": [],
        "visits": rng.choice([0, 1, 1, 1]),
        "online": {
            "depth": rng.choice(["全程网办", "部分网办", "网上预约", "不可网办"]),
            "platforms": ["湖北政务服务网"],
        },
        "phones": {"consult": f"0718-33{rng.randint(10000, 99999)}", "complaint": "12345"},
        "form_fields": ["applicant-name", "id-number", "phone"],
        "keywords": [stem],
    }


def _item(rng: random.Random, n: int, dep: Department, k: int, detailed: bool) -> dict[str, Any]:
    """The n-th item (0-based), the k-th (1-based) of its department: name from the department's stems."""
    code, _, _, stems = dep
    stem = stems[(k - 1) % len(stems)]
    variant = VARIANTS[((k - 1) // len(stems)) % len(VARIANTS)]
    cycle = (k - 1) // (len(stems) * len(VARIANTS))
    name = stem + variant + (f"（{cycle + 1}）" if cycle else "")
    itype = rng.choices(TYPES, TYPE_WEIGHTS)[0]
    instant = itype in ("公共服务", "行政给付", "行政备案", "行政奖励") and rng.random() < 0.5
    legal = rng.choice([5, 10, 15, 20, 30, 60])
    promised = (
        {"minutes": rng.choice([20, 30, 60])}
        if instant
        else {"days": max(1, legal // rng.choice([2, 3, 4, 5]))}
    )
    item: dict[str, Any] = {
        "id": f"{code[:5]}-{k:04d}",
        "code": _code(rng, n + 1),
        "name": name,
        "type": itype,
        "department": code,
    }
    if detailed:
        item.update(_guide(rng, stem, legal, promised))
    else:
        item.update({"legal_limit": {"days": legal}, "promised_limit": promised})
    item["counter"] = {"gaj": "公安专区", "swj": "税务专区"}.get(code, "综合窗口")
    item["reform"] = {
        "steps": rng.randint(5, 8),
        "days": legal,
        "visits": rng.randint(1, 4),
        **({"materials": len(item.get("materials", [])) + rng.randint(1, 4)} if detailed else {}),
    }
    return item


def _items(rng: random.Random, items: int, deps: list[Department], detailed: bool) -> list[dict[str, Any]]:
    """The items, departments taken in turn."""
    out = []
    per_dep: dict[str, int] = {}
    for n in range(items):
        dep = deps[n % len(deps)]
        k = per_dep[dep[0]] = per_dep.get(dep[0], 0) + 1
        out.append(_item(rng, n, dep, k, detailed))
    return out


def _levels(rng: random.Random, ids: list[dict], township_items: int, village_items: int) -> tuple[list, set]:
    """Levels: the first township_items items (in a shuffled order) are offered at townships, of which
    village_items at villages; returns both sets of indexes."""
    order = list(range(len(ids)))
    rng.shuffle(order)
    town_set = order[:township_items]
    village_set = set(town_set[:village_items])
    for rank, idx in enumerate(town_set):
        levels: dict[str, str] = {
            "township": "下放" if rank % 5 == 0 else ("收件端前移" if rank % 5 in (1, 2) else "属地办理")
        }
        if idx in village_set:
            levels["village"] = ["收件端前移", "便民服务", "帮办代办"][rank % 3]
        ids[idx]["levels"] = levels
    return town_set, village_set


def _write_items(out: Path, ids: list[dict], town_set: list[int], village_set: set[int]) -> None:
    for item in ids:
        folder = out / "items/services" / item["department"]
        datafile.write(folder / f"{item['id']}.yaml", "item", f"{item['name']}（生成数据）", item)
    datafile.write(
        out / "items/network/township-items.yaml",
        "township-items",
        "乡镇可办事项清单（生成数据）",
        {"level": "乡镇", "items": sorted(ids[i]["id"] for i in town_set)},
    )
    datafile.write(
        out / "items/network/village-items.yaml",
        "village-items",
        "村（社区）可办事项清单（生成数据）",
        {"level": "村", "items": sorted(ids[i]["id"] for i in village_set)},
    )


def _write_centre(out: Path) -> None:
    datafile.write(
        out / "items/network/county-centre.yaml",
        "county-centre",
        "县级政务服务中心（生成数据）",
        {
            "id": "county-centre",
            "name": "建始县政务服务中心",
            "address": "建始县业州镇",
            "phone": "0718-3321000",
            "hours": "工作日 8:30—12:00，14:30—18:00",
            "hall": {
                "name": "综合服务大厅",
                "zones": [
                    {"name": z, "description": z}
                    for z in ("综合受理区", "一事联办区", "统一出件区", "自助服务区")
                ],
                "windows": [
                    {"name": w, "description": w, "count": c}
                    for w, c in (
                        ("综合受理窗口", 16),
                        ("高效办成一件事窗口", 4),
                        ("统一出件窗口", 3),
                        ("帮办代办窗口", 2),
                    )
                ],
                "posts": [{"name": p, "description": p} for p in ("导服岗", "受理岗", "审批岗", "出件岗")],
                "desks": [{"name": d, "description": d} for d in ("咨询导办台", "好差评台")],
            },
            "special_zones": [
                {"counter": "公安专区", "name": "公安主题专区", "windows": 8},
                {"counter": "税务专区", "name": "税务主题专区", "windows": 10},
            ],
        },
    )


def _write_townships(out: Path, villages: int) -> None:
    """The townships and their villages, villages spread over the townships in turn."""
    datafile.write(
        out / "items/network/townships.yaml",
        "townships",
        "乡镇便民服务中心（生成数据）",
        {
            "townships": [
                {
                    "id": tid,
                    "name": f"{town}便民服务中心",
                    "town": town,
                    "address": f"建始县{town}",
                    "phone": f"0718-34{i:05d}",
                    "hours": "工作日 8:30—12:00，14:30—17:30",
                    "police_windows": 1,
                    "comprehensive_windows": 2 + i % 4,
                    "stations": STATIONS[i % 3 :: 3] + STATIONS[:2],
                }
                for i, (tid, town) in enumerate(TOWNS)
            ]
        },
    )
    vlist = []
    for n in range(villages):
        tid, town = TOWNS[n % len(TOWNS)]
        name = VILLAGE_NAMES[n % len(VILLAGE_NAMES)] + ("社区" if n % 9 == 0 else "村")
        vlist.append(
            {
                "id": f"{tid}-{n // len(TOWNS) + 1:03d}",
                "name": f"{town}{name}便民服务站",
                "township": tid,
                "community": n % 9 == 0,
                "windows": 1,
            }
        )
    datafile.write(
        out / "items/network/villages.yaml",
        "villages",
        "村（社区）便民服务站（生成数据）",
        {"villages": vlist},
    )


def _write_teams(out: Path) -> None:
    datafile.write(
        out / "items/network/teams.yaml",
        "teams",
        "服务队伍（生成数据）",
        {
            "teams": [
                {
                    "id": "dianxiaoer",
                    "kind": "店小二",
                    "name": "政务服务中心“店小二”志愿服务队",
                    "level": "县级",
                    "count": 1,
                    "members": ["导服人员"],
                    "services": ["协助取号", "业务咨询"],
                },
                {
                    "id": "qingqibing",
                    "kind": "轻骑兵",
                    "name": "城市社区便民服务“轻骑兵”",
                    "level": "村",
                    "count": 10,
                    "members": ["社区党员干部"],
                    "services": ["上门服务"],
                },
                {
                    "id": "bangbangtuan",
                    "kind": "帮帮团",
                    "name": "农村便民服务“帮帮团”",
                    "level": "村",
                    "count": 400,
                    "members": ["村“两委”成员"],
                    "services": ["事项代办"],
                },
            ]
        },
    )


def _lifecycle(ids: list[dict], bundles: list[dict]) -> list[dict]:
    """Life-cycle catalogues (企业, 个人): each stage's first entry a bundle, the others items."""
    first = [i["id"] for i in ids[:5]]
    lifecycle = []
    for kind, stages, entries in (("企业", 5, 12), ("个人", 9, 26)):
        st = []
        for s in range(stages):
            n_entries = entries // stages + (1 if s < entries % stages else 0)
            st.append(
                {
                    "id": f"{'qy' if kind == '企业' else 'gr'}-{s + 1}",
                    "name": f"阶段{s + 1}",
                    "entries": [
                        {
                            "id": f"{'qy' if kind == '企业' else 'gr'}-{s + 1}-{e + 1}",
                            "name": f"类别{e + 1}",
                            **(
                                {"bundle": bundles[(s + e) % len(bundles)]["id"]}
                                if bundles and e == 0
                                else {"items": first[:2]}
                            ),
                        }
                        for e in range(n_entries)
                    ],
                }
            )
        lifecycle.append({"kind": kind, "stages": st})
    return lifecycle


def generate(
    out: Path,
    *,
    items: int = 1341,
    villages: int = 405,
    township_items: int = 328,
    village_items: int = 97,
    detailed: bool = True,
    seed: int = 422822,
) -> dict:
    """Write a complete county folder under `out`; returns the counts written."""
    rng = random.Random(seed)
    out = Path(out)
    deps = DEPARTMENTS[:34]
    out.mkdir(parents=True, exist_ok=True)
    _write_county(out, items, deps)
    ids = _items(rng, items, deps, detailed)
    town_set, village_set = _levels(rng, ids, township_items, village_items)
    _write_items(out, ids, town_set, village_set)
    _write_centre(out)
    _write_townships(out, villages)
    _write_teams(out)
    bundles = _bundles(ids, rng)
    for b in bundles:
        datafile.write(out / f"items/bundles/{b['id']}.yaml", "bundle", f"{b['name']}（生成数据）", b)
    datafile.write(
        out / "items/lifecycle.yaml",
        "lifecycle",
        "全生命周期目录（生成数据）",
        {"catalogues": _lifecycle(ids, bundles)},
    )
    return {
        "items": items,
        "villages": villages,
        "township_items": township_items,
        "village_items": village_items,
    }
