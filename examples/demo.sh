#!/usr/bin/env bash
# The storefront example on the embedded emulator: plan, apply, plan (no changes),
# its alarms, drift, destroy; then a check with boto3 that nothing is left.
set -euo pipefail
cd "$(dirname "$0")/storefront"
landform="../../.venv/bin/landform"
python="../../.venv/bin/python"
rm -rf .landform
$landform local start
trap '$landform local stop >/dev/null' EXIT
step() { printf '\n\033[1m$ landform --local %s\033[0m\n' "$*"; }
step plan;           $landform --local plan
step apply --yes;    $landform --local apply --yes
step plan;           $landform --local plan --detailed-exitcode
step alarms;         $landform --local alarms
step drift;          $landform --local drift
step destroy --yes;  $landform --local destroy --yes
printf '\n\033[1mchecking with boto3 that nothing is left\033[0m\n'
$python ../leftovers.py .landform
