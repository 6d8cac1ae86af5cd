#!/usr/bin/env python3
"""Regenerates the code-set files in this folder from the reference copies (dev-time only).

Usage: edi/hipaa/codesets/import.py [REFERENCE_DIR]
REFERENCE_DIR defaults to ../shared/reference/codesets next to the repository. The product never
reads REFERENCE_DIR: the files written here are compiled into claimgate_hipaa (embed.cmake).

Output format (every file): UTF-8, LF, lines sorted by code (byte order), no duplicate codes.
  #system <name>            the code system, e.g. ICD-10-CM
  #V <text>                 the list a valid code comes from (its name and version)
  #R <text> / #H <text>     the same for retired codes / header (not billable) codes
  CODE                      a valid code
  CODE<TAB>F[<TAB>TEXT]     F is V (valid), R (retired: older list only) or H (header, not billable);
                            TEXT is a short description where one is shipped.
See README.md for the sources and the rules applied (which rows are dropped, what is retired).
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "reference", "codesets")
DELIMITER = ")cg\""  # the raw-string delimiter embed.cmake uses; must not occur in the data


def rows(rel):
    """Data rows of a reference TSV (header line starting with '#' skipped)."""
    with open(os.path.join(SRC, rel), encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def codes(rel):
    return [r[0] for r in rows(rel)]


def write(name, system, versions, entries):
    """entries: {code: (flag, text)}; versions: {flag: text}."""
    out = [f"#system {system}"]
    for flag in "VRH":
        if flag in versions:
            out.append(f"#{flag} {versions[flag]}")
    for code in sorted(entries):
        flag, text = entries[code]
        assert re.fullmatch(r"[0-9A-Z]{1,8}", code), (name, code)
        assert "\t" not in text and "\n" not in text and DELIMITER not in text, (name, code)
        if flag == "V" and not text:
            out.append(code)
        elif text:
            out.append(f"{code}\t{flag}\t{text}")
        else:
            out.append(f"{code}\t{flag}")
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    counts = {f: sum(1 for v in entries.values() if v[0] == f) for f in "VRH"}
    print(f"{name:24} {counts}")


def nubc_flag(text):
    """NUBC/CMS lists: reserved and placeholder rows are dropped (None); obsolete rows retired."""
    upper = text.upper()
    if upper.startswith("RESERVED") or upper in ("", "~", "NO DESCRIPTION AVAILABLE"):
        return None
    if re.search(r"\bOBSOLETE\b", upper) or upper.startswith("DISCONTINUED"):
        return "R"
    return "V"


def nubc(rel, skip_codes=("~", "~~")):
    entries = {}
    for code, text, *_ in rows(rel):
        flag = nubc_flag(text)
        if code not in skip_codes and flag:
            entries[code] = (flag, text)
    return entries


def main():
    # ICD-10-CM: FY2026 April valid codes; FY2022 order-file rows missing from FY2026 are
    # retired (valid then) or headers (not billable then either).
    fy26 = set(codes("icd10cm/icd10cm_valid_codes_fy2026_apr.txt"))
    icd10cm = {c: ("V", "") for c in fy26}
    for _, code, valid, *_ in rows("icd10cm/icd10cm_order_fy2022.tsv"):
        if code not in fy26:
            icd10cm[code] = ("R" if valid == "1" else "H", "")
    write("icd10cm.tsv", "ICD-10-CM", {
        "V": "ICD-10-CM FY2026 (April 1, 2026 update)",
        "R": "ICD-10-CM FY2022 (valid then); not in FY2026 (April 1, 2026 update)",
        "H": "ICD-10-CM FY2022 header (not billable); no FY2026 (April 1, 2026 update) code under it",
    }, icd10cm)

    icd9 = {code: ("V" if billable == "1" else "H", "")
            for code, billable, *_ in rows("icd9cm/icd9cm_dx_v32_hierarchy.tsv")}
    write("icd9cm.tsv", "ICD-9-CM", {"V": "ICD-9-CM v32 (October 1, 2014, final)",
                                    "H": "ICD-9-CM v32 header (not billable)"}, icd9)

    pcs = {code: ("V", "") for _, code, valid, *_ in rows("icd10pcs/icd10pcs_order_fy2022.tsv")
           if valid == "1"}
    write("icd10pcs.tsv", "ICD-10-PCS", {"V": "ICD-10-PCS FY2022 (October 1, 2021)"}, pcs)

    sg = {r[0]: ("V", "") for r in rows("icd9cm/icd9cm_sg_v32.tsv")}
    write("icd9pcs.tsv", "ICD-9-CM procedures",
          {"V": "ICD-9-CM volume 3 v32 (October 1, 2014, final)"}, sg)

    # HCPCS Level II: July 2026 codes. The CMS file keeps terminated codes for years and the
    # 2026 list has no dates, so a code the 2020 annual file gives a termination date, or a 2020
    # code missing from July 2026, is retired.
    q3 = set(codes("hcpcs/hcpcs_level2_codes_2026q3.txt"))
    hcpcs = {c: ("V", "") for c in q3}
    for code, _, _, _, _, term, _ in rows("hcpcs/hcpcs_level2_2020_anweb.tsv"):
        if term or code not in q3:
            hcpcs[code] = ("R", "")
    write("hcpcs.tsv", "HCPCS", {
        "V": "HCPCS Level II 2026 Q3 (July 2026)",
        "R": "HCPCS Level II: terminated per the 2020 annual file (or absent from 2026 Q3)"},
        hcpcs)

    # Modifiers: the 2020 annual list; a termination date makes a modifier retired.
    mods = {code: ("R" if term else "V", short)
            for code, short, _, _, _, term, _ in rows("hcpcs/hcpcs_modifiers_2020_anweb.tsv")}
    write("hcpcs_modifiers.tsv", "HCPCS modifier", {
        "V": "HCPCS Level II modifiers 2020 annual (CMS)",
        "R": "HCPCS Level II modifiers 2020 annual (CMS), terminated"}, mods)

    pos = {code: ("V", text) for code, text, current in rows("pos/pos_codes_cms_bfd.tsv")
           if current == "Y"}
    write("pos.tsv", "place of service", {"V": "CMS place of service codes (2026)"}, pos)

    tob = nubc("type_of_bill/tob_digits12_bill_classification.tsv")
    write("type_of_bill.tsv", "type of bill", {
        "V": "NUBC type of bill, facility and classification (CMS BFD, 2025-09)",
        "R": "NUBC type of bill (CMS BFD, 2025-09), obsolete"}, tob)
    freq = {code: ("V", text) for code, text, *_ in
            rows("type_of_bill/claim_frequency_codes_derived.tsv") if code != "~"}
    write("claim_frequency.tsv", "claim frequency",
          {"V": "NUBC claim frequency codes (CMS BFD, 2025-09)"}, freq)

    drg = {code: ("V", title) for code, _, _, title in rows("msdrg/msdrg_v42.tsv")}
    for code, _, _, title in rows("msdrg/msdrg_v40.tsv"):
        drg.setdefault(code, ("R", title))
    write("msdrg.tsv", "MS-DRG", {"V": "MS-DRG v42.0 (FY2025)",
                                 "R": "MS-DRG v40.0 (FY2023); not in v42.0 (FY2025)"}, drg)

    base = "cms_bfd_institutional/"
    for name, system, rel, version in [
        ("revenue.tsv", "revenue code", "revenue_codes.tsv", "2026-01"),
        ("condition.tsv", "condition code", "condition_codes.tsv", "2026-05"),
        ("admission_type.tsv", "admission type", "admission_type_codes.tsv", "2025-09"),
        ("admission_source.tsv", "admission source", "admission_source_codes.tsv", "2025-09"),
        ("discharge_status.tsv", "patient discharge status", "patient_discharge_status_codes.tsv",
         "2026-05"),
    ]:
        write(name, system, {"V": f"NUBC {system}s (CMS BFD, {version})",
                             "R": f"NUBC {system}s (CMS BFD, {version}), obsolete"},
              nubc(base + rel))

    groups = {code: ("V", text) for code, text in rows("carc_rarc/carc_group_codes_cms_bfd.tsv")}
    write("carc_group.tsv", "claim adjustment group code",
          {"V": "X12 claim adjustment group codes (CMS BFD, 2026-04)"}, groups)
    carc = {code: ("V", text) for code, text in rows("carc_rarc/carc_reason_codes_cms_bfd.tsv")}
    write("carc.tsv", "CARC", {"V": "X12 claim adjustment reason codes (CMS BFD, 2026-05)"}, carc)

    # RARC: the pyx12 code list is current; text from the 2012 list; codes only in 2012 retired.
    text2012 = {code: text for code, text in rows("carc_rarc/rarc_tigershark_2012.tsv")}
    rarc = {c: ("V", text2012.get(c, "")) for c in codes("carc_rarc/rarc_codes_pyx12.txt")}
    for code, text in text2012.items():
        rarc.setdefault(code, ("R", text))
    write("rarc.tsv", "RARC", {"V": "remittance advice remark codes (pyx12 list; text as of 2012)",
                               "R": "remittance advice remark codes 2012; not in the current list"},
          rarc)


if __name__ == "__main__":
    main()
