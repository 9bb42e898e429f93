"""Reading a lab: lab.toml and its optional checks.py.

A lab lives in `exercises/<lab>/` (what students get) and `solutions/<lab>/`
(the source it is generated from); both carry the same lab.toml.  This module
finds the lab folder, parses lab.toml with tomllib, validates every key and
turns it into frozen `Lab` and `Step` objects, and imports checks.py if the
lab names one.  docs/lab-format.md is the reference for the format.

Every problem in a lab.toml raises `LabError` with a message that names the
file and the key, because the person reading it is a lab author who needs to
know exactly what to fix; nothing here should ever surface as a traceback.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_TIMEOUT = 20.0
MAX_TIMEOUT = 3600.0

LAB_KEYS = {"name", "title", "files", "timeout", "checks", "apps"}
# Keys other engineers may add to [lab] for tools that are not the grader
# (a walkthrough page); accepted without a warning.
LAB_KEYS_FOR_OTHERS = {"description", "doc"}
STEP_KEYS = {"id", "task", "tasks", "title", "points", "console", "events",
             "check", "not_done", "hint"}

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_STEP_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class LabError(Exception):
    """A lab.toml or checks.py that cannot be used; the message says why."""


@dataclass(frozen=True)
class Step:
    """One graded step: what must appear on the console and in the events."""
    id: str
    title: str
    points: int
    tasks: tuple[int, ...] = ()
    console: tuple[str, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    check: str | None = None
    not_done: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Lab:
    """A validated lab.toml, plus where it came from."""
    name: str
    title: str
    files: tuple[str, ...]
    steps: tuple[Step, ...]
    folder: Path
    toml_path: Path
    timeout: float = DEFAULT_TIMEOUT
    checks_file: str | None = None
    checks: ModuleType | None = field(default=None, compare=False, repr=False)
    warnings: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()   # subfolders built as separate programs (mk/apps.mk)

    @property
    def max_score(self) -> int:
        return sum(step.points for step in self.steps)

    @property
    def free(self) -> bool:
        """True for a lab like playground: every .c of the submission counts."""
        return not self.files


# ---- finding a lab ----

def find_lab_folder(lab: str, *, root: Path) -> Path:
    """The folder holding the lab.toml for `lab`.

    `lab` is a lab name (looked up in exercises/, then solutions/) or a path
    to a folder that holds a lab.toml.
    """
    as_path = Path(lab)
    if ("/" in lab or lab in (".", "..")) and (as_path / "lab.toml").is_file():
        return as_path.resolve()
    if not _NAME_RE.fullmatch(lab):
        raise LabError(f"'{lab}' is not a lab name (letters, digits, - and _) "
                       "nor a folder holding a lab.toml")
    for parent in ("exercises", "solutions"):
        folder = root / parent / lab
        if (folder / "lab.toml").is_file():
            return folder
    known = sorted({p.parent.name for parent in ("exercises", "solutions")
                    for p in (root / parent).glob("*/lab.toml")})
    listing = ", ".join(known) if known else "none yet"
    raise LabError(f"no lab named '{lab}': there is no exercises/{lab}/lab.toml "
                   f"nor solutions/{lab}/lab.toml (labs: {listing})")


def load_lab(lab: str, *, root: Path) -> Lab:
    """Find, parse and validate a lab by name or folder."""
    return load_lab_file(find_lab_folder(lab, root=root) / "lab.toml")


def load_lab_file(path: Path) -> Lab:
    """Parse and validate one lab.toml, and import its checks.py if any."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LabError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LabError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise LabError(f"{path}: invalid TOML: {exc}") from None
    lab = parse_lab(data, path=path)
    if lab.checks_file is None:
        return lab
    module = load_checks(path.parent / lab.checks_file, lab_name=lab.name)
    _check_functions_exist(lab, module)
    return dataclasses.replace(lab, checks=module)


# ---- validating ----

class _Where:
    """Builds error messages that name the file and the key."""

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table

    def error(self, key: str | None, message: str) -> LabError:
        place = f"{self.table}" + (f" key '{key}'" if key else "")
        return LabError(f"{self.path}: {place}: {message}")


