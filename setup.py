"""What pyproject.toml cannot say: the optional C extension, and the rule
packs (rules/, outside the package) installed as the package cleanup._rules.

``optional=True``: when the extension cannot be compiled (no compiler, no
Python headers) setuptools warns and installs the rest; cleanup then runs
its pure-Python code (cleanup/spelling/speedups.py), with the same results.
"""

from setuptools import Extension, find_packages, setup

setup(
    packages=find_packages(include=["cleanup", "cleanup.*"]) + ["cleanup._rules"],
    ext_modules=[
        Extension("cleanup.spelling._speedups", ["cleanup/spelling/_speedups.c"], optional=True),
    ],
)
