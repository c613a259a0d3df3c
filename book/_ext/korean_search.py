"""A search language for a book in Korean and English at once.

Sphinx has no Korean search language: its index keeps "관성을" as one word, and the search
page only falls back to substring matches for query words longer than two characters, so a
search for 관성 misses every page that writes 관성을 or 관성이. This language indexes each
Hangul word both as written and without a trailing particle or verb ending, and stems
English words with the Porter stemmer as Sphinx's English search does, so one build serves
both editions.
"""

from __future__ import annotations

import re

from sphinx.search.en import SearchEnglish, js_porter_stemmer

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")

# Trailing particles and endings, longest first, so "에서는" is tried before "는".
ENDINGS = sorted(
    """
    은 는 이 가 을 를 의 에 로 으로 와 과 도 만 께 에게 에서 까지 부터 보다 처럼 마다 이나 나
    이란 란 이라 라 이며 며 이고 고 에는 에서는 으로는 로는 와는 과는 에도 에서도 으로도 로도 이라는
    라는 이라고 라고 만큼 밖에 조차 마저 한테 더러 께서 이다 입니다 이에요 예요 하다 한다 합니다
    했다 했습니다 하는 하고 하면 하며 해서 해야 하지 하기 한 할 된다 됩니다 되는 되고 되면 되어 돼
    됐다 하여 시킨다 적 적인 적으로 들 들은 들이 들을 들의
    """.split(),
    key=len,
    reverse=True,
)


def strip_ending(word: str) -> str | None:
    """The word without its longest trailing particle or ending, or None if it has none."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return None


class SearchKoreanEnglish(SearchEnglish):
    lang = "ko_en"
    language_name = "Korean and English"
    _word_re = re.compile(r"\w+")
    js_stemmer_code = js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function") + """
/** Hangul words are indexed as written (and without their particle); others are Porter-stemmed. */
var Stemmer = function() {
  var porter = new PorterStemmer();
  this.stemWord = function(w) {
    return /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/.test(w) ? w : porter.stemWord(w);
  };
};
"""

    def split(self, input: str) -> list[str]:
        words = []
        for word in self._word_re.findall(input):
            words.append(word)
            if HANGUL.search(word):
                stem = strip_ending(word)
                if stem:
                    words.append(stem)
        return words

    def stem(self, word: str) -> str:
        if HANGUL.search(word):
            return word.lower()
        return super().stem(word)

    def word_filter(self, word: str) -> bool:
        if HANGUL.search(word):
            return True
        return super().word_filter(word)


def setup(app):
    app.add_search_language(SearchKoreanEnglish)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
