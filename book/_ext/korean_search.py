"""A search language for a book in Korean and English at once.

Sphinx has no Korean search language: its index keeps "관성을" as one word, and its search page
matches parts of words only for query words longer than two characters, so a search for 관성
misses every page that writes 관성을. This language indexes each Hangul word as written AND as
its stem (the word without a trailing particle or ending), and the search page's JavaScript
stems each query word by the same rule, so 관성, 관성을 and 관성은 all look up 관성.

The rule only strips an ending when what remains is a *known stem*; otherwise nouns whose last
syllable looks like a particle are cut (속도 → 속, 차이 → 차, 정도 → 정, 한도 → 한) and a query for
them finds pages that say neither. The known stems are gathered at build time from the book's
own words (`known_stems`): a stem is known when the book writes it with two different particles
(or bare and with one), or once with a particle that never ends a noun (을, 를, 에서, …), or once
with 이/가/의/로/과/에/만 when the stem has two syllables or more (속 + 도, 차 + 이 stay whole);
the words of the Korean glossary's terms are always known. A known word is never cut, so 속도
stays 속도 even though 속 is known too; a stem that is only another known stem plus a particle
(최솟값에서) is dropped when the shorter stem is better attested. Glossary terms of several words
(관성 계수) are also indexed as one token with its space ("관성 계수"), and the search page joins
them in a query the same way, so "관성 계수를" finds the pages that write the phrase, not every
page that has 관성 somewhere and 계수 elsewhere; keeping the space lets the page find the phrase
in a hit's text for its summary. A query is read as one more sentence of the book: 지도의
looks up 지도 (지도 + 의 would make a stem), not 지도의, which Sphinx would match inside 열지도의.
The stems and phrases reach the search page as one inline script on search.html only.

Measured in Chromium (tests/browser/test_korean_search_terms.py: each Korean glossary term bare
and with two particles, plus 속도/차이/정도/한도/지도, 189 queries): the old splitter found 557 of
the 873 relevant pages (recall 0.638) with precision 665/808 = 0.823; this rule finds 873/873 with
precision 1053/1053. The rule was chosen over a real analyzer at build time by measurement
(2026-11-27, on the glossary of that day, 141 queries, Sphinx's search replayed in Python and
checked against the browser): kiwipiepy 0.24.1 with its model, its nouns taken as the known stems
under the same rule, found 750/756 with precision 890/901 where this rule found 756/756 and
897/897; on 2,442 broader queries built from every stem either method knows it did no better
(recall 0.795 against 0.815, precision 0.972 against 0.973): each knows words the other misses.
It costs 145 MB installed (a 40 MB library and a 105 MB model) and about 27 s per build here
(9 s to load the model, 18 s to analyse the book), against 0.3 s for this rule. The page gains
3 KB of script (language_data.js, on every page) and a 12 KB vocabulary (search.html only).
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
from collections.abc import Iterable

from docutils import nodes
from sphinx.search.en import SearchEnglish, js_porter_stemmer

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
WORD = re.compile(r"\w+")

# Trailing particles and endings that may come off a word.
ENDINGS = sorted(
    """
    은 는 이 가 을 를 의 에 로 으로 와 과 도 만 께 에게 에서 까지 부터 보다 처럼 마다 이나 나
    이란 란 이라 라 이며 며 이고 고 에는 에서는 으로는 로는 와는 과는 에도 에서도 으로도 로도 이라는
    라는 이라고 라고 만큼 밖에 조차 마저 한테 더러 께서 이다 입니다 이에요 예요 하다 한다 합니다
    했다 했습니다 하는 하고 하면 하며 해서 해야 하지 하기 한 할 된다 됩니다 되는 되고 되면 되어 돼
    됐다 하여 시킨다 적 적인 적으로 들 들은 들이 들을 들의 에서의 으로의 과의 와의 에의 만의 과도 와도
    에게서 보다는 처럼은 들과 들에 들로 들도 들만 이면 면 이지만 지만 이므로 므로 이라면 라면 이든 든
    합니까 하므로 하게 하도록 하려면 해도 했고 했던 하던 할수록 하지만 되다 되지 될 시킵니다 시키는 적이다
    """.split(),
    key=lambda e: (-len(e), e),
)
# Copula endings that drop 이 after a vowel (기울기면, 정도라는): they come off only a stem of two
# syllables or more that ends in a vowel, so 측면, 표면 and 사고 stay whole.
VOWEL_COPULA = frozenset("나 란 라 며 고 라는 라고 예요 면 지만 므로 라면 든".split())
# Particles that count as evidence that what precedes them is a noun.
NOUN_PARTICLES = frozenset("은 는 이 가 을 를 의 에 에서 로 으로 와 과 도 만 까지 부터 보다 처럼 에게".split())
# Particles that (almost) never end a noun themselves: one sighting makes a stem.
CLEAR_PARTICLES = frozenset(
    "을 를 은 는 와 에서 으로 에게 까지 부터 보다 처럼 에서는 으로는 에서도 으로도 에서의 으로의".split()
)
# Particles that also end nouns (차이, 결과, 경로, 정의): one sighting makes a stem of two syllables
# or more. 도 is left out: it ends too many nouns of any length (속도, 가속도, 정확도).
SHORT_LOOKALIKES = frozenset("이 가 의 로 과 에 만".split())


def is_hangul_word(word: str) -> bool:
    return re.fullmatch(r"[\uac00-\ud7a3]+", word) is not None


def may_end(rest: str, ending: str) -> bool:
    """Whether `ending` can follow `rest` at all: a copula ending without 이 needs a vowel."""
    if ending not in VOWEL_COPULA:
        return True
    return len(rest) >= 2 and is_hangul_word(rest) and (ord(rest[-1]) - 0xAC00) % 28 == 0


def one_sighting_will_do(stem: str, particle: str) -> bool:
    """A Hangul stem seen once with this particle is a stem: 지도를, 개념이 (not 차이, 속도)."""
    return is_hangul_word(stem) and (particle in CLEAR_PARTICLES
                                     or (particle in SHORT_LOOKALIKES and len(stem) >= 2))


def known_stems(words: Iterable[str], glossary_words: Iterable[str] = ()) -> frozenset[str]:
    """The stems the book attests (see the module docstring), from all the words it writes."""
    forms: dict[str, set[str]] = collections.defaultdict(set)
    for word in set(words):
        forms[word].add("")
        for particle in NOUN_PARTICLES | CLEAR_PARTICLES:
            if word.endswith(particle) and len(word) > len(particle):
                forms[word[: -len(particle)]].add(particle)

    def attested(stem: str, seen: set[str]) -> bool:
        return len(seen) >= 2 or any(one_sighting_will_do(stem, p) for p in seen - {""})

    known = {s for s, seen in forms.items() if is_hangul_word(s) and attested(s, seen)}

    def only_a_longer_form(stem: str) -> bool:
        return any(stem.endswith(p) and stem[: -len(p)] in known
                   and len(forms[stem[: -len(p)]]) > len(forms[stem]) for p in NOUN_PARTICLES)

    return frozenset({s for s in known if not only_a_longer_form(s)} | set(glossary_words))


LATIN_WITH_PARTICLE = re.compile(r"([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)([\uac00-\ud7a3]+)")
ENDING_SET = frozenset(ENDINGS)


def stem(word: str, known: frozenset[str] | set[str]) -> str:
    """The word without its longest ending that leaves a known stem, or a stem that this one
    sighting would make known (a query is read as one more sentence of the book: 지도의 → 지도
    though the book never writes 지도); the word itself when it is known, or when no ending
    leaves a stem. A Latin word with a particle (Keras는, GD의) loses the particle. The search
    page's JavaScript applies the same rule."""
    if word in known or not HANGUL.search(word):
        return word
    latin = LATIN_WITH_PARTICLE.fullmatch(word)
    if latin and latin.group(2) in ENDING_SET:
        return latin.group(1)
    for ending in ENDINGS:
        rest = word[: -len(ending)]
        if word.endswith(ending) and len(word) > len(ending) and may_end(rest, ending) and (
                rest in known or one_sighting_will_do(rest, ending)):
            return rest
    return word


