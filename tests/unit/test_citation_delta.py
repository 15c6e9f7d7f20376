"""Formatting only what an edit added: names as written, styles that allow it, the plan."""

from __future__ import annotations

import pytest

from seminar.citations import delta
from seminar.citations.engine import style_path


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Dvo{\\v{r}}{\\'a}k", "dvorak"),
        ("Dvořák", "dvorak"),
        ("{\\O}stergaard", "ostergaard"),
        ("Østergaard", "ostergaard"),
        ("Strau{\\ss}", "strauss"),
        ("Strauß", "strauss"),
        ("Bj{\\aa}rn", "bjarn"),
        ("Bjårn", "bjarn"),
        ('M{\\"u}ller', "muller"),
        ("Müller", "muller"),
        ("{\\L}ukasz", "lukasz"),
        ("Łukasz", "lukasz"),
        ("Ib{\\'a}{\\~n}ez", "ibanez"),
        ("Luc{\\'\\i}a", "lucia"),
        ("{\\c{C}}elik", "celik"),
        ("\\textsc{Smith}", "smith"),
    ],
)
def test_latex_and_unicode_spellings_of_a_name_fold_alike(written, folded):
    assert delta.fold(written) == folded


@pytest.mark.parametrize(
    ("names", "families"),
    [
        ("Lindqvist, Nils and Wang, Priya", ["Lindqvist", "Wang"]),
        ("Ludwig van Beethoven", ["Beethoven"]),
        ("van Beethoven, Ludwig", ["van Beethoven"]),
        ("Smith, Jr, John", ["Smith"]),
        ("{World Health Organization}", ["{World Health Organization}"]),
        ("{Barnes and Noble} and Doe, Jane", ["{Barnes and Noble}", "Doe"]),
        ("Doe, Jane and others", ["Doe"]),
        ("Doe, Jane AND Roe, Richard", ["Doe", "Roe"]),
        ("Plato", ["Plato"]),
    ],
)
def test_the_family_part_of_each_name(names, families):
    assert delta.families(names) == families


@pytest.mark.parametrize(
    ("block", "fields"),
    [
        (
            "@book{doe2020,\n  author = {Doe, Jane},\n  year = 2020,\n}",
            {"author": "Doe, Jane", "year": "2020"},
        ),
        (
            '@article{a, Title = "On {Braces} and \\"quotes\\"", Editor={Roe, R.}}',
            {"title": 'On {Braces} and \\"quotes\\"', "editor": "Roe, R."},
        ),
        ("@book{a, author = doe # { and Roe, R.}}", {"author": None}),
        ("@book{a, author = {Doe} # { and } # {Roe}}", {"author": "Doe  and  Roe"}),
        ("@book{a, author = {Doe}}\n\n", {"author": "Doe"}),
        ("@book{a, author = {Doe}", None),
        ("@book{a, author = {Doe}} trailing", None),
        ("@book{a}", None),
    ],
)
def test_reading_the_fields_of_an_entry_as_written(block, fields):
    assert delta.read_fields(block) == fields


@pytest.mark.parametrize(
    ("block", "names"),
    [
        (
            "@book{a, author = {Dvo{\\v{r}}{\\'a}k, Ji{\\v{r}}{\\'\\i} and Lee, Kim},"
            " editor = {van der Berg, Anna}, title = {Smith's Life}}",
            frozenset({"dvorak", "lee", "van", "der", "berg"}),
        ),
        ("@book{a, editor = {Roe, Richard}, title = {T}}", frozenset({"roe"})),
        ("@book{a, bookauthor = {Roe, Richard}, title = {T}}", frozenset({"roe"})),
        # The style then shows the title, or what the parent gives, or a macro's text.
        ("@book{a, title = {Anonymous Work}}", None),
        ("@inbook{a, author = {Doe, Jane}, crossref = {b}}", None),
        ("@book{a, author = doe}", None),
    ],
)
def test_the_names_a_work_may_be_confused_by(block, names):
    assert delta.names(block) == names


