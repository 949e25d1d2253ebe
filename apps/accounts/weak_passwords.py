"""Weak passwords of the kind that pass "10 characters, 3 classes" yet are guessed first.

Chinese users' leaked-password studies agree on the shape: a common word, a pinyin word or
name, or a keyboard walk, plus a digit run, a year or a "lucky" number, plus a symbol
(Admin@123456, Qwer1234!@#$, Woaini@1314, Zhangsan@2026, P@ssw0rd2026, 1qaz@WSX3edc).
is_weak() takes the letters of a password (symbols ignored, look-alike digits read as letters)
and its digits, and calls it weak when the letters are made only of such words and the digits
only of such numbers. Cheap: no list of millions, a word-break over a few dozen words.
"""

import re

# Words (lower case, at least 3 letters) that people build passwords from here.
WORDS = {
    # generic and administrative
    "admin",
    "administrator",
    "root",
    "system",
    "sys",
    "super",
    "manager",
    "password",
    "passwd",
    "pass",
    "pwd",
    "test",
    "user",
    "guest",
    "welcome",
    "hello",
    "love",
    "iloveyou",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "qaz",
    "default",
    "changeme",
    "letmein",
    "server",
    "oracle",
    "mysql",
    "windows",
    "office",
    "portal",
    "login",
    # pinyin words and phrases
    "woaini",
    "nihao",
    "mima",
    "wode",
    "aini",
    "laopo",
    "laogong",
    "baobei",
    "zhongguo",
    "china",
    "beijing",
    "shanghai",
    "shandong",
    "zibo",
    "linzi",
    "sifa",
    "sifaju",
    "sfj",
    "zhengfu",
    "gov",
    "dang",
    "zhengwu",
    "bangong",
    "oa",
    "fayuan",
    "falv",
    "lvshi",
    "jiaozheng",
    "xinfang",
    "fuyi",
    "gongan",
    "jingcha",
    "kuaile",
    "xingfu",
    "pingan",
    "facai",
    "hao",
    # common full names used as placeholders
    "zhangsan",
    "lisi",
    "wangwu",
    "zhaoliu",
    "zhangwei",
    "wangfang",
    "liwei",
    "wangwei",
    "liuyang",
}

# Keyboard rows and columns: any run of three or more keys along them, either direction.
_KEYBOARD_LINES = [
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qaz",
    "wsx",
    "edc",
    "rfv",
    "tgb",
    "yhn",
    "ujm",
    "abcdefghijklmnopqrstuvwxyz",
]


def _keyboard_runs():
    runs = set()
    for line in _KEYBOARD_LINES:
        for text in (line, line[::-1]):
            for i in range(len(text)):
                for j in range(i + 3, len(text) + 1):
                    runs.add(text[i:j])
    return runs


_RUNS = _keyboard_runs()
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "5": "s", "$": "s", "7": "t"})
_LUCKY = {"520", "1314", "5201314", "666", "888", "168", "518", "999", "110", "119", "911"}
_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)")


def _composed_of(text, pieces):
    """True when `text` splits entirely into strings accepted by `pieces`(piece) (word break)."""
    if not text:
        return True
    ok = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(end):
            if ok[start] and pieces(text[start:end]):
                ok[end] = True
                break
    return ok[-1]


def _weak_word(piece):
    return piece in WORDS or piece in _RUNS


def _weak_number(piece):
    if len(piece) < 2:
        return False
    if piece in _LUCKY or _YEAR.fullmatch(piece) or len(set(piece)) == 1:  # 1314, 2026, 888888
        return True
    steps = {int(b) - int(a) for a, b in zip(piece, piece[1:])}
    return steps <= {1, -9} or steps <= {-1, 9}  # 123456, 7890 (the keyboard's digit row), 54321


def _weak_digits(digits):
    """One or two digits add nothing; longer ones are weak when made of runs, years, lucky numbers."""
    return len(digits) <= 2 or _composed_of(digits, _weak_number)


def is_weak(password, extra_words=()):
    """The password is a weak word pattern (see the module docstring)."""
    lowered = password.lower()
    extra = {w.lower() for w in extra_words if w and len(w) >= 3}

    def word(piece):
        return _weak_word(piece) or piece in extra

    # Letters from the first to the last letter, with look-alike digits read as letters
    # (P@ssw0rd); the digits around them are the number part.
    match = re.search(r"[a-z].*[a-z]|[a-z]", lowered)
    if not match:
        return _weak_digits(re.sub(r"\D", "", lowered))
    core = match.group(0)
    letters = re.sub(r"[^a-z]", "", core.translate(_LEET))
    plain_letters = re.sub(r"[^a-z]", "", core)
    digits = re.sub(r"\D", "", lowered[: match.start()] + lowered[match.end() :])
    inner_digits = re.sub(r"\D", "", core)
    # one or two letters (12345678Aa!) add as little as one or two digits
    words_weak = len(plain_letters) <= 2 or _composed_of(letters, word) or _composed_of(plain_letters, word)
    if not words_weak:
        return False
    # 1qaz2wsx3edc: the digits inside a keyboard walk follow the keyboard too
    return _weak_digits(digits) and (_weak_digits(inner_digits) or _composed_of(letters, word))
