"""Discussion questions on real builds: the section, front matter, the handout, templates."""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import REPO, run_build
from tests.htmltext import normalise, page_text, text_of
from tests.questions_rubric import check, markdown_paragraphs


class Questions(HTMLParser):
    """The questions sections of a page: each item's attributes, text, links and sources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = 0
        self.items: list[dict[str, str]] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.paragraphs: dict[str, list[str]] = {}
        self.in_p: str | None = None
        self.stylesheets: list[str] = []
        self.toc: list[str] = []

    def classes(self) -> set[str]:
        return set().union(*(c for _, c in self.stack)) if self.stack else set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a["href"])
        if tag in {"link", "meta", "br", "img", "input", "hr"}:
            return
        classes = set(a.get("class", "").split())
        if tag == "section" and "seminar-questions" in classes:
            self.sections += 1
        if tag == "li" and "seminar-question" in classes:
            self.items.append(
                {"bloom": a["data-bloom"], "id": a["data-id"], "origin": a.get("data-origin", "")}
                | {"text": "", "why": "", "href": "", "summary": "", "label": ""}
            )
        inside = self.classes()
        if tag == "a" and "seminar-question" in inside and "seminar-why" in inside:
            self.items[-1]["href"] = a["href"]
        if tag == "a" and "md-nav__link" in classes and "href" in a:
            self.toc.append(a["href"])
        if tag == "p" and a.get("id", "").startswith("p-"):
            self.in_p = a["id"]
            self.paragraphs[self.in_p] = []
        self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            popped, _ = self.stack.pop()
            if popped == "p" and tag == "p":
                self.in_p = None

    def handle_data(self, data: str) -> None:
        if self.in_p:
            self.paragraphs[self.in_p].append(data)
        inside = self.classes()
        if "seminar-question" not in inside or "seminar-question-ref" in inside:
            return
        tags = [t for t, _ in self.stack]
        item = self.items[-1]
        if "seminar-bloom" in inside:
            item["label"] += data
        elif "summary" in tags:
            item["summary"] += data
        elif "blockquote" in tags:
            item["why"] += data
        elif "seminar-question-text" in inside:
            item["text"] += data


def parse(site: Path, page: str) -> Questions:
    parser = Questions()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def showcase_terms() -> list[str]:
    from seminar.questions.glossary_terms import glossary_terms

    return glossary_terms((REPO / "docs/glossary.md").read_text(encoding="utf-8"))


def test_the_essay_ends_with_six_good_questions(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    page = parse(site, "essay/index.html")
    assert page.sections == 1
    questions = [normalise(q["text"]) for q in page.items]
    assert len(questions) == 6
    essay = markdown_paragraphs((REPO / "docs/essay.md").read_text(encoding="utf-8"))
    report = check(essay, questions, showcase_terms())
    assert report.failures == {}
    assert sum(q["bloom"] in {"analyze", "evaluate", "create"} for q in page.items) >= 3
    assert [q["bloom"] for q in page.items] == report.levels
    for item in page.items:
        assert item["id"].startswith("q-")
        assert len(item["id"]) == 10
        assert item["label"].lower() == item["bloom"]
        assert normalise(item["summary"]) == "Why this question?"
        # The disclosure quotes a sentence of the paragraph it links to.
        anchor = item["href"].removeprefix("#")
        assert item["href"].startswith("#p-")
        paragraph = normalise(" ".join(page.paragraphs[anchor]))
        source = normalise(item["why"]).rstrip(".")
        assert source.split(" ", 1)[1][:40] in paragraph, (source, paragraph)
    assert "#seminar-questions" in page.toc
    assert any(s.endswith("assets/seminar/questions.css") for s in page.stylesheets)
    assert (site / "assets/seminar/questions.css").is_file()
    assert not (site / "partials/seminar/question-stems.html").exists()


def test_the_questions_come_after_every_sentence_of_the_essay(showcase: Path, build_site):
    site = build_site(showcase)
    article = page_text(site, "essay/index.html")
    assert article.index("seem groundless") < article.index("Discussion questions")


@pytest.mark.parametrize("page", ["index.html", "glossary/index.html", "references/index.html"])
def test_landing_glossary_and_references_get_no_questions(showcase: Path, build_site, page):
    site = build_site(showcase)
    assert parse(site, page).sections == 0


def test_the_handout_gathers_the_questions_and_is_in_the_nav(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    essay = parse(site, "essay/index.html").items
    handout = parse(site, "handout/index.html")
    assert [(q["id"], normalise(q["text"])) for q in handout.items] == [
        (q["id"], normalise(q["text"])) for q in essay
    ]
    html = (site / "handout/index.html").read_text(encoding="utf-8")
    title = text_of(html, "section", "seminar-handout-essay")
    assert title.startswith("Individualism and Collaborative Culture Name: Date:")
    assert "../handout/" in (site / "essay/index.html").read_text(encoding="utf-8")
    assert any(s.endswith("assets/seminar/questions.css") for s in handout.stylesheets)
    css = (site / "assets/seminar/questions.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert "break-before: page" in css


def test_search_finds_each_sentence_once_and_no_marker_is_left(showcase: Path, build_site):
    site = build_site(showcase, strict=True)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    essay_questions = [normalise(q["text"]) for q in parse(site, "essay/index.html").items]
    assert len(essay_questions) == 6
    by_location = {doc["location"]: normalise(doc["text"]) for doc in index["docs"]}
    # Each question quotes a sentence of the essay: search indexes the essay, not the
    # questions, neither under the essay nor on the handout (which would find it twice).
    assert not [place for place in by_location if place.startswith("handout/")]
    essay = " ".join(text for place, text in by_location.items() if place.startswith("essay/"))
    for question in essay_questions:
        assert question not in essay
    assert "sovereignty of the individual" in essay.lower()
    handout = parse(site, "handout/index.html").items
    assert [normalise(q["text"]) for q in handout[:6]] == essay_questions
    for page in site.rglob("*.html"):
        assert "<!-- seminar-questions" not in page.read_text(encoding="utf-8")


ESSAY = (REPO / "docs/essay.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
SHORT = "# Notes\n\nA short page with one sentence.\n"


def build(make_project, pages: dict[str, str], seminar: str = "", strict: bool = False) -> Path:
    project = make_project(pages, seminar=seminar)
    config = load_config(str(project / "mkdocs.yml"), strict=strict)
    run_build(config)
    return Path(config.site_dir)


def test_front_matter_turns_questions_off_sets_count_adds_and_hides(make_project):
    site = build(make_project, {"index.md": SHORT, "a.md": ESSAY, "b.md": ESSAY})
    generated = parse(site, "a/index.html").items
    assert len(generated) == 6
    hidden = generated[1]["id"]
    front = (
        "---\nquestions:\n  count: 4\n  hide: [" + hidden + "]\n  add:\n"
        "    - How does this reading answer last week's, and why?\n"
        "    - text: Which paragraph would you cut first?\n      bloom: evaluate\n"
        "      paragraph: 2\n---\n"
    )
    site = build(
        make_project,
        {"index.md": SHORT, "a.md": front + ESSAY, "b.md": "---\nquestions: false\n---\n" + ESSAY},
        strict=True,
    )
    items = parse(site, "a/index.html").items
    assert len(items) == 6
    assert hidden not in [q["id"] for q in items]
    assert [q["origin"] for q in items] == ["", "", "", "", "instructor", "instructor"]
    assert normalise(items[4]["text"]) == "How does this reading answer last week's, and why?"
    assert (items[5]["bloom"], normalise(items[5]["text"])) == (
        "evaluate",
        "Which paragraph would you cut first?",
    )
    assert parse(site, "b/index.html").sections == 0
    handout = parse(site, "handout/index.html").items
    assert [q["id"] for q in handout] == [q["id"] for q in items]


def test_site_options_count_min_words_title_and_off(make_project):
    site = build(
        make_project,
        {"index.md": SHORT, "a.md": ESSAY, "short.md": "---\nquestions: true\n---\n" + ESSAY[:600]},
        seminar="questions:\n  count: 4\n  title: Questions for class\n  min_words: 50",
    )
    page = parse(site, "a/index.html")
    assert len(page.items) == 4
    assert "Questions for class" in page_text(site, "a/index.html")
    assert parse(site, "short/index.html").sections == 1
    site = build(
        make_project, {"index.md": SHORT, "a.md": ESSAY}, seminar="questions:\n  enabled: false"
    )
    assert parse(site, "a/index.html").sections == 0
    assert not (site / "handout").exists()
    site = build(
        make_project, {"index.md": SHORT, "a.md": ESSAY}, seminar="questions:\n  handout: false"
    )
    assert parse(site, "a/index.html").sections == 1
    assert not (site / "handout").exists()


def test_a_page_below_min_words_gets_none_unless_it_asks(make_project):
    short_essay = " ".join(ESSAY.split()[:90])
    site = build(make_project, {"index.md": SHORT, "a.md": short_essay})
    assert parse(site, "a/index.html").sections == 0


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("questions: maybe", "a.md:2: 'questions' must be true, false or a mapping"),
        ("title: A\nquestions:\n  cont: 3", "a.md:3: unknown key(s) under 'questions': cont"),
        ("questions:\n  hide: [q-00000000]", "a.md:2: questions.hide: 'q-00000000' matches no"),
    ],
)
def test_front_matter_problems_warn_with_file_and_line_and_fail_strict(
    make_project, caplog, front, message
):
    pages = {"index.md": SHORT, "a.md": f"---\n{front}\n---\n{ESSAY}"}
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build(make_project, pages, strict=True)
    assert message in caplog.text


def test_a_custom_dir_overrides_the_section_and_the_stems(make_project):
    project = make_project(
        {"index.md": SHORT, "a.md": ESSAY},
        overrides={
            "partials/seminar/questions.html": '<section class="seminar-questions">'
            "<h2>Zur Diskussion</h2><ol>{% for q in questions %}"
            '<li class="seminar-question" data-bloom="{{ q.bloom }}" data-id="{{ q.id }}">'
            '<p class="seminar-question-text">{{ q.text | e }}</p></li>{% endfor %}</ol></section>',
            "partials/seminar/question-stems.html": '{% set language = "de" %}'
            "{% macro analyze_any(quote) -%}\n"
            "Welche Annahmen stecken in „{{ quote }}“, und warum?\n"
            "{%- endmacro %}\n",
        },
    )
    config = load_config(str(project / "mkdocs.yml"))
    run_build(config)
    site = Path(config.site_dir)
    page = parse(site, "a/index.html")
    assert "Zur Diskussion" in page_text(site, "a/index.html")
    assert page.items
    assert all(q["text"].startswith("Welche Annahmen stecken in") for q in page.items)


@pytest.mark.parametrize("override", ["handout-essay.html", "handout.html"])
def test_a_custom_dir_overrides_the_handout_or_each_readings_part(make_project, override):
    """A reading's part (`handout-essay.html`) is overridden alone; a whole `handout.html`
    of one's own still gets each reading's title, URL and questions."""
    mine = {
        "handout-essay.html": '<section class="mine" id="r{{ number }}"><h2>{{ title | e }}</h2>'
        "<ol>{% for q in questions %}<li>{{ q.text | e }}</li>{% endfor %}</ol></section>",
        "handout.html": '<div class="mine">{% for essay in essays %}'
        '<section id="r{{ loop.index }}"><h2><a href="{{ essay.url | e }}">'
        "{{ essay.title | e }}</a></h2><ol>"
        "{% for q in essay.questions %}<li>{{ q.text | e }}</li>{% endfor %}</ol></section>"
        "{% endfor %}</div>",
    }
    project = make_project(
        {"index.md": SHORT, "a.md": ESSAY, "b.md": ESSAY.replace("Thus", "So")},
        overrides={f"partials/seminar/{override}": mine[override]},
    )
    config = load_config(str(project / "mkdocs.yml"))
    run_build(config)
    handout = (Path(config.site_dir) / "handout/index.html").read_text(encoding="utf-8")
    assert handout.count('class="mine"') == (2 if override == "handout-essay.html" else 1)
    assert 'id="r1"' in handout
    assert 'id="r2"' in handout
    assert handout.count("<li>") == 12  # six questions for each reading
    assert "seminar-handout-space" not in handout  # the shipped part is not used


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("questions:\n  count: 13", "expected 0 to 12 questions, got 13"),
        ("questions:\n  count: many", "count"),
        ("questions:\n  handout_page: handout.html", "expected a page path ending in .md"),
    ],
)
def test_bad_question_options_fail_at_load_time(make_project, caplog, option, expected):
    project = make_project({"index.md": SHORT}, seminar=option)
    with pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert expected in caplog.text


def test_a_page_already_at_the_handout_path_is_an_error(make_project, caplog):
    project = make_project({"index.md": SHORT, "handout.md": "# Mine\n"})
    with pytest.raises(Abort):
        run_build(load_config(str(project / "mkdocs.yml")))
    assert "'handout.md' already exists in docs_dir" in caplog.text


def test_serve_rebuilds_reuse_questions_of_unchanged_pages(make_project, monkeypatch):
    from seminar.questions import generator

    unique = ESSAY + "\n\nThis page exists only for the serve test, therefore it ends here.\n"
    project = make_project(
        {"index.md": SHORT, "a.md": unique, "b.md": unique.replace("Thus", "So")}
    )
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["seminar"]
    calls: list[int] = []
    original = generator.generate

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    # The plugin imports the generator when it first needs it, from its module.
    monkeypatch.setattr(generator, "generate", counting)
    config.plugins.on_startup(command="serve", dirty=False)
    from mkdocs.commands.build import build as mkdocs_build

    mkdocs_build(config)
    first = len(calls)
    (project / "docs/b.md").write_text(unique.replace("Thus", "Hence"), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    # MkDocs keeps the plugin instance across reloads (the plugin defines on_startup).
    assert config.plugins["seminar"] is plugin
    mkdocs_build(config)
    config.plugins.on_shutdown()
    assert first == 2
    assert len(calls) == first + 1  # only the edited page was generated again
    # Page a's section and its part of the handout were kept; b's were rendered again.
    rendered = plugin.questions.rendered
    assert (rendered.hits, rendered.misses) == (2, 2)


def test_a_paragraph_with_its_own_id_is_linked_by_that_id_and_numbered(make_project):
    first, rest = ESSAY.split("\n\n", 2)[1], ESSAY.split("\n\n", 2)[2]
    page = "# Individualism and Collaborative Culture\n\n" + first + "\n{ #opening }\n\n" + rest
    site = build(make_project, {"index.md": SHORT, "a.md": page})
    items = parse(site, "a/index.html").items
    assert "#opening" in [q["href"] for q in items]
    html = (site / "a/index.html").read_text(encoding="utf-8")
    assert 'href="#opening">&para;1</a>' in html


def test_questions_survive_a_plugin_that_drops_html_comments(make_project):
    # A `hooks:` file is a plugin that runs after Seminar; this one removes comments.
    project = make_project({"index.md": SHORT, "a.md": ESSAY}, extra_yaml="hooks:\n  - strip.py\n")
    (project / "strip.py").write_text(
        "import re\n\n\n"
        "def on_page_content(html, page, config, files):\n"
        "    return re.sub(r'<!--.*?-->', '', html, flags=re.S)\n",
        encoding="utf-8",
    )
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    run_build(config)
    site = Path(config.site_dir)
    items = parse(site, "a/index.html").items
    assert len(items) == 6
    page = (site / "a/index.html").read_text(encoding="utf-8")
    assert "<!-- seminar-questions" not in page
    # Nothing of the essay is lost, and the section still comes after it.
    last_paragraph = ESSAY.strip().split("\n\n")[-1].split()[-1]
    assert page.index(last_paragraph) < page.index('class="seminar-questions"')
