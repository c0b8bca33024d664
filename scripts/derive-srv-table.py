#!/usr/bin/env python3
"""Derive rules/srv.toml from the DUIS reference data in ../shared/reference.

Facts taken, written in sec-rules' own format (nothing is copied verbatim):
  - from duis-request-matrix.json: name, Service Reference, critical, eligible user roles,
    non-device flag;
  - from the DUIS Schema V5.4 XSD: the Command Variants each SRV allows (the "CV = ..."
    comment that follows each ServiceReferenceVariant enumeration value).
Known corrections are applied on top, each with its source:
  - 6.23: DUIS v5.1 removed CV 2 and 3 (seed 003 §3.5); the XSD comment is stale.
Run it only when the reference changes; the output is reviewed and committed.
"""
import json, re, sys, pathlib

ref = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
matrix = json.loads((ref / "duis-request-matrix.json").read_text())
xsd = (ref / "DUIS Schema V5.4.xsd").read_text()

block = xsd[xsd.index('<xs:simpleType name="ServiceReferenceVariant">'):]
block = block[: block.index("</xs:simpleType>")]
cvs = {}
for m in re.finditer(r'<xs:enumeration value="([0-9.]+)"/>\s*<!--\s*CV\s*=\s*([0-9 ,]+)-->', block):
    cvs[m.group(1)] = [int(x) for x in m.group(2).replace(" ", "").split(",") if x]

out = ["# Service Reference Variants (SRVs): one [[srv]] table each.",
       "# Derived by scripts/derive-srv-table.py from the DUIS reference (request matrix for name,",
       "# criticality and eligible roles; DUIS Schema V5.4 comments for command variants).",
       "# `cv_from` records a later restriction of the allowed command variants, with its source.",
       "# Critical per the matrix; the XSD's CV comments disagree for 7.12-7.15 (sec-facts topic 6).",
       ""]
for row in matrix:
    srv = row["Service Reference Variant"]
    if srv not in cvs:
        sys.exit(f"no CV comment in the XSD for SRV {srv}")
    roles = ", ".join(f'"{r}"' for r in row["Eligible User Roles"])
    name = " ".join(row["Service Request Name"].split()).replace('"', "'")
    out += ["[[srv]]",
            f'srv = "{srv}"',
            f'service_reference = "{row["Service Reference"]}"',
            f'name = "{name}"',
            f'critical = {"true" if row["Critical"] == "Yes" else "false"}',
            f'non_device = {"true" if row["Non-Device Request"] == "Yes" else "false"}',
            f"eligible_roles = [{roles}]",
            f"cv = [{', '.join(map(str, cvs[srv]))}]"]
    if srv == "6.23":
        out.append('cv_from = { date = "2022-06-30", cv = [1], source = "S003 §3.5: DUIS v5.1 removed CV 2 and 3 for 6.23; released 30 Jun 2022 (S000 ¶11)" }')
    out.append("")
missing = set(cvs) - {r["Service Reference Variant"] for r in matrix}
if missing:
    sys.exit(f"SRVs in the XSD but not the matrix: {sorted(missing)}")
pathlib.Path("rules/srv.toml").write_text("\n".join(out))
print(f"wrote rules/srv.toml: {len(matrix)} SRVs, {sum(r['Critical']=='Yes' for r in matrix)} critical")
