"""The site's search language splits Korean particles off words and stems English as Sphinx does."""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "book" / "_ext"))
from korean_search import SearchKoreanEnglish, strip_ending


@pytest.mark.parametrize("written, stem", [
    ("관성을", "관성"), ("관성이", "관성"), ("모멘텀은", "모멘텀"), ("학습률로", "학습률"),
    ("골짜기에서는", "골짜기"), ("최솟값까지", "최솟값"), ("수렴합니다", "수렴"),
])
def test_particles_and_endings_come_off(written, stem):
    assert strip_ending(written) == stem


@pytest.mark.parametrize("word", ["관성", "이", "momentum"])
def test_bare_words_and_single_particles_stay(word):
    assert strip_ending(word) is None


def test_index_holds_both_the_written_word_and_its_stem():
    splitter = SearchKoreanEnglish({})
    assert splitter.split("관성을 가진 momentum") == ["관성을", "관성", "가진", "momentum"]


def test_english_is_porter_stemmed_and_hangul_kept_whole():
    lang = SearchKoreanEnglish({})
    assert lang.stem("Momentum") == lang.stem("momentum") == "momentum"
    assert lang.stem("rates") == "rate"
    assert lang.stem("관성") == "관성"
    assert lang.word_filter("관") and not lang.word_filter("the")
