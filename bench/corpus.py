"""Deterministic synthetic courses for the benchmark.

A course is an ordinary Seminar project: `docs/` with essay-like pages in
`part-NN/` folders, `index.md`, a `glossary.md` written as a Markdown definition
list (several term lines before one definition are aliases) and a `references.md`;
a `references.bib`; and two configurations that differ only in the `seminar`
plugin entry: `mkdocs.yml` (with it) and `mkdocs.plain.yml` (without it).

Everything is drawn from `random.Random` streams seeded by the course's seed and a
stream name, so the same spec always writes the same bytes, and a course with a
bigger `.bib` (`bigbib`) has exactly the Markdown of the course it extends.

Citations use every Pandoc form: `[@a]`, `[@a, p. 12]`, `[@a; @b]`,
`[see @a, pp. 33-35; also @b, chap. 1]` (with an en dash), `[-@a]`, narrative `@a` and `@a [p. 33]`.
The `.bib` holds valid BibTeX of several entry types with LaTeX accents, page
ranges written `--`, DOIs, URLs and abstracts, as reference managers export it.
"""

from __future__ import annotations

import json
import random
import shutil
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from pathlib import Path

#: The file, in the course folder, that describes what was generated.
MANIFEST = "bench-course.json"
#: The configuration with the `seminar` plugin, and the same one without it.
SEMINAR_CONFIG = "mkdocs.yml"
PLAIN_CONFIG = "mkdocs.plain.yml"

#: Options of the `seminar` plugin entry: everything the courses exercise. Features
#: that are on by default (discussion questions are meant to be) need no option; one
#: that needs switching on gets its option here, so the benchmark measures it.
SEMINAR_OPTIONS: dict[str, Any] = {
    "bibliography": "references.bib",
    "csl": "apa",
    "glossary": "glossary.md",
}

#: Pages per `part-NN/` folder, so the navigation has sections as a real course does.
PAGES_PER_PART = 20


@dataclass(frozen=True)
class CourseSpec:
    """What to generate.

    Attributes:
        name: Folder name of the course.
        pages: Reading pages (besides index, glossary and references).
        words_per_page: Approximate words of prose per reading page.
        citations: Citations written in the pages (one per bracketed group or
            narrative reference; a group may cite several works).
        cited_entries: How many distinct `.bib` entries the pages cite.
        bib_entries: Entries in the `.bib`; those beyond `cited_entries` are never cited.
        terms: Glossary terms (each may have aliases).
        seed: Seed of every random stream; courses that share it share their Markdown.
    """

    name: str
    pages: int
    words_per_page: int
    citations: int
    cited_entries: int
    bib_entries: int
    terms: int
    seed: str = "seminar-bench"

    def scaled(self, factor: float, **minimums: int) -> CourseSpec:
        """This spec with every count multiplied by `factor` (at least `minimums`)."""
        counts = {
            name: max(minimums.get(name, 1), round(getattr(self, name) * factor))
            for name in (
                "pages",
                "words_per_page",
                "citations",
                "cited_entries",
                "bib_entries",
                "terms",
            )
        }
        counts["cited_entries"] = min(counts["cited_entries"], counts["bib_entries"])
        return CourseSpec(name=self.name, seed=self.seed, **counts)


@dataclass
class CourseStats:
    """What was actually written, for the report and for the tests."""

    pages: int = 0
    words: int = 0
    citations: int = 0
    citation_forms: dict[str, int] = field(default_factory=dict)
    cited_keys: int = 0
    bib_entries: int = 0
    bib_types: dict[str, int] = field(default_factory=dict)
    bib_bytes: int = 0
    terms: int = 0
    aliases: int = 0
    term_uses: int = 0
    edit_page: str = ""
    edit_text: str = ""


# --- Vocabulary ---------------------------------------------------------------

