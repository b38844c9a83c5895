"""Plain text or Markdown written by members, turned into HTML that is safe to show.

Markdown is rendered first, then nh3 (an HTML sanitiser) keeps only a short list of harmless
tags and attributes: raw HTML, scripts, event handlers and javascript: links never survive.
"""

from __future__ import annotations

import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Building a Markdown parser costs more than converting a short text with it (a millisecond per
# profile page): each thread keeps one and resets it, as Markdown instances are not thread-safe.
_parsers = threading.local()


def _parser() -> markdown.Markdown:
    parser: markdown.Markdown | None = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return parser


def render_markdown(text: str) -> str:
    """Sanitised HTML for `text`; headings are demoted so a post never outranks its page."""
    html = _parser().reset().convert(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
