#!/bin/sh
# `man tvk` after `meson install`: installs the build into a temporary
# folder (DESTDIR) and asks man for the page there, and runs the installed
# tvk.  TAP on stdout.
#
# usage: install-man.sh BUILD-DIR PREFIX MANDIR LIBDIR WORKDIR
set -eu
build=$1 prefix=$2 mandir=$3 libdir=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
echo "1..3"
if ! meson install -C "$build" --destdir "$work/root" --no-rebuild --quiet \
		>"$work/install.log" 2>&1; then
	echo "not ok 1 - meson install"
	sed 's/^/# /' "$work/install.log"
	exit 1
fi
echo "ok 1 - meson install"
case $mandir in /*) ;; *) mandir=$prefix/$mandir ;; esac
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
status=0
page=$(MANPATH="$work/root$mandir" man -w tvk 2>&1 || true)
if MANPATH="$work/root$mandir" MANWIDTH=80 man -P cat tvk 2>/dev/null |
		grep -q "tvk dataset" && [ "${page#"$work/root"}" != "$page" ]; then
	echo "ok 2 - man tvk shows the installed page ($page)"
else
	echo "not ok 2 - man tvk (man -w: $page)"
	status=1
fi
if LD_LIBRARY_PATH="$work/root$libdir" "$work/root$prefix/bin/tvk" --version |
		grep -q "^tvk "; then
	echo "ok 3 - the installed tvk runs"
else
	echo "not ok 3 - the installed tvk runs"
	status=1
fi
rm -rf "$work"
exit $status