def parse_lab(data: dict[str, Any], *, path: Path) -> Lab:
    """Validate the parsed TOML of a lab.toml at `path` (for messages)."""
    warnings: list[str] = []
    for key in data:
        if key not in ("lab", "step"):
            warnings.append(f"{path}: unknown top-level table '{key}' ignored")
    section = data.get("lab")
    if not isinstance(section, dict):
        raise LabError(f"{path}: missing the [lab] table")
    where = _Where(path, "[lab]")
    for key in section:
        if key not in LAB_KEYS | LAB_KEYS_FOR_OTHERS:
            warnings.append(f"{path}: [lab] unknown key '{key}' ignored")
    name = _required_str(section, "name", where)
    if not _NAME_RE.fullmatch(name):
        raise where.error("name", f"'{name}' must be letters, digits, - and _")
    if name != path.parent.name:
        warnings.append(f"{path}: [lab] name '{name}' differs from its folder "
                        f"'{path.parent.name}'")
    title = _required_str(section, "title", where)
    files = _files(section, where)
    apps = _apps(section, where)
    timeout = _timeout(section, where)
    checks_file = _optional_str(section, "checks", where)
    if checks_file is not None and not (path.parent / checks_file).is_file():
        raise where.error("checks", f"file '{checks_file}' not found next to lab.toml")
    steps = _steps(data.get("step", []), path=path)
    if checks_file is None:
        for step in steps:
            if step.check is not None:
                raise LabError(f"{path}: [[step]] '{step.id}' key 'check': "
                               "the lab has no [lab] checks file")
    return Lab(name=name, title=title, files=files, steps=steps,
               folder=path.parent, toml_path=path, timeout=timeout,
               checks_file=checks_file, warnings=tuple(warnings), apps=apps)


def _required_str(table: dict[str, Any], key: str, where: _Where) -> str:
    if key not in table:
        raise where.error(key, "is required")
    value = _optional_str(table, key, where)
    assert value is not None
    if not value.strip():
        raise where.error(key, "must not be empty")
    return value


def _optional_str(table: dict[str, Any], key: str, where: _Where) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise where.error(key, f"must be a string, got {_show(value)}")
    return value


def _files(section: dict[str, Any], where: _Where) -> tuple[str, ...]:
    if "files" not in section:
        raise where.error("files", "is required (use files = [] for a free lab "
                          "where every .c of the submission is built)")
    files = section["files"]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise where.error("files", f"must be a list of file names, got {_show(files)}")
    for name in files:
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts:
            raise where.error("files", f"'{name}' must be a path inside the lab folder")
    if len(set(files)) != len(files):
        raise where.error("files", "names a file twice")
    return tuple(files)


def _apps(section: dict[str, Any], where: _Where) -> tuple[str, ...]:
    """`apps = ["hello", ...]`: each a subfolder of the lab built as its own
    program and packed into the root task's CPIO archive under that name."""
    apps = section.get("apps", [])
    if not isinstance(apps, list) or not all(isinstance(a, str) for a in apps):
        raise where.error("apps", f"must be a list of folder names, got {_show(apps)}")
    for app in apps:
        if not _NAME_RE.fullmatch(app):
            raise where.error("apps", f"'{app}' must be letters, digits, - and _")
    if len(set(apps)) != len(apps):
        raise where.error("apps", "names an app twice")
    return tuple(apps)


def _timeout(section: dict[str, Any], where: _Where) -> float:
    value = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise where.error("timeout", f"must be a number of seconds, got {_show(value)}")
    if not 0 < value <= MAX_TIMEOUT:
        raise where.error("timeout", f"must be between 0 and {MAX_TIMEOUT:g} seconds")
    return float(value)


def _steps(raw: Any, *, path: Path) -> tuple[Step, ...]:
    if not isinstance(raw, list):
        raise LabError(f"{path}: 'step' must be an array of tables ([[step]])")
    steps: list[Step] = []
    seen: set[str] = set()
    for number, table in enumerate(raw, start=1):
        if not isinstance(table, dict):
            raise LabError(f"{path}: [[step]] #{number} must be a table")
        step = _step(table, _Where(path, f"[[step]] #{number}"))
        if step.id in seen:
            raise LabError(f"{path}: [[step]] #{number} key 'id': "
                           f"'{step.id}' is used by an earlier step")
        seen.add(step.id)
        steps.append(step)
    return tuple(steps)


