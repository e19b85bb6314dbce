"""The split-word detector's look-up of Russian joins: the compiled
known_ru_forms (a walk of the dictionary's DAWG) against its Python twin
(lexicon's form test, as ``known_test("ru")``), and what _rule_out_joins
reads from it."""

import pytest

from cleanup import extensions
from cleanup.detectors import boundary
from cleanup.spelling import rareforms, speedups
from conftest import glued_words

needs_kernel = pytest.mark.skipif(speedups.compiled() is None,
                                  reason="the _speedups extension is not built (or not wanted)")

# Words and halves of joins: е/ё both ways (forms the dictionary spells
# only with ё, only with е, or both), prepositions, "не", one letter,
# letters no dictionary form has.
_PARTS = ["не", "в", "во", "по", "из", "за", "с", "к", "что", "бы", "и", "а", "устанно", "смотря", "дом", "доме",
          "ёлка", "елка", "ещё", "еще", "всё", "все", "ёж", "еж", "ежик", "ёжик", "осёл", "осел", "берёза", "береза",
          "медведь", "мёд", "мед", "тихонько", "нибудь", "таки", "зззз", "ъ", "ё", "е", "ы", "й"]


def _joins(count: int, seed: int) -> list[str]:
    """Joins of one to three parts, a third of them with a slip (an е, a ё among them)."""
    return glued_words(_PARTS, count, seed, "аеёоиь")


_EDGES = ["", "а", "ё", "е", "еееееее", "ёёё", "неустанно", "несмотря", "ежели", "ёжели", "а" * 64, "а" * 65,
          "е" * 70, "ещё" * 30, "z", "zzz", "ё" + "е" * 20]


@pytest.fixture
def dictionary_and_kernel():
    """The dictionary's DAWG units and the compiled look-up of joins in them."""
    units = rareforms.dictionary_units()
    if units is None:
        pytest.skip("the dictionary's DAWG cannot be read")
    return units, speedups.compiled().known_ru_forms


@needs_kernel
def test_the_kernel_answers_as_its_twin(dictionary_and_kernel):
    units, kernel = dictionary_and_kernel
    joins = _EDGES + _joins(3000, 18)
    twin = boundary._known_forms("ru", joins)
    assert kernel(units, joins) == twin
    assert len(twin) == len(joins) and set(twin) == {0, 1}
    # (both answers present among the е/ё forms: a test that cannot fail otherwise)
    answers = dict(zip(joins, twin))
    assert answers["ёлка"] == answers["елка"] == answers["ещё"] == answers["еще"] == 1
    assert answers["ёжели"] == answers["zzz"] == answers[""] == 0
    assert kernel(units, []) == b""


@needs_kernel
def test_the_kernel_refuses_what_it_cannot_read(dictionary_and_kernel):
    units, kernel = dictionary_and_kernel
    with pytest.raises(TypeError):
        kernel(units, ["дом", 1])
    with pytest.raises(TypeError):
        kernel(units, ("дом",))
    with pytest.raises(ValueError):
        kernel(b"\x00\x00\x00", ["дом"])


@pytest.mark.parametrize("pure_python", [False, True])
def test_the_joins_are_ruled_out_alike(pure_python):
    """_rule_out_joins with the kernel or the twin: the same pairs let
    through, the same recorded "never"."""
    with extensions.afresh(pure_python=pure_python):
        forms = "не устанно по тихонько в доме в ёлка во все е лка и дом зззз ъ ещё бы не смотря".split()
        flags = boundary.flags_of(forms, "ru")
        verdicts, new = {}, []
        for k, candidate in enumerate(boundary.pair_candidates(flags)):
            if candidate:
                verdicts.setdefault(forms[k], {})[forms[k + 1]] = boundary._NOT_RULED_OUT
                new.append(k)
        kept = boundary._rule_out_joins("ru", forms, list(new), flags, verdicts)
        never = sorted(k for k in new if verdicts[forms[k]][forms[k + 1]] is False)
        assert never and kept and sorted(kept + never) == new
        assert [forms[k] + " " + forms[k + 1] for k in kept] == _KEPT

# (as main ff4c3d7 lets them through)
_KEPT = ["не устанно", "по тихонько", "в ёлка", "во все", "е лка", "не смотря"]
