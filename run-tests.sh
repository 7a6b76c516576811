#!/usr/bin/env bash
# Restores, builds (Release) and runs the whole test suite; writes TRX and JUnit XML under TestResults/.
# Last line: "Tests: N passed, N failed, N skipped", the total over every test project.
#
# Environment (all optional):
#   HARNESS_SEED          seed for every random case stream (default: fixed, printed by the tests)
#   HARNESS_SCALE         multiplies the property tests' case counts (default 1; 10 for a deeper run)
#   HARNESS_MAX_ELEMENTS  cap on the elements of one generated case (default 65536)
#   HARNESS_FIXTURES      folder of fixture files to replay and to save new failures in (default fixtures/)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-tests.sh: the .NET SDK is not installed (dotnet not on PATH). Install the .NET 10 SDK: https://dot.net" >&2
  exit 2
fi

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "== restore"
dotnet restore Harness.sln --verbosity quiet
echo "== build (Release)"
dotnet build Harness.sln -c Release --no-restore --nologo --verbosity quiet -clp:NoSummary

echo "== test (seed ${HARNESS_SEED:-default}, scale ${HARNESS_SCALE:-1})"
status=0
dotnet test PropertyTests/PropertyTests.csproj -c Release --no-build --nologo \
  --results-directory "$results" \
  --logger "trx;LogFileName=PropertyTests.trx" \
  --logger "junit;LogFilePath=$results/PropertyTests.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose" \
  --logger "console;verbosity=normal" || status=$?

# --- kernel tests at the narrower lane widths (issue #20): one child process per width, TRX counted below
scripts/lane-widths.sh "$results" || status=1
# --- end of the lane widths

# The packages a kernel author uses, proven from outside the solution: pack them, restore the consumer sample from
# that folder only (its own package folder for the harness packages; everything else from the usual NuGet cache, so
# a stale copy of an unchanged version can never be picked up), run its tests, then install the tool and run it on a
# user's kernel from a folder outside the repository.
echo "== pack (artifacts/packages)"
rm -rf artifacts/packages
dotnet pack Harness.sln -c Release --no-build --nologo --verbosity quiet -clp:NoSummary
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)

echo "== consumer sample (samples/ConsumerTests, Harness.Engine $version from artifacts/packages)"
consumer_packages="$PWD/samples/ConsumerTests/obj/harness-packages"
rm -rf "$consumer_packages"
dotnet test samples/ConsumerTests/ConsumerTests.csproj -c Release --nologo \
  -p:HarnessVersion="$version" -p:RestorePackagesPath="$consumer_packages" \
  -p:RestoreFallbackFolders="${NUGET_PACKAGES:-$HOME/.nuget/packages}" \
  --results-directory "$results" \
  --logger "trx;LogFileName=ConsumerTests.trx" \
  --logger "junit;LogFilePath=$results/ConsumerTests.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose" \
  --logger "console;verbosity=normal" || status=$?

echo "== tool (dotnet tool install Harness.Tool $version from artifacts/packages; check a user's kernel elsewhere)"
tool_dir=$(mktemp -d)
trap 'rm -rf "$tool_dir"' EXIT
if dotnet tool install Harness.Tool --version "$version" --tool-path "$tool_dir/tools" --add-source "$PWD/artifacts/packages" >/dev/null \
  && (cd "$tool_dir" && ./tools/harness check --subject "$OLDPWD/samples/UserKernel/bin/Release/net10.0/UserKernel.dll:UserKernel.TwoPassSoftmax" \
        --op softmax --cases 200 --no-save > tool-check.log 2>&1) \
  && grep -q '^Reproduce: harness check --subject ' "$tool_dir/tool-check.log"; then
  echo "tool: installed; 'harness check' passed a user's kernel from $tool_dir and printed a Reproduce line for the installed command"
else
  echo "run-tests.sh: the installed tool failed (log: $tool_dir/tool-check.log):" >&2
  cat "$tool_dir/tool-check.log" >&2 || true
  status=1
fi

# Totals from the TRX files (one per test project): a run that executed nothing must not look green.
passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # A skipped test is counted as notExecuted by some loggers and only as total - executed by others.
  not_run=$(( $(get total) - $(get executed) ))
  [ "$(get notExecuted)" -gt "$not_run" ] && not_run=$(get notExecuted)
  skipped=$((skipped + not_run))
done
if [ "$found" = 0 ] || [ "$passed" = 0 ]; then
  echo "run-tests.sh: no test results were produced (no TRX, or no test passed)" >&2
  status=1
fi
if [ "$failed" != 0 ] && [ "$status" = 0 ]; then status=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
