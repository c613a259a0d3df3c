"""The site's search language: Korean particles come off only when a known stem remains, queries
are stemmed the way the index is, glossary phrases become one token, English is Porter-stemmed."""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "book" / "_ext"))
from korean_search import SearchKoreanEnglish, known_stems, look_up, query_terms, stem

# A small made-up book: 관성 and 학습률 with several particles, 속도 and 차이 written bare and with
# particles, 속 written with 에서 (so 속 is a stem too), 한 only bare, 개념 once with 이.
BOOK = ("관성을 관성이 관성은 관성 학습률을 학습률이 학습률로 속도 속도가 속도를 속에서 차이 차이가 차이는 "
        "한 번 한 걸음 개념이 최솟값 최솟값을 최솟값에 최솟값에서 최솟값에서는 수렴합니다 수렴을 수렴이").split()
KNOWN = known_stems(BOOK, glossary_words={"관성", "계수", "모멘텀"})


@pytest.mark.parametrize("written, expected", [
    ("관성을", "관성"), ("관성이", "관성"), ("학습률로", "학습률"), ("최솟값에서는", "최솟값"),
    ("수렴합니다", "수렴"), ("모멘텀은", "모멘텀"), ("계수를", "계수"), ("개념이", "개념"),
])
def test_particles_and_endings_come_off_known_stems(written, expected):
    assert stem(written, KNOWN) == expected


@pytest.mark.parametrize("noun", ["속도", "차이", "한도", "정도", "지도"])
def test_nouns_ending_like_a_particle_stay_whole(noun):
    """속 is a known stem (속에서), 한 a word, yet 속도 and 한도 are not cut: a known word stays
    whole, and 도 or 이 after one syllable is not taken as a particle on one sighting."""
    assert "속" in KNOWN and stem(noun, KNOWN) == noun


def test_a_stem_plus_a_particle_is_not_a_stem_of_its_own():
    assert "최솟값에서" not in KNOWN and "관성을" not in KNOWN and "최솟값" in KNOWN


def test_single_syllables_need_two_sightings_or_a_clear_particle():
    assert "차" not in KNOWN and "한" not in KNOWN
    assert "속" in KNOWN  # 속에서: 에서 never ends a noun


def test_latin_words_lose_their_particle_and_are_looked_up_porter_stemmed():
    assert stem("Keras는", KNOWN) == "Keras" and stem("GD의", KNOWN) == "GD"
    assert stem("GD로는", KNOWN) == "GD" and stem("x축", KNOWN) == "x축"
    assert look_up("keras는", KNOWN) == look_up("keras", KNOWN) == "kera"


@pytest.mark.parametrize("written, expected", [
    ("학습률이면", "학습률"), ("모멘텀이지만", "모멘텀"), ("속도면", "속도"), ("측면", "측면"), ("표면", "표면"),
])
def test_copula_endings_without_이_come_off_only_after_a_vowel(written, expected):
    assert stem(written, KNOWN | {"측", "표"}) == expected


def test_a_query_counts_as_one_more_sighting():
    """지도 is not in the book, but 지도의 would make it a stem, so the query looks up 지도 (and
    finds nothing) rather than 지도의, which Sphinx would match inside 열지도의."""
    assert "지도" not in KNOWN and stem("지도의", KNOWN) == "지도" and stem("한도를", KNOWN) == "한도"
    assert stem("차이", frozenset()) == "차이" and stem("속도", frozenset()) == "속도"
    assert stem("관성을", frozenset()) == "관성" and stem("관성도", frozenset()) == "관성도"


def test_index_holds_the_written_word_its_stem_and_joined_phrases():
    lang = SearchKoreanEnglish({})
    lang.known, lang.phrases = KNOWN | {"관성 계수"}, (("관성", "계수"),)
    assert lang.split("관성 계수를 가진 momentum") == ["관성", "계수를", "계수", "가진", "momentum", "관성 계수"]


def test_a_phrase_split_across_text_nodes_is_still_indexed():
    lang = SearchKoreanEnglish({})
    lang.known, lang.phrases = KNOWN | {"adam 옵티마이저"}, (("adam", "옵티마이저"),)
    assert "adam 옵티마이저" not in lang.split("Keras의 Adam")
    assert lang.split(" 옵티마이저를 씁니다")[-1] == "adam 옵티마이저"
    assert "adam 옵티마이저" not in lang.split("옵티마이저")


@pytest.mark.parametrize("query, terms", [
    ("관성을", ["관성"]), ("속도", ["속도"]), ("관성 계수를", ["관성 계수"]), ("관성 계수", ["관성 계수"]),
    ("관성을 학습률로", ["관성", "학습률"]), ("계수 관성", ["계수", "관성"]),
])
def test_queries_are_stemmed_and_phrases_joined_like_the_index(query, terms):
    assert query_terms(query, KNOWN | {"관성 계수"}, (("관성", "계수"),)) == terms


def test_english_is_porter_stemmed_and_hangul_kept_whole():
    lang = SearchKoreanEnglish({})
    assert lang.stem("Momentum") == lang.stem("momentum") == "momentum"
    assert lang.stem("rates") == "rate"
    assert lang.stem("관성") == "관성"
    assert lang.word_filter("관") and not lang.word_filter("the")
