"""Building the bundled Jianshi catalogue: the hand-written items (complete guides), the real items of a
district catalogue (sources/guangan.csv, 广安区 1,135 items) mapped onto Jianshi's departments, and
national-catalogue items for services that district lists at city level (sources/national-items.csv).

Names and types are kept as the sources write them (the district's numeric type codes become type names).
An item that is the same service as a hand-written one is left out (the hand-written guide stands for it);
so are items naming another province's places or orders, city-level items, and religious and ethnic
affairs (Jianshi's 34 departments have no counterpart). Township and village lists are chosen by rules
(department stations at township level, citizen-facing items in villages). Deterministic; run with
`python -m toolkit.jianshi_catalogue` at the repository root.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import datafile
from .codelists import codelist
from .layout import KIND_BY_NAME
from .onboarding.importer import short_hash

SOURCE = "sources/guangan.csv"
NATIONAL = "sources/national-items.csv"
CATALOGUE_NOTE = "目录级事项：办事指南要素待补充"

# District department -> Jianshi department; None = no counterpart among Jianshi's 34 departments.
DEPARTMENTS: dict[str, str | None] = {
    "区人社局": "rsj",
    "区交通运输局": "jtysj",
    "广安区税务局": "swj",
    "区住建局": "zjj",
    "区自然资源和规划局": "zrzyj",
    "区公安分局": "gaj",
    "区医疗保障局": "ybj",
    "区文广旅局": "whlyj",
    "区教科体局": "jyj",
    "区农业农村局": "nyncj",
    "区司法局": "sfj",
    "区卫健局": "wjj",
    "区民政局": "mzj",
    "区市监局": "scjgj",
    "区林业局": "lyj",
    "区生态环境局": "sthj",
    "区残联": "cl",
    "区水务局": "slhj",
    "区应急管理局": "yjglj",
    "区政府办": "zjj",  # 人民防空 (in Jianshi part of housing and construction)
    "区烟草专卖局": "ycj",
    "区气象局": "qxj",
    "区退役军人事务局": "tyjrj",
    "区财政局": "czj",
    "区委办": "dag",  # archives
    "区综合执法局": "cgj",
    "区发改局": "fgj",
    "区公管办": "zwj",  # public resources trading
    "区商务局": "swuj",
    "区消防大队": "xfjy",
    "区委统战部": None,
    "区经信局": None,
    "区统计局": None,
    "区行政审批局": "",  # by name, see BY_NAME
}
# Within a department, items another Jianshi department does (first match wins).
REROUTE: dict[str, list[tuple[str, str]]] = {
    "rsj": [(r"保险|养老金|待遇|参保|丧葬|抚恤金|遗属|缴费", "sbj")],
    "zrzyj": [
        (r"森林|林草|古树名木|林木|伐区|草原|陆生野生动物|种子", "lyj"),
        (r"^(?!.*(矿|勘查)).*(不动产|抵押|预告登记|查封|异议登记|更正登记)", "bdcdj"),
    ],
    "fgj": [(r"供电|用电", "gdgs")],
}
# The district's 行政审批局 holds many departments' permits: each goes to the department doing the work.
BY_NAME: list[tuple[str, str]] = [
    (r"卫生许可|医疗机构|医师|护士|乡村医生|母婴保健|放射|毒性药品|中医诊所|职业病|健康体检", "wjj"),
    (r"水利|河道|取水|水工程|洪水|行洪|大坝|灌溉|提灌站|水库", "slhj"),
    (r"文旅类|文物|娱乐|演出|电影|互联网上网|出版物|广播|电视|文艺", "whlyj"),
    (
        (
            r"渔业|水产|水生|水域滩涂|鱼类|捕捞|拖拉机|联合收割机|农药|种子|种畜禽|家畜|家禽|兽药|动物|生鲜乳|蚕种"
            r"|食用菌|农业野生植物"
        ),
        "nyncj",
    ),
    (r"野生植物", "lyj"),
    (r"代理记账", "czj"),
    (r"公证员", "sfj"),
    (r"民办非企业|社会团体|慈善|公益性墓地", "mzj"),
    (r"劳务派遣|人力资源服务|职业培训学校|不定时工作制", "rsj"),
    (r"学校|幼儿园|教育机构|义务教育|校外培训|校车|体育|攀岩|潜水|滑雪|游泳|健身气功|校（园）长", "jyj"),
    (r"夜间建筑施工", "zjj"),
    (r"城市道路|城市建筑物|户外广告|环卫|生活垃圾|宣传品|临时性建筑物", "cgj"),
    (r"公路|平面交叉|超限运输|护路林|设计变更|设计文件", "jtysj"),
    (r"烟花爆竹|危险化学品", "yjglj"),
    (r"电力设施|节能审查", "fgj"),
    (
        (
            r"公司|企业|合伙|个人独资|个体工商户|农民专业合作社|股权出质|市场主体|证照|食品|计量|特种设备"
            r"|档案资料查询|撤销变更登记"
        ),
        "scjgj",
    ),
]
# Left out: another province's places or orders, city-level items, religious and ethnic affairs.
DROP = (
    r"成都|德阳|绵阳|乐山|南充|泸州|宜宾|达州|四川|广安|省政府令|省政府349号令|[（(]市级[)）]"
    r"|宗教|寺院|宫观|清真寺|教堂|民族成份|固定处所"
)
# District items that are the same service as a hand-written item (whose guide stands for them).
SAME_AS_WRITTEN = {
    "居住证办理": "ga-jzz",
    "旅馆业特种行业许可证核发": "ga-lgtx",
    "普通护照签发": "ga-hz",
    "居民身份证办理（包括临时）": "ga-sfz",
    "无犯罪记录证明": "ga-wfzm",
    "户口迁移审批": "ga-hkqr",
    "户口登记": "ga-csdj",
    "户口注销": "ga-swzx",
    "个体工商户设立登记": "sc-gtzc",
    "个体工商户变更登记（备案）": "sc-gtbg",
    "个体工商户注销登记": "sc-gtzx",
    "公司设立登记": "sc-qysl",
    "公司变更登记": "sc-qybg",
    "公司注销登记": "sc-qyzx",
    "食品(含保健食品)经营许可核发": "sc-spjy",
    "仅销售预包装食品经营者备案信息采集": "sc-spba",
    "公共场所卫生许可新办审批（县级）": "wj-ggws",
    "医疗机构执业审批（新办）（县级）": "wj-yljg",
    "医师新办执业注册": "wj-yszc",
    "《出生医学证明》首次签发": "wj-csyx",
    "《预防接种证》办理": "wj-yfjz",
    "计划生育家庭特别扶助金": "wj-tbfz",
    "农村部分计划生育家庭奖励扶助金": "wj-jlfz",
    "社会团体成立登记": "mz-shtt",
    "民办非企业单位成立登记": "mz-mfdj",
    "临时救助": "mz-lsjz",
    "最低生活保障": "mz-dbsp",
    "特困人员救助供养": "mz-tkgy",
    "80周岁以上老年人高龄津贴发放": "mz-gljt",
    "重度残疾人护理补贴": "mz-cjbt",
    "困难残疾人生活补贴": "mz-cjbt",
    "中国内地公民婚姻登记": "mz-jhdj",
    "商品房预售许可": "zj-spys",
    "建筑工程施工许可证核发": "zj-sgxk",
    "特殊建设工程消防验收": "zj-xfys",
    "建设工程竣工验收备案": "zj-jgba",
    "供气报装": "zj-rqkh",
    "供水报装": "zj-gskh",
    "公共租赁住房申请资格审核认定": "zj-gzf",
    "道路货物运输经营许可": "jt-hyjy",
    "道路旅客运输经营许可（新增）": "jt-kyjy",
    "网络预约出租汽车运输证发放（新增）": "jt-wyc",
    "跨越、穿越普通公路修建桥梁、渡槽或者架设、埋设管线等设施的，以及在普通公路用地范围内架设、埋设管线、电缆"
    "等设施，或者利用普通公路桥梁、普通公路隧道、涵洞铺设电缆等设施的许可": "jt-slsg",
    "开具税收完税证明（县级行使）": "sw-wszm",
    "代开增值税普通发票（县级行使）": "sw-dkfp",
    "代开增值税专用发票（县级行使）": "sw-dkfp",
    "发票领用(县级行使）": "sw-fply",
    "税务注销即时办理（县级行使）": "sw-qszx",
    "一照一码户信息确认（县级行使）": "sw-sxqr",
    "基本医疗保险关系转移接续": "yb-zyjx",
    "城乡居民参保登记": "yb-jmcb",
    "基本医疗保险参保人员享受门诊慢特病病种待遇认定": "yb-mtb",
    "残疾人证新办": "cl-cjz",
    "林木采伐许可证核发（县级权限）": "ly-lmcf",
    "教师资格认定": "jy-jszg",
    "取水许可证新办审批": "sl-qsxk",
    "就业登记": "rs-jydj",
    "创业担保贷款申请": "rs-cydk",
    "社会保障卡申领": "rs-sbk",
    "城乡居民基本养老保险待遇申领": "rs-jmdy",
    "城乡居民基本养老保险参保登记": "rs-jmyl",
    "失业保险金申领": "sb-sydy",
    "企业社会保险登记": "rs-sbdj",
    "养老保险定期待遇领取资格认证": "rs-ylrz",
    "企业职工基本养老保险正常退休申请": "rs-txsp",
    "企业职工基本养老保险关系转移接续申请": "sb-zyjx",
    "升放无人驾驶自由气球或者系留气球活动审批": "qx-sfqq",
    "雷电防护装置设计审核": "qx-flsj",
    "设置大型户外广告的审批": "cg-ggsz",
    "城市建筑物、设施上张挂、张贴宣传品审批": "cg-ggsz",
    "占用、挖掘城市道路审批": "cg-zydl",
    "企业投资项目备案": "fg-tzba",
    "公众聚集场所投入使用、营业前消防安全检查": "xf-kyjc",
    "烟草专卖零售许可证新办": "yc-lsxk",
    "烟花爆竹经营（零售）许可证核发": "yj-yhbz",
    "设立歌舞娱乐场所《娱乐经营许可证》核发": "wl-ylcs",
    "设立游艺娱乐场所《娱乐经营许可证》核发": "wl-ylcs",
    "内资设立互联网上网服务营业场所经营活动终审审批": "wl-wb",
    "举办营业性演出审批": "wl-ycsp",
    "农药经营许可证核发（其他农药）": "ny-nyjy",
    "动物防疫条件合格证核发（动物饲养场、养殖小区和动物屠宰加工场）": "ny-dwfy",
    "建设项目用地预审与选址意见书": "zr-ydys",
    "乡村建设规划许可证核发": "zr-xcgh",
    "建设工程（含临时建设）规划许可证核发": "zr-ghxk",
    "建设用地规划许可（划拨用地）": "zr-ydgh",
    "建设用地（含临时用地）规划许可证核发（出让用地）": "zr-ydgh",
    "对公民法律援助申请的审批": "sf-flyz",
}
# The long 危险化学品经营许可 name starts like this (核发 = yj-whjy).
SAME_PREFIX = {("除从事剧毒", "核发"): "yj-whjy"}


@dataclass
class Source:
    """One catalogue-level item as a source gives it."""

    department: str
    name: str
    type: str
    basic: str  # the basic code (first part of the 事项编码)
    origin: str  # "广安区" or "国家目录"


def type_name(code: str) -> str:
    for c in codelist("item-types"):
        if code in (c.extra.get("platform_code"), c.code):
            return c.code
    raise ValueError(f"unknown item type {code!r}")


def department_for(district_dept: str, name: str) -> str | None:
    dept = DEPARTMENTS[district_dept]
    if dept is None or re.search(DROP, name):
        return None
    if dept == "":
        return next((code for pattern, code in BY_NAME if re.search(pattern, name)), None)
    return next((code for pattern, code in REROUTE.get(dept, []) if re.search(pattern, name)), dept)


def _same_as_written(name: str) -> str | None:
    if name in SAME_AS_WRITTEN:
        return SAME_AS_WRITTEN[name]
    for (start, end), iid in SAME_PREFIX.items():
        if name.startswith(start) and name.endswith(end):
            return iid
    return None


def district_items(root: Path, written: dict[str, str]) -> tuple[list[Source], dict[str, int]]:
    """The district's items mapped onto Jianshi (and why the others were left out)."""
    out: list[Source] = []
    left_out = {"无对应部门或外省、市级事项": 0, "与逐项编写的事项相同": 0, "名称重复": 0}
    seen: set[str] = set()
    with (root / SOURCE).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["事项名称"].strip()
            dept = department_for(row["部门"], name)
            if dept is None:
                left_out["无对应部门或外省、市级事项"] += 1
            elif _same_as_written(name) or name in written:
                left_out["与逐项编写的事项相同"] += 1
            elif name in seen:
                left_out["名称重复"] += 1
            else:
                seen.add(name)
                basic = re.sub(r"[^0-9A-Z]", "", row["事项编码"].split("-51")[0])
                out.append(Source(dept, name, type_name(row["事项类型"]), basic, "广安区"))
    return out, left_out


