"""The rules behind tests/browser/test_korean_text.py, on made-up HTML: a particle after a
rendered reference follows how the reference is read aloud, and a reference must not double
the words around it. (The built pages are checked there; here the rules are shown to catch
what they should and pass what is right.)"""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "tools"))
from korean_text import reference_problems


def page(body: str) -> str:
    return f'<html><body><article class="bd-article"><p>{body}</p></article></body></html>'


def eq(number: str) -> str:
    return f'<a class="reference internal" href="#equation-x">({number})</a>'


def term(text: str) -> str:
    return f'<a class="reference internal" href="glossary.html#t"><span class="xref std std-term">{text}</span></a>'


def doc(text: str) -> str:
    return f'<a class="reference internal" href="02.html"><span class="doc">{text}</span></a>'


def exercise(text: str) -> str:
    return f'<a class="reference internal" href="#ex7"><span class="std std-numref">{text}</span></a>'


CITATION = '<span class="bibtex-citation">[<a class="reference internal" href="r.html#1">Pol64</a>]</span>'


@pytest.mark.parametrize("body", [
    "식 " + eq(1) + "은 성립합니다", "식 " + eq(2) + "는", "식 " + eq(3) + "으로", "식 " + eq(7) + "로",
    "식 " + eq(1) + "로 돌아가", eq(4) + "를", eq(10) + "과", eq(12) + "와", eq(6) + "이 뜻하는",
    eq(2) + "가", eq(2) + "이라는", eq(2) + "라는", eq(3) + "이라는", eq(5) + "에서", eq(8) + "의",
    term("모멘텀") + "(momentum)이", term("학습률") + "(learning rate)로", term("기울기") + "(gradient)가",
    term("관성 계수") + "를", doc("2장") + "에서", doc("3장") + "으로", exercise("연습 문제 7") + "로",
    exercise("연습 문제 7") + "을", "(" + exercise("연습 문제 7") + ")", CITATION + "는",
    "경사 하강법의 한계(" + doc("1. 경사 하강법") + ")에서",
])
def test_right_particles_and_plain_references_pass(body):
    assert reference_problems(page(body), "ko") == []


@pytest.mark.parametrize("body, expected", [
    ("식 " + eq(1) + "는", "(1) takes 은, not 는"), (eq(3) + "로", "(3) takes 으로, not 로"),
    (eq(4) + "을", "(4) takes 를, not 을"), (eq(1) + "를", "(1) takes 을, not 를"),
    (eq(1) + "와", "(1) takes 과, not 와"), (eq(7) + "으로", "(7) takes 로, not 으로"),
    (eq(2) + "이 성립", "(2) takes 가, not 이"), (eq(3) + "라는", "write 이라는"),
    (term("모멘텀") + "(momentum)가", "모멘텀 takes 이, not 가"), (CITATION + "은", "takes 는, not 은"),
    (term("학습률") + "(learning rate)으로", "학습률 takes 로, not 으로"),
    (exercise("연습 문제 7") + "으로", "takes 로, not 으로"), (doc("2장") + "로", "2장 takes 으로, not 로"),
])
def test_wrong_particles_are_caught(body, expected):
    problems = reference_problems(page(body), "ko")
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_chapter_title_used_as_a_noun_is_caught():
    problems = reference_problems(page(doc("6. 이차 함수 분석") + "는 다음 장입니다"), "ko")
    assert any("takes 은, not 는" in p for p in problems)
    assert any("chapter title used as a noun" in p and "write 6장" in p for p in problems)
    problems = reference_problems(page(doc("8. Keras에서의 모멘텀") + "에서 다룹니다"), "ko")
    assert problems == ["chapter title used as a noun: '8. Keras에서의 모멘텀' + '에서'; write 8장"]


@pytest.mark.parametrize("body, edition", [
    (doc("1. 경사 하강법") + "에서 경사 하강법(gradient descent)은", "ko"),
    (doc("2. 모멘텀") + "에서 모멘텀(momentum)이", "ko"),
    (doc("2. 모멘텀") + "에서 " + term("모멘텀") + "(momentum)이", "ko"),
    ("(연습 문제 " + exercise("연습 문제 7") + ")", "ko"),
    ("(exercise " + exercise("Exercise 7") + ")", "en"),
    ("see " + doc("2. Momentum") + " momentum again", "en"),
    ("In " + doc("1. Gradient descent") + ", gradient descent bounced", "en"),
])
def test_doubled_words_around_a_reference_are_caught(body, edition):
    problems = [p for p in reference_problems(page(body), edition) if p.startswith("doubled")]
    assert len(problems) == 1, problems


def test_a_word_repeated_past_punctuation_is_not_a_doubling():
    body = "It is not the glossary's " + term("damping") + ": damping is what γ does"
    assert reference_problems(page(body), "en") == []


def test_a_list_of_references_is_not_a_doubling():
    assert reference_problems(page(doc("chapter 5") + ", " + doc("chapter 7") + ", experiment above"), "en") == []
    assert reference_problems(page(doc("5장") + ", " + doc("7장")), "ko") == []


def test_english_pages_are_checked_for_doubling_only():
    assert reference_problems(page("see " + eq(1) + "는"), "en") == []
    assert reference_problems(page("(" + exercise("Exercise 7") + ")"), "en") == []
