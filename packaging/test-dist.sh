#!/bin/bash
# Prove the .deb where no developer tools are: a clean Debian system made with mmdebstrap
# (the smallest variant that has apt), the package installed with apt (pulling only its
# Depends), no Python and no checkout inside. There: the command line, the exports, the start
# window (on an Xvfb screen of this machine, whose socket the system sees), an upgrade over an
# older build that keeps the plans, and a removal that keeps them too.
#
# usage: packaging/test-dist.sh DIST/peakplan_<version>_amd64.deb
# env:   OLD_DEB      an older build to upgrade from (default: this build repacked as
#                     <version>~previous, which exercises dpkg's upgrade of every file)
#        PEAKPLAN_PYTHON  a Python with pypdf, openpyxl and python-docx to read the exports
#                     back (make test-dist passes the project's .venv)
#        PEAKPLAN_DIST_CACHE  where the base system (one tarball a day) and the downloaded
#                     Debian packages are kept between runs (default ~/.cache/peakplan-test-dist)
# Must run as root (chroot, mounts). Prints a summary with sizes and timings.
set -euo pipefail

deb=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
suite=bookworm
cache=${PEAKPLAN_DIST_CACHE:-$HOME/.cache/peakplan-test-dist}
mkdir -p "$cache/archives/partial"
[ "$(id -u)" = 0 ] || { echo "test-dist: must run as root (chroot and mounts)" >&2; exit 2; }

work=$(mktemp -d /var/tmp/peakplan-test-dist.XXXXXX)
root="$work/root"
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    for mount_point in tmp/.X11-unix var/cache/apt/archives proc dev; do
        mountpoint -q "$root/$mount_point" 2>/dev/null && umount -R "$root/$mount_point" || true
    done
    # Never delete through a mount that is still there.
    if ! grep -q " $root" /proc/mounts; then rm -rf "$work"; else
        echo "test-dist: mounts left under $root, not deleted" >&2; fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "test-dist: FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
