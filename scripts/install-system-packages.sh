#!/bin/sh
# What the tests and `make check` open outputs with, as their readers would: Debian's
# headless Chromium with the Noto CJK fonts (Chinese labels render with a real CJK font,
# not tofu) for the pages, and LibreOffice Calc (libreoffice-calc-nogui) for the
# workbooks. Idempotent and quiet: does nothing when all are installed; otherwise installs
# them with apt-get (as root, or through sudo). Prints one line and fails when it cannot.
set -eu

PACKAGES="chromium fonts-noto-cjk libreoffice-calc-nogui"

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for package in $PACKAGES; do
        installed "$package" || missing="$missing $package"
    done
else
    # Not Debian: accept a Chromium on PATH (or $CHROMIUM) with a CJK font installed, and
    # LibreOffice's soffice on PATH.
    if { [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } \
        && fc-list 2>/dev/null | grep -qi "CJK" && command -v soffice >/dev/null 2>&1; then
        exit 0
    fi
    echo "install-system-packages: install Chromium, a CJK font (e.g. Noto Sans CJK) and LibreOffice (soffice), or set CHROMIUM" >&2
    exit 1
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "install-system-packages: need root (or sudo) to apt-get install$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$as_root apt-get install -y -qq $missing >/dev/null
