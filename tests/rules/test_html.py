"""HTML output: one self-contained page with the counts and every finding, escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from landform.rules.html import COLUMNS, to_html
from landform.rules.registry import all_rules
from landform.rules.runner import Report
from tests.rules.chromium import browser
from tests.rules.reports import REASON, RULE, SCRIPT, findings_report

TITLE = "Audit <prod> & staging"
VOID = {"meta", "link", "img", "br", "hr", "input"}
"""Elements with no end tag."""


class Page(HTMLParser):
    """The parts of a page the tests read: its tags, title, totals and tables."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self._open: list[str] = []
        self._caption = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self._open.append(tag)
        if tag == "table":
            self._caption = ""
        elif tag == "tr":
            self.tables.setdefault(self._caption, []).append([])
        elif tag in ("td", "th"):
            self.tables[self._caption][-1].append("")
        elif tag == "p" and dict(attrs).get("id") == "totals":
            self._open[-1] = "totals"

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()

    def handle_data(self, data: str) -> None:
        where = self._open[-1] if self._open else ""
        if where == "caption":
            self._caption += data
        elif where in ("td", "th"):
            self.tables[self._caption][-1][-1] += data
        elif where in ("title", "h1", "totals"):
            self.texts[where] = self.texts.get(where, "") + data


def test_page_is_self_contained_and_escaped() -> None:
    text = to_html(findings_report(), TITLE)
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>")
    assert page.texts["title"] == page.texts["h1"] == TITLE
    tags = {tag for tag, _ in page.tags}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object"})
    assert not [attrs for _, attrs in page.tags if {"src", "href"} & attrs.keys()]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&amp; logged" in text


def test_page_counts_findings_by_severity_account_and_practice() -> None:
    page = Page(to_html(findings_report(), TITLE))
    assert page.texts["totals"] == "3 finding(s) in 4 check(s): 1 fail, 1 unknown, 1 suppressed"
    head = ["", "fail", "unknown", "suppressed", "total"]
    assert page.tables["By severity"] == [
        head,
        ["critical", "0", "0", "0", "0"],
        ["high", "1", "1", "1", "3"],
        ["medium", "0", "0", "0", "0"],
        ["low", "0", "0", "0", "0"],
    ]
    assert page.tables["By account"] == [
        head,
        ["111122223333", "1", "1", "0", "2"],
        ["444455556666", "0", "0", "1", "1"],
    ]
    assert page.tables["By practice"] == [head, ["network", "1", "1", "1", "3"]]


def test_page_lists_every_finding_with_its_fields() -> None:
    rule = all_rules()[RULE]
    page = Page(to_html(findings_report(), TITLE))
    references = (
        "CIS 5.2; FSBP EC2.13; Prowler ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"
    )
    common = [RULE, rule.title, "high"]
    group = "AWS::EC2::SecurityGroup"
    assert page.tables["Findings"] == [
        list(COLUMNS),
        [
            *common,
            "fail",
            SCRIPT,
            group,
            "111122223333",
            "us-east-1",
            "stacks/web app.py:12",
            "SSH (port 22) is open to 0.0.0.0/0",
            rule.remediation,
            references,
        ],
        [
            *common,
            "unknown",
            "admin/Sg",
            group,
            "111122223333",
            "us-east-1",
            "/srv/stacks/admin.py:40",
            "cannot tell: admin/Rules.Ingress is known after apply",
            rule.remediation,
            references,
        ],
        [
            *common,
            f"suppressed: {REASON}",
            "sg-0bastion",
            group,
            "444455556666",
            "eu-west-1",
            "",
            "RDP (port 3389) is open to 0.0.0.0/0",
            rule.remediation,
            references,
        ],
    ]


def test_an_empty_report_says_so() -> None:
    text = to_html(Report(checked=2), "Check")
    page = Page(text)
    assert "<p>No findings.</p>" in text
    assert page.texts["totals"] == "0 finding(s) in 2 check(s): 0 fail, 0 unknown, 0 suppressed"
    assert "Findings" not in page.tables
    assert page.tables["By account"] == [["", "fail", "unknown", "suppressed", "total"]]


SHOWN = """(() => {
  const shown = (element) =>
    element.getBoundingClientRect().height > 0 && getComputedStyle(element).visibility !== "hidden";
  const tables = [...document.querySelectorAll("table")];
  const totals = document.getElementById("totals");
  return {
    title: document.title,
    totals: totals.innerText,
    shown: shown(totals) && tables.every(shown),
    tables: Object.fromEntries(tables.map((table) => [
      table.caption.innerText,
      [...table.rows].map((row) => [...row.cells].map((cell) => cell.innerText)),
    ])),
  };
})()"""
"""What a reader sees of the page: its title, the totals, and every table as it is
rendered (innerText leaves out what is not displayed)."""


def test_chromium_shows_the_counts_with_no_console_error(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    text = to_html(findings_report(), TITLE)
    page.write_text(text, encoding="utf-8")
    with browser(tmp_path / "profile") as chromium:
        seen, errors = chromium.open(page.as_uri(), SHOWN)
    assert errors == []
    assert seen["title"] == TITLE
    assert seen["shown"] is True
    assert seen["totals"] == Page(text).texts["totals"]
    assert seen["totals"] == "3 finding(s) in 4 check(s): 1 fail, 1 unknown, 1 suppressed"
    head = ["", "fail", "unknown", "suppressed", "total"]
    assert seen["tables"]["By severity"][:3] == [
        head,
        ["critical", "0", "0", "0", "0"],
        ["high", "1", "1", "1", "3"],
    ]
    assert seen["tables"]["By practice"] == [head, ["network", "1", "1", "1", "3"]]
    assert [row[4] for row in seen["tables"]["Findings"][1:]] == [
        SCRIPT,
        "admin/Sg",
        "sg-0bastion",
    ]


def test_chromium_reports_what_the_page_policy_refuses(tmp_path: Path) -> None:
    """The console check sees errors: a report with an image and a script slipped in
    shows both refused by the page's policy, and runs neither."""
    page = tmp_path / "tampered.html"
    slipped = '<img src="https://example.com/x.png"><script>document.title = "ran"</script>'
    page.write_text(to_html(Report(checked=1), TITLE).replace("</body>", slipped + "</body>"))
    with browser(tmp_path / "profile") as chromium:
        seen, errors = chromium.open(page.as_uri(), SHOWN)
    assert seen["title"] == TITLE
    assert len(errors) == 2
    assert all("Content Security Policy" in error for error in errors)