def _step(table: dict[str, Any], where: _Where) -> Step:
    step_id = _required_str(table, "id", where)
    if not _STEP_ID_RE.fullmatch(step_id):
        raise where.error("id", f"'{step_id}' must be letters, digits, '.', '-' and '_'")
    where = _Where(where.path, f"{where.table} ('{step_id}')")
    for key in table:
        if key not in STEP_KEYS:
            raise where.error(key, f"unknown key (known: {', '.join(sorted(STEP_KEYS))})")
    points = table.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise where.error("points", f"must be a whole number >= 0, got {_show(points)}")
    console = _console(table, where)
    events = _events(table, where)
    return Step(id=step_id, title=_required_str(table, "title", where),
                points=points, tasks=_tasks(table, where), console=console,
                events=events, check=_optional_str(table, "check", where),
                not_done=_optional_str(table, "not_done", where),
                hint=_optional_str(table, "hint", where))


def _tasks(table: dict[str, Any], where: _Where) -> tuple[int, ...]:
    if "task" in table and "tasks" in table:
        raise where.error("tasks", "give either 'task' or 'tasks', not both")
    if "task" in table:
        value = [table["task"]]
        key = "task"
    else:
        value = table.get("tasks", [])
        key = "tasks"
    if not isinstance(value, list) or not all(
            isinstance(t, int) and not isinstance(t, bool) and t > 0 for t in value):
        raise where.error(key, f"must be a TASK number >= 1 (or a list of them), "
                          f"got {_show(table[key])}")
    return tuple(value)


def _console(table: dict[str, Any], where: _Where) -> tuple[str, ...]:
    patterns = table.get("console", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise where.error("console", f"must be a list of regular expressions, got {_show(patterns)}")
    for index, pattern in enumerate(patterns):
        _compile(pattern, where, f"console[{index}]")
    return tuple(patterns)


def _events(table: dict[str, Any], where: _Where) -> tuple[dict[str, Any], ...]:
    events = table.get("events", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise where.error("events", f"must be a list of inline tables, got {_show(events)}")
    for index, expected in enumerate(events):
        if not expected:
            raise where.error(f"events[{index}]", "is empty: it would match any event")
        _check_event_values(expected, where, f"events[{index}]")
    return tuple(events)


def _check_event_values(value: Any, where: _Where, key: str) -> None:
    """Event expectations may hold strings (regexes), numbers, booleans,
    lists and tables; TOML dates have no meaning in an event."""
    if isinstance(value, str):
        _compile(value, where, key)
    elif isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _check_event_values(sub_value, where, f"{key}.{sub_key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_event_values(item, where, f"{key}[{index}]")
    elif not isinstance(value, (int, float, bool)):
        raise where.error(key, f"cannot compare an event value with {_show(value)}")


def _compile(pattern: str, where: _Where, key: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise where.error(key, f"bad regular expression {pattern!r}: {exc}") from None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---- checks.py ----

def load_checks(path: Path, *, lab_name: str) -> ModuleType:
    """Import a lab's checks.py under a private module name.

    The module is lab code, not submission code, but it still must not crash
    the grader with a bare traceback: any failure becomes a LabError that
    carries the last lines of the traceback.
    """
    module_name = "caplab_checks_" + re.sub(r"\W", "_", lab_name)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise LabError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # lab code: report, do not crash
        sys.modules.pop(module_name, None)
        lines = traceback.format_exception_only(type(exc), exc)
        raise LabError(f"{path}: failed to import: {''.join(lines).strip()}") from None
    return module


def _check_functions_exist(lab: Lab, module: ModuleType) -> None:
    for step in lab.steps:
        if step.check is not None and not callable(getattr(module, step.check, None)):
            raise LabError(f"{lab.toml_path}: [[step]] '{step.id}' key 'check': "
                           f"{lab.checks_file} has no function '{step.check}'")
