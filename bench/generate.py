"""Deterministic synthetic corpus for the benchmark: N documents recombined from real clauses.

The clauses of seeds/*.txt and tests/fixtures/*.txt (parsed by the builder itself) are the
material; each synthetic document gets its own title, jurisdiction, date, numbering style
(一、/（一）/1., 第X章/第X节, 专栏 boxes, —— items, a transmittal notice, a status line) and
quantitative targets with fresh numbers. The same N always gives byte-identical files, so
timings of different runs compare like with like.

    python -m bench.generate --docs 100 --out bench/work/100
writes <out>/seeds/*.txt and <out>/site_config/{documents.yml,chrome.yml}.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.pipeline import read_and_parse
from builder.config import load_config
from builder.model import HEADING, ITEM, PARAGRAPH

ROOT = Path(__file__).resolve().parent.parent
# the texts clauses are drawn from: fixed, so that a new fixture does not change the benchmark's library
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("0[126]_*.txt"))
SEED = 20261101

JURISDICTIONS = ["国家", "北京市", "上海市", "广东省", "浙江省", "江苏省", "山东省", "四川省", "湖北省", "海南省",
                 "福建省", "河南省", "陕西省", "云南省", "黑龙江省", "广西壮族自治区"]
ISSUERS = {"国家": ["国务院", "国务院办公厅", "国家市场监督管理总局", "中共中央 国务院"]}
TOPICS = ["推进质量强省建设", "加强计量工作", "加快农业机械化发展", "深入推进节能减排", "实施标准化发展战略",
          "提升产品和服务质量", "加强品牌建设", "完善质量基础设施", "强化食品安全监管", "推进检验检测认证体系建设",
          "提高工程建设质量", "促进制造业高质量发展", "加强知识产权保护", "优化质量发展环境", "推进绿色低碳发展"]
KINDS = [("意见", "实施意见"), ("方案", "工作方案"), ("行动计划", "行动计划"), ("规划", "发展规划"), ("纲要", "建设纲要")]
INDICATORS = ["制造业产品质量合格率", "农产品质量安全例行监测合格率", "食品抽检合格率", "主要农作物耕种收综合机械化率",
              "工程质量抽查符合率", "服务质量满意度", "计量检测服务覆盖率", "标准化覆盖率", "单位地区生产总值能耗降低率",
              "绿色产品认证数量", "中国质量奖获奖企业数", "检验检测机构营业收入年均增长率"]
CN_NUMERALS = "一二三四五六七八九十"
CIRCLE_FREE = re.compile(r"[①-⑳]")


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 35 -> 三十五 (outline numbering as printed)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十" + (CN_NUMERALS[ones - 1] if ones else "")


@dataclass
class ClausePool:
    """Real text to recombine, sorted by the role it can play in a new document."""

    section_titles: list[str] = field(default_factory=list)  # 一、 level titles without numbers
    run_in_headings: list[tuple[str, str]] = field(default_factory=list)  # (title, body) of （一） clauses
    paragraphs: list[str] = field(default_factory=list)
    dash_items: list[str] = field(default_factory=list)
    target_sentences: list[str] = field(default_factory=list)  # 到2025年，…达到…% sentences


def clause_pool(sources: list[Path] = SOURCES) -> ClausePool:
    config = load_config(ROOT / "site_config")
    pool = ClausePool()
    for path in sources:
        doc = read_and_parse(path, config.chrome)[0]
        first_body = {}
        for c in doc.clauses:
            if c.kind == PARAGRAPH and c.parent and c.parent not in first_body:
                first_body[c.parent] = c.text
        for c in doc.clauses:
            text = CIRCLE_FREE.sub("", c.text).strip()
            if c.kind == HEADING and c.title and len(c.title) <= 30 and c.number.endswith("、"):
                pool.section_titles.append(c.title)
            elif c.kind == HEADING and c.title and c.anchor in first_body and len(first_body[c.anchor]) >= 30:
                pool.run_in_headings.append((c.title, CIRCLE_FREE.sub("", first_body[c.anchor])))
            elif c.kind == ITEM and c.number.startswith("—") and len(text) >= 15:
                pool.dash_items.append(text)
            elif c.kind == PARAGRAPH and len(text) >= 40 and text.endswith("。"):
                pool.paragraphs.append(text)
                pool.target_sentences.extend(s + "。" for s in text.split("。")
                                             if re.search(r"到20\d\d年", s) and re.search(r"\d+(\.\d+)?%", s))
    return pool


def _fresh_numbers(text: str, rng: random.Random) -> str:
    """Same sentence, new figures: years move, percentages and counts change."""
    text = re.sub(r"20(\d\d)年", lambda m: f"20{min(35, max(15, int(m.group(1)) + rng.randint(-3, 8)))}年", text)
    return re.sub(r"(?<![0-9年])(\d+(?:\.\d+)?)%",
                  lambda m: f"{min(99.9, round(float(m.group(1)) * rng.uniform(0.8, 1.1), 1)):g}%", text)


def _target_paragraph(rng: random.Random, year: int) -> str:
    picks = rng.sample(INDICATORS, 3)
    parts = [f"{name}达到{rng.randint(80, 99)}{rng.choice(['', '.5'])}%以上" if i != 2 else
             f"{name}提高{rng.randint(2, 30)}个百分点" for i, name in enumerate(picks)]
    return f"到{year}年，" + "，".join(parts) + "。"


class DocumentWriter:
    """Writes one synthetic document as source lines, the way a policy text is laid out."""

    def __init__(self, pool: ClausePool, rng: random.Random):
        self.pool, self.rng = pool, rng
        self.lines: list[str] = []

    def body(self, count: int) -> list[str]:
        return self.rng.sample(self.pool.paragraphs, count)

    def write(self, title: str, issuer: str, date: tuple[int, int, int], status: str, notice: bool,
              style: str, clauses: int) -> str:
        rng, out = self.rng, self.lines
        year, month, day = date
        if notice:
            out += [f"{issuer}关于印发{title}的通知", f"各市、县人民政府，{issuer}各部门：",
                    f"现将《{title}》印发给你们，请结合实际，认真贯彻执行。", issuer, f"{year}年{month}月{day}日"]
        out.append(title)
        if status:
            out.append(f"（{status}）")
        out += self.body(rng.randint(1, 2))
        sections = max(2, clauses // rng.randint(6, 10))
        sub_number = 0
        for s in range(1, sections + 1):
            out.append(f"第{cn_number(s)}章　{rng.choice(self.pool.section_titles)}" if style == "chapters"
                       else f"{cn_number(s)}、{rng.choice(self.pool.section_titles)}")
            if s == 1:
                out.append(_fresh_numbers(rng.choice(self.pool.target_sentences), rng))
                out.append(_target_paragraph(rng, year + rng.choice([2, 3, 5])))
            if style == "restart":  # （一） numbering starts again in every section
                sub_number = 0
            for _ in range(max(1, clauses // sections // 3)):
                sub_number += 1
                title_text, body = rng.choice(self.pool.run_in_headings)
                if style == "chapters":
                    out.append(f"第{cn_number(sub_number)}节　{title_text}")
                    out.append(body)
                else:
                    out.append(f"（{cn_number(sub_number)}）{title_text}。{body}")
                roll = rng.random()
                if roll < 0.25:
                    out += [f"{i}.{p}" for i, p in enumerate(self.body(rng.randint(2, 4)), 1)]
                elif roll < 0.45:
                    out += ["——" + p for p in rng.sample(self.pool.dash_items, rng.randint(2, 4))]
                else:
                    out += self.body(1)
            if rng.random() < 0.2:
                out.append(f"专栏{s}　{rng.choice(self.pool.section_titles)}重点工程")
                out += [f"{i}.{p}" for i, p in enumerate(self.body(rng.randint(2, 3)), 1)]
        out += [issuer, f"{year}年{month}月{day}日"]
        return "\n\n".join(out) + "\n"


def generate(n: int, out: Path, pool: ClausePool | None = None) -> list[dict]:
    """Write n documents and their documents.yml under out/; returns the documents.yml entries."""
    pool = pool or clause_pool()
    rng = random.Random(SEED)  # one stream: document k is the same for every n >= k
    seeds, config = out / "seeds", out / "site_config"
    for folder in (seeds, config):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    for path in (ROOT / "site_config").glob("*.yml"):  # the real vocabularies; documents.yml is written below
        if path.name != "documents.yml":
            shutil.copy(path, config / path.name)
    entries: list[dict] = []
    national: list[str] = []
    for k in range(n):
        jurisdiction = rng.choice(JURISDICTIONS[:1] * 4 + JURISDICTIONS[1:])
        topic = rng.choice(TOPICS)
        kind, kind_title = rng.choice(KINDS)
        year, month, day = rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28)
        prefix = "" if jurisdiction == "国家" else jurisdiction
        title = f"{prefix}关于{topic}的{kind_title}" if kind in ("意见", "方案") else f"{prefix}{topic}{kind_title}"
        title += f"（{year}—{year + rng.choice([2, 3, 5])}年）" if kind in ("规划", "行动计划") else ""
        issuer = rng.choice(ISSUERS.get(jurisdiction, [f"{jurisdiction}人民政府", f"{jurisdiction}人民政府办公厅",
                                                          f"{jurisdiction}市场监督管理局"]))
        status = "征求意见稿" if rng.random() < 0.08 else ""
        style = rng.choice(["plain", "plain", "plain", "restart", "chapters"])
        clauses = rng.randint(6, 28)
        text = DocumentWriter(pool, rng).write(title, issuer, (year, month, day), status,
                                               notice=rng.random() < 0.2, style=style, clauses=clauses)
        source = f"{k:05d}.txt"
        (seeds / source).write_text(text, encoding="utf-8")
        slug = f"doc-{k:05d}-{year}"
        entry = {"slug": slug, "source": source, "title": title, "issuer": issuer,
                 "date": f"{year}-{month:02d}-{day:02d}", "jurisdiction": jurisdiction, "kind": kind}
        if status:
            entry["status"] = status
        if national and jurisdiction != "国家" and rng.random() < 0.5:
            entry["relations"] = {"implements": [rng.choice(national)]}
        if jurisdiction == "国家":
            national.append(slug)
        entries.append(entry)
    header = "# Generated by bench/generate.py: a synthetic corpus for the benchmark, not real documents.\n"
    (config / "documents.yml").write_text(header + yaml.safe_dump(
        {"jurisdictions": JURISDICTIONS, "documents": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="folder for seeds/ and site_config/")
    args = parser.parse_args()
    entries = generate(args.docs, args.out)
    print(f"{len(entries)} documents -> {args.out}/seeds, {args.out}/site_config/documents.yml")


if __name__ == "__main__":
    main()
