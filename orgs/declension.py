"""Russian cases of names, for documents and for the pages that show them for checking.

People's names are declined by ``petrovich`` (first name, patronymic and surname by their
own rules, with the gender), the names of organisations, municipalities and positions by
``pymorphy3``: the adjectives before the head noun and the head noun itself change, what
follows the head (a genitive complement, a quoted proper name, an abbreviation such as
«СОШ» or «МБОУ», a number) stays as written. Libraries, not hand-written endings: Russian
has too many exceptions («Дурново», «Шевчук» for a woman, «Гусейн-оглы», «Ининская»).

A curator's hand-corrected form of a phrase (``NameForm``) wins over both libraries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

# Case names as pymorphy3 spells them; the keys of overrides and of ``forms``.
NOMINATIVE, GENITIVE, DATIVE, ACCUSATIVE, INSTRUMENTAL, PREPOSITIONAL = (
    "nomn",
    "gent",
    "datv",
    "accs",
    "ablt",
    "loct",
)
CASES = [GENITIVE, DATIVE, ACCUSATIVE, INSTRUMENTAL, PREPOSITIONAL]
CASE_LABELS = {
    NOMINATIVE: "именительный (кто? что?)",
    GENITIVE: "родительный (кого? чего?)",
    DATIVE: "дательный (кому? чему?)",
    ACCUSATIVE: "винительный (кого? что?)",
    INSTRUMENTAL: "творительный (кем? чем?)",
    PREPOSITIONAL: "предложный (о ком? о чём?)",
}
CASE_CHOICES = [(case, CASE_LABELS[case]) for case in CASES]

# Overrides: the nominative phrase → {case: form}.
Overrides = Mapping[str, Mapping[str, str]]


@functools.cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.cache
def _petrovich():
    from petrovich.main import Petrovich

    class _Petrovich(Petrovich):
        """Two differences from petrovich 2.0.1, which reads its own rules unlike the
        original JavaScript library: rules marked «androgynous» apply to either gender
        (2.0.1 skipped them whenever a gender was given, so «Никита» stayed undeclined and
        «Ольга» became «Ольгы»), and «.» means «unchanged» (2.0.1 went on to the next rule).
        Among the rules that fit, the longest ending wins («-ий» before «-й»: «о Дмитрии»)."""

        def _Petrovich__find_rules(self, name, case, name_form, gender=None):
            best, length = None, 0
            for rule in self.data[name_form]["suffixes"]:
                if gender is not None and rule["gender"] not in (gender, "androgynous"):
                    continue
                for chars in rule["test"]:
                    if len(chars) > length and name[-len(chars) :].lower() == chars:
                        best, length = rule, len(chars)
            return self._apply(best, name, case) if best else name

        def _Petrovich__check_exceptions(self, name, case, name_form, gender=None):
            rules = self.data.get(name_form, {}).get("exceptions") or []
            lower = name.lower()
            for rule in rules:
                if gender is not None and rule["gender"] not in (gender, "androgynous"):
                    continue
                if lower in rule["test"]:
                    return self._apply(rule, name, case)
            return None

        def _apply(self, rule, name, case):
            if rule["mods"][case] == ".":
                return name
            return self._Petrovich__apply_rule(rule["mods"], name, case)

    petrovich = _Petrovich()
    # Surnames in «-ых», «-их» never change (Седых, Черных, Долгих), for men too.
    petrovich.data["lastname"]["suffixes"].insert(
        0, {"gender": "androgynous", "test": ["ых", "их"], "mods": [".", ".", ".", ".", "."]}
    )
    return petrovich


_PETROVICH_CASE = {GENITIVE: 0, DATIVE: 1, ACCUSATIVE: 2, INSTRUMENTAL: 3, PREPOSITIONAL: 4}


# --- people -----------------------------------------------------------------------------------

MALE, FEMALE = "male", "female"


def gender_of(first_name: str = "", patronymic: str = "", last_name: str = "") -> str:
    """The patronymic tells it best («-вна», «-кызы» / «-вич», «-оглы»), then the first name
    as the dictionary knows it, then the surname's ending."""
    tail = patronymic.strip().lower()
    if tail.endswith(("вна", "чна", "шна", "кызы", "гызы", "қызы")):
        return FEMALE
    if tail.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return MALE
    if first_name:
        for parse in _morph().parse(first_name):
            if "Name" in parse.tag and "nomn" in parse.tag:
                return FEMALE if parse.tag.gender == "femn" else MALE
    return FEMALE if last_name.strip().lower().endswith(("а", "я", "ая")) else MALE


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str = ""
    patronymic: str = ""
    gender: str = ""

    @classmethod
    def of(cls, staff) -> Person:
        return cls(staff.last_name, staff.first_name, staff.patronymic)

    @classmethod
    def parse(cls, text: str) -> Person:
        """«Смирнова Елена Анатольевна», «Е.А.Смирнова» or «Смирнова Е. А.»."""
        text = " ".join(text.replace(".", ". ").split())
        words = text.split(" ")
        initials = [w for w in words if re.fullmatch(r"\w\.", w)]
        names = [w for w in words if w not in initials]
        if initials and len(names) == 1:
            first, patronymic = (initials + ["", ""])[:2]
            return cls(names[0], first, patronymic)
        if len(words) > 3:  # «Алиева Севиль Рашид кызы»: the patronymic is two words
            return cls(words[0], words[1], " ".join(words[2:]))
        return cls(*(words + ["", "", ""])[:3]) if words else cls("")

    @property
    def sex(self) -> str:
        if self.gender:
            return self.gender
        first = "" if self.first_name.endswith(".") else self.first_name
        patronymic = "" if self.patronymic.endswith(".") else self.patronymic
        return gender_of(first, patronymic, self.last_name)

    def _initials(self) -> str:
        return "\u00a0".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)

    def _part(self, kind: str, value: str, case: str) -> str:
        if not value or case == NOMINATIVE or value.endswith("."):
            return value
        method = getattr(_petrovich(), kind)
        return method(value, _PETROVICH_CASE[case], self.sex)

    def full(self, case: str = NOMINATIVE, overrides: Overrides | None = None) -> str:
        """«Комаровой Елене Анатольевне»."""
        nominative = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        own = _override(overrides, nominative, case)
        if own:
            return own
        return " ".join(
            p
            for p in (
                self.surname(case, overrides),
                self._part("firstname", self.first_name, case),
                self._part("middlename", self.patronymic, case),
            )
            if p
        )

    def surname(self, case: str = NOMINATIVE, overrides: Overrides | None = None) -> str:
        return _override(overrides, self.last_name, case) or self._part(
            "lastname", self.last_name, case
        )

    def short(self, case: str = NOMINATIVE, overrides: Overrides | None = None) -> str:
        """«Высоцкой Ю. В.» (in lists), with no-break spaces."""
        initials = self._initials()
        surname = self.surname(case, overrides)
        return f"{surname}\u00a0{initials}" if initials else surname

    def signature(self, case: str = NOMINATIVE, overrides: Overrides | None = None) -> str:
        """«Ю. В. Высоцкой»: initials before the surname, as under a signature."""
        initials = self._initials()
        surname = self.surname(case, overrides)
        return f"{initials}\u00a0{surname}" if initials else surname


