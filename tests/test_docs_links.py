# SPDX-License-Identifier: GPL-2.0-or-later
"""The documentation holds together: every relative link in the README and the docs pages
leads to a file of the repository (and, with #anchor, to a heading of that page), and the
README stays short enough to read first."""
import re

import pytest

from tshark_run import REPO

PAGES = sorted({REPO / "README.md", REPO / "bench" / "README.md", REPO / "sample-pcaps" / "README.md",
                REPO / "tests" / "README.md",
                *(REPO / "docs").glob("*.md"), *(REPO / "tests").glob("*/README.md")})
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def prose(text):
    """The text without code blocks and code spans, where brackets are not links."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def anchors(path):
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, -N for repeats."""
    ids, seen = set(), {}
    for heading in re.findall(r"^#+ (.+)$", FENCE.sub("", path.read_text()), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        ids.add(slug if count == 0 else f"{slug}-{count}")
    return ids


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(page):
    for target in LINK.findall(prose(page.read_text())):
        if re.match(r"(https?|mailto):", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        # Inside the repository only: a link that climbs out of it would break in a clone.
        assert dest.is_relative_to(REPO.resolve()) and dest.exists(), (target, page)
        if anchor and dest.suffix == ".md":
            assert anchor in anchors(dest), (target, page)


def test_readme_is_short():
    assert len((REPO / "README.md").read_text().splitlines()) <= 260
