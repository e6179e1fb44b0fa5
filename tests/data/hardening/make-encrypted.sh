#!/bin/sh
# Regenerates the two encrypted PDFs that tests/test_hardening.c reads, from
# the Friesland fixture, with qpdf (Debian package qpdf; the test itself
# does not need it):
#
#   user-password.pdf   needs the user password "user" to be opened at all
#   owner-password.pdf  has only an owner password ("owner"): anyone can open
#                       it, and its permissions forbid printing, changing
#                       and copying text
#
# 128-bit AES rather than 256: qpdf's --static-id and --static-aes-iv (its
# options for reproducible test files) make the 128-bit output the same on
# every run, while AES-256 draws random salts each time, so regenerating
# would change the committed bytes for nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../../fixtures/uwv-2020-q2-friesland.pdf
qpdf --static-id --static-aes-iv --encrypt user owner 128 --use-aes=y -- \
	"$src" "$here/user-password.pdf"
qpdf --static-id --static-aes-iv --encrypt "" owner 128 --use-aes=y \
	--print=none --modify=none --extract=n -- \
	"$src" "$here/owner-password.pdf"
