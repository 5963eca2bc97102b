"""Print one closing line for several JUnit XML reports."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        failed += 1
        continue
    for suite in root.iter('testsuite'):
        tests = int(suite.get('tests', 0))
        fails = int(suite.get('failures', 0)) + int(suite.get('errors', 0))
        skips = int(suite.get('skipped', 0))
        passed += tests - fails - skips
        failed += fails
        skipped += skips
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
