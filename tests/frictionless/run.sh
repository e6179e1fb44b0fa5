#!/bin/sh
# The data packages of `tvk dataset`, validated by a real Frictionless
# implementation (datapackage-js, installed into tests/frictionless by
# .ci/install-deps): the sample archive's dataset (rows, values and the
# harmonised series), an
# archive with invalid tables drawn by the fixture generator (an invalid
# table, a conflict, a table whose period cannot be read), and the
# devset's, when ../shared/devset is there.  TAP on stdout.  Offline.
#
# usage: run.sh TVK MKFIXTURE FIXTURES TESTS-SRCDIR WORKDIR
#
# Without node or the installed packages it fails in CI (CI=true) and is
# skipped elsewhere, with a line saying how to install them.
set -eu
tvk=$1 mkfixture=$2 fixtures=$3 tests=$4 work=$5
here=$tests/frictionless
# The devset beside the repository (CI, /work/main), or beside the folder
# of worktrees; TVK_DEVSET to name another.
repo=$(cd "$tests/.." && pwd)
devset=${TVK_DEVSET:-$repo/../shared/devset/corpus}
[ -d "$devset" ] || devset=$repo/../../shared/devset/corpus

if ! command -v node >/dev/null 2>&1 || [ ! -d "$here/node_modules/datapackage" ]; then
	echo "# no Frictionless validator: run .ci/install-deps (node, npm ci in tests/frictionless)"
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - the Frictionless validator is installed"
		exit 1
	fi
	echo "1..0 # SKIP no validator"
	exit 0
fi

rm -rf "$work"
mkdir -p "$work"
cd "$work"

# The sample archive.
"$tvk" convert -q -o sample "$fixtures" || [ $? -eq 1 ]
"$tvk" dataset -o sample-table/rows.csv sample >/dev/null
"$tvk" dataset --format=long -o sample-table/values.csv sample >/dev/null
"$tvk" dataset --harmonize -o sample-table/series.csv sample >/dev/null
"$tvk" dataset --excel -o sample-table/excel.csv sample >/dev/null
"$tvk" dataset --format=package -o sample-table/package sample >/dev/null

# Invalid tables: one that cannot be repaired, Rijnmond a second time with
# other values (a conflict), and a table whose region label is unreadable.
ASAN_OPTIONS=detect_leaks=0 "$mkfixture" "$tests/data/cli/invalid-table.spec" invalid.pdf
sed -e 's/| 26 | 205/| 27 | 206/' -e 's/| 2.052 | 15.337/| 2.053 | 15.338/' \
	"$fixtures/src/uwv-2025-q2-rijnmond.spec" > other.spec
ASAN_OPTIONS=detect_leaks=0 "$mkfixture" other.spec other.pdf
sed -e 's/tweede kwartaal 2025//' "$fixtures/src/uwv-2025-q2-rijnmond.spec" \
	> noperiod.spec
ASAN_OPTIONS=detect_leaks=0 "$mkfixture" noperiod.spec noperiod.pdf
status=0
"$tvk" convert -q -o invalid invalid.pdf other.pdf noperiod.pdf \
	"$fixtures/uwv-2025-q2-compendium.pdf" || status=$?
if [ "$status" -ne 1 ]; then
	echo "1..1"
	echo "not ok 1 - converting the invalid archive exits 1, not $status"
	exit 1
fi
"$tvk" dataset -o invalid-table/rows.csv invalid >/dev/null
"$tvk" dataset --format=long -o invalid-table/values.csv invalid >/dev/null
"$tvk" dataset --harmonize -o invalid-table/series.csv invalid >/dev/null
"$tvk" dataset --excel -o invalid-table/excel.csv invalid >/dev/null
"$tvk" dataset --format=package -o invalid-table/package invalid >/dev/null

packages="sample-table/rows.datapackage.json sample-table/values.datapackage.json
sample-table/series.datapackage.json sample-table/excel.datapackage.json
invalid-table/rows.datapackage.json invalid-table/values.datapackage.json
invalid-table/series.datapackage.json invalid-table/excel.datapackage.json
sample-table/package/datapackage.json invalid-table/package/datapackage.json"

# The devset: 223 files, about 20 s with -j2.
if [ -d "$devset" ]; then
	"$tvk" convert -q -j 2 -o devset "$devset" 2>/dev/null || true
	"$tvk" dataset -o devset-table/rows.csv devset >/dev/null 2>&1
	"$tvk" dataset --format=long -o devset-table/values.csv devset >/dev/null 2>&1
	"$tvk" dataset --harmonize -o devset-table/series.csv devset >/dev/null 2>&1
	"$tvk" dataset --format=package -o devset-table/package devset >/dev/null 2>&1
	packages="$packages devset-table/rows.datapackage.json devset-table/values.datapackage.json
devset-table/series.datapackage.json devset-table/package/datapackage.json"
else
	echo "# no devset at $devset: its dataset is not validated"
fi

# The invalid archive must hold what it was made for.
checks=0
check() { # description, command...
	checks=$((checks + 1))
	d=$1
	shift
	if "$@"; then echo "ok $checks - $d"; else echo "not ok $checks - $d"; status=1; fi
}
n=$(echo $packages | wc -w)
echo "1..$((n + 8))"
status=0
# The validator is not vacuous: a quarter 7 in the sample's rows fails.
mkdir -p broken
cp sample-table/rows.datapackage.json broken/
awk -F, 'BEGIN { OFS = "," } NR == 2 { $3 = 7 } { print }' \
	sample-table/rows.csv > broken/rows.csv
check "a quarter 7 fails the validator" \
	sh -c "! node '$here/validate.js' 0 broken/rows.datapackage.json >/dev/null"
check "the invalid archive's rows include an invalid table" grep -q ',invalid,' invalid-table/rows.csv
check "the invalid archive's rows include a conflict" grep -q ',true,' invalid-table/rows.csv
check "the invalid archive's rows include a table without a period" \
	grep -q '^unknown-period/[^,]*,,,' invalid-table/rows.csv
# --excel's byte-order mark is read as a signature, and nothing else is
# taken away: the mark in a file without one fails.
cp sample-table/excel.datapackage.json broken/excel.datapackage.json
printf '\357\273\277' | cat - sample-table/excel.csv > broken/excel.csv
check "a second byte-order mark fails the validator" \
	sh -c "! node '$here/validate.js' 0 broken/excel.datapackage.json >/dev/null"
# The package's keys are checked: a municipality moved to a region whose
# total its document does not have fails.
mkdir -p broken/package
cp sample-table/package/* broken/package/
awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = 35 } { print }' \
	sample-table/package/municipalities.csv > broken/package/municipalities.csv
check "a municipality without its region total fails the validator" \
	sh -c "! node '$here/validate.js' 0 broken/package/datapackage.json >/dev/null"
# Tidy: the municipalities of every accepted table add up to its total,
# each kind of row in its own resource; the rows of the single CSV are
# the package's municipalities.
check "the sample's municipalities add up to their region totals" \
	python3 "$here/sums.py" sample-table/package sample-table/rows.csv
check "the invalid archive's municipalities add up to their region totals" \
	python3 "$here/sums.py" invalid-table/package invalid-table/rows.csv
# shellcheck disable=SC2086
node "$here/validate.js" $((checks + 1)) $packages || status=1
exit $status