@pytest.mark.parametrize(
    ("block", "names"),
    [
        (
            "@book{a, author = {Dvo{\\v{r}}{\\'a}k, Ji{\\v{r}}{\\'\\i} and Lee, Kim},"
            " editor = {van der Berg, Anna and Roe, Richard}, title = {Smith's Life}}",
            frozenset({"dvorak", "van", "der", "berg"}),
        ),
        (
            "@book{a, author = {{Barnes and Noble} and Doe, Jane}}",
            frozenset({"barnes", "and", "noble"}),
        ),
        (
            "@book{a, author = {Lee, Kim and others}, translator = {Poe, E.}}",
            frozenset({"lee", "poe"}),
        ),
        ("@book{a, title = {Anonymous Work}}", None),
        ("@inbook{a, author = {Doe, Jane}, crossref = {b}}", None),
        ("@book{a, author = {Doe, Jane}, editor = roe}", None),
    ],
)
def test_the_first_person_of_each_list_when_the_style_compares_only_those(block, names):
    assert delta.names(block, first_only=True) == names


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "harvard", "mla", "ieee"])
def test_the_bundled_styles_compare_only_the_first_person_of_each_list(style):
    assert delta.first_names_only(style_path(style).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("citation", "first"),
    [
        ('<citation disambiguate-add-givenname="true">', True),  # by-cite, the default
        ('<citation givenname-disambiguation-rule="primary-name">', True),
        ('<citation givenname-disambiguation-rule="primary-name-with-initials">', True),
        ('<citation givenname-disambiguation-rule="all-names">', False),
        ("<citation givenname-disambiguation-rule = 'all-names-with-initials'>", False),
    ],
)
def test_a_style_that_disambiguates_every_name_compares_everyone(citation, first):
    style = f'<style>{citation}<layout><text variable="title"/></layout></citation></style>'
    assert delta.first_names_only(style) is first


@pytest.mark.parametrize(
    ("style", "free"),
    [
        ("apa", True),
        ("harvard", True),
        ("mla", True),
        ("chicago-author-date", False),  # `position` (ibid, subsequent)
        ("ieee", False),  # citation numbers follow the order of citing
    ],
)
def test_which_bundled_styles_render_a_citation_the_same_wherever_it_stands(style, free):
    assert delta.order_free(style_path(style).read_text(encoding="utf-8")) is free


def test_a_style_whose_bibliography_is_not_sorted_is_not_order_free():
    style = (
        '<style><citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="title"/></layout></bibliography></style>'
    )
    assert not delta.order_free(style)
    assert delta.order_free(style.replace("<bibliography>", "<bibliography><sort/>"))


#: Family names by work: two Does (namesakes), Lee, Roe, Poe, others, and a work whose
#: names are unknown (everyone's namesake).
NAMES: dict[str, frozenset[str] | None] = {
    "doe2020": frozenset({"doe"}),
    "doe2021": frozenset({"doe", "lee"}),
    "lee1999": frozenset({"lee"}),
    "roe2019": frozenset({"roe"}),
    "poe2018": frozenset({"poe"}),
    "anon": None,
    **{f"other{n}": frozenset({f"other{n}"}) for n in range(5)},
}
BEFORE = {
    "[@doe2020]": ("doe2020",),
    "[-@doe2021]": ("doe2021",),
    "[@doe2021; @roe2019]": ("doe2021", "roe2019"),
    "@roe2019": ("roe2019",),
    "[-@lee1999]": ("lee1999",),
    "[@poe2018]": ("poe2018",),
    "[@anon]": ("anon",),
    **{f"[@other{n}]": (f"other{n}",) for n in range(5)},
}


def plan(added: dict[str, tuple[str, ...]]) -> delta.Plan | None:
    return delta.plan(BEFORE, {**BEFORE, **added}, NAMES.get)


def test_a_citation_taken_out_needs_no_pandoc_at_all():
    # doe2021 is still cited beside roe2019: the same works, nothing new to format.
    now = {text: keys for text, keys in BEFORE.items() if text != "[-@doe2021]"}
    assert delta.plan(BEFORE, now, NAMES.get) == delta.Plan([], [], [], frozenset())


def test_taking_out_the_last_citation_of_a_work_formats_everything():
    now = {text: keys for text, keys in BEFORE.items() if text != "[@poe2018]"}
    assert delta.plan(BEFORE, now, NAMES.get) is None


