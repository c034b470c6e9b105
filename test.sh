#!/usr/bin/env bash
# Runs every test: sets up (idempotent), then the .NET suites and the Python tool tests, and prints one
# closing line "N passed, N failed, N skipped". Tests that need Azurite or ffmpeg start and stop them themselves.
set -uo pipefail
cd "$(dirname "$0")"
if [ -z "${DEEPSCAN_MODEL_SOURCE:-}" ] && [ -d ../shared/models ]; then export DEEPSCAN_MODEL_SOURCE="$(cd ../shared/models && pwd)"; fi
# Setup also publishes the native deepscan (about 2 minutes after a change to its sources): its tests run it.
./setup.sh || exit 1
results=$(mktemp -d)
dotnet test Serverless.sln --nologo -v q --logger "trx" --results-directory "$results" 2>&1 | grep -v -E '^\s*$'
dotnet_rc=${PIPESTATUS[0]}
py_rc=0
if compgen -G "tools/**/test_*.py" >/dev/null || ls tools/*/test_*.py >/dev/null 2>&1; then
  /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py' -t . 2>&1 | tee "$results/python.log" | tail -n 5
  py_rc=${PIPESTATUS[0]}
fi
/usr/bin/python3 - "$results" <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(trx).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error"))
    # A skipped xUnit test is a NotExecuted result; the summary's notExecuted counter leaves it out (total - executed).
    skipped += len(root.findall(".//t:Results/t:UnitTestResult[@outcome='NotExecuted']", ns))
for log in glob.glob(sys.argv[1] + "/python.log"):
    text = open(log).read()
    ran = re.search(r"Ran (\d+) test", text); n = int(ran.group(1)) if ran else 0
    bad = re.search(r"FAILED \((.*)\)", text); f = 0; s = 0
    if bad:
        f = sum(int(x) for x in re.findall(r"(?:failures|errors)=(\d+)", bad.group(1)))
    sk = re.search(r"skipped=(\d+)", text); s = int(sk.group(1)) if sk else 0
    passed += n - f - s; failed += f; skipped += s
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
[ "$dotnet_rc" -eq 0 ] && [ "$py_rc" -eq 0 ]
