"""Reads the workbooks written by `WB_KEEP=dir cargo test --test workbook` back with openpyxl."""
import sys
import openpyxl

base = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wbout"
wb = openpyxl.load_workbook(f"{base}/lab/job-postings.xlsx")
print("sheets:", wb.sheetnames)
assert wb.sheetnames == ["jobs locations", "langages jobs", "skills by location"]
loc = wb["jobs locations"]
rows = list(loc.iter_rows(values_only=True))
print("jobs locations:", rows)
assert rows[0] == ("Location", "Number of Jobs")
assert len(rows) == 8 and all(isinstance(r[1], (int, float)) for r in rows[1:])
print("  freeze:", loc.freeze_panes, "filter:", loc.auto_filter.ref, "bold:", loc["A1"].font.b,
      "width A:", loc.column_dimensions["A"].width)
assert loc.freeze_panes == "A2" and loc.auto_filter.ref == "A1:B8" and loc["A1"].font.b
sk = wb["langages jobs"]
rows = list(sk.iter_rows(values_only=True))
print("langages jobs:", rows)
assert rows[0] == ("Technology", "Number of Jobs") and len(rows) == 13
assert all(isinstance(r[1], (int, float)) for r in rows[1:])
assert sk.freeze_panes == "A2" and sk.auto_filter.ref == "A1:B13"
m = wb["skills by location"]
rows = list(m.iter_rows(values_only=True))
print("skills by location:", rows[0], rows[1], "...", len(rows), "rows")
assert rows[0][0] == "Technology" and len(rows) == 13 and len(rows[0]) == 8
assert all(isinstance(v, (int, float)) for r in rows[1:] for v in r[1:])
print("  freeze:", m.freeze_panes, "filter:", m.auto_filter.ref)
assert m.freeze_panes == "B2" and m.auto_filter.ref == "A1:H13"
p = wb.properties
print("core:", p.title, p.creator, p.description)
assert p.title == "Job postings" and p.creator == "jobsctl"
custom = {prop.name: prop.value for prop in wb.custom_doc_props.props}
print("custom:", custom)
assert custom["Source"] == "http://127.0.0.1:5000" and custom["Match mode"] == "token"
assert custom["Records"] == 27005
print("charts after load (openpyxl drops them on load):", len(loc._charts), len(sk._charts))
e = openpyxl.load_workbook(f"{base}/empty/empty.xlsx")
print("empty:", e.sheetnames, [list(e[s].iter_rows(values_only=True)) for s in e.sheetnames])
print("OK")
