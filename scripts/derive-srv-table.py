#!/usr/bin/env python3
"""Derive rules/srv.toml from the DUIS reference data in ../shared/reference.

Facts taken, written in sec-rules' own format (nothing is copied verbatim):
  - from duis-request-matrix.json: name, Service Reference, critical, eligible user roles,
    non-device flag;
  - from the DUIS Schema V5.4 XSD: the Command Variants each SRV allows (the "CV = ..."
    comment that follows each ServiceReferenceVariant enumeration value).
Known corrections are applied on top, each with its source:
  - where the XSD's CV comment contradicts the matrix's criticality (7.12-7.15), the allowed CVs
    follow criticality (critical: 4-7; non-critical device SRV: 1-3), as the DCC's own Reference
    Test Data Set requests do (sec-facts topic 6); `cv_source` says so;
  - 6.23: DUIS v5.1 removed CV 2 and 3 (seed 003 §3.5); the XSD comment is stale. Dated 30 June
    2022 (DUIS v5.1 release, S000 ¶11), marked as an assumption (S003 calls it part of the
    proposed ECoS solution).
Service References and Variants are strings throughout ("6.2" and "6.20" differ).
Run it only when the reference changes; the output is reviewed and committed.
"""
import hashlib, json, re, sys, pathlib

args = [a for a in sys.argv[1:] if not a.startswith("--")]
check = "--check" in sys.argv
ref = pathlib.Path(args[0] if args else "../shared/reference")
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
       "# Critical per the matrix; where the XSD's CV comments disagree (7.12-7.15) the CVs follow",
       "# criticality, as the DCC's RTDS requests do (cv_source says so; sec-facts topic 6).",
       f"# Reference: DUIS Schema V5.4.xsd sha256 {hashlib.sha256((ref / 'DUIS Schema V5.4.xsd').read_bytes()).hexdigest()},",
       f"# duis-request-matrix.json sha256 {hashlib.sha256((ref / 'duis-request-matrix.json').read_bytes()).hexdigest()}.",
       ""]
for row in matrix:
    srv = row["Service Reference Variant"]
    if srv not in cvs:
        sys.exit(f"no CV comment in the XSD for SRV {srv}")
    roles = ", ".join(f'"{r}"' for r in row["Eligible User Roles"])
    name = " ".join(row["Service Request Name"].split()).replace('"', "'")
    critical = row["Critical"] == "Yes"
    non_device = row["Non-Device Request"] == "Yes"
    sr = row["Service Reference"]
    assert isinstance(sr, str) and isinstance(srv, str), srv
    cv = cvs[srv]
    cv_source = None
    if critical and 4 not in cv:
        cv, cv_source = [4, 5, 6, 7], f"the matrix marks {srv} critical and the DCC's RTDS requests send it with CV 4; the XSD comment's CV {','.join(map(str, cvs[srv]))} is taken as wrong (sec-facts topic 6)"
    elif not critical and not non_device and any(c in cv for c in (4, 5, 6, 7)):
        cv, cv_source = [1, 2, 3], f"the matrix marks {srv} not critical and the DCC's RTDS requests send it with CV 1; the XSD comment's CV {','.join(map(str, cvs[srv]))} is taken as wrong (sec-facts topic 6)"
    out += ["[[srv]]",
            f'srv = "{srv}"',
            f'service_reference = "{sr}"',
            f'name = "{name}"',
            f'critical = {"true" if critical else "false"}',
            f'non_device = {"true" if non_device else "false"}',
            f"eligible_roles = [{roles}]",
            f"cv = [{', '.join(map(str, cv))}]"]
    if cv_source:
        out.append(f'cv_source = "{cv_source}"')
    if srv == "6.23":
        out.append('cv_from = { date = "2022-06-30", cv = [1], assumption = true, source = "S003 §3.5: DUIS v5.1 \'Removal of support for Command Variants 2 and 3 (local delivery)\' for 6.23, listed among the changes for \'the proposed ECoS solution\'; S000 ¶11: DUIS v5.1 \'released on 30 June 2022, with further changes due at ECoS Go Live\'. Dated 30 June 2022 as an assumption: the change may have taken effect only at ECoS Go Live (30 June 2023)." }')
    out.append("")
missing = set(cvs) - {r["Service Reference Variant"] for r in matrix}
if missing:
    sys.exit(f"SRVs in the XSD but not the matrix: {sorted(missing)}")
text = "\n".join(out)
if check:
    if pathlib.Path("rules/srv.toml").read_text() != text:
        sys.exit("derive-srv-table: rules/srv.toml differs from what the reference gives; run scripts/derive-srv-table.py")
    print("derive-srv-table: rules/srv.toml is up to date")
    sys.exit(0)
pathlib.Path("rules/srv.toml").write_text(text)
print(f"wrote rules/srv.toml: {len(matrix)} SRVs, {sum(r['Critical']=='Yes' for r in matrix)} critical")
