"""How Korean text is read aloud, for the tests that check particles and build search queries.

A particle with two forms (은/는, 이/가, 을/를, 과/와, 으로/로) follows the last sound of the word
before it: a final consonant (받침) takes the first form, a vowel the second, and ㄹ takes 로 like a
vowel. A digit is read in Sino-Korean (1 일, 2 이, 3 삼, …), so "(1)은" and "(2)는". This module
is written for the tests, independently of the site's search extension.
"""

from __future__ import annotations

import re

SYLLABLES = range(0xAC00, 0xD7A4)
RIEUL = 8  # index of ㄹ among the 28 finals (0 = none)
DIGIT_READINGS = dict(zip("0123456789", "영일이삼사오육칠팔구", strict=True))
# The reading of a number ending in zeros: 10 십, 100 백, 1000 천, 10000 만.
ROUND_READINGS = {1: "십", 2: "백", 3: "천", 4: "만"}
# Latin letters whose Korean reading at the end of a word is clear: m/n end in a final consonant
# (Adam 아담), l in ㄹ (Bengal 벵골); vowels and s/x/z/f/v/r/w/h in a vowel (Keras 케라스, Sutskever
# 서츠케버, PyTorch 파이토치). t/d/k/g/p/b/c are read either way (Polyak 폴랴크, book 북): not judged.
LATIN_FINAL = {**dict.fromkeys("mn", "consonant"), "l": "rieul",
               **dict.fromkeys("aeiouyrwsxzfvh", "vowel")}


def final(syllable: str) -> int | None:
    """Index of the final consonant of a Hangul syllable (0 = none, 8 = ㄹ), None if not one."""
    code = ord(syllable)
    return (code - SYLLABLES.start) % 28 if code in SYLLABLES else None


def number_reading(digits: str) -> str:
    """The last syllable a number is read with: 1 일, 7 칠, 10 십, 12 이, 100 백."""
    stripped = digits.rstrip("0")
    if not stripped:
        return "영"
    zeros = len(digits) - len(stripped)
    return ROUND_READINGS.get(zeros, "만") if zeros else DIGIT_READINGS[stripped[-1]]


def ending_sound(text: str) -> str | None:
    """How `text` ends when read aloud: "vowel", "rieul" (ㄹ) or "consonant" (any other final);
    None when that cannot be told (symbols, Latin letters with two readings)."""
    text = re.sub(r"[\s)\]}.,:;'\"’”]+$", "", text)
    if not text:
        return None
    number = re.search(r"(\d+)$", text)
    last = number_reading(number.group(1)) if number else text[-1]
    index = final(last)
    if index is not None:
        return "vowel" if index == 0 else "rieul" if index == RIEUL else "consonant"
    return LATIN_FINAL.get(last.lower())


# Particles with two forms: (after a final consonant, after a vowel). ㄹ takes the vowel form of
# 으로/로 only; for the others ㄹ is a consonant like any other.
PAIRS = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
         "을": ("을", "를"), "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"),
         "으로": ("으로", "로"), "로": ("으로", "로")}


def particle_for(sound: str, particle: str) -> str:
    """The form of `particle` (either form may be given) that follows a word ending in `sound`."""
    after_consonant, after_vowel = PAIRS[particle]
    if after_consonant == "으로" and sound == "rieul":
        return after_vowel
    return after_consonant if sound in ("consonant", "rieul") else after_vowel


def attach(word: str, particle: str) -> str:
    """`word` with the right form of `particle`: attach("관성", "를") == "관성을"."""
    if particle not in PAIRS:
        return word + particle
    sound = ending_sound(word)
    if sound is None:
        raise ValueError(f"cannot tell how {word!r} ends when read aloud")
    return word + particle_for(sound, particle)


# What may follow a noun in a word of its own (관성을, 수렴합니다, 모멘텀이라는), longest first: the
# tests read "the page holds the term" as the term followed by nothing or by one of these.
PARTICLES = sorted(
    """
    은 는 이 가 을 를 의 에 에서 에게 로 으로 와 과 도 만 까지 부터 보다 처럼 마다 만큼 밖에 조차 마저
    에는 에서는 으로는 로는 와는 과는 에도 에서도 으로도 로도 에서의 으로의 로의 과의 와의 에의 만의
    이나 나 이란 란 이라 라 이며 며 이고 고 이다 다 입니다 이지만 지만 이므로 므로 이면 면 인 이라는 라는
    이라고 라고 이라면 라면 이든 든 이에요 예요 이었 였 일 과도 와도 에게서 보다는 처럼은 들 들은 들이 들을
    들의 들과 들에 들로 들도 들만
    하다 한다 합니다 합니까 하는 하고 하면 하며 해서 해야 하지 하기 한 할 했다 했습니다 하여 하므로 하게
    하도록 하려면 해도 했고 했던 하던 할수록 하지만 되다 된다 됩니다 되는 되고 되면 되어 돼 됐다 되지 될
    시킨다 시킵니다 시키는 적 적인 적으로 적이다
    """.split(),
    key=len,
    reverse=True,
)
