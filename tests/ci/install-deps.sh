#!/bin/sh
# .ci/install-deps while another apt holds the dpkg lock: a copy of the
# script in a tree of its own runs with stand-ins for id, dpkg-query, apt-get
# and npm on PATH.  dpkg-query says every package is missing; apt-get is
# "locked" for its first two calls and, as the real one, fails at once
# with exit 100 unless told to wait (-o DPkg::Lock::Timeout=N, N > 0), in
# which case it waits the lock out.  TAP on stdout.
#
# usage: install-deps.sh SOURCE-ROOT WORKDIR
set -eu
src=$1 work=$2
rm -rf "$work"
mkdir -p "$work/tree/.ci" "$work/bin" \
	"$work/tree/tests/frictionless/node_modules/datapackage"
cp "$src/.ci/install-deps" "$work/tree/.ci/"
touch "$work/tree/tests/frictionless/package-lock.json"
touch -d '2000-01-01' "$work/tree/tests/frictionless/package-lock.json"
printf '#!/bin/sh\necho 0\n' > "$work/bin/id"
printf '#!/bin/sh\nexit 1\n' > "$work/bin/dpkg-query"
printf '#!/bin/sh\nexit 0\n' > "$work/bin/npm"
cat > "$work/bin/apt-get" <<'APT'
#!/bin/sh
echo "apt-get $*" >> "$APT_LOG"
wait=0
for a; do
	case $a in DPkg::Lock::Timeout=*) wait=${a#*=} ;; esac
done
if [ "$wait" -le 0 ]; then
	echo "E: Could not get lock /var/lib/dpkg/lock-frontend" >&2
	exit 100
fi
exit 0
APT
chmod +x "$work/bin/"*
echo "1..2"
status=0
if APT_LOG="$work/apt.log" PATH="$work/bin:$PATH" \
		sh "$work/tree/.ci/install-deps" >"$work/out.log" 2>&1; then
	echo "ok 1 - install-deps waits for a held dpkg lock"
else
	echo "not ok 1 - install-deps failed (exit $?) with the dpkg lock held"
	sed 's/^/# /' "$work/out.log"
	status=1
fi
if grep -q "install .*--no-install-recommends" "$work/apt.log" 2>/dev/null &&
		! grep -v "DPkg::Lock::Timeout=" "$work/apt.log" | grep -q .; then
	echo "ok 2 - every apt-get call waits for the lock"
else
	echo "not ok 2 - an apt-get call without DPkg::Lock::Timeout, or none"
	sed 's/^/# /' "$work/apt.log" 2>/dev/null || true
	status=1
fi
exit $status