def national_items(root: Path, written: dict[str, str], taken: set[str]) -> list[Source]:
    out = []
    with (root / NATIONAL).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["事项名称"].strip()
            if name in written or name in taken:
                raise ValueError(f"{NATIONAL}: {name} is already in the catalogue")
            out.append(Source(row["部门"], name, row["事项类型"], "", "国家目录"))
    return out


def stable_int(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode("utf-8")).digest()[:8], "big")


# --- Where an item can be done below the county -------------------------------------------------------

# Departments with a station (站所) in the townships' comprehensive area; police stations are not part of it.
TOWNSHIP_DEPARTMENTS = {
    "rsj", "sbj", "gdgs", "nyncj", "ybj", "wjj", "sfj", "yjglj", "scjgj", "whlyj", "zjj", "lyj", "cl",
    "mzj", "slhj", "swj", "zrzyj", "bdcdj", "czj", "tyjrj",
}  # fmt: skip
# Items for enterprises, projects and specialised trades stay at the county.
NOT_BELOW_COUNTY = (
    r"公司|企业|合伙|分支机构|单位|机关事业|危险|爆炸|剧毒|易制毒|建设项目|建设工程|工程|矿|勘查|放射|医疗机构|医院"
    r"|娱乐|互联网上网|演出|出版|电影|广播|电视|招标|投标|非居民|出口|境外|跨区域|港口|水上|通航|客运|货运|网约"
    r"|巡游|出租汽车|教练车|驾驶员培训|学校|幼儿园|教育机构|人防|人民防空|定点|药品|麻醉|精神药品|特种设备|计量"
    r"|规划|用地|预售|房地产|物业|燃气经营|排水|供水单位|水工程|河道|取水|大坝|水库|采砂|洪水|防火|治沙|草原"
    r"|野生|律师|司法鉴定|会计|政府采购|税收统计|发票|税控|印花税|涉税专业|纳税信用|关联|同期资料|软件|集成电路"
    r"|创业投资|退税|税收居民|捐赠|慈善|社会团体|民办非企业|社会组织|劳务派遣|人力资源服务|职业培训学校|职称"
    r"|集体合同|裁员|仲裁|核准|审查|论证|评价|鉴定|验收|授权|年检|年度检查|护士|医师|乡村医生|母婴|诊疗|兽药经营"
    r"|种畜禽|蚕种|生鲜乳收购|水产苗种|捕捞|渔业|采集|猎捕|古树|检疫|地质|测绘|专项维修资金|网签|租赁登记"
    r"|交易|评估|消防|装卸|拆除|拖带|码头|继续教育|资格考试|名录|信用|县级|股权|公证员|起重机械|历史建筑|市政"
    r"|城市|文物|旅行社|考级|特殊标志|中介|代理记账|免税|非营利|博物馆|游戏游艺|个体演员|迁移调档|撤销变更"
    r"|种子|菌种|孵化|授精|增殖放流|滩涂|堤顶|高火险|占用林地|准运|调运|防空|地名|医疗器械|证照|收养|墓地"
    r"|建筑物|占道|施工|按比例就业|资质|无害化|隔离场所|诊所|执业|相互协商|消费税|资源税|环境保护税|土地增值税"
    r"|文化事业建设费|养老机构|高压|义诊|外出健康体检|稳岗|趸缴|国际联网"
)
# Citizen-facing services a village station can take in or help with.
VILLAGE_SERVICES = (
    r"城乡居民|居民|个人|老年|高龄|残疾|救助|低保|特困|临时|补贴|补助|优抚|优待|退役|抚恤|医保|医疗保险|参保"
    r"|社会保障卡|养老|失业|就业|创业|生育|计划生育|独生子女|农村|村民|宅基地|土地承包|农机|耕地|林权|采伐"
    r"|生态公益林|法律援助|调解|困境儿童|孤儿|事实无人抚养|异地就医|报销|资格认证|缴费|缴纳|完税|驾驶证|交通违法"
    r"|户籍证明|准予迁入|丧葬|殡葬|图书馆|光荣牌|倒损民房|冬春"
)
# Items whose approval the county hands to the townships (审批权限下放) when the township has the station.
DEVOLVABLE = (
    r"个体工商户|食品小作坊|食品小经营店|农村|村民|宅基地|林木|临时救助|特困|低保|困境儿童|孤儿|事实无人抚养"
    r"|高龄|老年人优待|经济困难老年人|农机|拖拉机|联合收割机|动物防疫|土地承包|土地经营权|家庭农场|调解"
    r"|光荣牌|冬春|倒损民房|生态公益林|耕地|残疾人证换领|残疾人证挂失|残疾人证迁移|自然灾害|医疗救助|优抚对象医疗"
    r"|燃油补贴|畜禽养殖场|乡村兽医|动物收购贩运|农业机械事故|残疾人证注销|残疾类别|最低生活保障|农民专业合作社"
)
# Services a village station performs itself (便民服务).
STATION_DOES = r"查询打印|资格认证|调解|报名|借阅"
VILLAGE_PLATFORMS = {
    "rsj": "智慧人社", "sbj": "智慧人社", "ybj": "州医疗保障", "swj": "楚税通", "gaj": "湖北公安政务服务",
}  # fmt: skip


