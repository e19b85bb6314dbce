"""What pyproject.toml cannot say: the optional C extension, and the rule
packs (rules/, outside the package) copied into the wheel as cleanup/_rules
(rulepack.default_rules_dir looks there first, then at the checkout's rules/).

``optional=True``: when the extension cannot be compiled (no compiler, no
Python headers) setuptools warns and installs the rest; cleanup then runs
its pure-Python code (cleanup/spelling/speedups.py, cleanup/parallel/speedups.py,
cleanup/grammar/speedups.py),
with the same results.
"""

from pathlib import Path

from setuptools import Extension, find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithRules(build_py):
    """build_py, plus rules/**/*.toml as cleanup/_rules/** (not in editable
    installs: there the checkout's rules/ is found in place)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source in sorted((HERE / "rules").rglob("*.toml")):
            target = Path(self.build_lib, "cleanup", "_rules", source.relative_to(HERE / "rules"))
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))


setup(
    packages=find_packages(include=["cleanup", "cleanup.*"]),
    cmdclass={"build_py": BuildWithRules},
    ext_modules=[
        Extension("cleanup.spelling._speedups", ["cleanup/spelling/_speedups.c"], optional=True),
        Extension("cleanup.parallel._align_dp", ["cleanup/parallel/_align_dp.c"], optional=True),
        Extension("cleanup.grammar._scan", ["cleanup/grammar/_scan.c"], optional=True),
    ],
)
