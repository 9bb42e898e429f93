"""kernel.h is an honest table of contents (no QEMU needed).

kernel/include/kernel.h groups every cross-file declaration under a
section line `/* ---- FILES ... ---- */` that names the file (or files, or
the arch folder) defining it.  This test reads the header and checks:

  - every file a section names exists, and defines something declared there;
  - every function and extern variable declared in a section is defined
    (at the start of a line, with a body) in one of the files the section
    names -- or in the file its own line comment names ("/* fpu.c: ... */").

Run: python3 -m unittest tests/kernel/test_kernel_h.py
"""
from __future__ import annotations

import re
import unittest
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERNEL = ROOT / "kernel"
HEADER = KERNEL / "include" / "kernel.h"

SECTION = re.compile(r"^/\* ---- (?P<title>.*?)(?: ----|$)")
FILE_NAME = re.compile(r"[\w/]+\.c\b")
# A declaration: `type name(` at the start of a line, or `extern type name;`.
FUNCTION = re.compile(r"^(?!#|typedef|struct \w+ \{|static)[A-Za-z_][\w\s\*]*?\b(?P<name>\w+)\s*\(")
EXTERN = re.compile(r"^extern\b[^;(]*?\b(?P<name>\w+)\s*(?:\[\])?\s*;")
LINE_COMMENT_FILE = re.compile(r"/\*\s*(?P<file>[\w/]+\.c):")


@dataclass
class Section:
    title: str
    line: int
    files: list[Path] = field(default_factory=list)
    names: dict[str, list[Path]] = field(default_factory=dict)   # name -> files to look in


def section_files(title: str) -> list[Path]:
    """The files a section line names: `cap.c`, `invocation.c / errors.c`, or `arch/x86_64`."""
    head = title.split(":")[0]
    if head.split()[0].startswith("arch/"):
        return sorted((KERNEL / head.split()[0]).glob("*.c"))
    return [KERNEL / name for name in FILE_NAME.findall(head)]


def parse_header(text: str) -> list[Section]:
    sections: list[Section] = []
    for number, line in enumerate(text.splitlines(), 1):
        m = SECTION.match(line)
        if m:
            sections.append(Section(m["title"], number, section_files(m["title"])))
            continue
        if not sections:
            continue
        decl = FUNCTION.match(line) or EXTERN.match(line)
        if not decl or line.startswith("#define"):
            continue
        own = LINE_COMMENT_FILE.search(line)
        where = [KERNEL / own["file"]] if own else sections[-1].files
        if own and not (KERNEL / own["file"]).exists():
            where = sorted(KERNEL.rglob(Path(own["file"]).name))
        sections[-1].names[decl["name"]] = where
    return sections


def strip_comments(c: str) -> str:
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), c, flags=re.S)


def defines(source: str, name: str) -> bool:
    """Does the C text define function or variable `name` (at the start of a line)?"""
    for m in re.finditer(rf"^(?!extern\b|static\b|#)[A-Za-z_][^;{{}}()]*?\b{re.escape(name)}\b\s*(\(|\[|=|;)",
                         source, re.M):
        if m.group(1) != "(":
            return True                      # a variable: `type name;` or `= ...` or `[...]`
        rest = source[m.end():]
        depth, i = 1, 0
        while i < len(rest) and depth:
            depth += {"(": 1, ")": -1}.get(rest[i], 0)
            i += 1
        after = rest[i:].lstrip()
        if after.startswith("{") or after.startswith("__attribute__"):
            return True
    return False


class KernelHeaderTests(unittest.TestCase):
    def setUp(self) -> None:
        self.sections = parse_header(HEADER.read_text())
        self.sources: dict[Path, str] = {}

    def source(self, path: Path) -> str:
        if path not in self.sources:
            self.sources[path] = strip_comments(path.read_text()) if path.exists() else ""
        return self.sources[path]

    def test_sections_name_files_that_exist(self) -> None:
        self.assertGreater(len(self.sections), 10)
        for s in self.sections:
            with self.subTest(section=s.title):
                self.assertTrue(s.files, f"kernel.h:{s.line}: the section names no file")
                for f in s.files:
                    self.assertTrue(f.exists(), f"kernel.h:{s.line}: {f.relative_to(ROOT)} does not exist")

    def test_each_named_file_defines_part_of_its_section(self) -> None:
        for s in self.sections:
            if s.title.startswith("arch/"):
                continue                     # the arch section spans the whole folder
            for f in s.files:
                with self.subTest(section=s.title, file=f.name):
                    found = [n for n in s.names if defines(self.source(f), n)]
                    self.assertTrue(found, f"kernel.h:{s.line}: {f.name} defines none of the "
                                           f"section's {len(s.names)} declarations")

    def test_every_declaration_is_defined_where_its_section_says(self) -> None:
        checked = 0
        for s in self.sections:
            for name, files in s.names.items():
                with self.subTest(section=s.title, name=name):
                    self.assertTrue(any(defines(self.source(f), name) for f in files),
                                    f"kernel.h:{s.line} ({s.title}): {name} is not defined in "
                                    + ", ".join(f.relative_to(ROOT).as_posix() for f in files))
                checked += 1
        self.assertGreater(checked, 100)

    def test_the_checker_sees_a_wrong_section(self) -> None:
        """A declaration moved under the wrong file's section is caught."""
        fake = "/* ---- cnode.c ---- */\nvoid cte_revoke(struct cte *s);\n"
        (section,) = parse_header(fake)
        files = section.names["cte_revoke"]
        self.assertFalse(any(defines(self.source(f), "cte_revoke") for f in files))
        self.assertTrue(defines(self.source(KERNEL / "cdt.c"), "cte_revoke"))


if __name__ == "__main__":
    unittest.main()