def township_ok(dept: str, name: str) -> bool:
    return dept in TOWNSHIP_DEPARTMENTS and not re.search(NOT_BELOW_COUNTY, name)


def village_ok(dept: str, name: str) -> bool:
    return bool(re.search(VILLAGE_SERVICES, name)) and not re.search(NOT_BELOW_COUNTY, name)


def village_intake_ok(d: dict) -> bool:
    """Police business reaches a village only as online help (帮办代办 through the police apps)."""
    return d["department"] != "gaj"


def _pick(pool: list[dict], need: int, test, what: str, partial: bool = False) -> list[dict]:
    chosen = [d for d in pool if test(d)][:need]
    if len(chosen) < need and not partial:
        raise ValueError(f"only {len(chosen)} items can take {what}, {need} needed")
    return chosen


def assign_levels(new: list[dict], written: list[dict], targets: dict) -> None:
    """Set levels on the new items so the lists reach the reported counts (written items keep theirs)."""
    have_town = {
        m: sum(1 for w in written if w.get("levels", {}).get("township") == m) for m in targets["township"]
    }
    have_vil = {
        m: sum(1 for w in written if w.get("levels", {}).get("village") == m) for m in targets["village"]
    }
    order = sorted(new, key=lambda d: stable_int(d["department"], d["name"]))
    vil = [d for d in order if village_ok(d["department"], d["name"])]
    online = [d for d in vil if d["department"] in VILLAGE_PLATFORMS or d["type"] == "公共服务"]
    taken: set[str] = set()

    def free(d: dict) -> bool:
        return d["id"] not in taken

    # What the station does itself first (查询打印、认证、调解、报名), then online help, then intake.
    for mode, test in (
        (
            "便民服务",
            lambda d: (
                free(d)
                and village_intake_ok(d)
                and d["type"] == "公共服务"
                and re.search(STATION_DOES, d["name"])
            ),
        ),
        ("帮办代办", lambda d: free(d) and d in online),
        (
            "收件端前移",
            lambda d: free(d) and village_intake_ok(d) and d["type"] in ("行政给付", "行政确认", "行政许可"),
        ),
    ):
        for d in _pick(vil, targets["village"][mode] - have_vil[mode], test, f"village {mode}"):
            d.setdefault("levels", {})["village"] = mode
            taken.add(d["id"])
    town = [d for d in order if township_ok(d["department"], d["name"])]
    # Village intake goes through the township: village items of township departments come first.
    town.sort(key=lambda d: "village" not in d.get("levels", {}))
    taken = set()
    # Approvals first (下放 where the station can decide, else 收件端前移), then services (收件端前移, 属地办理).
    for mode, test, partial in (
        (
            "下放",
            lambda d: (
                free(d)
                and d["department"] != "bdcdj"
                and re.search(DEVOLVABLE, d["name"])
                and d["type"] != "公共服务"
            ),
            False,
        ),
        ("收件端前移", lambda d: free(d) and d["type"] != "公共服务", True),
        ("收件端前移", free, False),
        ("属地办理", free, False),
    ):
        done = sum(1 for d in new if d.get("levels", {}).get("township") == mode)
        need = targets["township"][mode] - have_town[mode] - done
        for d in _pick(town, need, test, f"township {mode}", partial):
            d.setdefault("levels", {})["township"] = mode
            taken.add(d["id"])


