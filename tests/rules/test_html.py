"""HTML output: one self-contained page with the counts and every finding, escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from landform.rules.html import to_html
from landform.rules.registry import all_rules
from landform.rules.runner import Report
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
        [
            "Rule",
            "Title",
            "Severity",
            "Status",
            "Resource",
            "Type",
            "Account",
            "Region",
            "Source",
            "Finding",
            "Remediation",
            "References",
        ],
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
