"""Search as a Vietnamese reader uses it: with or without diacritics, filtered, safe with hostile input."""

import re
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from lantoa import folding
from lantoa.portal import forms, fulltext, selectors
from lantoa.portal.apps import restore_fts_triggers
from lantoa.portal.models import SearchEntry
from lantoa.portal.selectors import CONTENT_KINDS
from lantoa.taxonomy.models import PolicyArea, TargetGroup

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("portal:search"), params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    """Titles of the articles, documents and Q&A found (topic and office pages are found too)."""
    return [entry.title for entry in response.context["entries"] if entry.kind in CONTENT_KINDS]


@pytest.mark.parametrize("prefix", ["/en", "/hmn"])
def test_a_search_that_finds_nothing_in_another_language_offers_the_pages_in_vietnamese(client, publish, prefix):
    publish(title="Hướng dẫn hưởng bảo hiểm thất nghiệp", body="Người lao động mất việc được hỗ trợ.")
    link = 'href="/tim-kiem/?q=bao+hiem+that+nghiep&amp;type=article"'

    elsewhere = client.get(f"{prefix}/tim-kiem/", {"q": "bao hiem that nghiep", "type": "article", "page": "2"})

    assert elsewhere.status_code == 200 and elsewhere.context["results"].paginator.count == 0
    assert link in elsewhere.content.decode()  # the same query and filters, from the first page
    followed = client.get("/tim-kiem/?q=bao+hiem+that+nghiep&type=article")
    assert titles(followed) == ["Hướng dẫn hưởng bảo hiểm thất nghiệp"]
    assert "tìm trong các bài bằng tiếng Việt" not in search(client, q="khong co bai nao").content.decode()


def test_query_without_diacritics_finds_accented_text(client, publish):
    publish(title="Hướng dẫn hưởng bảo hiểm thất nghiệp", body="Người lao động mất việc được hỗ trợ.")
    publish(title="Lịch tiếp công dân", body="Thông báo lịch tiếp công dân tháng này.")

    response = search(client, q="bao hiem that nghiep")

    assert titles(response) == ["Hướng dẫn hưởng bảo hiểm thất nghiệp"]
    assert "<mark>bảo</mark> <mark>hiểm</mark> <mark>thất</mark> <mark>nghiệp</mark>" in response.content.decode()


def test_topic_pages_are_found_too(client, site):
    response = search(client, q="bao hiem that nghiep")

    assert [e.title for e in response.context["entries"]] == ["Bảo hiểm thất nghiệp"]


def test_every_word_must_match(client, publish):
    publish(title="Bảo hiểm y tế học sinh", body="Năm học mới.")
    publish(title="Bảo hiểm thất nghiệp", body="Trợ cấp.")

    assert titles(search(client, q="bao hiem y te")) == ["Bảo hiểm y tế học sinh"]


def test_words_match_whole_not_inside_other_words(client, publish):
    publish(title="Thanh toán chi phí khám chữa bệnh", body="")

    assert titles(search(client, q="an")) == []


def test_accented_query_ranks_exact_matches_first(client, publish):
    publish(title="Thu bảo hiểm xã hội quý một", body="Số thu tăng.")
    publish(title="Thư gửi người lao động", body="Lá thư của tổng giám đốc.")

    assert titles(search(client, q="thư")) == ["Thư gửi người lao động", "Thu bảo hiểm xã hội quý một"]
    assert titles(search(client, q="thu")) == ["Thu bảo hiểm xã hội quý một", "Thư gửi người lao động"]


def test_title_match_ranks_above_body_match(client, publish):
    publish(title="Hội nghị tổng kết năm", body="Bàn về lương hưu của người lao động.")
    publish(title="Điều chỉnh lương hưu từ tháng bảy", body="Mức điều chỉnh mới.")

    assert titles(search(client, q="luong huu"))[0] == "Điều chỉnh lương hưu từ tháng bảy"


def test_documents_and_questions_are_searchable_by_their_own_fields(client, publish):
    publish("document", title="Luật Bảo hiểm xã hội", body="Quy định chung.", document_number="41/2024/QH15")
    publish("question", title="Đóng bảo hiểm xã hội tự nguyện thế nào?", body="Bạn đến bưu điện gần nhất.")

    assert titles(search(client, q="41 2024 qh15")) == ["Luật Bảo hiểm xã hội"]
    assert titles(search(client, q="buu dien")) == ["Đóng bảo hiểm xã hội tự nguyện thế nào?"]


def test_filters_by_type_policy_area_target_group_and_province(client, publish):
    publish("article", "hanoi_a", title="Bảo hiểm y tế hộ gia đình ở Hoàn Kiếm", areas=["bhyt-ho-gia-dinh"])
    publish("article", "hue", title="Bảo hiểm y tế cho nông dân Huế", areas=["bao-hiem-y-te"], groups=["nong-dan"])
    publish("question", "centre", title="Bảo hiểm y tế có hỗ trợ học sinh không?", groups=["hoc-sinh-sinh-vien"])

    assert titles(search(client, q="bao hiem y te", province="01")) == ["Bảo hiểm y tế hộ gia đình ở Hoàn Kiếm"]
    assert titles(search(client, q="bao hiem y te", area="bao-hiem-y-te")) == ["Bảo hiểm y tế cho nông dân Huế"]
    assert titles(search(client, q="bao hiem y te", group="hoc-sinh-sinh-vien")) == [
        "Bảo hiểm y tế có hỗ trợ học sinh không?"
    ]
    assert titles(search(client, q="bao hiem y te", type="question")) == ["Bảo hiểm y tế có hỗ trợ học sinh không?"]