# --- Catalogue-level item files --------------------------------------------------------------------------

INSTANT = r"查询|咨询|打印|指引|预约|下载|信息采集|报名|证明出具|证明开具|挂失|密码|激活|启用|解挂"
FULLY_ONLINE = r"查询|申报|缴纳|缴费|报送|下载|预约|认证|信息采集|报名|挂失|密码"
PLATFORMS = {
    "gaj": ["湖北公安政务服务"], "swj": ["楚税通"], "rsj": ["智慧人社"], "sbj": ["智慧人社"],
    "ybj": ["州医疗保障"],
}  # fmt: skip


def credit_code(dept: str, written_codes: dict[str, str]) -> str:
    """The department's unified social credit code as its written items use it (illustrative otherwise)."""
    if dept in written_codes:
        return written_codes[dept]
    return f"11422822MB{stable_int('credit', dept) % 10**7:07d}{stable_int('check', dept) % 10}"


def item_code(src: Source, credit: str, used: set[str]) -> str:
    basic = (src.basic or f"42{stable_int('basic', src.department, src.name) % 10**12:012d}")[:14].ljust(
        14, "0"
    )
    for n in range(100):
        code = f"{basic}-422822000000-000-{credit}-1-{n:02d}"
        if code not in used:
            used.add(code)
            return code
    raise ValueError(f"no free code for {src.name}")