mirror() {  # the machine's configured Debian mirror
    local url
    url=$(grep -hoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
        /etc/apt/sources.list.d/* 2>/dev/null | head -1 | awk '{print $2}')
    echo "${url:-http://deb.debian.org/debian}"
}

step "clean $suite system"
base="$cache/base-$suite-$(date +%Y%m%d).tar"
if [ ! -s "$base" ]; then
    started=$(now)
    rm -f "$cache"/base-"$suite"-*.tar "$cache/partial.tar"
    # (mmdebstrap writes a tarball because the name ends in .tar)
    mmdebstrap --quiet --variant=apt --mode=root "$suite" "$cache/partial.tar" "$(mirror)"
    mv "$cache/partial.tar" "$base"
    echo "base system made in $(since "$started") s"
fi
mkdir -p "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
mkdir -p "$root/tmp/.X11-unix" /tmp/.X11-unix
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
in_root apt-get -qq update
in_root sh -c '! command -v python3 && ! ls -d /usr/lib/python3* 2>/dev/null' >/dev/null \
    || fail "the clean system already has Python"

version=$(dpkg-deb -f "$deb" Version)
old_deb="$work/old.deb"
if [ -n "${OLD_DEB:-}" ]; then
    cp "$OLD_DEB" "$old_deb"
else
    # This build, made to say it is older: the package version and the version the program
    # reports (its metadata) become <version>~previous.
    dpkg-deb -R "$deb" "$work/old"
    sed -i "s/^Version: .*/Version: $version~previous/" "$work/old/DEBIAN/control"
    sed -i "s/^Version: .*/Version: $version~previous/" \
        "$work"/old/opt/peakplan/_internal/peakplan-*.dist-info/METADATA
    dpkg-deb --root-owner-group -Zgzip -z1 -b "$work/old" "$old_deb" >/dev/null
    rm -rf "$work/old"
fi
old_version=$(dpkg-deb -f "$old_deb" Version)
cp "$old_deb" "$root/tmp/old.deb"
cp "$deb" "$root/tmp/new.deb"

step "install $old_version with apt (only its Depends)"
started=$(now)
in_root apt-get install -y -qq --no-install-recommends /tmp/old.deb >"$work/install.log" \
    || { cat "$work/install.log"; fail "apt could not install the package"; }
install_seconds=$(since "$started")
echo "installed in $install_seconds s"
in_root sh -c '! command -v python3 && ! ls -d /usr/lib/python3* 2>/dev/null' >/dev/null \
    || fail "installing the package pulled in Python"
in_root sh -c 'command -v peakplan' | grep -qx /usr/bin/peakplan || fail "no peakplan on PATH"
# Every shared library of the bundle finds what it links against: in the bundle (as the
# program's loader arranges) or in the system, from the package's Depends.
bundled=/opt/peakplan/_internal
in_root env LD_LIBRARY_PATH="$bundled:$bundled/PySide6/Qt/lib" \
    sh -c 'find /opt/peakplan -name "*.so*" -type f -exec ldd {} + 2>/dev/null' \
    | grep "not found" | sort -u >"$work/missing" || true
[ ! -s "$work/missing" ] || { cat "$work/missing"; fail "libraries missing in the clean system"; }
desktop-file-validate "$root/usr/share/applications/peakplan.desktop" || fail "the desktop entry"
[ -f "$root/usr/share/icons/hicolor/256x256/apps/peakplan.png" ] || fail "no icon"

step "a plan made with $old_version"
in_root peakplan --version | tee "$work/v" && grep -q "PeakPlan $old_version\$" "$work/v" \
    || fail "--version does not say $old_version"
in_root peakplan demo
in_root peakplan list --json >"$work/plans-before.json"
grep -q '云岚市（示例）' "$work/plans-before.json" || fail "the demo plan is not listed"

step "upgrade to $version"
in_root apt-get install -y -qq --no-install-recommends /tmp/new.deb >"$work/upgrade.log" \
    || { cat "$work/upgrade.log"; fail "apt could not upgrade the package"; }
in_root peakplan --version | tee "$work/v" && grep -q "PeakPlan $version\$" "$work/v" \
    || fail "--version does not say $version after the upgrade"
in_root peakplan list --json >"$work/plans-after.json"
cmp -s "$work/plans-before.json" "$work/plans-after.json" \
    || fail "the plans differ after the upgrade"

step "the command-line smoke test (packaging/smoke.sh, as on Windows)"
mkdir -p "$root/root/out"
bash "$here/smoke.sh" /root/out chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/bin:/bin peakplan || fail "the command-line smoke test"
pdffonts "$root/root/out/plan.pdf" | tee "$work/fonts"
[ "$(tail -n +3 "$work/fonts" | wc -l)" -gt 0 ] || fail "the PDF lists no fonts"
tail -n +3 "$work/fonts" | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' \
    || fail "a font of the PDF is not embedded"
"${PEAKPLAN_PYTHON:-python3}" "$here/check_exports.py" "$root/root/out" \
    || fail "the exports do not read back"

step "the start window on a screen"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
display=":$(cat "$work/display")"
started=$(now)
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DISPLAY="$display" \
    PATH=/usr/bin:/bin peakplan >"$work/gui.log" 2>&1 &
app_pid=$!
DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name 'PeakPlan' >/dev/null \
    || { cat "$work/gui.log"; fail "no PeakPlan window within 60 s"; }
window_seconds=$(since "$started")
echo "start window shown after $window_seconds s"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""

step "remove the package; the data stays"
data=/root/.local/share/PeakPlan/peakplan.sqlite
in_root apt-get purge -y -qq peakplan >/dev/null || fail "apt could not remove the package"
[ ! -e "$root/opt/peakplan" ] && [ ! -e "$root/usr/bin/peakplan" ] \
    || fail "files of the package are left after removal"
[ -s "$root$data" ] || fail "the data folder was removed with the package"

step "summary"
installed_kb=$(dpkg-deb -f "$deb" Installed-Size)
deb_kb=$(( $(stat -c %s "$deb") / 1024 ))
printf 'bundle (installed): %s MiB\n.deb: %s MiB\ninstall in the clean system: %s s\n' \
    "$((installed_kb / 1024))" "$((deb_kb / 1024))" "$install_seconds"
printf 'first window (installed, Xvfb): %s s\n' "$window_seconds"
echo "test-dist: 1 passed, 0 failed"
