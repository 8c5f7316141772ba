#!/bin/sh
# secctl.sh - issue 23 item 1 for codesys-cfg and rockwell-l5x: secrets by
# grammar, failing closed.  One case per reproducer of the issue (and the
# holes found while fixing them): a small input with one made-up secret
# value goes through `otlint scan -o text -o json -o sarif -o junit`,
# `otlint show` and `otlint show --raw`; the value (or, where the case says,
# the part of it that must not survive) may appear in none of the outputs,
# stderr included.  Inputs are written into a temporary directory, removed
# at exit.  One line per case: `ok NAME` or `FAIL NAME: why`.
# Exit: 0 all passed, 1 a case failed, 99 hard error.
# Environment (from `make check`): OTLINT OTL_TOP_SRCDIR.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}

[ -x "$otlint" ] || { echo "secctl.sh: $otlint not built" >&2; exit 99; }
umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-secctl.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# check NAME FILE SECRET: run every output over FILE, look for SECRET.
check() {
    name=$1 f=$2 secret=$3
    rm -rf "$tmp/o"
    mkdir "$tmp/o" || exit 99
    "$otlint" scan -o text="$tmp/o/text" -o json="$tmp/o/json" -o sarif="$tmp/o/sarif" \
        -o junit="$tmp/o/junit" "$f" >"$tmp/o/scan.out" 2>"$tmp/o/scan.err"
    rc=$?
    if [ $rc -gt 3 ]; then
        echo "FAIL $name: otlint scan exited $rc"; fail=1; return
    fi
    "$otlint" show "$f" >"$tmp/o/show" 2>"$tmp/o/show.err"
    "$otlint" show --raw "$f" >"$tmp/o/show-raw" 2>"$tmp/o/show-raw.err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        echo "FAIL $name: otlint show --raw exited $rc"; fail=1; return
    fi
    # the case must reach an output at all: the file was read as its
    # format, and well-formed
    if ! grep -q 'format="'"$4"'"' "$tmp/o/show-raw"; then
        echo "FAIL $name: not read as $4"; fail=1; return
    fi
    if grep -q 'error: XML' "$tmp/o/show-raw.err"; then
        echo "FAIL $name: the input is not well-formed"; fail=1; return
    fi
    for out in "$tmp"/o/*; do
        if grep -F -q -e "$secret" "$out"; then
            echo "FAIL $name: the secret appears in the ${out##*/} output"; fail=1; return
        fi
    done
    echo "ok $name"
}

# cds NAME SECTION LINE SECRET: a CODESYSControl_User.cfg with LINE in SECTION
cds() {
    f=$tmp/$1_CODESYSControl_User.cfg
    printf '[CmpUserMgr]\nSECURITY.UserMgmtEnforce=NO\n[%s]\n%s\n' "$2" "$3" >"$f"
    check "$1" "$f" "$4" codesys-cfg
}

# l5x NAME CONTROLLER-ATTRS MODULE-ATTRS SECRET: a controller export whose
# Controller (web server on: a finding shows its start tag as evidence) and
# Module carry the attributes given
l5x() {
    f=$tmp/$1.L5X
    cat >"$f" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="33.00" TargetName="P1" TargetType="Controller">
<Controller Use="Target" Name="P1" ProcessorType="1756-L83E" MajorRev="33" MinorRev="11" WebServerEnabled="true" $2>
<Modules>
<Module Name="Drv" CatalogNumber="1756-EN2T" Major="11" Minor="1" ParentModule="Local" Inhibited="false" $3>
<EKey State="ExactMatch"/>
</Module>
</Modules>
</Controller>
</RSLogix5000Content>
EOF
    check "$1" "$f" "$4" rockwell-l5x
}

# CODESYS keys the issue names (unknown to the headers read)
cds cds-community CmpSnmp 'Community=CdsC0mm5ecret' CdsC0mm5ecret
cds cds-readcommunity CmpSnmp 'ReadCommunity=CdsRdC0mm55' CdsRdC0mm55
cds cds-credentials CmpUserMgr 'Credentials=op:CdsCr3dPw11' CdsCr3dPw11
cds cds-accesstoken CmpWebServer 'AccessToken=CdsT0ken4477' CdsT0ken4477
cds cds-pin CmpUserMgr 'PIN=CdsP1n90817' CdsP1n90817
cds cds-auth CmpOPCUAServer 'Auth=CdsAuthV4l33' CdsAuthV4l33
cds cds-kennwort CmpUserMgr 'Kennwort=CdsKennw0rt9' CdsKennw0rt9
# URL credentials in the value of a known setting and of an unknown one; in
# the second the secret word "Key" lies inside the password: nothing of it
# may stay
cds cds-url-known CmpWebServer 'URL=ftp://user:CdsUrlPw6612@host/x' CdsUrlPw6612
cds cds-url-fact CmpWebServer 'LocalAddress=https://lan:CdsAddrPw71@10.0.0.1/' CdsAddrPw71
cds cds-url-unknown CmpBackup 'Target=https://svc:CdsInKeyUrl5@backup/x' CdsInKey
# free text the grammar does not read: an option string, an OS command
cds cds-freetext CmpBackup 'Options=--user a --password CdsOptPw8181' CdsOptPw8181
cds cds-command SysProcess 'Command.0=mount -o pass=CdsCmdPw2929 //s/x /m' CdsCmdPw2929
# a broken section header keeps the rest of its line as the name
cds cds-section-header 'CmpX]' '[Kennwort=CdsHdrPw3434' CdsHdrPw3434

# L5X: the issue's reproducers and URL credentials in attribute values
l5x l5x-controller-credential 'Credential="L5xCr3dent77"' '' L5xCr3dent77
l5x l5x-module-community '' 'Community="L5xC0mmun88"' L5xC0mmun88
l5x l5x-module-token '' 'Token="L5xT0kenVal99"' L5xT0kenVal99
l5x l5x-url-unknown-attr 'ProjectURL="ftp://eng:L5xUrlPw1212@10.0.0.9/p"' '' L5xUrlPw1212
l5x l5x-url-fact '' 'Vendor="ftp://svc:L5xVendPw2323@h/fw"' L5xVendPw2323
# a password in the value of an attribute the schema does not have
l5x l5x-unknown-attr-value 'Note="maint login pass L5xN0tePw56"' '' L5xN0tePw56
# a value past the line limit is cut: the URL credential must go before the
# cut, which would otherwise leave the password without its '@'
long=$(awk 'BEGIN { while (n++ < 70000) printf "x" }')
l5x l5x-url-cut "CommPath=\"ftp://eng:L5xCutPw4545$long@gw/x\"" '' L5xCutPw4545

exit $fail
