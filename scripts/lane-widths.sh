#!/usr/bin/env bash
# Runs the kernel accuracy tests (against the specification, the truth and libtorch, edge values, the lane-width
# check) once per lane width the vectorised kernel's driver can pick below the machine's widest,
# each in its own process with the runtime told to stop short:
#   avx2      DOTNET_EnableAVX512=0               256-bit lanes, AVX2 instructions only
#   pvbw256   DOTNET_PreferredVectorBitWidth=256  256-bit lanes, AVX-512 instructions still available
#   sse       DOTNET_EnableAVX=0                  128-bit lanes
#   scalar    DOTNET_EnableHWIntrinsic=0          no vector lanes
# (.NET 10 ignores DOTNET_EnableAVX512F=0.) Each run passes HARNESS_EXPECT_LANES, which a test checks against the
# width the process really runs, so an ignored variable fails instead of testing the widest lanes again. The widest
# lanes are run-tests.sh's own run.
#
#   scripts/lane-widths.sh RESULTS_DIR     # writes RESULTS_DIR/Kernels-<width>.trx; needs a Release build
#
# Exit status: 0 when every run passed, 1 otherwise (every width runs either way).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
  echo "usage: scripts/lane-widths.sh RESULTS_DIR" >&2
  exit 2
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "lane-widths.sh: the .NET SDK is not installed (dotnet not on PATH). Install the .NET 10 SDK: https://dot.net" >&2
  exit 2
fi
results="$1"
mkdir -p "$results"

# The kernel accuracy tests: every one names the lane width in its failure messages (PropertyTests/Kernels/LaneWidth.cs).
# Left out: tests of one lane struct each by name (VectorExpTests: all widths in one process already), argument and
# contract checks, the double-double and Ziv-guard primitives (no vector lanes).
filter="FullyQualifiedName~PropertyTests.Kernels.LaneWidthTests"
for class in VectorizedForwardTests VectorizedBackwardTests VectorizedEdgeValueTests VectorizedLayoutTests \
  VectorizedFloatLaneTests VectorizedAccuracyTests VectorizedLaneAccuracyTests VectorizedLaneBackwardTests AccurateUnderflowTieTests \
  AccurateRoundingTieTests; do
  filter="$filter|FullyQualifiedName~PropertyTests.Kernels.$class"
done

status=0
run() { # name, expected width, environment assignment
  echo "== kernel tests, $1 lanes ($3)"
  env "$3" HARNESS_EXPECT_LANES="$2" dotnet test PropertyTests/PropertyTests.csproj -c Release --no-build --nologo \
    --filter "$filter" \
    --results-directory "$results" --logger "trx;LogFileName=Kernels-$1.trx" \
    --logger "console;verbosity=minimal" || status=1
}
run avx2 256 DOTNET_EnableAVX512=0
run pvbw256 256 DOTNET_PreferredVectorBitWidth=256
run sse 128 DOTNET_EnableAVX=0
run scalar scalar DOTNET_EnableHWIntrinsic=0
exit "$status"
