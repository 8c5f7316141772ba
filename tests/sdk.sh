#!/bin/sh
# sdk.sh - an out-of-tree plugin built against the installed SDK, as
# docs/plugins.md tells a plugin author:
#  - `make install DESTDIR=TMP` of this build tree: libotlint-plugin.a,
#    otlint-plugin.h next to otlint.h, otlint-plugin.pc;
#  - docs/plugin-example/kvdemo.c compiled with nothing but
#    `cc -shared -fPIC ... $(pkg-config --cflags --libs otlint-plugin)`, the
#    .pc found through PKG_CONFIG_PATH (a copy of the installed one whose
#    absolute paths point into TMP: what a relocated package would say);
#  - the plugin exports its descriptor and nothing else (nm -D);
#  - the build tree's otlint loads it with --plugin-dir and shows and scans
#    the sample with its facts, lines, a redacted secret and a warning.
# Skipped (77) only without pkg-config.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${OTL_TOP_BUILDDIR:-$top}
otlint=${OTLINT:-$build/core/otlint}
cc=${CC:-cc}
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: no pkg-config"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-sdk.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
passes=0 fails=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# The install of this tree (a make of its own: not the jobserver of the
# make running the tests).
dest=$tmp/dest
if ! (cd "$build" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make install DESTDIR="$dest" \
        >"$tmp/install.log" 2>&1); then
    tail -20 "$tmp/install.log"
    echo "FAIL make install DESTDIR"
    exit 1
fi
pc=$(find "$dest" -name otlint-plugin.pc | head -1)
[ -n "$pc" ] && ok || { bad "no otlint-plugin.pc installed"; exit 1; }
for f in otlint-plugin.h otlint.h libotlint-plugin.a; do
    [ -n "$(find "$dest" -name "$f")" ] && ok || bad "$f not installed"
done
[ "$(find "$dest" -name otlint-plugin.h -exec dirname {} \;)" = "$(find "$dest" -name otlint.h -exec dirname {} \;)" ] &&
    ok || bad "otlint-plugin.h is not next to otlint.h"

mkdir "$tmp/pc" || exit 99
sed -E "s#^(prefix|exec_prefix|libdir|includedir)=/#\\1=$dest/#" "$pc" >"$tmp/pc/otlint-plugin.pc"
flags=$(PKG_CONFIG_PATH="$tmp/pc" pkg-config --cflags --libs otlint-plugin) ||
    { bad "pkg-config --cflags --libs otlint-plugin"; exit 1; }
case "$flags" in
*"$top"* | *"$build/"*) bad "pkg-config names the source or build tree: $flags" ;;
*) ok ;;
esac

# The plugin, from outside the tree: its source and pkg-config's flags only.
mkdir "$tmp/plugins" "$tmp/src" || exit 99
cp "$top/docs/plugin-example/kvdemo.c" "$tmp/src/" || exit 99
so=$tmp/plugins/kvdemo.so
# shellcheck disable=SC2086
if (cd "$tmp/src" && $cc -Wall -Wextra -Werror -shared -fPIC -o "$so" kvdemo.c $flags) \
        >"$tmp/cc.log" 2>&1; then
    ok
else
    cat "$tmp/cc.log"; bad "the example does not build against the installed SDK"; exit 1
fi
exports=$(nm -D --defined-only "$so" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exports" = "otlint_format " ] && ok || bad "the plugin exports: $exports"
chmod 755 "$tmp/plugins" "$so"

sample=$top/docs/plugin-example/sample.kvdemo
secret=Kvd3moS3cret
"$otlint" --plugin-dir "$tmp/plugins" formats >"$tmp/formats" 2>&1
grep -q '^kvdemo ' "$tmp/formats" && ok || bad "otlint formats does not list kvdemo"

"$otlint" --plugin-dir "$tmp/plugins" show --raw "$sample" >"$tmp/show" 2>"$tmp/show.err"
rc=$?
[ $rc -eq 3 ] && ok || bad "show --raw exit $rc, expected 3 (a line is skipped: partial)"
grep -q 'format="kvdemo"' "$tmp/show" && ok || bad "show: not read by kvdemo"
grep -q '<system vendor="kvdemo" class="other" export-kind="full" hostname="pump-station-3" statements="4" parse-coverage="0.750" line="1"/>' "$tmp/show" &&
    ok || bad "show: system fact"
grep -q '<account name="admin" secret-kind="cleartext" known-default="false" line="4"' "$tmp/show" &&
    ok || bad "show: account fact at line 4"
grep -q '<service name="telnet" enabled="true" line="5"/>' "$tmp/show" && ok || bad "show: telnet at line 5"
grep -q '<stmt text="admin-password = &lt;redacted&gt;" secret="true" line="4"/>' "$tmp/show" &&
    ok || bad "show: the secret statement is not redacted and marked"
grep -q 'sample.kvdemo:7: warning: not a `key = value` line' "$tmp/show.err" && ok || bad "show: the warning at line 7"

"$otlint" --plugin-dir "$tmp/plugins" scan -o json="$tmp/r.json" -o text=- "$sample" >"$tmp/scan" 2>&1
rc=$?
[ $rc -eq 3 ] && ok || bad "scan exit $rc, expected 3"
grep -q 'format=kvdemo device=pump-station-3 class=other status=partial' "$tmp/scan" && ok || bad "scan: the file header"
grep -q 'NET-PWD-POLICY' "$tmp/scan" && ok || bad "scan: no rule ran on the plugin's facts"
if grep -q "$secret" "$tmp/show" "$tmp/show.err" "$tmp/scan" "$tmp/r.json"; then
    bad "the secret is in an output"
else
    ok
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
