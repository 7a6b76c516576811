#!/usr/bin/env bash
# Mutation testing of the properties themselves: Stryker.NET mutates Reference/ (the kernels) and runs the property
# suite against every mutant; a surviving mutant is a bug the properties would not catch. Not part of run-tests.sh:
# it runs the suite once per group of mutants and takes a long time on 2 cores.
#
#   scripts/mutation-test.sh             # all of Reference/
#   scripts/mutation-test.sh Accurate    # only Reference/Accurate/ (a folder under Reference/)
#
# HARNESS_SCALE (default here 0.3) shrinks the property case counts so each test run is quick; the report is written
# to StrykerOutput/reports/ (mutation-report.html, .md, .json).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "mutation-test.sh: the .NET SDK is not installed (dotnet not on PATH)" >&2
  exit 2
fi
dotnet tool restore >/dev/null
export HARNESS_SCALE="${HARNESS_SCALE:-0.3}"
# Mutants make the cross-check properties fail and save fixtures: keep those out of the repository's fixtures/.
export HARNESS_FIXTURES="${HARNESS_FIXTURES:-$(mktemp -d)}"
# Stryker runs from the test project's folder (beside Harness.sln it would switch to solution mode).
cd PropertyTests
args=(--config-file ../stryker-config.json --concurrency "${STRYKER_CONCURRENCY:-2}" --output ../StrykerOutput)
if [ $# -gt 0 ]; then
  args+=(--mutate "**/$1/**/*.cs")
fi
dotnet dotnet-stryker "${args[@]}"
