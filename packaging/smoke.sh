#!/bin/bash
# The command-line smoke test of an installed PeakPlan, the same on Linux and Windows:
# version, demo plans, list, check, and the three documents exported.
# usage: packaging/smoke.sh OUT_DIR PEAKPLAN_COMMAND...
#   OUT_DIR as the program sees it (where plan.pdf, plan.xlsx, plan.docx are written);
#   PEAKPLAN_COMMAND the installed program, with any prefix (e.g. chroot DIR env … peakplan).
set -euo pipefail
out=$1
shift
plan='云岚市（示例）'
"$@" --version
"$@" demo
"$@" list
status=0
"$@" validate "$plan" || status=$?
[ "$status" -le 1 ] || { echo "smoke: peakplan validate failed ($status)" >&2; exit 1; }
"$@" export "$plan" --pdf "$out/plan.pdf" --xlsx "$out/plan.xlsx" --docx "$out/plan.docx"
echo "smoke: command line works"
