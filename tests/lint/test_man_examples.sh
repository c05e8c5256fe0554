#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# hotlinerc(5) against the source of truth: every line of its EXAMPLES
# displays goes through the real rc parser (build/kmap-doc
# --check-examples), every action of keymaps/actions.def is in the
# generated table, and every option and context is documented.
cd "$(dirname "$0")/../.." || exit 2
. tests/lint/lib.sh
BUILD=${BUILD:-build}
DOC=$BUILD/kmap-doc
MAN=man/hotlinerc.5.in

if [ ! -x "$DOC" ]; then
	not_ok "$DOC is built (make $DOC)"
	finish
	exit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The examples source ~/.config/hotline/team.rc: give them a HOME with one.
mkdir -p "$tmp/home/.config/hotline"
printf '# team.rc 班组共享设置\nset timeout 20\nbind list F2 search 待签收\n' \
	> "$tmp/home/.config/hotline/team.rc"

out=$(HOME=$tmp/home "$DOC" --check-examples "$MAN" 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
	ok "every EXAMPLES line of $MAN parses ($out)"
else
	not_ok "EXAMPLES of $MAN: $out"
fi

# The checker must fail on a bad example, naming file:line.
cat > "$tmp/bad.5" <<'EOF'
.Sh NAME
.Sh EXAMPLES
.Bd -literal
bind list x search 投诉
bind list q frobnicate
set page-size 十
.Ed
EOF
out=$(HOME=$tmp/home "$DOC" --check-examples "$tmp/bad.5" 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -q "^$tmp/bad.5:5: .*'frobnicate'" <<<"$out" &&
	grep -q "^$tmp/bad.5:6: .*'十'" <<<"$out"; then
	ok "checker reports planted bad examples as file:line"
else
	not_ok "checker reports planted bad examples as file:line: rc=$rc $out"
fi

# A page without examples is an error, not a silent pass.
printf '.Sh NAME\n.Sh EXAMPLES\nnothing here\n' > "$tmp/none.5"
if ! "$DOC" --check-examples "$tmp/none.5" >/dev/null 2>&1; then
	ok "checker fails when there are no examples"
else
	not_ok "checker fails when there are no examples"
fi

# Every action of the registry has an entry in the generated table.
table=$("$DOC" --mdoc-table)
missing=""
for name in $(sed -n 's/^ACTION_([A-Z_0-9]*, "\([^"]*\)".*/\1/p' keymaps/actions.def); do
	grep -q "^\.It Ic $name\( \|$\)" <<<"$table" || missing="$missing $name"
done
n=$(grep -c '^ACTION_(' keymaps/actions.def)
if [ -z "$missing" ] && [ "$n" -gt 0 ]; then
	ok "all $n actions are in the generated table"
else
	not_ok "actions missing from the table:$missing"
fi
if grep -q '^\.\\" @ACTION_TABLE@' "$MAN"; then
	ok "$MAN has the @ACTION_TABLE@ marker"
else
	not_ok "$MAN has the @ACTION_TABLE@ marker"
fi

# Every option is documented with its type and default.
while IFS=$'\t' read -r name type def; do
	[ -n "$def" ] || def=empty
	line=$(grep "^\.It Ic $name Ar $type " "$MAN")
	if [ -n "$line" ] && grep -qF "default: " <<<"$line" &&
		grep -qF -- "$def" <<<"$line"; then
		ok "option $name ($type, default $def) documented"
	else
		not_ok "option $name ($type, default $def) documented: '$line'"
	fi
done < <("$DOC" --list-options)

# Every context is documented.
for ctx in $(sed -n 's/.*X(KCTX_[A-Z]*, "\([a-z]*\)").*/\1/p' keymaps/keymap.h); do
	if grep -q "^\.It Cm $ctx\$" "$MAN"; then
		ok "context $ctx documented"
	else
		not_ok "context $ctx documented"
	fi
done
finish
