"""How text becomes searchable, and how a typed query becomes a match.

Chinese is written without spaces, so a word-based full-text index finds nothing inside a
title: PostgreSQL's default parser, under the deployment's ``C.UTF-8`` ``lc_ctype``, keeps a run
like ``区司法局信访事项`` as one lexeme. Dictionary segmenters (zhparser, pg_jieba) and ``pg_bigm``
are extensions a government deployment often may not install, and ``pg_trgm`` is available
here but not installed either, and its trigrams miss every two-character word (信访, 复议), the
commonest query. So the portal builds its own lexemes, portable to any PostgreSQL:

* every run of letters and digits is cut into overlapping character **bigrams**, each stored
  with its position (``区司 司法 法局 ...``), and the run's **last character** as a unigram;
* the tsvector is written as a literal (``'区司':1 '司法':2``), never through ``to_tsvector``, so
  no parser, dictionary or locale decides what a lexeme is;
* a query run of two or more characters is its bigrams joined by ``<->`` (followed-by): an exact
  substring match, checked against positions, not just "all bigrams somewhere";
* a single character is a prefix query (``'信':*``): it matches any bigram starting with it, and
  the unigram covers a character that ends a run. That finds 1-character queries without
  storing every character twice.

Everything is normalised the same way on both sides: NFKC (full-width letters and digits from
Chinese input methods become ASCII) and case-folded. Numbers (文号, 编号) are additionally kept
as exact keys for exact and prefix match (``number_key``), with the bracket styles people type
(〔〕 [] 【】 ()) made one.
"""

import re
import unicodedata

# PostgreSQL keeps positions up to 16383; past it they are clamped, which would break
# followed-by matching. Text beyond this budget is not indexed (titles and short fields go
# first, see sources.py).
MAX_POSITION = 16000
# Longest query run turned into a phrase: a pasted paragraph should not build a huge tsquery.
MAX_QUERY_RUN = 40
MAX_TERMS = 6

_RUN = re.compile(r"\w+")
_OPENERS = "([【〔［〖｛{"
_CLOSERS = ")]】〕］〗｝}"
_BRACKETS = str.maketrans({**{c: "〔" for c in _OPENERS}, **{c: "〕" for c in _CLOSERS}})


def normalise(text):
    """NFKC and case-folded: what both the index and the query see."""
    return unicodedata.normalize("NFKC", str(text or "")).casefold()


def runs(text):
    """The runs of letters and digits of `text` (underscores are separators too)."""
    return [run for run in _RUN.findall(normalise(text).replace("_", " ")) if run]


def number_key(text):
    """The exact-match form of a document or case number: NFKC, upper case, no spaces, one
    bracket style (区司发〔2026〕3号, 区司发[2026]3号 and 区司发（2026）3号 are one number)."""
    text = unicodedata.normalize("NFKC", str(text or "")).upper()
    return "".join(text.split()).translate(_BRACKETS)


def lexemes(texts, start=1):
    """{lexeme: [positions]} for the given texts, positions from `start`; and the next free
    position. Runs are separated by a gap so that followed-by never spans two runs."""
    found = {}
    pos = start
    for text in texts:
        for run in runs(text):
            if pos + len(run) > MAX_POSITION:
                return found, pos
            for i in range(len(run) - 1):
                found.setdefault(run[i : i + 2], []).append(pos + i)
            found.setdefault(run[-1], []).append(pos + len(run) - 1)
            pos += len(run) + 1
    return found, pos


def _quote(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(found):
    """The tsvector input form of {lexeme: [positions]}: read by PostgreSQL as it is."""
    return " ".join(f"{_quote(lex)}:{','.join(str(p) for p in sorted(set(pos))[:256])}" for lex, pos in found.items())


def run_tsquery(run):
    run = run[:MAX_QUERY_RUN]
    if len(run) == 1:
        return f"{_quote(run)}:*"
    bigrams = [_quote(run[i : i + 2]) for i in range(len(run) - 1)]
    return " <-> ".join(bigrams) if len(bigrams) > 1 else bigrams[0]


def term_tsquery(term):
    """The tsquery text matching `term` (a typed word without spaces) as a substring, or "" when
    it holds no letters or digits. Punctuation inside a term splits it into runs, all required."""
    parts = [run_tsquery(run) for run in runs(term)]
    return " & ".join(f"({p})" for p in parts)


def terms(query):
    """The whitespace-separated terms of a query (at most MAX_TERMS), NFKC-normalised."""
    return unicodedata.normalize("NFKC", str(query or "")).split()[:MAX_TERMS]