def test_a_new_citation_is_formatted_with_its_namesakes_and_a_witness():
    assert plan({"[@doe2020, p. 3]": ("doe2020",)}) == delta.Plan(
        citations=["[@doe2020]", "[@anon]", "[@doe2021]", "[@doe2020, p. 3]"],
        witnesses=["[@doe2020]"],
        added=["[@doe2020, p. 3]"],
        keys=frozenset({"doe2020", "doe2021", "anon"}),
    )


def test_a_witness_beside_other_works_brings_their_namesakes_too():
    # doe2021 shows its names only beside roe2019: Roe's namesakes join the document.
    assert plan({"[@doe2021, p. 9]": ("doe2021",)}) == delta.Plan(
        citations=[
            "[@doe2021; @roe2019]",
            "[@anon]",
            "[@doe2020]",
            "[@lee1999]",
            "[@doe2021, p. 9]",
        ],
        witnesses=["[@doe2021; @roe2019]"],
        added=["[@doe2021, p. 9]"],
        keys=frozenset({"doe2020", "doe2021", "lee1999", "roe2019", "anon"}),
    )


def test_a_work_not_cited_before_formats_everything():
    assert plan({"[@doe2020; @kim2000]": ("doe2020", "kim2000")}) is None


def every_citation(added: dict[str, tuple[str, ...]]) -> delta.Plan:
    """The plan of every citation, each one of `BEFORE` a witness."""
    keys = frozenset(key for keys in BEFORE.values() for key in keys)
    return delta.Plan([*BEFORE, *added], list(BEFORE), list(added), keys)


@pytest.mark.parametrize(
    ("added", "why"),
    [
        ({"[@anon, p. 2]": ("anon",)}, "a work whose names are unknown"),
        ({"[@lee1999, p. 2]": ("lee1999",)}, "no earlier citation shows its names"),
    ],
)
def test_without_a_small_document_every_citation_is_formatted(added, why):
    assert plan(added) == every_citation(added), why


def test_when_most_works_are_namesakes_every_citation_is_formatted():
    names = {**NAMES, **{f"other{n}": frozenset({"doe"}) for n in range(5)}}
    added = {"[@doe2020, p. 3]": ("doe2020",)}
    assert delta.plan(BEFORE, {**BEFORE, **added}, names.get) == every_citation(added)


def test_a_work_left_with_no_earlier_citation_formats_everything():
    # anon's one citation became another: no witness would show its entry changed.
    now = {text: keys for text, keys in BEFORE.items() if text != "[@anon]"}
    assert delta.plan(BEFORE, {**now, "[@anon, p. 2]": ("anon",)}, NAMES.get) is None


def in_order(now: dict[str, tuple[str, ...]]) -> delta.Plan | None:
    """The plan for a style that is not order-free (numbers, `position`)."""
    return delta.plan(BEFORE, now, NAMES.get, free=False)


def test_a_style_of_position_formats_every_citation_in_its_new_order():
    # Put first, a citation may take another number or an "ibid.": all are witnesses.
    added = {"[@doe2020, p. 3]": ("doe2020",)}
    assert in_order({**added, **BEFORE}) == delta.Plan(
        [*added, *BEFORE], list(BEFORE), list(added), frozenset(NAMES)
    )


@pytest.mark.parametrize(
    ("now", "why"),
    [
        ({k: BEFORE[k] for k in reversed(BEFORE)}, "the same citations in another order"),
        ({k: v for k, v in BEFORE.items() if k != "[-@doe2021]"}, "a citation taken out"),
    ],
)
def test_a_style_of_position_formats_every_citation_when_any_moved(now, why):
    assert in_order(now) == delta.Plan(
        list(now), [k for k in BEFORE if k in now], [], frozenset(NAMES)
    ), why


def test_a_style_of_position_formats_nothing_when_nothing_changed():
    assert in_order(dict(BEFORE)) == delta.Plan([], [], [], frozenset())


@pytest.mark.parametrize(
    "now",
    [
        {k: v for k, v in BEFORE.items() if k != "[@poe2018]"},  # a work no longer cited
        {**BEFORE, "[@kim2000]": ("kim2000",)},  # a work not cited before
        {**{k: v for k, v in BEFORE.items() if k != "[@anon]"}, "[@anon, p. 2]": ("anon",)},
    ],
)
def test_a_style_of_position_formats_everything_when_the_works_or_witnesses_change(now):
    assert in_order(now) is None
