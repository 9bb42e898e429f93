"""Tests of the grader (grader/): run with
`python3 -m unittest discover -s tests/grader -t .` from the repository root."""
