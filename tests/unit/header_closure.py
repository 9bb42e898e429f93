"""tests/unit/header_closure.py - checks that each header listed in
header_closure.txt brings in, on caplab, every caplab header that it brings
in (directly or through others) on seL4.

Usage: header_closure.py TABLE CC [CFLAGS...]   (CFLAGS hold the -I dirs)
Exit status 0 when nothing is missing, 1 otherwise (each miss printed).
"""
import subprocess
import sys
from pathlib import Path


def read_table(path: Path) -> dict[str, list[str]]:
    """header -> the headers it includes on seL4."""
    table: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            header, _, deps = line.partition(":")
            table[header.strip()] = deps.split()
    return table


def closure(table: dict[str, list[str]], header: str) -> set[str]:
    """Everything header brings in on seL4, following the table."""
    seen: set[str] = set()
    todo = list(table.get(header, []))
    while todo:
        dep = todo.pop()
        if dep not in seen:
            seen.add(dep)
            todo.extend(table.get(dep, []))
    return seen


def include_dirs(cflags: list[str]) -> list[Path]:
    dirs = [f[2:] for f in cflags if f.startswith("-I")]
    dirs += [cflags[i + 1] for i, f in enumerate(cflags[:-1]) if f == "-isystem"]
    return [Path(d) for d in dirs]


def find(header: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        if (d / header).is_file():
            return (d / header).resolve()
    return None


def brought_in(header: str, cc: str, cflags: list[str]) -> set[Path] | None:
    """The files caplab's header pulls in (compiler -M), None if it fails."""
    run = subprocess.run([cc, *cflags, "-M", "-x", "c", "-"], input=f"#include <{header}>\n",
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"header_closure: <{header}> does not compile:\n{run.stderr}", file=sys.stderr)
        return None
    words = run.stdout.replace("\\\n", " ").split()[1:]
    return {Path(w).resolve() for w in words}


def check(table: dict[str, list[str]], cc: str, cflags: list[str]) -> int:
    dirs = include_dirs(cflags)
    misses = 0
    for header in table:
        if find(header, dirs) is None:
            continue
        got = brought_in(header, cc, cflags)
        if got is None:
            misses += 1
            continue
        for dep in sorted(closure(table, header)):
            path = find(dep, dirs)
            if path is not None and path not in got:
                print(f"header_closure: <{header}> does not bring in <{dep}> (it does on seL4)",
                      file=sys.stderr)
                misses += 1
    return misses


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    table = read_table(Path(argv[1]))
    misses = check(table, argv[2], argv[3:])
    if misses:
        return 1
    print(f"header_closure: all {len(table)} headers bring in what they do on seL4")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
