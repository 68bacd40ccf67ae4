"""The article record: what cleaning one capture produces."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Removal(BaseModel):
    """One line of the normalised capture that is not in the body, and why."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(description="1-based line number in the normalised capture")
    text: str = Field(description="the line as it stands in the normalised capture")
    rule: str = Field(description="id of the rule that removed it, e.g. nav.skip_link")


class TraceLine(BaseModel):
    """One line of the normalised capture as it stands there (see ``Article.kept_raw``)."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(description="1-based line number in the normalised capture")
    text: str = Field(description="the line as it stands in the normalised capture")


class Article(BaseModel):
    """A cleaned capture: the body, the metadata moved out of it, and the removal trace."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="the capture's file stem")
    source: str = Field(description="where the capture came from, as handed to the cleaner")
    url: str | None = Field(default=None, description="the URL the capture was fetched from, where known")
    fetched: str | None = Field(default=None, description="when it was fetched (ISO 8601), where known")
    sha256: str = Field(description="sha256 of the raw capture bytes")
    kind: str = Field(default="text", description="'text' or 'html': how the capture was read")
    encoding: str = Field(default="utf-8", description="the encoding the bytes were decoded from")
    title: str | None = None
    text: str = Field(description="the body: paragraphs joined by one blank line")
    headings: list[str] = Field(default_factory=list)
    authors: list[str] = Field(default_factory=list)
    contributors: list[str] = Field(default_factory=list)
    publisher: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date of first publication")
    image_captions: list[str] = Field(default_factory=list)
    image_credits: list[str] = Field(default_factory=list)
    editor_notes: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    copyright: str | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code")
    word_count: int = 0
    removed: list[Removal] = Field(default_factory=list)
    line_count: int = Field(default=0, description="lines in the normalised capture")
    kept_lines: list[int] = Field(
        default_factory=list, description="the line each paragraph of the body comes from, in order"
    )
    kept_raw: list[TraceLine] = Field(
        default_factory=list,
        description="lines not removed whose normalised form the body does not give back as is: kept lines "
        "with inline markup, entities or folded white space, and blank lines that are not empty",
    )
    repairs: list[str] = Field(
        default_factory=list, description="repairs applied, in the order applied (document, then line repairs)"
    )
    near_duplicates: list[str] = Field(default_factory=list)
    cleaner_version: str = ""


def article_json_schema() -> dict[str, object]:
    """The JSON Schema of the record, as shipped in cleaners/schema/article.schema.json."""
    return Article.model_json_schema()


def replay(article: Article) -> str:
    """The normalised capture again, from the record alone: removed lines, the body's
    paragraphs at their lines, ``kept_raw`` where the body folds a line, blank lines between.

    >>> article = Article(id="a", source="a.txt", sha256="0", text="Body <b>.", line_count=3,
    ...     kept_lines=[3], removed=[Removal(line=1, text="Menu", rule="nav.menu_item")])
    >>> replay(article)
    'Menu\\n\\nBody <b>.'
    """
    lines = [""] * article.line_count
    for removal in article.removed:
        lines[removal.line - 1] = removal.text
    paragraphs = article.text.split("\n\n") if article.kept_lines else []
    for number, paragraph in zip(article.kept_lines, paragraphs, strict=True):
        lines[number - 1] = paragraph
    for raw in article.kept_raw:
        lines[raw.line - 1] = raw.text
    return "\n".join(lines)
