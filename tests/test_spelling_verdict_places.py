"""The spelling detector's pass over a paragraph's verdicts
(``_verdict_places`` and its compiled twin ``verdict_places``) against the
plain definition: the places of questioned forms and the two counts."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup.detectors import spelling as detector

_SHARED = (detector._NOT_COUNTED, detector._KNOWN, detector._UNKNOWN_FORM)
# Verdicts of a few forms: the shared three and two questioned forms' own
# (by identity: a verdict has no __eq__, so two alike are still two); None:
# the form has no verdict yet.
_QUESTIONED = (detector._Form(True, True, None), detector._Form(True, False, None))
_KINDS = (*_SHARED, *_QUESTIONED, None)
_FORMS = [f"w{k}" for k in range(len(_KINDS))]


def _defined(verdicts: dict, texts: list[str]):
    """What the pass means, written out one word at a time."""
    if any(t not in verdicts for t in texts):
        return None
    places = [i for i, t in enumerate(texts) if all(verdicts[t] is not s for s in _SHARED)]
    not_counted = sum(verdicts[t] is detector._NOT_COUNTED for t in texts)
    unknown = sum(verdicts[t] is detector._UNKNOWN_FORM for t in texts)
    return places, not_counted, unknown


def _kernel():
    from cleanup.spelling import speedups

    module = speedups.compiled()
    if module is None:
        pytest.skip("the compiled extension is not built (or CLEANUP_PURE_PYTHON is set)")
    return module.verdict_places


paragraphs = st.lists(st.integers(0, len(_KINDS) - 1), max_size=40)


@settings(max_examples=500, deadline=None)
@given(paragraphs, st.booleans())
@example([], False)
@example([5], False)  # only a new form
@example([0, 1, 2, 3, 4, 5], False)  # the new form last
@example([3, 3, 0, 4, 2, 2, 1], True)
def test_the_pass_over_verdicts_is_its_definition(kinds, new_strings):
    verdicts = {form: kind for form, kind in zip(_FORMS, _KINDS) if kind is not None}
    # (new strings: equal to the table's keys, not the same objects, as a paragraph's are)
    texts = [("" + _FORMS[k] + "x")[:-1] if new_strings else _FORMS[k] for k in kinds]
    expected = _defined(verdicts, texts)
    assert detector._verdict_places(verdicts, texts, *_SHARED) == expected
    kernel = _kernel()
    assert kernel(verdicts, texts, *_SHARED) == expected


def test_the_compiled_pass_refuses_what_is_not_a_table_and_a_list():
    kernel = _kernel()
    with pytest.raises(TypeError):
        kernel([], [], *_SHARED)
    with pytest.raises(TypeError):
        kernel({}, ("a",), *_SHARED)
    with pytest.raises(TypeError):
        kernel({}, [])


def test_the_detector_counts_a_paragraph_the_same_when_its_table_was_emptied_while_made(monkeypatch):
    """A table of verdicts that fills up inside a paragraph is emptied
    (FORM_CACHE): the paragraph's findings are those a roomy table gives."""
    from cleanup.options import Options
    from cleanup.pipeline import check_text

    text = ("Сегодня мы обсуждали СТАЛТНУ и проголосивших товарищей, которые были на собрании, "
            "и никто не знал, что сказать о новом плане работы завода.")

    def run():
        detector._forms.cache_clear()
        found = check_text(text, Options(select=("spelling",)))
        return [(f.rule, f.start, f.end, f.detection_confidence, f.suggestions) for f in found]

    roomy = run()
    monkeypatch.setattr(detector, "FORM_CACHE", 3)
    assert run() == roomy
    assert roomy  # (the paragraph has findings to compare)