def joined_phrases(words: list[str], stems: list[str],
                   phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """(start, end, joined token) for each glossary phrase that `words` write, the last word of
    the phrase possibly with a particle (관성 계수를 → "관성 계수")."""
    found = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if words[i : i + n - 1] == list(phrase[:-1]) and stems[i + n - 1] == phrase[-1]:
                found.append((i, i + n, " ".join(phrase)))
    return found


def query_terms(query: str, known, phrases) -> list[str]:
    """What the search page looks up for a query: each word stemmed, glossary phrases joined
    (longest first, no word in two phrases). The Python twin of the page's splitQuery and
    Stemmer below, which the tests compare with the page."""
    words = [w.lower() for w in WORD.findall(query)]
    stems = [stem(w, known) for w in words]
    out: list[str | None] = list(words)
    taken = [False] * len(words)
    for start, end, token in sorted(joined_phrases(words, stems, phrases), key=lambda f: f[0] - f[1]):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            out[start:end] = [token] + [None] * (end - start - 1)
    return [look_up(t, known) for t in out if t is not None]


def look_up(word: str, known) -> str:
    """The index key the search page looks up for one (lower-cased) query word: its stem, then
    Porter's stem if nothing Korean is left (keras는 → keras → kera, as the index stems Keras)."""
    word_stem = stem(word, known)
    return word_stem if HANGUL.search(word_stem) else SearchKoreanEnglish({}).stem(word_stem)


# The same rule in the search page's JavaScript. KOREAN_SEARCH (known stems, phrases) comes from
# an inline script on search.html; ENDINGS are written in here at build time.
JS_KOREAN = """
var KOREAN_ENDINGS = %(endings)s;
var KOREAN_CLEAR = %(clear)s;
var KOREAN_LOOKALIKES = %(lookalikes)s;
var koreanOneSighting = function(s, e) {
  return /^[\\uac00-\\ud7a3]+$/.test(s) &&
    (KOREAN_CLEAR.indexOf(e) >= 0 || (KOREAN_LOOKALIKES.indexOf(e) >= 0 && s.length >= 2));
};
var KOREAN_VOWEL_COPULA = %(copula)s;
var koreanMayEnd = function(s, e) {
  if (KOREAN_VOWEL_COPULA.indexOf(e) < 0) return true;
  return s.length >= 2 && /^[\\uac00-\\ud7a3]+$/.test(s) && (s.charCodeAt(s.length - 1) - 0xAC00) %% 28 === 0;
};
var koreanStem = function(w) {
  var data = (typeof KOREAN_SEARCH !== 'undefined') ? KOREAN_SEARCH : {known: {}, phrases: []};
  if (!/[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/.test(w) || data.known[w]) return w;
  var latin = w.match(/^([a-z0-9]*[a-z][a-z0-9]*)([\\uac00-\\ud7a3]+)$/i);
  if (latin && KOREAN_ENDINGS.indexOf(latin[2]) >= 0) return latin[1];
  for (var i = 0; i < KOREAN_ENDINGS.length; i++) {
    var e = KOREAN_ENDINGS[i];
    var rest = w.slice(0, -e.length);
    if (w.length > e.length && w.slice(-e.length) === e && koreanMayEnd(rest, e) &&
        (data.known[rest] || koreanOneSighting(rest, e)))
      return rest;
  }
  return w;
};
/** Hangul words take the Korean rule above; what is left without Hangul is Porter-stemmed. */
var Stemmer = function() {
  var porter = new PorterStemmer();
  var hangul = /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/;
  this.stemWord = function(w) {
    var s = hangul.test(w) ? koreanStem(w) : w;
    return hangul.test(s) ? s : porter.stemWord(s);
  };
};
"""

# Sphinx's default splitter, then glossary phrases joined into one token (longest phrases first).
JS_SPLITTER = """
var splitQuery = function(query) {
  var words = query.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter(function(t) { return t; });
  var phrases = (typeof KOREAN_SEARCH !== 'undefined') ? KOREAN_SEARCH.phrases : [];
  var out = words.slice();
  var stems = words.map(function(w) { return koreanStem(w.toLowerCase()); });
  var taken = words.map(function() { return false; });
  var found = [];
  phrases.forEach(function(p) {
    for (var i = 0; i + p.length <= words.length; i++) {
      var ok = true;
      for (var k = 0; k < p.length - 1; k++) ok = ok && words[i + k].toLowerCase() === p[k];
      if (ok && stems[i + p.length - 1] === p[p.length - 1]) found.push([i, i + p.length, p.join(' ')]);
    }
  });
  found.sort(function(a, b) { return (b[1] - b[0]) - (a[1] - a[0]); });
  found.forEach(function(f) {
    for (var j = f[0]; j < f[1]; j++) if (taken[j]) return;
    for (var j = f[0]; j < f[1]; j++) { taken[j] = true; out[j] = null; }
    out[f[0]] = f[2];
  });
  return out.filter(function(t) { return t !== null; });
};
"""


class SearchKoreanEnglish(SearchEnglish):
    lang = "ko_en"
    language_name = "Korean and English"
    _word_re = WORD
    # Filled at build time (env-updated) from the whole book, before any page is indexed.
    known: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    js_stemmer_code = (
        js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function")
        + JS_KOREAN % {"endings": json.dumps(ENDINGS, ensure_ascii=False),
                       "clear": json.dumps(sorted(CLEAR_PARTICLES), ensure_ascii=False),
                       "lookalikes": json.dumps(sorted(SHORT_LOOKALIKES), ensure_ascii=False),
                       "copula": json.dumps(sorted(VOWEL_COPULA), ensure_ascii=False)}
    )
    js_splitter_code = JS_SPLITTER

    def init(self, options) -> None:
        super().init(options)
        # The last words of the previous text node: Sphinx splits node by node, and a phrase may
        # run across two ("`Adam` 옵티마이저" is a literal node, then a text node).
        self._tail: list[tuple[str, str]] = []

    def split(self, input: str) -> list[str]:
        words = self._word_re.findall(input)
        stems = [stem(w, self.known) for w in words]
        out = []
        for word, word_stem in zip(words, stems, strict=True):
            out.append(word)
            if word_stem != word:
                out.append(word_stem)
        # Phrases are stored lower-cased (Adam 옵티마이저), as the page compares query words.
        seen = self._tail + [(w.lower(), s.lower()) for w, s in zip(words, stems, strict=True)]
        found = joined_phrases([w for w, _ in seen], [s for _, s in seen], self.phrases)
        out += [token for _, end, token in found if end > len(self._tail)]
        longest = max((len(p) for p in self.phrases), default=1)
        self._tail = seen[len(seen) - (longest - 1):] if longest > 1 else []
        return out

    def stem(self, word: str) -> str:
        if HANGUL.search(word):
            return word.lower()
        return super().stem(word)

    def word_filter(self, word: str) -> bool:
        if HANGUL.search(word):
            return True
        return super().word_filter(word)


def _book_words(env) -> tuple[list[str], set[str], set[tuple[str, ...]]]:
    """Every Hangul word the book writes, and the Korean glossary's words and phrases."""
    words, glossary_words, phrases = [], set(), set()
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        for text in doctree.findall(nodes.Text):
            if not isinstance(text.parent, nodes.comment):
                words += [w for w in WORD.findall(text.astext()) if HANGUL.search(w)]
        for term in doctree.findall(nodes.term):
            term_words = [w.lower() for w in WORD.findall(term.astext())]
            if any(HANGUL.search(w) for w in term_words):
                glossary_words.update(term_words)
                if len(term_words) > 1:
                    phrases.add(tuple(term_words))
    return words, glossary_words, phrases


def gather_vocabulary(app, env):
    """Known stems and phrases from the whole book, before the pages are indexed. If they
    changed since the last build, every page is written (and indexed) again, so no page keeps
    stems made with the old vocabulary."""
    words, glossary_words, phrases = _book_words(env)
    joined = {" ".join(p) for p in phrases}
    SearchKoreanEnglish.known = known_stems(words, glossary_words) | joined
    SearchKoreanEnglish.phrases = tuple(sorted(phrases, key=lambda p: (-len(p), p)))
    digest = hashlib.sha256(json.dumps([sorted(SearchKoreanEnglish.known), SearchKoreanEnglish.phrases],
                                       ensure_ascii=False).encode()).hexdigest()
    if getattr(env, "korean_search_digest", None) != digest:
        env.korean_search_digest = digest
        return sorted(env.found_docs)
    return None


def add_vocabulary_to_search_page(app, pagename, templatename, context, doctree):
    if pagename != "search":
        return
    data = {"known": dict.fromkeys(sorted(SearchKoreanEnglish.known), 1),
            "phrases": [list(p) for p in SearchKoreanEnglish.phrases]}
    app.add_js_file(None, body="var KOREAN_SEARCH = " + json.dumps(data, ensure_ascii=False) + ";")


def setup(app):
    app.add_search_language(SearchKoreanEnglish)
    app.connect("env-updated", gather_vocabulary)
    app.connect("html-page-context", add_vocabulary_to_search_page)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