NOUNS = (
    ("argument", "arguments"),
    ("tradition", "traditions"),
    ("community", "communities"),
    ("institution", "institutions"),
    ("student", "students"),
    ("teacher", "teachers"),
    ("worker", "workers"),
    ("society", "societies"),
    ("relationship", "relationships"),
    ("practice", "practices"),
    ("value", "values"),
    ("principle", "principles"),
    ("outcome", "outcomes"),
    ("movement", "movements"),
    ("question", "questions"),
    ("group", "groups"),
    ("network", "networks"),
    ("market", "markets"),
    ("state", "states"),
    ("citizen", "citizens"),
    ("family", "families"),
    ("classroom", "classrooms"),
    ("workplace", "workplaces"),
    ("project", "projects"),
    ("decision", "decisions"),
    ("obligation", "obligations"),
    ("freedom", "freedoms"),
    ("critic", "critics"),
    ("theory", "theories"),
    ("study", "studies"),
    ("interview", "interviews"),
    ("experiment", "experiments"),
    ("generation", "generations"),
    ("habit", "habits"),
    ("belief", "beliefs"),
    ("reform", "reforms"),
    ("city", "cities"),
    ("region", "regions"),
    ("company", "companies"),
    ("scholar", "scholars"),
)
ADJECTIVES = (
    "independent",
    "shared",
    "voluntary",
    "modern",
    "traditional",
    "careful",
    "unequal",
    "fragile",
    "durable",
    "local",
    "national",
    "personal",
    "public",
    "private",
    "competitive",
    "cooperative",
    "early",
    "recent",
    "ambitious",
    "ordinary",
    "decisive",
    "hidden",
    "visible",
    "rational",
    "emotional",
    "practical",
    "abstract",
    "lasting",
    "urban",
    "rural",
)
#: (with a singular subject, with a plural subject)
VERBS = (
    ("shapes", "shape"),
    ("supports", "support"),
    ("undermines", "undermine"),
    ("explains", "explain"),
    ("requires", "require"),
    ("limits", "limit"),
    ("strengthens", "strengthen"),
    ("questions", "question"),
    ("reflects", "reflect"),
    ("transforms", "transform"),
    ("rewards", "reward"),
    ("protects", "protect"),
    ("challenges", "challenge"),
    ("sustains", "sustain"),
    ("weakens", "weaken"),
    ("reveals", "reveal"),
    ("organises", "organise"),
    ("encourages", "encourage"),
    ("resists", "resist"),
    ("complements", "complement"),
)
ADVERBS = (
    "often",
    "rarely",
    "gradually",
    "quietly",
    "directly",
    "largely",
    "partly",
    "openly",
    "slowly",
    "repeatedly",
)
CONNECTIVES = (
    "However",
    "Moreover",
    "In practice",
    "For this reason",
    "At the same time",
    "By contrast",
    "Historically",
    "In this sense",
    "Even so",
    "As a result",
    "Seen this way",
    "On the other hand",
)
PREPOSITIONS = ("within", "across", "beyond", "between", "against", "through", "among", "under")
REPORTING = ("argues", "shows", "suggests", "claims", "observes", "notes", "maintains")
HEADINGS = (
    "Background",
    "The central claim",
    "An objection",
    "A reply",
    "Evidence from the classroom",
    "Historical context",
    "Competing views",
    "Implications",
    "A closer reading",
    "Summary",
)

# Glossary terms: an adjective and a noun that ordinary prose never puts together.
TERM_ADJECTIVES = (
    "civic",
    "deliberative",
    "distributed",
    "reflexive",
    "normative",
    "procedural",
    "relational",
    "tacit",
    "symbolic",
    "epistemic",
    "collective",
    "institutional",
    "communicative",
    "strategic",
    "creative",
    "moral",
    "cultural",
    "expressive",
    "instrumental",
    "participatory",
    "affective",
    "horizontal",
    "vertical",
    "networked",
)
#: (singular, plural, other spelling or None)
TERM_NOUNS = (
    ("trust", "trusts", None),
    ("capital", "capitals", None),
    ("agency", "agencies", None),
    ("autonomy", "autonomies", None),
    ("solidarity", "solidarities", None),
    ("reciprocity", "reciprocities", None),
    ("organisation", "organisations", "organization"),
    ("behaviour", "behaviours", "behavior"),
    ("labour", "labours", "labor"),
    ("consensus", "consensuses", None),
    ("legitimacy", "legitimacies", None),
    ("identity", "identities", None),
    ("membership", "memberships", None),
    ("recognition", "recognitions", None),
    ("coordination", "coordinations", None),
    ("hierarchy", "hierarchies", None),
    ("reputation", "reputations", None),
    ("commitment", "commitments", None),
    ("judgement", "judgements", "judgment"),
    ("governance", "governances", None),
    ("mobility", "mobilities", None),
    ("ownership", "ownerships", None),
    ("accountability", "accountabilities", None),
    ("self-reliance", "self-reliances", None),
    ("centre", "centres", "center"),
)

