#!/bin/sh
# Install the Debian packages given as arguments that are missing, when apt is available.
# Does nothing (and says nothing) when all are present; warns and goes on when it cannot.
# One dpkg-query for all of them: `make run` asks this before every start.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null \
    | awk '/install ok installed/ { printf "%s ", $1 }')"
missing=""
for pkg in "$@"; do
    case "$installed" in
        *" $pkg "*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "PeakPlan: please install these system packages (or an equivalent CJK TrueType font):$missing" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "PeakPlan: not root and no sudo; please install:$missing" >&2
        exit 0
    fi
fi
echo "PeakPlan: installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || echo "PeakPlan: could not install:$missing (the app still runs; PDFs need a CJK TrueType font)" >&2
exit 0
