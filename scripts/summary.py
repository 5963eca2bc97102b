"""Print one closing line for several JUnit XML reports (test cases, not
subtests)."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print("no report: %s" % path, file=sys.stderr)
        failed += 1
        continue
    for case in root.iter('testcase'):
        if case.find('failure') is not None or case.find('error') is not None:
            failed += 1
        elif case.find('skipped') is not None:
            skipped += 1
        else:
            passed += 1
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