# BibTeX: (LaTeX spelling, plain spelling) of names, so accents are written as
# reference managers write them.
SURNAMES = (
    ("Bandinelli", "Bandinelli"),
    ("Gandini", "Gandini"),
    ('M{\\"u}ller', "Müller"),
    ("Garc{\\'\\i}a", "García"),
    ("Gonz{\\'a}lez", "González"),
    ("{\\O}stergaard", "Østergaard"),
    ("{\\v{S}}koda", "Škoda"),
    ("Ng", "Ng"),
    ("O'Brien", "O'Brien"),
    ("van der Berg", "van der Berg"),
    ("Smith", "Smith"),
    ("Johnson", "Johnson"),
    ("Nakamura", "Nakamura"),
    ("Okafor", "Okafor"),
    ("Dubois", "Dubois"),
    ("Le{\\'o}n", "León"),
    ("Andersson", "Andersson"),
    ("Kowalski", "Kowalski"),
    ("Rossi", "Rossi"),
    ('Schr{\\"o}der', "Schröder"),
    ("Fran{\\c{c}}ois", "François"),
    ("Chen", "Chen"),
    ("Wang", "Wang"),
    ("Kim", "Kim"),
    ("Patel", "Patel"),
    ("Singh", "Singh"),
    ("Haddad", "Haddad"),
    ("Novak", "Novak"),
    ("Horvath", "Horvath"),
    ("Ib{\\'a}{\\~n}ez", "Ibáñez"),
    ("Jensen", "Jensen"),
    ("Lindqvist", "Lindqvist"),
    ("Moreau", "Moreau"),
    ("Costa", "Costa"),
    ("Pereira", "Pereira"),
    ("Walker", "Walker"),
    ("Thompson", "Thompson"),
    ("Brown", "Brown"),
    ("Taylor", "Taylor"),
    ("Clarke", "Clarke"),
    ("Fischer", "Fischer"),
    ("Weber", "Weber"),
    ("Bourdieu", "Bourdieu"),
    ("Putnam", "Putnam"),
    ("Ostrom", "Ostrom"),
    ("Sennett", "Sennett"),
    ("Ahmed", "Ahmed"),
    ("Yilmaz", "Yilmaz"),
    ("{\\c{C}}elik", "Çelik"),
    ("Dvo{\\v{r}}{\\'a}k", "Dvořák"),
)
GIVEN_NAMES = (
    "Carolina",
    "Alessandro",
    "Ren{\\'e}",
    "Fran{\\c{c}}oise",
    'J{\\"o}rg',
    "Zo{\\'e}",
    'Bj{\\"o}rn',
    "Jos{\\'e}",
    "Anna",
    "Robert D.",
    "Elinor",
    "Richard",
    "Sara",
    "Mei",
    "Hiroshi",
    "Chidi",
    "Priya",
    "Lars",
    "Marta",
    "Tom{\\'a}{\\v{s}}",
    "Ingrid",
    "Pierre",
    "Luc{\\'\\i}a",
    "Ahmed",
    "Emma",
    "James",
    "A. C.",
    "Maria",
    "Nils",
    "Ay{\\c{s}}e",
)
CORPORATE_AUTHORS = (
    "{Organisation for Economic Co-operation and Development}",
    "{United Nations Educational, Scientific and Cultural Organization}",
    "{World Bank}",
)
JOURNALS = (
    "American Sociological Review",
    "Journal of Cross-Cultural Psychology",
    "Organization Studies",
    "Comparative Education Review",
    "Work, Employment and Society",
    "Journal of Personality and Social Psychology",
    "Sociological Theory",
    "Teaching and Teacher Education",
    "European Journal of Social Theory",
    "Review of Educational Research",
)
PUBLISHERS = (
    ("Palgrave Macmillan", "Cham"),
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Routledge", "London"),
    ("Princeton University Press", "Princeton, NJ"),
    ("Simon \\& Schuster", "New York"),
    ("Polity", "Cambridge"),
    ("SAGE", "Thousand Oaks, CA"),
    ("Springer", "Berlin"),
    ("Harvard University Press", "Cambridge, MA"),
)
CONFERENCES = (
    "Proceedings of the Annual Meeting of the Cognitive Science Society",
    "Proceedings of the {ACM} Conference on Computer-Supported Cooperative Work",
    "Proceedings of the International Conference on Education and New Learning Technologies",
    "Academy of Management Proceedings",
)
TITLE_NOUNS = (
    "Individualism",
    "Collectivism",
    "Cooperation",
    "Competition",
    "Trust",
    "Community",
    "Creativity",
    "Solidarity",
    "Self-Reliance",
    "Social Capital",
    "Education",
    "Work",
    "Culture",
    "Civic Life",
    "Networks",
    "Institutions",
)
TITLE_PLACES = (
    "{Europe}",
    "{East Asia}",
    "the {United States}",
    "{Latin America}",
    "Post-War {Britain}",
    "{Scandinavia}",
    "{West Africa}",
)


