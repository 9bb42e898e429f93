"""caplab grader: builds a lab's root task, boots it in QEMU and judges it.

Modules, by responsibility:

    lab.py     reads and validates a lab's lab.toml and loads its checks.py
    build.py   assembles the source folder and runs `make lab` (in the sandbox)
    qemu.py    boots QEMU with both serial channels and returns a Run
    grade.py   grades one submission: build, boot, judge
    sandbox.py the bubblewrap sandbox a submission's build and run happen in
    processes.py  starting children with limits, and never leaving one behind
    judge.py   decides each step from a Run (a pure function of lab and run)
    report.py  prints a judgement on a terminal and writes it as JSON
    __main__   the command line: check, run, exercises

See docs/grader.md (how to use it) and docs/lab-format.md (lab.toml).
"""
