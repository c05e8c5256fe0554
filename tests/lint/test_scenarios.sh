#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The training scenarios (issue #7): every bundled data/scenarios/*.scn,
# every test scenario and the complete example of hotline-scenario(5)
# parse (hotline --check, key names and commands checked against the
# keymap); there are at least eight bundled ones, each a practice file
# (expectations summing to a score); and the codes they name exist in the
# seed data: categories, units (towns and lead units) and knowledge-base
# article ids.
cd "$(dirname "$0")/../.." || exit 2
. tests/lint/lib.sh
BUILD=${BUILD:-build}
HOTLINE=$BUILD/hotline
export LANG=C.UTF-8 LC_ALL=C.UTF-8

if [ ! -x "$HOTLINE" ]; then
	not_ok "$HOTLINE is built"
	finish
	exit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scn-lint.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

n=0
for f in data/scenarios/*.scn; do
	n=$((n + 1))
	if out=$("$HOTLINE" --check "$f" 2>&1); then
		ok "parses: $out"
	else
		not_ok "parses: $out"
	fi
	if out=$("$HOTLINE" --practice "$f" --check "$f" 2>&1) &&
		grep -q 'max score [1-9]' <<<"$out"; then
		ok "$(basename "$f") has weighted expectations"
	else
		not_ok "$(basename "$f") has weighted expectations: $out"
	fi
done
check "at least eight bundled scenarios ($n)" [ "$n" -ge 8 ]

for f in tests/training/*.scn; do
	if out=$("$HOTLINE" --check "$f" 2>&1); then ok "parses: $out"; else not_ok "parses: $out"; fi
done

# The EXAMPLES display of hotline-scenario(5).
awk '/^\.Sh EXAMPLES/ { ex = 1 } ex && /^\.Ed/ { exit }
     ex && go { print } ex && /^\.Bd -literal/ { go = 1 }' \
	man/hotline-scenario.5 | sed 's/\\e/\\/g' >"$tmp/example.scn"
if out=$("$HOTLINE" --check "$tmp/example.scn" 2>&1) && [ -s "$tmp/example.scn" ]; then
	ok "the example of hotline-scenario(5) parses"
else
	not_ok "the example of hotline-scenario(5) parses: $out"
fi

# A planted error is reported as file:line.
printf 'caller 12345\nexpect unit\n' >"$tmp/bad.scn"
out=$("$HOTLINE" --check "$tmp/bad.scn" 2>&1)
rc=$?
check "a bad file is refused with file:line (rc $rc)" \
	[ "$rc" = 2 ] && [ "$out" = "$tmp/bad.scn:2: missing argument: value or weight" ]

# The codes named exist in the seed data (a set step may name a category
# or unit by its Chinese name, as the field command takes it; a ticket
# line names a category and a town code).
out=$(python3 - data/scenarios/*.scn <<'PY'
import sys, csv
def col(path, name):
    with open(path, encoding="utf-8") as f:
        rows = [l for l in f if not l.startswith("#")]
    r = csv.DictReader(rows, delimiter="\t")
    return {row[name] for row in r}
cats = col("data/categories.tsv", "code")
units = col("data/units.tsv", "code")
cat_names = col("data/categories.tsv", "name")
unit_names = col("data/units.tsv", "name") | col("data/units.tsv", "short_name")
kb = col("data/kb_articles.tsv", "id")
bad = []
for path in sys.argv[1:]:
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        w = line.split()
        if len(w) < 3:
            continue
        kind = None
        if w[0] == "set" and w[1] == "category_code":
            kind, v = "cat", w[2]
            if v in cat_names: kind = None
        elif w[0] == "set" and w[1] in ("town_code", "lead_unit_code"):
            kind, v = "unit", w[2]
            if v in unit_names: kind = None
        elif w[0] == "ticket" and len(w) >= 5:
            for k, x in (("cat", w[2]), ("unit", w[3])):
                if x not in (cats if k == "cat" else units):
                    bad.append("%s:%d: unknown %s %s" % (path, no, k, x))
        elif w[0] == "expect" and w[1] == "category" : kind, v = "cat", w[2]
        elif w[0] == "expect" and w[1] in ("town", "unit"): kind, v = "unit", w[2]
        elif w[0] == "expect" and w[1] == "kb-used" and len(w) == 4: kind, v = "kb", w[2]
        if kind == "cat" and v not in cats or kind == "unit" and v not in units \
           or kind == "kb" and v not in kb:
            bad.append("%s:%d: unknown %s %s" % (path, no, kind, v))
print("\n".join(bad))
PY
)
if [ -z "$out" ]; then
	ok "categories, units and article ids of the bundled scenarios exist"
else
	not_ok "categories, units and article ids of the bundled scenarios exist: $out"
fi
finish