def _plain_ascii(text: str) -> str:
    """Letters of `text` without accents, lowercased: the stem of a cite key."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Ø", "O").replace("ø", "o"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).lower()


# --- The bibliography -----------------------------------------------------------


@dataclass(frozen=True)
class BibEntry:
    """One generated `.bib` entry, with what the prose needs to cite it."""

    key: str
    surname: str
    bibtex: str
    entry_type: str


class _BibWriter:
    """Draws entries one by one, keeping cite keys unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: set[str] = set()

    def _key(self, surname: str, year: int, title: str) -> str:
        base = f"{_plain_ascii(surname) or 'anon'}{year}"
        word = next((_plain_ascii(w) for w in title.split() if len(_plain_ascii(w)) > 3), "x")
        for candidate in (base, base + word):
            if candidate not in self.keys:
                return candidate
        number = 2
        while f"{base}{word}{number}" in self.keys:
            number += 1
        return f"{base}{word}{number}"

    def _person(self) -> tuple[str, str]:
        latex, plain = self.rng.choice(SURNAMES)
        return f"{latex}, {self.rng.choice(GIVEN_NAMES)}", plain

    def _authors(self) -> tuple[str, str]:
        if self.rng.random() < 0.02:
            name = self.rng.choice(CORPORATE_AUTHORS)
            return name, name.strip("{}").split(",")[0]
        people = [self._person() for _ in range(self.rng.choice((1, 1, 1, 2, 2, 3, 4)))]
        return " and ".join(p[0] for p in people), people[0][1]

    def _title(self) -> str:
        rng = self.rng
        a, b = rng.sample(TITLE_NOUNS, 2)
        shape = rng.randrange(6)
        if shape == 0:
            return f"{a} and {b}: Evidence from {rng.choice(TITLE_PLACES)}"
        if shape == 1:
            return f"The Limits of {a}"
        if shape == 2:
            return f"{a} without {b}? {rng.choice(ADJECTIVES).title()} Lives, 1950--2000"
        if shape == 3:
            return f"Rethinking {a} \\& {b} in {rng.choice(TITLE_PLACES)}"
        if shape == 4:
            return f"From {a} to {b}: A {{Durkheimian}} Reading"
        return f"{rng.choice(ADJECTIVES).title()} {a}"

    def _abstract(self) -> str:
        rng = self.rng
        sentences = [
            f"This {rng.choice(('study', 'chapter', 'paper'))} examines how "
            f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)[1]} {rng.choice(VERBS)[1]} "
            f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)[1]}.",
            f"Drawing on {rng.randint(12, 90)} interviews, it finds that about "
            f"{rng.randint(10, 90)}\\% of respondents {rng.choice(('value', 'doubt'))} "
            f"{rng.choice(NOUNS)[1]} more than {rng.choice(NOUNS)[1]}.",
            f"The findings {rng.choice(VERBS)[1]} earlier accounts of "
            f"{rng.choice(TITLE_NOUNS).lower()}.",
        ]
        return " ".join(sentences[: rng.randint(1, 3)])

    def _doi(self) -> str:
        return f"10.{self.rng.randint(1000, 99999)}/{self.rng.choice(('s', 'j.', ''))}" + str(
            self.rng.randint(10**6, 10**9)
        )

    def _isbn(self) -> str:
        digits = [9, 7, 8] + [self.rng.randrange(10) for _ in range(9)]
        check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
        text = "".join(map(str, [*digits, check]))
        return f"{text[:3]}-{text[3]}-{text[4:8]}-{text[8:12]}-{text[12]}"

    def entry(self) -> BibEntry:
        """A new entry of a random type."""
        rng = self.rng
        entry_type = rng.choices(
            ("article", "book", "incollection", "inproceedings"), weights=(5, 2, 2, 1)
        )[0]
        authors, surname = self._authors()
        title = self._title()
        year = rng.randint(1958, 2024)
        key = self._key(surname, year, title)
        self.keys.add(key)
        start = rng.randint(1, 400)
        pages = f"{start}--{start + rng.randint(5, 40)}"
        fields: list[tuple[str, str]] = [("author", authors), ("title", title)]
        if entry_type == "article":
            fields += [
                ("journal", rng.choice(JOURNALS)),
                ("year", str(year)),
                ("volume", str(rng.randint(1, 80))),
                ("number", str(rng.randint(1, 6))),
                ("pages", pages),
            ]
            if rng.random() < 0.6:
                fields.append(("doi", self._doi()))
        elif entry_type == "book":
            publisher, address = rng.choice(PUBLISHERS)
            fields += [("publisher", publisher), ("address", address), ("year", str(year))]
            if rng.random() < 0.3:
                fields.append(("edition", str(rng.randint(2, 5))))
            fields.append(("isbn", self._isbn()))
            if rng.random() < 0.2:
                fields += [
                    ("url", f"https://archive.example.org/details/{key}"),
                    ("urldate", f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"),
                ]
        elif entry_type == "incollection":
            publisher, address = rng.choice(PUBLISHERS)
            editor, _ = self._person()
            fields += [
                ("booktitle", f"The {rng.choice(TITLE_NOUNS)} Reader"),
                ("editor", editor),
                ("publisher", publisher),
                ("address", address),
                ("year", str(year)),
                ("pages", pages),
            ]
        else:
            fields += [
                ("booktitle", rng.choice(CONFERENCES)),
                ("year", str(year)),
                ("pages", pages),
                ("publisher", "ACM" if rng.random() < 0.5 else "IATED"),
            ]
            if rng.random() < 0.5:
                fields.append(("doi", self._doi()))
            else:
                fields.append(("url", f"https://proceedings.example.org/{year}/{key}.pdf"))
        if rng.random() < 0.25:
            fields.append(("abstract", self._abstract()))
        if rng.random() < 0.3:
            fields.append(("keywords", ", ".join(rng.sample(TITLE_NOUNS, 2)).lower()))
        width = max(len(name) for name, _ in fields)
        body = "".join(f"  {name:<{width}} = {{{value}}},\n" for name, value in fields)
        return BibEntry(key, surname, f"@{entry_type}{{{key},\n{body}}}\n", entry_type)


# --- Glossary -------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A glossary term: its main form and its aliases, as written in the glossary."""

    name: str
    aliases: tuple[str, ...]
    plurals: frozenset[str] = frozenset()

    @property
    def forms(self) -> tuple[tuple[str, bool], ...]:
        """Every form the prose may use, lowercased, and whether it is a plural."""
        return tuple((form.lower(), form in self.plurals) for form in (self.name, *self.aliases))


def make_terms(count: int, rng: random.Random) -> list[Term]:
    """`count` distinct terms, about half of them with one or two aliases."""
    combos = [(a, n) for a in TERM_ADJECTIVES for n in TERM_NOUNS]
    if count > len(combos):
        raise ValueError(f"at most {len(combos)} glossary terms can be generated, not {count}")
    terms = []
    for adjective, (singular, plural, spelling) in rng.sample(combos, count):
        aliases: list[str] = []
        if rng.random() < 0.5:
            aliases.append(f"{adjective.capitalize()} {plural}")
        if spelling is not None:
            aliases.append(f"{adjective.capitalize()} {spelling}")
        terms.append(
            Term(
                f"{adjective.capitalize()} {singular}",
                tuple(aliases),
                frozenset(aliases[:1] if aliases and aliases[0].endswith(plural) else ()),
            )
        )
    return sorted(terms, key=lambda term: term.name.lower())


# --- Prose ----------------------------------------------------------------------

CITATION_FORMS = (
    "paren",
    "locator",
    "multiple",
    "prefixed",
    "suppress-author",
    "narrative",
    "narrative-locator",
)
_FORM_WEIGHTS = (30, 10, 15, 10, 10, 15, 10)


class _Writer:
    """Writes pages, drawing citations and terms from queues so each one is used."""

    def __init__(
        self, rng: random.Random, cited: list[BibEntry], terms: list[Term], stats: CourseStats
    ) -> None:
        self.rng = rng
        self.cited = cited
        self.terms = terms
        self.stats = stats
        self._entry_queue: list[BibEntry] = []
        self._term_queue: list[Term] = []
        self._forms = list(CITATION_FORMS)  # every form at least once, first
        self._cited_keys: set[str] = set()

    def _next_entry(self) -> BibEntry:
        if not self._entry_queue:
            self._entry_queue = self.rng.sample(self.cited, len(self.cited))
        entry = self._entry_queue.pop()
        self._cited_keys.add(entry.key)
        return entry

    def _next_term(self) -> tuple[str, bool]:
        if not self._term_queue:
            self._term_queue = self.rng.sample(self.terms, len(self.terms))
        self.stats.term_uses += 1
        return self.rng.choice(self._term_queue.pop().forms)

    @property
    def cited_keys(self) -> int:
        return len(self._cited_keys)

    def _noun_phrase(self, term_chance: float) -> tuple[str, bool]:
        """A noun phrase, and whether it is plural."""
        rng = self.rng
        if self.terms and rng.random() < term_chance:
            return self._next_term()
        singular, plural = rng.choice(NOUNS)
        if rng.random() < 0.5:
            return f"the {rng.choice(ADJECTIVES)} {singular}", False
        return f"{rng.choice(('many', 'some', 'most', 'few'))} {plural}", True

    def _clause(self, term_chance: float) -> str:
        rng = self.rng
        subject, plural = self._noun_phrase(term_chance)
        parts = [subject]
        if rng.random() < 0.3:
            parts.append(rng.choice(ADVERBS))
        parts += [rng.choice(VERBS)[plural], self._noun_phrase(term_chance)[0]]
        if rng.random() < 0.6:
            parts += [rng.choice(PREPOSITIONS), self._noun_phrase(term_chance)[0]]
        return " ".join(parts)

    def sentence(self, term_chance: float) -> str:
        """One plain sentence of essay-like prose."""
        rng = self.rng
        text = self._clause(term_chance)
        if rng.random() < 0.4:
            text += f", and {self._clause(term_chance)}"
        if rng.random() < 0.35:
            text = f"{rng.choice(CONNECTIVES)}, {text}"
        return text[0].upper() + text[1:] + "."

    def cited_sentence(self, term_chance: float) -> str:
        """A sentence carrying one citation, in the next or a random Pandoc form."""
        rng = self.rng
        form = (
            self._forms.pop(0)
            if self._forms
            else rng.choices(CITATION_FORMS, weights=_FORM_WEIGHTS)[0]
        )
        self.stats.citations += 1
        self.stats.citation_forms[form] = self.stats.citation_forms.get(form, 0) + 1
        plain = self.sentence(term_chance)[:-1]
        a = self._next_entry()
        if form == "paren":
            return f"{plain} [@{a.key}]."
        if form == "locator":
            return f"{plain} [@{a.key}, p. {rng.randint(2, 300)}]."
        if form == "multiple":
            return f"{plain} [@{a.key}; @{self._next_entry().key}]."
        if form == "prefixed":
            start = rng.randint(2, 250)
            b = self._next_entry()
            return (
                f"{plain} [see @{a.key}, pp. {start}\N{EN DASH}{start + rng.randint(1, 9)}; "
                f"also @{b.key}, chap. {rng.randint(1, 12)}]."
            )
        verb = rng.choice(REPORTING)
        lower = plain[0].lower() + plain[1:]
        if form == "suppress-author":
            return f"{a.surname} {verb} [-@{a.key}] that {lower}."
        if form == "narrative":
            return f"As @{a.key} {verb}, {lower}."
        return f"@{a.key} [p. {rng.randint(2, 300)}] {verb} that {lower}."

    def page(self, number: int, words: int, citations: int, links: list[str]) -> str:
        """The Markdown of one reading page."""
        rng = self.rng
        title = f"{rng.choice(TITLE_NOUNS)} and {rng.choice(TITLE_NOUNS).lower()}, part {number}"
        # Spread the citations over the sentences of the page.
        sentences_needed = max(citations, words // 16)
        cite_at = set(rng.sample(range(sentences_needed), citations))
        blocks = [
            f"---\ndescription: Reading {number} of the synthetic course.\n---\n",
            f"# {title}\n",
        ]
        written = 0
        index = 0
        paragraphs = 0
        while written < words or index < sentences_needed:
            size = rng.randint(3, 7)
            sentences = []
            for _ in range(size):
                text = (
                    self.cited_sentence(0.12)
                    if index in cite_at
                    else self.sentence(term_chance=0.12)
                )
                index += 1
                written += len(text.split())
                sentences.append(text)
            paragraphs += 1
            if paragraphs == 2:
                # Inline markup, a code span (a skip zone) and a link to a neighbour page.
                sentences.append(
                    f"Keep the word *{rng.choice(NOUNS)[0]}* in mind, and note that "
                    f"`{self.terms[0].forms[0][0] if self.terms else 'code'}` in code is not a "
                    f"term; the [next reading]({links[0]}) returns to it."
                )
            blocks.append(" ".join(sentences) + "\n")
            if paragraphs % 4 == 0:
                blocks.append(f"## {rng.choice(HEADINGS)} {paragraphs // 4}\n")
            if paragraphs == 3:
                items = [f"- {self.sentence(0.2)}" for _ in range(rng.randint(3, 5))]
                blocks.append("\n".join(items) + "\n")
            if paragraphs == 5:
                blocks.append(f'!!! note "To discuss"\n\n    {self.sentence(0.3)}\n')
        self.stats.words += written
        return "\n".join(blocks)


def _page_path(number: int) -> str:
    return f"part-{(number - 1) // PAGES_PER_PART + 1:02d}/reading-{number:03d}.md"


def _relative_link(source: str, target: str) -> str:
    source_dir = source.split("/")[0]
    target_dir, name = target.split("/")
    return name if source_dir == target_dir else f"../{target_dir}/{name}"


def _mkdocs_yml(site_name: str, with_seminar: bool, site_dir: str) -> str:
    plugins: list[Any] = ["search"]
    if with_seminar:
        plugins.append({"seminar": dict(SEMINAR_OPTIONS)})
    config = {
        "site_name": site_name,
        "site_dir": site_dir,
        "theme": {
            "name": "material",
            "font": False,
            "features": ["navigation.instant", "content.tooltips", "toc.follow"],
        },
        "plugins": plugins,
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "def_list",
            "md_in_html",
            "footnotes",
            {"toc": {"permalink": True}},
        ],
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def write_course(spec: CourseSpec, folder: Path) -> CourseStats:
    """Write the course described by `spec` into `folder` (replacing it) and describe it."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    stats = CourseStats(pages=spec.pages)

    # The cited entries come from their own stream, so a course with a bigger
    # `.bib` cites exactly the same works with exactly the same Markdown.
    bib = _BibWriter(random.Random(f"{spec.seed}:bib"))
    cited = [bib.entry() for _ in range(spec.cited_entries)]
    bib.rng = random.Random(f"{spec.seed}:bib-uncited:{spec.bib_entries}")
    uncited = [bib.entry() for _ in range(spec.bib_entries - spec.cited_entries)]
    entries = cited + uncited
    random.Random(f"{spec.seed}:bib-order:{spec.bib_entries}").shuffle(entries)
    bib_text = "% Synthetic bibliography written by bench/corpus.py.\n\n" + "\n".join(
        entry.bibtex for entry in entries
    )
    (folder / "references.bib").write_text(bib_text, encoding="utf-8")
    stats.bib_entries = len(entries)
    stats.bib_bytes = len(bib_text.encode())
    for entry in entries:
        stats.bib_types[entry.entry_type] = stats.bib_types.get(entry.entry_type, 0) + 1

    terms = make_terms(spec.terms, random.Random(f"{spec.seed}:terms"))
    stats.terms = len(terms)
    stats.aliases = sum(len(term.aliases) for term in terms)

    writer = _Writer(random.Random(f"{spec.seed}:prose"), cited, terms, stats)
    paths = [_page_path(n) for n in range(1, spec.pages + 1)]
    per_page, extra = divmod(spec.citations, spec.pages)
    for number, path in enumerate(paths, start=1):
        neighbour = paths[number % len(paths)]
        text = writer.page(
            number,
            spec.words_per_page,
            per_page + (1 if number <= extra else 0),
            [_relative_link(path, neighbour)],
        )
        (docs / path).parent.mkdir(exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    stats.cited_keys = writer.cited_keys

    glossary = ["# Glossary\n", "The terms of this course, in alphabetical order.\n"]
    for term in terms:
        definition = " ".join(
            writer.sentence(term_chance=0.0) for _ in range(writer.rng.randint(1, 3))
        )
        glossary.append("\n".join([term.name, *term.aliases]) + f"\n:   {definition}\n")
    (docs / "glossary.md").write_text("\n".join(glossary), encoding="utf-8")
    (docs / "references.md").write_text(
        "# References\n\nEvery work cited in this course.\n", encoding="utf-8"
    )
    (docs / "index.md").write_text(
        f"# A synthetic course\n\nThis course has {spec.pages} readings, a "
        "[glossary](glossary.md) and a list of [references](references.md). "
        f"Start with the [first reading]({paths[0]}).\n",
        encoding="utf-8",
    )

    # What `serve` sees change in the rebuild case: one more paragraph in one page.
    stats.edit_page = paths[len(paths) // 2]
    stats.edit_text = (
        f"\nThis paragraph was added during a live preview. {writer.sentence(0.5)} "
        f"As @{cited[0].key} notes, {writer.sentence(0.5).lower()}\n"
    )

    (folder / SEMINAR_CONFIG).write_text(
        _mkdocs_yml(f"Synthetic course: {spec.name}", True, "site-seminar"), encoding="utf-8"
    )
    (folder / PLAIN_CONFIG).write_text(
        _mkdocs_yml(f"Synthetic course: {spec.name}", False, "site-plain"), encoding="utf-8"
    )
    (folder / MANIFEST).write_text(
        json.dumps({"spec": asdict(spec), "stats": asdict(stats)}, indent=2, ensure_ascii=False),
        encoding="utf-8",
    )
    return stats
