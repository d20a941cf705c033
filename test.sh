#!/usr/bin/env bash
# Builds the solution and runs every test project (unit, interop with Apache ZooKeeper's own clients, and
# the differential run against Apache ZooKeeper 3.8). Ends with one line of totals: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Build everything first: the interop and durability tests start the `keeper` executable as a child
# process, and `dotnet test` alone builds only the test projects and what they reference.
dotnet build Keeper.sln --nologo -v quiet 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  dotnet test Keeper.sln --nologo --no-build 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi
awk '
  /(Passed|Failed)! +- +Failed:/ {
    line = $0; gsub(/,/, " ", line); n = split(line, f, /[ \t]+/)
    for (i = 1; i < n; i++) {
      if (f[i] == "Failed:") failed += f[i + 1]
      if (f[i] == "Passed:") passed += f[i + 1]
      if (f[i] == "Skipped:") skipped += f[i + 1]
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
