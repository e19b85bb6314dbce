"""cleanup.gcpause: the collector is paused inside and left as it was after,
so importing the library never changes a host process's collector."""

import gc
import subprocess
import sys

from cleanup.gcpause import collector_paused


def test_paused_inside_and_enabled_again_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_restored_when_the_body_raises():
    try:
        with collector_paused():
            raise KeyError
    except KeyError:
        pass
    assert gc.isenabled()


def test_importing_the_library_leaves_the_collector_as_it_was():
    code = ("import gc; t = gc.get_threshold(); import cleanup; "
            "print(gc.isenabled(), gc.get_threshold() == t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
