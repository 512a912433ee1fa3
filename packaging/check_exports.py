"""Read back what the installed program exported, with independent libraries: every font of
the PDF embedded and its text Chinese, the workbook and the Word document readable.

usage: python packaging/check_exports.py FOLDER   (FOLDER holds plan.pdf, plan.xlsx, plan.docx)
Exit status 0 when all is well; otherwise the first problem is printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import openpyxl
from pypdf import PdfReader


def unembedded_fonts(reader: PdfReader) -> set[str]:
    missing: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in (ref.get_object() for ref in fonts.values()):
            descendants = font.get("/DescendantFonts")
            faces = [d.get_object() for d in descendants] if descendants else [font]
            for face in faces:
                descriptor = face.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(face.get("/BaseFont")))
    return missing


def check(folder: Path) -> list[str]:
    problems = []
    reader = PdfReader(folder / "plan.pdf")
    if missing := unembedded_fonts(reader):
        problems.append(f"plan.pdf: fonts not embedded: {sorted(missing)}")
    if "碳达峰" not in "".join(page.extract_text() for page in reader.pages[:3]):
        problems.append("plan.pdf: no 碳达峰 in the first pages' text")
    workbook = openpyxl.load_workbook(folder / "plan.xlsx", read_only=True)
    if len(workbook.sheetnames) < 2:
        problems.append(f"plan.xlsx: only the sheets {workbook.sheetnames}")
    text = "\n".join(p.text for p in docx.Document(str(folder / "plan.docx")).paragraphs)
    if "碳达峰" not in text:
        problems.append("plan.docx: no 碳达峰 in the text")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]))
    for problem in found:
        print(problem, file=sys.stderr)
    print("exports read back: " + ("FAILED" if found else "PDF fonts embedded, xlsx, docx"))
    sys.exit(1 if found else 0)