def item_id(src: Source, old: dict[tuple[str, str], str], used: set[str]) -> str:
    """Keep the id of an earlier catalogue item with the same department and name; else a stable new one."""
    if (src.department, src.name) in old and old[(src.department, src.name)] not in used:
        iid = old[(src.department, src.name)]
    else:
        prefix = src.department[:5].rstrip("-")
        iid = next(
            f"{prefix}-{short_hash(f'{src.department}|{src.name}|{n}', 4)}"
            for n in range(1000)
            if f"{prefix}-{short_hash(f'{src.department}|{src.name}|{n}', 4)}" not in used
        )
    used.add(iid)
    return iid


def limits(src: Source) -> dict:
    h = stable_int("limit", src.name)
    legal = (
        [5, 10, 15, 20, 20, 30, 60][h % 7]
        if src.type in ("行政许可", "行政确认", "行政裁决")
        else [5, 10, 15, 20][h % 4]
    )
    if re.search(INSTANT, src.name) or (src.type in ("公共服务", "行政备案") and h % 3 == 0):
        return {"legal_limit": {"days": legal}, "promised_limit": {"minutes": [20, 30, 60][h % 3]}}
    return {
        "legal_limit": {"days": legal},
        "promised_limit": {"days": max(1, legal // [2, 3, 4, 5][(h >> 8) % 4])},
    }


def online(src: Source) -> dict:
    h = stable_int("online", src.name)
    if re.search(FULLY_ONLINE, src.name):
        depth = "全程网办"
    else:
        depth = ["全程网办", "部分网办", "部分网办", "网上预约", "不可网办"][h % 5]
    if depth == "不可网办":
        return {"depth": depth, "platforms": []}
    return {"depth": depth, "platforms": ["湖北政务服务网", *PLATFORMS.get(src.department, ["鄂汇办"])]}


def item_data(src: Source, iid: str, code: str) -> dict:
    on = online(src)
    counter = {"gaj": "公安专区", "swj": "税务专区"}.get(src.department, "综合窗口")
    return {
        "id": iid,
        "code": code,
        "name": src.name,
        "type": src.type,
        "department": src.department,
        **limits(src),
        "visits": 0 if on["depth"] == "全程网办" else 1,
        "online": on,
        "counter": counter,
    }


def _village_online(d: dict) -> None:
    """A village helps with an item online (帮办代办) only where it can be done fully online."""
    if d.get("levels", {}).get("village") == "帮办代办":
        platforms = ["湖北政务服务网", VILLAGE_PLATFORMS.get(d["department"], "鄂汇办")]
        d["online"] = {"depth": "全程网办", "platforms": platforms}
        d["visits"] = 0


# --- The build ---------------------------------------------------------------------------------------------


def _targets(county) -> tuple[dict, dict]:
    cat, red = county.reported.catalogue, county.reported.reduction
    levels = {
        "items": cat.items,
        "township": {
            "下放": cat.devolved,
            "收件端前移": cat.forwarded,
            "属地办理": cat.township_items - cat.devolved - cat.forwarded,
        },
        "village": {
            "收件端前移": cat.forwarded_to_village,
            "帮办代办": cat.assisted_online,
            "便民服务": cat.village_items - cat.forwarded_to_village - cat.assisted_online,
        },
    }
    return levels, {"materials": red.materials, "steps": red.steps, "days": red.days}


def _no_police_in_township(root: Path, project, written: dict) -> None:
    """Police-station business is not part of the township comprehensive area (6.2): drop it from the list."""
    for iid, item in written.items():
        if item.department == "gaj" and item.levels.township:
            path = root / project.source("item", iid).file
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\n  township: [^\n]+", "", text)
            text = re.sub(r"\nlevels: \{\}|\nlevels:(?=\n[^ ])", "", text)
            path.write_text(text, encoding="utf-8")


def _written_levels(item) -> dict:
    """A written item's levels as the lists use them (police business off the township list)."""
    levels = item.levels.model_dump(exclude_none=True)
    if item.department == "gaj":
        levels.pop("township", None)
    return levels


def _lists(root: Path, ids_by_level: dict[str, list[str]]) -> None:
    for kind, key, level in (("township-items", "township", "乡镇"), ("village-items", "village", "村")):
        datafile.write(
            root / KIND_BY_NAME[kind].pattern,
            kind,
            f"{level}可办事项清单（与各事项的 levels.{key} 一致）",
            {"level": level, "items": sorted(ids_by_level[key])},
        )


def _reissue_ledger(root: Path, date: str) -> tuple[int, int]:
    """Nothing has been printed yet: drop the URLs of items that left the catalogue, register the new ones."""
    from .load import load_project
    from .site import ledger
    from .site.mkdocs_config import user_settings

    project = load_project(root, use_cache=False)
    path = root / ledger.LEDGER
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    kept = [r for r in rows[1:] if r[1] in project.items]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([rows[0], *kept])
    added = ledger.append(root, project, ledger.read(root), user_settings(root)["site_url"], date)
    return len(rows) - 1 - len(kept), added


def _split(root: Path, project) -> tuple[dict, dict]:
    """(hand-written items, earlier catalogue-level ids by (department, name)); removes the latter's files."""
    written, old = {}, {}
    for iid, item in project.items.items():
        path = root / project.source("item", iid).file
        if CATALOGUE_NOTE in path.read_text(encoding="utf-8").split("\n", 2)[1]:
            old[(item.department, item.name)] = iid
            path.unlink()
        else:
            written[iid] = item
    return written, old


def _write_items(root: Path, new: list[dict], sources: list[Source]) -> None:
    origin = {s.name: s.origin for s in sources}
    for d in new:
        _village_online(d)
        where = "广安区事项目录" if origin[d["name"]] == "广安区" else "国家政务服务事项目录常见名称"
        datafile.write(
            root / "items/services" / d["department"] / f"{d['id']}.yaml",
            "item",
            f"{d['name']}（{CATALOGUE_NOTE}；名称和类型取自{where}）",
            d,
        )


def build(root: Path, date: str) -> dict:
    """Rebuild the catalogue-level items, the township and village lists, the 清减降 records and the ledger."""
    from .calibrate import calibrate
    from .load import load_project

    project = load_project(root, cross_check=False, use_cache=False)
    level_targets, reduction = _targets(project.county)
    written, old = _split(root, project)
    _no_police_in_township(root, project, written)
    names = {i.name: iid for iid, i in written.items()}
    sources, left_out = district_items(root, names)
    sources += national_items(root, names, {s.name for s in sources})
    if len(written) + len(sources) != level_targets["items"]:
        raise ValueError(
            f"{len(written)} written + {len(sources)} catalogue items != {level_targets['items']}"
        )
    credits = {i.department: i.code.split("-")[3] for i in sorted(written.values(), key=lambda i: i.id)}
    used_ids, used_codes = set(written), {i.code for i in written.values()}
    new = [
        item_data(s, item_id(s, old, used_ids), item_code(s, credit_code(s.department, credits), used_codes))
        for s in sources
    ]
    written_levels = {iid: _written_levels(i) for iid, i in written.items()}
    assign_levels(new, [{"levels": lv} for lv in written_levels.values()], level_targets)
    _write_items(root, new, sources)
    all_levels = {**written_levels, **{d["id"]: d.get("levels", {}) for d in new}}
    _lists(
        root, {key: [iid for iid, lv in all_levels.items() if key in lv] for key in ("township", "village")}
    )
    calibrated = calibrate(root, reduction)
    dropped, added = _reissue_ledger(root, date)
    return {
        "written": len(written),
        "district": sum(1 for s in sources if s.origin == "广安区"),
        "national": sum(1 for s in sources if s.origin != "广安区"),
        "left_out": left_out,
        "kept_ids": sum(1 for d in new if (d["department"], d["name"]) in old),
        "calibrated": calibrated,
        "ledger_dropped": dropped,
        "ledger_added": added,
    }


if __name__ == "__main__":
    import json
    import sys
    import time

    print(
        json.dumps(
            build(Path.cwd(), sys.argv[1] if len(sys.argv) > 1 else time.strftime("%Y-%m-%d")),
            ensure_ascii=False,
            indent=2,
        )
    )
