#!/bin/sh
# `meson install` into a temporary folder (DESTDIR), then what was
# installed: `man tvk` finds the page there, the installed tvk runs, and a
# C program built against the installed headers, tvk.pc and libtvk alone
# (tests/install/user.c) converts a PDF.  TAP on stdout.  $CC builds the
# program, with $TVK_USER_CFLAGS (a sanitized build's -fsanitize).
#
# usage: install.sh BUILD-DIR PREFIX MANDIR LIBDIR INCLUDEDIR USER.C PDF WORKDIR
set -eu
build=$1 prefix=$2 mandir=$3 libdir=$4 includedir=$5 user=$6 pdf=$7 work=$8
rm -rf "$work"
mkdir -p "$work"
echo "1..5"
if ! meson install -C "$build" --destdir "$work/root" --no-rebuild --quiet \
		>"$work/install.log" 2>&1; then
	echo "not ok 1 - meson install"
	sed 's/^/# /' "$work/install.log"
	exit 1
fi
echo "ok 1 - meson install"
case $mandir in /*) ;; *) mandir=$prefix/$mandir ;; esac
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
case $includedir in /*) ;; *) includedir=$prefix/$includedir ;; esac
root=$work/root
status=0
page=$(MANPATH="$root$mandir" man -w tvk 2>&1 || true)
if MANPATH="$root$mandir" MANWIDTH=80 man -P cat tvk 2>/dev/null |
		grep -q "tvk dataset" && [ "${page#"$root"}" != "$page" ]; then
	echo "ok 2 - man tvk shows the installed page ($page)"
else
	echo "not ok 2 - man tvk (man -w: $page)"
	status=1
fi
if LD_LIBRARY_PATH="$root$libdir" "$root$prefix/bin/tvk" --version |
		grep -q "^tvk "; then
	echo "ok 3 - the installed tvk runs"
else
	echo "not ok 3 - the installed tvk runs"
	status=1
fi
# The library: its soname and the link a compiler finds, the headers, and
# tvk.pc naming them (read with the DESTDIR as the sysroot).
so=$(ls "$root$libdir"/libtvk.so.*.*.* 2>/dev/null | head -n 1)
if [ -n "$so" ] && [ -L "$root$libdir/libtvk.so" ] &&
		[ -f "$root$includedir/tvk/tvk.h" ] &&
		[ -f "$root$libdir/pkgconfig/tvk.pc" ] &&
		objdump -p "$so" | grep -q 'SONAME *libtvk\.so\.[0-9]'; then
	echo "ok 4 - libtvk with its soname, headers and tvk.pc"
else
	echo "not ok 4 - libtvk with its soname, headers and tvk.pc (${so:-no library})"
	status=1
fi
flags=$(PKG_CONFIG_PATH="$root$libdir/pkgconfig" PKG_CONFIG_LIBDIR= \
	PKG_CONFIG_SYSROOT_DIR="$root" pkg-config --cflags --libs tvk 2>&1) ||
	flags="(pkg-config failed: $flags)"
# shellcheck disable=SC2086
if ${CC:-cc} ${TVK_USER_CFLAGS:-} -std=c17 -Wall -Wextra -Werror \
		-o "$work/user" "$user" $flags \
		>"$work/cc.log" 2>&1 &&
		out=$(LD_LIBRARY_PATH="$root$libdir" "$work/user" "$pdf") &&
		echo "$out" | grep -q "^[1-9][0-9]* documents*, [1-9]"; then
	echo "ok 5 - a C program built on the installed library alone: $out"
else
	echo "not ok 5 - a C program built on the installed library alone"
	echo "# flags: $flags"
	sed 's/^/# /' "$work/cc.log"
	status=1
fi
rm -rf "$work"
exit $status