def test_drafts_and_unpublished_pages_are_never_found(client, publish):
    publish(title="Bản nháp về bảo hiểm thất nghiệp", live=False)
    withdrawn = publish(title="Tin đã gỡ về bảo hiểm thất nghiệp")
    withdrawn.unpublish()

    assert titles(search(client, q="bao hiem that nghiep")) == []
    assert not SearchEntry.objects.filter(page=withdrawn).exists()


def test_republished_article_is_found_by_its_new_words(client, publish):
    article = publish(title="Tin cũ")
    article.title = "Tăng mức hỗ trợ đóng bảo hiểm xã hội tự nguyện"
    article.save_revision().publish()

    assert titles(search(client, q="ho tro dong")) == ["Tăng mức hỗ trợ đóng bảo hiểm xã hội tự nguyện"]
    assert titles(search(client, q="tin cu")) == []


def test_nothing_found_suggests_topics_and_removing_filters(client, publish):
    publish(title="Bảo hiểm thất nghiệp", areas=["bao-hiem-that-nghiep"])

    response = search(client, q="bao hiem that nghiep", area="bao-hiem-y-te")

    html = response.content.decode()
    assert titles(response) == []
    assert "bỏ các bộ lọc và tìm lại" in html
    assert "?q=bao+hiem+that+nghiep" in html
    assert "Bảo hiểm xã hội tự nguyện" in html  # a topic page is suggested


