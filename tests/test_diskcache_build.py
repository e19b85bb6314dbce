"""diskcache.build_once: what a build leaves behind in the process."""

from __future__ import annotations

from cleanup import diskcache


def test_a_build_does_not_keep_the_word_lists_it_read(tmp_path):
    # A first run builds several tables in a row: wordfreq's cached lists
    # (~100 MB) kept from one build stacked under the next.
    import wordfreq

    def fill(folder):
        assert wordfreq.top_n_list("en", 10)
        assert wordfreq.get_frequency_dict("en")
        (folder / "table").write_text("built")

    target = diskcache.build_once(tmp_path / "demo-1", fill, "building a demo table")
    assert (target / "table").read_text() == "built"
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.top_n_list.cache_info().currsize == 0
    # A table already built is opened without a build (and clears nothing).
    wordfreq.top_n_list("en", 10)
    diskcache.build_once(target, fill, "building a demo table")
    assert wordfreq.top_n_list.cache_info().currsize == 1