# --- organisations, municipalities, positions -------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")
_ADJECTIVES = {"ADJF", "PRTF"}
# Heads after which a proper noun in apposition changes too: «города Горно-Алтайска».
# Nouns whose place after «в» is the second prepositional: «в детском саду», not «саде».
_LOCATIVE_IN_U = {"сад"}
_SETTLEMENT_HEADS = {"город", "село", "посёлок", "поселок", "деревня", "станица", "аул"}


def _override(overrides: Overrides | None, phrase: str, case: str) -> str:
    if not overrides or case == NOMINATIVE:
        return ""
    return (overrides.get(phrase.strip()) or {}).get(case, "")


def _nominative(word: str, *, adjective: bool | None = None):
    """The word's reading in the nominative (an adjective first, then a common noun)."""
    parses = [p for p in _morph().parse(word) if "nomn" in p.tag]
    adjectives = [p for p in parses if p.tag.POS in _ADJECTIVES]
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    common = [p for p in nouns if not ({"Surn", "Name", "Patr"} & p.tag.grammemes)]
    if adjective is True:
        return adjectives[0] if adjectives else None
    if adjective is False:
        return (common or nouns or [None])[0]
    return (adjectives or common or nouns or [None])[0]


def _same_shape(original: str, word: str) -> str:
    """Keep the writer's capitals: «Онгудайской», «ГОРОДА», «Горно-Алтайска»."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    parts, originals = word.split("-"), original.split("-")
    if len(parts) == len(originals):
        return "-".join(
            p[:1].upper() + p[1:] if o[:1].isupper() else p
            for p, o in zip(parts, originals, strict=True)
        )
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _inflect(parse, case: str, original: str, head=None) -> str:
    grammemes = {case}
    if parse.tag.POS in _ADJECTIVES:
        if parse.tag.number == "sing" and parse.tag.gender:
            grammemes.add(parse.tag.gender)
        if case == ACCUSATIVE and (parse.tag.gender == "masc" or parse.tag.number == "plur"):
            # «Детский сад» → «Детский сад», «Заместитель» → «Заместителя»: the head's
            # animacy decides the adjective's accusative.
            animacy = head.tag.animacy if head is not None else None
            grammemes.add(animacy or "inan")
    form = None
    if case == PREPOSITIONAL and parse.normal_form in _LOCATIVE_IN_U:
        form = parse.inflect({"loc2"})  # «в детском саду», the form documents need after «в»
    form = form or parse.inflect(grammemes)
    if not form:
        return original
    opening, closing = (
        ("(", ")") if original.startswith("(") and original.endswith(")") else ("", "")
    )
    return opening + _same_shape(original.strip("()"), form.word) + closing


def _is_abbreviation(word: str) -> bool:
    """«СОШ», «МБОУ», «ИПКиППРО», but not «Горно-Алтайск»."""
    return re.search(r"[А-ЯЁA-Z]{2}", word) is not None


def decline(phrase: str, case: str, overrides: Overrides | None = None) -> str:
    """The phrase in ``case``: «Онгудайская СОШ» → «Онгудайской СОШ», «Детский сад
    г. Кедрового» → «Детского сада г. Кедрового», «МБОУ «Онгудайская СОШ»» unchanged."""
    phrase = phrase.strip()
    if not phrase or case == NOMINATIVE:
        return phrase
    own = _override(overrides, phrase, case)
    if own:
        return own
    tokens = _TOKEN.findall(phrase)
    head = None
    changing: list[tuple[int, object]] = []  # (token index, its nominative reading)
    for index, token in enumerate(tokens):
        if token.isspace():
            continue
        word = token[1:-1] if token.startswith("(") and token.endswith(")") else token
        if not word[:1].isalpha() or word.endswith("."):
            break  # a quoted name, a number, «г.», «им.»: stays as written
        if _is_abbreviation(token):
            break  # «СОШ», «МБОУ»: the head itself, and it does not change
        if head is None:
            parse = _nominative(word)
            if parse is None:
                break
            changing.append((index, parse))
            if parse.tag.POS == "NOUN":
                head = parse
            continue
        # After the head only what agrees with it changes: «Город Кедровый» →
        # «Города Кедрового»; «Дом детского творчества» keeps its complement.
        adjective = _nominative(word, adjective=True)
        if adjective is not None and _agrees(adjective, head):
            changing.append((index, adjective))
            continue
        noun = _nominative(word, adjective=False)
        if noun is not None and head.normal_form in _SETTLEMENT_HEADS and "Geox" in noun.tag:
            changing.append((index, noun))
        break
    for index, parse in changing:
        tokens[index] = _inflect(parse, case, tokens[index], head)
    return "".join(tokens)


def _agrees(adjective, head) -> bool:
    if head.tag.number == "plur":
        return adjective.tag.number == "plur"
    return adjective.tag.number == "sing" and adjective.tag.gender == head.tag.gender


def position(text: str, case: str, overrides: Overrides | None = None) -> str:
    """A position in ``case`` with its first letter as in a running text: «заместителя
    директора по УВР», «учителю физики»; abbreviations keep their capitals."""
    text = text.strip()
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return decline(text, case, overrides)


def municipality_phrase(name: str) -> str:
    """«Онгудайский район», but «муниципальное образование «Город Кедровый»»: a town's
    official name is a proper name in quotes, not a phrase to decline."""
    if name.lower().startswith(("город ", "поселок ", "посёлок ", "село ")):
        return f"муниципальное образование «{name}»"
    return name


def forms(phrase: str, overrides: Overrides | None = None) -> dict[str, str]:
    """Every case of a phrase, for the page where a curator checks and corrects them."""
    return {case: decline(phrase, case, overrides) for case in CASES}


def person_forms(person: Person, overrides: Overrides | None = None) -> dict[str, str]:
    return {case: person.full(case, overrides) for case in CASES}