def test_results_are_paginated(client, publish):
    for number in range(12):
        publish(title=f"Bảo hiểm xã hội số {number}")

    first = search(client, q="bao hiem xa hoi")
    second = search(client, q="bao hiem xa hoi", page=2)

    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "bảo hiểm " * 5000},
        {"q": "<script>alert(1)</script>"},
        {"q": "\x00\x01'\"; DROP TABLE portal_searchentry; --"},
        {"q": "%%%___\\\\"},
        {"q": 'bao" OR * NEAR(hiem xa) {title}: ^hoi -- AND NOT'},
        {"q": "bao", "page": "99999999999999999999999"},
        {"q": "bao", "page": "-1"},
        {"q": "bao", "province": "<img src=x onerror=alert(1)>"},
        {"q": "bao", "type": "page\x00", "area": "../../etc/passwd", "group": "' OR 1=1"},
    ],
)
def test_hostile_queries_get_a_normal_page_with_nothing_reflected_unescaped(client, publish, params):
    publish(title="Bảo hiểm xã hội")

    response = client.get(reverse("portal:search"), params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_script_in_a_title_is_escaped_in_results(client, publish):
    publish(title="<script>alert('x')</script> bảo hiểm")

    html = search(client, q="script bao hiem").content.decode()

    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;" in html


def test_post_is_refused_cleanly(client):
    assert client.post(reverse("portal:search"), {"q": "bao"}).status_code == 405


def test_rebuild_command_restores_the_index(publish, capsys):
    from django.core.management import call_command

    publish(title="Bảo hiểm thất nghiệp")
    publish(title="Bản nháp", live=False)
    SearchEntry.objects.all().delete()

    call_command("rebuild_search_index")
    call_command("rebuild_search_index")

    assert list(SearchEntry.objects.filter(kind="article").values_list("title", flat=True)) == ["Bảo hiểm thất nghiệp"]
    assert "Xong" in capsys.readouterr().out


def test_past_the_newest_matches_an_older_title_match_still_ranks_first(client, publish, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_MAX_RESULTS", 2)
    publish(title="Bảo hiểm thất nghiệp: hỏi và đáp", body="Trợ cấp.", date="2019-03-01")
    for day in range(1, 5):
        publish(title=f"Tin địa phương số {day}", body="Tư vấn bảo hiểm thất nghiệp tại chỗ.", date=f"2025-06-0{day}")

    response = search(client, q="bao hiem that nghiep")

    # The newest matches (2 here) and the newest with every word in the title; the other matches are left out.
    assert titles(response) == ["Bảo hiểm thất nghiệp: hỏi và đáp", "Tin địa phương số 4"]
    assert "Từ 2 kết quả trở lên" in response.content.decode()


def test_an_older_exact_match_ranks_above_newer_folded_ones_past_the_newest(client, publish, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_MAX_RESULTS", 2)
    publish(title="Thông báo", body="Lá thư gửi người lao động.", date="2019-03-01")
    for day in range(1, 5):
        publish(title=f"Kế hoạch số {day}", body="Thu bảo hiểm xã hội quý này.", date=f"2025-06-0{day}")

    assert titles(search(client, q="thư"))[0] == "Thông báo"


def _holds_ignoring_case(text: str, phrase: str) -> bool:
    """`icontains` as each database does it: PostgreSQL through UPPER(), SQLite's LIKE for ASCII letters only."""
    if connection.vendor == "postgresql":
        return phrase.upper() in text.upper()
    ascii_lower = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    return phrase.translate(ascii_lower) in text.translate(ascii_lower)


def _score_by_definition(query: selectors.ParsedQuery, entry: SearchEntry) -> int:
    """The score as docs/portal.md defines it, written plainly: the reference the ranking must agree with."""
    phrase = " ".join(query.words)
    folded = folding.fold(phrase)
    score = 120 * (f" {phrase} " in entry.title_tokens) + 30 * (f" {folded} " in entry.title_folded)
    score += 40 * _holds_ignoring_case(entry.body, phrase) + 10 * (f" {folded} " in entry.body_folded)
    score += sum(12 * (f" {t} " in entry.title_tokens) for t in query.tokens)
    return score + sum(5 * (f" {t} " in entry.title_folded) for t in query.folded)


def _assert_ranked_by_definition(query: selectors.ParsedQuery) -> dict[int, int]:
    """Each candidate's score as ranking computes it equals the definition's, and the order follows; returns them."""
    # A first page read on its own (the bounds, then only the bodies that can reach it), before anything is cached.
    first_page = [entry.sort_key for entry in selectors.search(query, selectors.Filters())[:3]]
    results = selectors.search(query, selectors.Filters())
    title_points = selectors._title_points(query)
    scores = {key: title_points(tokens, folded) + body for key, tokens, folded, body in results.ranking()}
    entries = SearchEntry.objects.filter(sort_key__in=results.keys)
    assert scores == {entry.sort_key: _score_by_definition(query, entry) for entry in entries} and scores
    ranked = [entry.sort_key for entry in results[:]]
    assert ranked == sorted(scores, key=lambda key: (scores[key], key), reverse=True)
    assert [e.sort_key for e in results[1:3]] == ranked[1:3] and results[0].sort_key == ranked[0]
    assert first_page == ranked[:3]
    # No candidate scores more than the bound ranking reads first (the body filter never rules out a body that holds
    # the phrase): else a page could leave out a better result.
    bounds = selectors._titles_and_body_bounds(results.keys, query)
    assert all(title_points(tokens, folded) + body >= scores[key] for key, tokens, folded, body in bounds)
    return scores


def test_a_phrase_that_repeats_a_word_ranks_the_titles_that_hold_it_first(client, publish):
    # "Học sinh, sinh viên" (pupils and students) repeats "sinh": the phrase is the words as typed, repeats kept.
    publish(title="Bảo hiểm y tế học sinh, sinh viên năm học mới", date="2025-06-01")
    publish(title="Học sinh giỏi được khen, sinh viên tình nguyện về xã", date="2025-06-02")

    for q in ["hoc sinh sinh vien", "học sinh sinh viên"]:
        assert titles(search(client, q=q))[0] == "Bảo hiểm y tế học sinh, sinh viên năm học mới", q
    query = selectors.parse_query("Học sinh SINH viên")
    assert query.phrase == "học sinh sinh viên" and query.tokens == ("học", "sinh", "viên")


@pytest.mark.parametrize(
    "q", ["bảo hiểm", "bao hiem", "hiem xa", "thư thu", "bảo hiểm xã hội", "nguyện bảo", "bảo bảo hiểm", "thu thư thu"]
)
def test_ranking_agrees_with_the_score_as_defined(publish, q):
    # Phrases in the body as written, across punctuation, inside a word, in capitals, folded only; titles too.
    for n, (title, body) in enumerate(
        [
            ("Thông báo", "Tham gia bảo hiểm xã hội tự nguyện bảo đảm."),
            ("Thông báo", "Về bảo hiểm, xã hội và thư từ."),
            ("Bảo hiểm xã hội", "Thu tiền đóng."),
            ("Tin vắn", "Lá thư thu hồi: Bao Hiem viết không dấu."),
            ("Tin vắn", "Xbảo hiểm xã hộiy, rồi bảo, hiểm, xã và hội nguyện."),  # the phrase only inside words
            ("Bảo hiểm", "Thư thu bảo hiểm xã hội."),
            ("Thư thu", "Bảo hiểm."),
            ("Tin vắn", "THAM GIA BẢO HIỂM XÃ HỘI, THƯ THU."),
        ]
    ):
        publish(title=title, body=body, date=f"2025-06-{n + 1:02d}")

    _assert_ranked_by_definition(selectors.parse_query(q))


def test_a_page_of_results_reads_only_the_bodies_that_can_reach_it_and_ranks_as_if_it_read_them_all(
    publish, monkeypatch
):
    # Three titles put forward by the phrase (and the site's topic pages), nine matches by their bodies alone.
    for n in range(12):
        title = "Bảo hiểm xã hội tự nguyện" if n % 4 == 1 else "Tin vắn"
        body = "Tham gia bảo hiểm xã hội." if n % 3 else "Bảo hiểm, xã hội."
        publish(title=title, body=body, date=f"2025-06-{n + 1:02d}")
    monkeypatch.setattr(selectors, "BODY_BATCH", 4)
    query = selectors.parse_query("bảo hiểm xã hội")
    expected = _assert_ranked_by_definition(query)  # every body read: the reference order
    ranked = sorted(expected, key=lambda key: (expected[key], key), reverse=True)

    results = selectors.search(query, selectors.Filters())
    first_page = [entry.sort_key for entry in results[:2]]

    assert first_page == ranked[:2]
    # The bodies left unread (at least those of the nine: a body adds at most 50 points to their titles' none) could
    # not reach the first page: each scores less than the second best.
    unread = set(expected) - set(results._scores)
    assert len(unread) >= 8 and all(expected[key] < expected[ranked[1]] for key in unread)
    assert [entry.sort_key for entry in results[2:5]] == ranked[2:5]
    assert [entry.sort_key for entry in results[:]] == ranked and len(results._scores) == len(expected)
    # As a list would: from the end, backwards, in steps.
    assert results[-1].sort_key == ranked[-1] and [e.sort_key for e in results[-3:-1]] == ranked[-3:-1]
    assert [e.sort_key for e in results[::-1]] == ranked[::-1] and [e.sort_key for e in results[1::3]] == ranked[1::3]
    with pytest.raises(IndexError):
        results[len(ranked)]


def test_a_one_word_query_typed_without_diacritics_reads_a_page_s_worth_of_bodies(publish, monkeypatch):
    # "VssID" is written as typed: the best titles' bodies reach their bound, and the others need not be read.
    for n in range(12):
        title = "Cài đặt VssID" if n % 4 == 1 else "Tin vắn"
        publish(title=title, body="Tra cứu quá trình đóng trên VssID.", date=f"2025-06-{n + 1:02d}")
    monkeypatch.setattr(selectors, "BODY_BATCH", 4)
    query = selectors.parse_query("vssid")
    expected = _assert_ranked_by_definition(query)
    ranked = sorted(expected, key=lambda key: (expected[key], key), reverse=True)

    results = selectors.search(query, selectors.Filters())

    assert [entry.sort_key for entry in results[:2]] == ranked[:2]
    assert len(results._scores) == 4 < len(expected)


@pytest.mark.parametrize(
    ("q", "title", "body"),
    [
        # Typed without diacritics, written with them: no body holds the phrase as typed.
        ("quang ninh", "Quảng Ninh tăng người tham gia", "Tại Quảng Ninh, thêm người tham gia bảo hiểm."),
        # Every word in every body, never together: no body holds the phrase, as typed or folded.
        ("doanh nghiep no dong", "Doanh nghiệp nợ đóng", "Doanh nghiệp lớn. Người lao động nợ tiền, xã đóng cửa."),
    ],
)
def test_a_page_of_results_does_not_read_the_bodies_whose_word_pairs_rule_the_phrase_out(
    publish, monkeypatch, q, title, body
):
    for n in range(12):
        publish(title=title if n % 2 else "Tin vắn", body=body, date=f"2025-06-{n + 1:02d}")
    publish(title="Tin vắn", body=f"Chuyện {q} hôm nay.", date="2025-05-01")  # the phrase as typed: 40 + 10 points
    monkeypatch.setattr(selectors, "BODY_BATCH", 4)
    query = selectors.parse_query(q)
    expected = _assert_ranked_by_definition(query)
    ranked = sorted(expected, key=lambda key: (expected[key], key), reverse=True)

    results = selectors.search(query, selectors.Filters())

    assert [entry.sort_key for entry in results[:2]] == ranked[:2]
    # The bounds are the scores: one batch of bodies is read, not the thirteen.
    assert len(results._scores) == 4 < len(expected) == 13
    assert all(results._bounds[key] == expected[key] for key in expected)


def test_an_entry_indexed_before_body_filters_existed_is_ranked_the_same(publish, monkeypatch):
    written = publish(title="Tin vắn", body="Tại Quảng Ninh, quang ninh viết không dấu.", date="2025-05-01")
    for n in range(12):
        publish(title="Quảng Ninh" if n % 2 else "Tin vắn", body="Tại Quảng Ninh.", date=f"2025-06-{n + 1:02d}")
    monkeypatch.setattr(selectors, "BODY_BATCH", 4)
    query = selectors.parse_query("quang ninh")
    expected = _assert_ranked_by_definition(query)
    SearchEntry.objects.update(body_pairs=b"")  # as migration 0009 found them, before it filled them

    results = selectors.search(query, selectors.Filters())
    first_page = [entry.sort_key for entry in results[:2]]

    assert _assert_ranked_by_definition(query) == expected
    assert first_page == sorted(expected, key=lambda key: (expected[key], key), reverse=True)[:2]
    # Without filters every body may hold the phrase, as written and folded: read in more batches than one.
    assert all(results._bounds[key] >= expected[key] for key in expected) and len(results._scores) > 4
    assert expected[SearchEntry.objects.get(page_id=written.pk).sort_key] == 50


def test_the_migration_makes_the_filters_of_entries_already_indexed(publish):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    page = publish(title="Tin vắn", body="Tại Quảng Ninh, doanh nghiệp nợ đóng.", date="2025-06-01")
    made = {entry.pk: bytes(entry.body_pairs) for entry in SearchEntry.objects.all()}
    SearchEntry.objects.update(body_pairs=b"")

    migration = import_module("lantoa.portal.migrations.0009_search_body_pairs")
    migration.make_filters(apps, SimpleNamespace(connection=connection))  # what it reads of the schema editor

    assert {entry.pk: bytes(entry.body_pairs) for entry in SearchEntry.objects.all()} == made
    assert all(len(bits) == 512 for bits in made.values())
    assert any(made[SearchEntry.objects.get(page_id=page.pk).pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's UPPER() beyond ASCII")
def test_ranking_counts_a_phrase_written_with_letters_that_share_an_uppercase(publish):
    # UPPER() makes "ſ" an "S" and a final "ς" a "Σ": the body holds the phrase as typed, and its fold must say so.
    long_s = publish(title="Tin vắn", body="Một cuốn ſách hay.", date="2025-06-01")
    greek = publish(title="Tin vắn", body="Con đường ΟΔΟΣ mới.", date="2025-06-02")

    for q, page in [("sách", long_s), ("οδος", greek)]:
        scores = _assert_ranked_by_definition(selectors.parse_query(q))
        assert scores[SearchEntry.objects.get(page_id=page.pk).sort_key] == 40 + 10, q


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's guard on the stored exact document")
def test_an_unaccented_phrase_in_a_body_earns_its_points_behind_the_words_guard(publish):
    # Typed without diacritics, the phrase as typed is looked for only in bodies whose exact document passes the
    # guard (`_pg_words_guard`): it must pass every body that holds the phrase, however written.
    bodies = {
        "words": "Chế độ bao hiem xa hoi viết không dấu.",
        "capitals": "CHẾ ĐỘ BAO HIEM XA HOI.",
        "last word inside a longer one": "Tin bao hiem xa hoinghi tỉnh.",
        "first word inside a longer one": "Tin abao hiem xa hoi tỉnh.",
        "letters UPPER() makes ASCII": "Tin bao hıem xa hoı, ſo 5.",
        "after punctuation": "Tin (bao hiem xa hoi) tỉnh.",
        "a middle word inside a longer one": "Tin bao hiemx xa hoi tỉnh.",
        "accented only": "Tin bảo hiểm xã hội tỉnh.",
    }
    # The title makes each a match (its folded words), whatever its body holds.
    pages = {
        name: publish(title="Tin bảo hiểm xã hội", body=body, date=f"2025-06-{n + 1:02d}")
        for n, (name, body) in enumerate(bodies.items())
    }

    query = selectors.parse_query("bao hiem xa hoi")
    scores = _assert_ranked_by_definition(query)
    title_points = selectors._title_points(query)
    body_points = {
        name: scores[entry.sort_key] - title_points(entry.title_tokens, entry.title_folded)
        for name, entry in ((name, SearchEntry.objects.get(page_id=page.pk)) for name, page in pages.items())
    }
    exact = {name for name, points in body_points.items() if points >= 40}
    assert exact == set(bodies) - {"a middle word inside a longer one", "accented only"}
    # Ranking reads the bounds with the guard asked apart (its whole words of the GIN index, the last word's prefix on
    # what they leave): the same bodies pass it as the guard tested row by row, and the page shown is the same.
    for text in ["bao hiem xa hoi", "xa hoi", "bao hiem xa", "xa hoi xa", "so 5"]:
        query = selectors.parse_query(text)
        results = selectors.search(query, selectors.Filters())
        candidates = SearchEntry.objects.filter(sort_key__in=results.keys)
        holding_the_phrase = {e.sort_key for e in candidates if _holds_ignoring_case(e.body, query.phrase)}
        passing = set(candidates.filter(selectors._pg_words_guard(query.words)).values_list("sort_key", flat=True))
        assert selectors._pg_guarded(results.keys, query.words) == passing >= holding_the_phrase, text
        # The phrase as typed is found by a regular expression of each letter's cases: the bodies `icontains` finds.
        by_pattern = candidates.filter(selectors._pg_case_insensitive(query.words)).values_list("sort_key", flat=True)
        by_upper = candidates.filter(body__icontains=query.phrase).values_list("sort_key", flat=True)
        assert set(by_pattern) == set(by_upper) == holding_the_phrase, text
        expected = _assert_ranked_by_definition(query)
        assert [e.sort_key for e in results[:3]] == sorted(expected, key=lambda k: (expected[k], k), reverse=True)[:3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's UPPER()")
def test_postgresql_upper_makes_ascii_only_of_the_letters_the_guard_and_the_expression_name(db):
    # The words guard and the expression of each letter's cases (`_pg_case_insensitive`) stand for `UPPER(body) LIKE`
    # because of what the database's locale does (C.UTF-8, docs/deployment.md): every character upper-cased is one
    # character, and only these are upper-cased into an ASCII letter, a digit or a space.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE length(upper(chr(c))) <> 1),"
            " string_agg(chr(c), '' ORDER BY c)"
            " FILTER (WHERE upper(chr(c)) ~ '^[A-Z0-9 ]$' AND chr(c) !~ '^[A-Za-z0-9 ]$')"
            " FROM generate_series(1, 1114111) c WHERE c NOT BETWEEN 55296 AND 57343"
        )
        longer, twins = cursor.fetchone()
    assert longer == 0
    assert twins == "".join(sorted(selectors._UPPER_ASCII_TWINS.values()))


def test_the_words_guard_is_asked_only_where_it_is_sound():
    guard = selectors._pg_words_guard
    assert guard(("vssid",)) is None  # one word: it may sit inside any word
    assert guard(("bảo", "hiểm")) is None  # not ASCII: lowercase depends on the server's locale
    assert guard(("bao", "sissi")) is None  # 32 spellings: too many to ask for, and the only word asked
    assert guard(("bao", "hiem", "so")).params == ["('hiem' | 'hıem') & ('so':* | 'ſo':*)"]
    # Letters and digits mixed may be two lexemes ("1e5a": a number in exponent form, then "a"): left out.
    assert guard(("ma", "1e5a", "so")).params == ["('so':* | 'ſo':*)"]
    assert guard(("tong", "dai", "1900")).params == ["('dai' | 'daı') & ('1900':*)"]


def test_deleted_pages_leave_the_full_text_index(client, publish):
    page = publish(title="Bảo hiểm y tế học sinh")
    page.delete()

    assert titles(search(client, q="bao hiem y te hoc sinh")) == []
    assert_full_text_index_consistent()


def test_edits_and_unpublishing_keep_the_full_text_index_consistent(client, publish):
    kept = publish(title="Tin giữ lại về bảo hiểm xã hội")
    gone = publish(title="Tin sẽ gỡ về bảo hiểm xã hội")
    kept.title = "Tin đã sửa về bảo hiểm xã hội"
    kept.save_revision().publish()
    gone.unpublish()

    assert titles(search(client, q="bao hiem xa hoi")) == ["Tin đã sửa về bảo hiểm xã hội"]
    assert_full_text_index_consistent()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_triggers_dropped_by_a_table_rebuild_are_restored_after_migrate(client, publish):
    with connection.cursor() as cursor:
        for name in fulltext.FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    publish(title="Đăng khi chưa có trigger: bảo hiểm thất nghiệp")

    restore_fts_triggers(sender=None, using="default")
    publish(title="Đăng sau khi có lại trigger: bảo hiểm thất nghiệp")

    assert sorted(titles(search(client, q="bao hiem that nghiep"))) == [
        "Đăng khi chưa có trigger: bảo hiểm thất nghiệp",
        "Đăng sau khi có lại trigger: bảo hiểm thất nghiệp",
    ]
    assert_full_text_index_consistent()


INTEGRITY_CHECK = "INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rank) VALUES ('integrity-check', 1)"


# PostgreSQL: entries whose stored documents (migration 0006) differ from their text as it is now.
STALE_DOCUMENTS = """
SELECT count(*) FROM portal_searchentry WHERE
    folded_document <> strip(to_tsvector('simple', title_folded || ' ' || body_folded))
    OR exact_document <> strip(to_tsvector('simple', title || ' ' || body))
    OR title_document <> strip(to_tsvector('simple', title_folded))
"""


def assert_full_text_index_consistent():
    """FTS5 compares its index with the entries (rank 1: the content table too); on PostgreSQL every stored
    document is that of the entry's text as it is now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(INTEGRITY_CHECK)
        else:
            cursor.execute(STALE_DOCUMENTS)
            assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored documents")
def test_postgresql_candidates_test_the_stored_documents_never_the_text(client, publish, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_MAX_RESULTS", 1)  # more matches than the newest list holds: every list
    publish(title="Đóng bảo hiểm xã hội tự nguyện ở Tà Xùa", body="Người dân đóng tại xã.")
    publish(title="Lịch tiếp dân", body="Tiếp dân ở xã Tà Xùa.")
    query = selectors.parse_query("Tà Xùa")
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        keys = selectors._candidates(query, selectors.Filters(language="vi"))

    assert len(keys) == 2
    plans = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN " + sql, params)
            plans += [row[0] for row in cursor.fetchall()]
    plan = "\n".join(plans)
    for column in ("folded_document", "exact_document"):
        assert f"{column} @@" in plan
    assert any("title_document" in sql for sql, _params in statements)
    assert "to_tsvector" not in plan  # no row's text is parsed again


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lists of candidates")
def test_postgresql_fewer_matches_than_the_newest_list_holds_are_read_in_one_statement(publish, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_MAX_RESULTS", 3)
    publish(title="Tà Xùa đón khách", body="Tin vui.", date="2019-03-01")
    publish(title="Lịch tiếp dân", body="Tiếp dân ở xã Tà Xùa.", date="2025-06-01")
    matches = SearchEntry.objects.filter(title__in=["Tà Xùa đón khách", "Lịch tiếp dân"])
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # Typed with diacritics, the exact list too; every match is among the newest: the other lists would add none.
    with connection.execute_wrapper(record):
        keys = selectors._candidates(selectors.parse_query("Tà Xùa"), selectors.Filters(language="vi"))

    assert keys == sorted(matches.values_list("sort_key", flat=True))
    assert len(statements) == 1 and "title_document" not in statements[0] and "exact_document" not in statements[0]
    publish(title="Tà Xùa mùa mây", body="Ảnh.", date="2025-06-02")
    publish(title="Chợ phiên", body="Ở Tà Xùa.", date="2025-06-03")
    statements.clear()
    with connection.execute_wrapper(record):
        keys = selectors._candidates(selectors.parse_query("Tà Xùa"), selectors.Filters(language="vi"))
    # Three newest of four: the older title match comes from the title list.
    assert len(keys) == 4 and any("title_document" in sql for sql in statements)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title list")
def test_postgresql_title_walk_has_an_index_carrying_what_it_reads(db):
    # The walk of `_pg_newest_in_title` reads the sort key, the language and the title document (and the kind and
    # unit when filtered by them): in one index it never visits the table (migration 0007), else the window costs ten
    # times more.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_entry_title_walk'")
        (definition,) = cursor.fetchone()
    read = re.findall(r"\w+", definition.split(" USING btree ", 1)[1])
    assert read[0] == "sort_key" and "INCLUDE" in read
    assert {"language", "kind", "unit_path", "title_document"} <= set(read)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title list")
# Window 1 and 3: none in the window; 4: one in it, two older; 100: all in it.
@pytest.mark.parametrize("window", [1, 3, 4, 100])
def test_postgresql_title_list_reads_past_the_newest_entries_when_they_hold_too_few(publish, monkeypatch, window):
    monkeypatch.setattr(selectors, "TITLE_WINDOW", window)
    in_title = [publish(title=f"Tà Xùa đón khách lần {i}", body="Tin vui.") for i in range(4)]
    for i in range(3):  # newer, the words in the body only
        publish(title=f"Tin vùng cao {i}", body="Chợ phiên ở Tà Xùa.")
    newest_three = sorted(SearchEntry.objects.filter(page__in=in_title).values_list("sort_key", flat=True))[-3:]

    found = selectors._pg_newest_in_title(selectors.Filters(language="vi"), ("ta", "xua"), 3)

    assert sorted(found) == newest_three


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title list")
# Probe 2: the newest two hold no such title, so the rest of the window is not walked, the title index is asked; 5: one
# in five, as many as the window needs at that rate, so it is walked (and finds two more); 8: the probe finds three.
@pytest.mark.parametrize(("probe", "walks"), [(2, 1), (5, 2), (8, 1)])
def test_postgresql_title_walk_goes_on_past_its_probe_only_where_the_window_could_hold_enough(
    publish, monkeypatch, probe, walks
):
    monkeypatch.setattr(selectors, "TITLE_WINDOW", 15)
    monkeypatch.setattr(selectors, "TITLE_PROBE", probe)
    in_title = [publish(title=f"Tà Xùa đón khách lần {i}", body="Tin vui.") for i in range(4)]
    for i in range(4):  # newer, the words in the body only
        publish(title=f"Tin vùng cao {i}", body="Chợ phiên ở Tà Xùa.")
    newest_three = sorted(SearchEntry.objects.filter(title__startswith="Tà Xùa").values_list("sort_key", flat=True))
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        found = selectors._pg_newest_in_title(selectors.Filters(language="vi"), ("ta", "xua"), 3)

    assert found == newest_three[::-1][:3] and len(in_title) == 4
    assert sum(sql.startswith("SELECT w.sort_key") for sql in statements) == walks
    assert len(statements) == walks + (probe == 2)  # the title index, when the walk stopped short


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title list")
# The walk's index carries neither the policy area nor the target group: they are tested on the titles it finds.
# Window 4: the walk finds one of them, so the title index is asked; 100: the walk finds all three.
@pytest.mark.parametrize("window", [4, 100])
@pytest.mark.parametrize("filter_by", ["policy_area", "target_group"])
def test_postgresql_title_list_filtered_by_area_or_group_keeps_the_newest_that_match(
    publish, monkeypatch, window, filter_by
):
    monkeypatch.setattr(selectors, "TITLE_WINDOW", window)
    tagged = {"areas": ["bao-hiem-y-te"]} if filter_by == "policy_area" else {"groups": ["nong-dan"]}
    # A slug that holds the one filtered by is another area or group: the test is on the whole slug.
    PolicyArea.objects.create(slug="bao-hiem-y-te-hoc-sinh", name="Bảo hiểm y tế học sinh")
    TargetGroup.objects.create(slug="nong-dan-mien-nui", name="Nông dân miền núi")
    longer = {"areas": ["bao-hiem-y-te-hoc-sinh"]} if filter_by == "policy_area" else {"groups": ["nong-dan-mien-nui"]}
    wanted = []
    for i in range(4):
        wanted.append(publish(title=f"Tà Xùa đón khách lần {i}", body="Tin vui.", **tagged))
        publish(title=f"Tà Xùa mùa mây {i}", body="Ảnh đẹp.", **longer)  # newer, the words in the title, not tagged
    publish(title="Tin vùng cao", body="Chợ phiên ở Tà Xùa.", **tagged)  # the newest: the words in the body only
    newest_three = sorted(SearchEntry.objects.filter(page__in=wanted).values_list("sort_key", flat=True))[-3:]
    filters = selectors.Filters(
        language="vi", **{filter_by: "bao-hiem-y-te" if filter_by == "policy_area" else "nong-dan"}
    )

    found = selectors._pg_newest_in_title(filters, ("ta", "xua"), 3)

    assert found == sorted(newest_three, reverse=True)


def test_near_duplicate_results_are_folded_under_the_first(client, publish):
    for title in ("Đóng BHXH tự nguyện ở đâu?", "Đóng bhxh tự nguyện ở đâu ?", "Dong BHXH tu nguyen o dau?"):
        publish("question", title=title, body="Tại bưu điện hoặc đại lý thu của xã.")
    publish(title="Mức đóng BHXH tự nguyện năm nay", body="Mức đóng mới.")

    response = search(client, q="dong bhxh tu nguyen")

    entries = response.context["entries"]
    assert [len(entry.similar) for entry in entries] == [2, 0] or [len(entry.similar) for entry in entries] == [0, 2]
    body = response.content.decode()
    assert body.count('class="result__title"') == 2
    assert '<details class="results__similar">' in body and "2 kết quả cùng tiêu đề" in body
    assert response.context["results"].paginator.count == 4  # folded, not dropped


def test_highlight_marks_only_whole_words_whose_folded_form_is_a_query_word():
    marked = selectors.highlight("Hỏi đáp: Hội nghị ở xã Nguyễn Huệ, hoichu và thoi", ("hoi",))

    assert str(marked) == "<mark>Hỏi</mark> đáp: <mark>Hội</mark> nghị ở xã Nguyễn Huệ, hoichu và thoi"
    # Decomposed text (an accent as a separate code point) is marked like composed text.
    decomposed = unicodedata.normalize("NFD", "Người hỏi")
    assert str(selectors.highlight(decomposed, ("hoi",))) == "Người <mark>hỏi</mark>"


def test_on_a_phone_the_filters_are_folded_behind_a_summary_after_the_query(client, publish):
    publish(title="Bảo hiểm y tế học sinh", body="Năm học mới.")

    body = search(client, q="bao hiem", province="01").content.decode()

    form = body.split('<form class="search-form"')[1].split("</form>")[0]
    query, filters = form.split('<details class="filters-toggle"')
    assert 'name="q"' in query and "Tìm kiếm</button>" in query
    assert "<summary>Bộ lọc <span" in filters and "(1 đang chọn)" in filters
    assert 'name="province"' in filters and "Tìm với bộ lọc này</button>" in filters
    assert '<script defer src="/static/portal/filters.js"></script>' in body


def test_the_filters_selects_are_kept_rendered_until_a_rename_and_never_for_a_value_a_reader_typed(
    client, publish, settings, monkeypatch
):
    publish(title="Bảo hiểm y tế học sinh", body="Năm học mới.", areas=["bhxh-tu-nguyen"])

    def province_select(**params) -> str:
        body = search(client, q="bao hiem", **params).content.decode()
        return re.search(r'<select name="province".*?</select>', body, re.S).group(0)

    def area_select(**params) -> str:
        body = search(client, q="bao hiem", **params).content.decode()
        return re.search(r'<select name="area".*?</select>', body, re.S).group(0)

    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    uncached = province_select(province="01")
    from lantoa.portal.cache import clear_process_caches

    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    clear_process_caches()
    rendered = []
    render = forms.Select._render
    monkeypatch.setattr(
        forms.Select, "_render", lambda self, name, *args: rendered.append(name) or render(self, name, *args)
    )
    try:
        assert province_select(province="01") == uncached
        assert rendered.count("province") == 1
        assert province_select(province="01") == uncached and rendered.count("province") == 1  # kept
        with translation.override("vi"):  # the request leaves its language active in this thread: not after it
            english = client.get("/en/tim-kiem/", {"q": "bao hiem", "province": "01"}).content.decode()
        assert "Nationwide" in english and "Cả nước" in uncached and rendered.count("province") == 2
        assert '<option value="01" selected>' in uncached and province_select().count(" selected>") == 1  # "Cả nước"
        # A value typed by a reader: rendered, nothing selected, not kept.
        hostile = province_select(province="<b>99</b>")
        assert "<b>" not in hostile and " selected" not in hostile
        kept = [key[:2] for key in forms._RENDERED._items]
        assert ("province", "01") in kept and not any("99" in value for _name, value in kept)
        # A rename bumps the generation: the select shows the new name, in each language.
        area = PolicyArea.objects.get(slug="bhxh-tu-nguyen")
        before = area_select(area="bhxh-tu-nguyen")
        area.name = "BHXH tự nguyện (tên mới)"
        area.save()
        after = area_select(area="bhxh-tu-nguyen")
        assert "tên mới" in after and "tên mới" not in before
        assert 'value="bhxh-tu-nguyen" selected' in after
    finally:
        settings.LANTOA_PAGE_CACHE_SECONDS = 0
        clear_process_caches()
