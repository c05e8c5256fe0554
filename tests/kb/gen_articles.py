#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate a large synthetic knowledge base in the data/kb_articles.tsv
format, for latency measurements of the kb_bigram FTS5 search.

Each synthetic article takes the title, keywords, category and unit of a
random seed article (so term frequencies look like the real seed) with a
town name and a serial number added, a question from the same category,
and an answer of 3 to 8 sentences drawn mostly (70 %) from articles of the
same category and otherwise from the whole seed.  A few fixed "rare"
phrases are planted in a known number of articles so that rare-phrase
queries have a known answer size.  The output is deterministic for a
given --seed.

    tests/kb/gen_articles.py --count 100000 > /tmp/kb100k.tsv
    KB_BENCH_TSV=/tmp/kb100k.tsv build/tests/test_server_kb

(The benchmark suite under bench/ belongs to another part of the project;
this generator lives here so that the unit test can use it.)
"""
import argparse
import random
import sys

HEADER = ("id\ttitle\tquestion\tanswer\tsms_guide\tcategory_code\t"
          "owner_unit_code\tkeywords\teffective_from\teffective_to\tstatus")

TOWNS = ("东城 南城 万江 莞城 石碣 石龙 茶山 石排 企石 横沥 桥头 谢岗 东坑 常平 "
         "寮步 樟木头 大朗 黄江 清溪 塘厦 凤岗 大岭山 长安 虎门 厚街 沙田 道滘 "
         "洪梅 麻涌 望牛墩 中堂 高埗 松山湖 滨海湾 东莞港").split()

# phrase, number of articles that get it
RARE = [("海上撒散骨灰补贴", 3), ("无人机航拍备案", 10), ("古树名木认养", 30),
        ("渔船柴油补贴", 100)]


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if header is None:
                header = line
                if header != HEADER:
                    sys.exit("%s: unexpected header" % path)
                continue
            rows.append(line.split("\t"))
    return [r for r in rows if r[10] == "published"]


def sentences(text):
    out = []
    for s in text.replace("\\n", "").split("。"):
        s = s.strip()
        if s:
            out.append(s + "。")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--source", default="data/kb_articles.tsv")
    ap.add_argument("--out", default="-")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    seed = load(args.source)
    if not seed:
        sys.exit("no published articles in " + args.source)
    pool, by_cat, questions = [], {}, {}
    for r in seed:
        cat = r[5][:4]
        ss = sentences(r[3])
        pool.extend(ss)
        by_cat.setdefault(cat, []).extend(ss)
        questions.setdefault(cat, []).append(r[2])

    rare_at = {}
    for phrase, n in RARE:
        for i in rng.sample(range(args.count), min(n, args.count)):
            rare_at.setdefault(i, []).append(phrase)

    out = sys.stdout if args.out == "-" else open(args.out, "w",
                                                   encoding="utf-8")
    out.write(HEADER + "\n")
    for i in range(args.count):
        base = rng.choice(seed)
        cat = base[5][:4]
        n = rng.randint(3, 8)
        answer = []
        for _ in range(n):
            src = by_cat[cat] if rng.random() < 0.7 else pool
            answer.append(rng.choice(src))
        for phrase in rare_at.get(i, []):
            answer.insert(rng.randrange(len(answer) + 1),
                          "本条目还涉及%s的办理要求。" % phrase)
        town = rng.choice(TOWNS)
        title = "%s（%s第%d号）" % (base[1], town, i + 1)
        question = rng.choice(questions[cat])
        row = [str(1001 + i), title, question, "".join(answer), base[4],
               base[5], base[6], base[7], base[8], "", "published"]
        out.write("\t".join(row) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
