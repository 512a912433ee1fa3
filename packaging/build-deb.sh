#!/bin/sh
# Pack the PyInstaller folder as dist/peakplan_<version>_amd64.deb with dpkg-deb.
# usage: packaging/build-deb.sh BUNDLE_DIR OUT_DIR [VERSION]
#   BUNDLE_DIR  the one-folder bundle (build/dist/peakplan); OUT_DIR where the .deb goes;
#   VERSION     default: pyproject.toml's version (the single source).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bundle=$1
out=$2
version=${3:-$(python3 "$here/version.py")}
[ -x "$bundle/peakplan" ] || { echo "build-deb: no bundle at $bundle (run make dist)" >&2; exit 2; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/peakplan"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
    "$pkg/usr/share/icons/hicolor/256x256/apps" "$pkg/usr/share/doc/peakplan"
cp -a "$bundle" "$pkg/opt/peakplan"
ln -s /opt/peakplan/peakplan "$pkg/usr/bin/peakplan"
install -m 644 "$here/peakplan.desktop" "$pkg/usr/share/applications/peakplan.desktop"
install -m 644 "$here/peakplan.png" "$pkg/usr/share/icons/hicolor/256x256/apps/peakplan.png"
printf 'PeakPlan %s\nLicence: see Help > About. Bundles Qt for Python (PySide6), LGPLv3.\n' \
    "$version" > "$pkg/usr/share/doc/peakplan/copyright"
chmod -R u+rwX,go+rX,go-w "$pkg"

depends=$(grep -v '^#' "$here/deb-depends.txt" | grep -v '^$' | paste -sd, - | sed 's/,/, /g')
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$here/control.in" > "$pkg/DEBIAN/control"

mkdir -p "$out"
deb="$out/peakplan_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip -z9 --build "$pkg" "$deb" >/dev/null
echo "$deb"
