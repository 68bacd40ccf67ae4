"""The article record: what cleaning one capture produces."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Removal(BaseModel):
    """One line of the normalised capture that is not in the body, and why."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(description="1-based line number in the normalised capture")
    text: str = Field(description="the line as it stands in the normalised capture")
    rule: str = Field(description="id of the rule that removed it, e.g. nav.skip_link")


class Article(BaseModel):
    """A cleaned capture: the body, the metadata moved out of it, and the removal trace."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="the capture's file stem")
    source: str = Field(description="where the capture came from, as handed to the cleaner")
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
    repairs: list[str] = Field(default_factory=list, description="encoding repairs applied")
    near_duplicates: list[str] = Field(default_factory=list)
    cleaner_version: str = ""


def article_json_schema() -> dict[str, object]:
    """The JSON Schema of the record, as shipped in cleaners/schema/article.schema.json."""
    return Article.model_json_schema()
