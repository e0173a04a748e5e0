"""An article's own markup kept per process for each version of its page's cache tag (`{% kept_page %}`), and the
home page's content for each version of the lists it shows (`{% kept_context %}`)."""

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.rich_text import RichText

from lantoa.portal.cache import HEADER, clear_process_caches
from lantoa.tests import factories

pytestmark = pytest.mark.django_db


def get(client, url: str):
    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        response = client.get(url)
    assert response.status_code == 200, url
    return response, queries


def test_a_first_hit_reuses_the_article_s_kept_markup_byte_for_byte_and_skips_reading_its_terms(
    client, publish, settings
):
    article = publish(parent="hanoi_a", title="Tham gia BHXH tự nguyện ở phường", areas=["bhxh-tu-nguyen"])
    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    uncached, _ = get(client, f"{article.url}?utm_source=zalo")
    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    clear_process_caches()

    # Two first hits (each address new to the page cache): the first renders the article, the second reuses it
    # (the addresses differ only in the beacon's image, which carries the address).
    first, first_queries = get(client, f"{article.url}?utm_source=facebook")
    second, second_queries = get(client, f"{article.url}?utm_source=zalo")

    assert first[HEADER] == second[HEADER] == "miss"
    assert uncached.content == second.content  # the same address rendered whole, with the page cache off
    html = second.content.decode()
    assert "Tham gia BHXH tự nguyện ở phường" in html and "tag-list" in html and "entry-points" in html

    def terms(queries):  # the article's policy areas and target groups
        return [
            sql for sql in queries if "content_articlepage_policy_areas" in sql or "articlepage_target_groups" in sql
        ]

    assert len(terms(first_queries)) == 1 and not terms(second_queries)  # both kinds in one query (`page_terms`)


def test_a_first_hit_reads_each_cache_tag_s_version_once(client, publish, page_cache):
    # The article's kept markup, its language links and its office's news each ask for the page's tag: one read.
    article = publish(parent="hanoi_a", title="Bài đọc phiên bản một lần")
    publish(parent="hanoi_a", title="Tin khác cùng phường")
    assert client.get(f"{article.url}?lan=1")[HEADER] == "miss"

    response, queries = get(client, f"{article.url}?lan=2")

    assert response[HEADER] == "miss"
    read = [sql for sql in queries if "FROM portal_cachetag WHERE name IN" in sql]
    # The page cache's (the sequence and the global tag, before the render), the page's tag, its office's news' tag.
    assert len(read) == 3, read


def test_a_publish_shows_the_new_text_at_the_next_first_hit_and_invalidates_the_kept_page(client, publish, page_cache):
    article = publish(parent="hanoi_a", title="Bài trước khi sửa", body="Nội dung cũ")
    assert "Nội dung cũ" in client.get(f"{article.url}?lan=1").content.decode()
    assert client.get(f"{article.url}?lan=1")[HEADER] == "hit"

    article.title = "Bài sau khi sửa"
    article.body = [("paragraph", RichText("<p>Nội dung mới</p>"))]
    article.save_revision().publish()

    for url in (f"{article.url}?lan=1", f"{article.url}?lan=2"):  # the cached copy, and a first hit
        response = client.get(url)
        html = response.content.decode()
        assert response[HEADER] == "miss" and "Nội dung mới" in html and "Nội dung cũ" not in html, url
        assert "Bài sau khi sửa" in html


def test_staff_viewing_a_draft_see_the_draft_not_the_kept_markup(client, publish, page_cache, admin_user):
    article = publish(parent="hanoi_a", title="Bài đã đăng", body="Bản đã đăng")
    assert "Bản đã đăng" in client.get(f"{article.url}?lan=1").content.decode()
    article.body = [("paragraph", RichText("<p>Bản nháp chưa đăng</p>"))]
    article.save_revision()

    client.force_login(admin_user)
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=(article.pk,))).content.decode()
    live = client.get(f"{article.url}?lan=2").content.decode()

    assert "Bản nháp chưa đăng" in draft and "Bản đã đăng" not in draft
    assert "Bản đã đăng" in live and "Bản nháp chưa đăng" not in live


def test_a_publish_during_the_render_is_not_kept_under_the_new_version(client, publish, page_cache, monkeypatch):
    from lantoa import cache as cache_tags
    from lantoa.portal.templatetags import portal_tags

    article = publish(parent="hanoi_a", title="Bài trước khi sửa", body="Nội dung cũ")
    republished = {}
    original = portal_tags.KeptPageNode.render

    def publish_first(node, context):
        # Another editor's publish commits after this request read the page and before the template reaches it.
        if not republished:
            page = type(article).objects.get(pk=article.pk)
            page.body = [("paragraph", RichText("<p>Nội dung mới</p>"))]
            page.save_revision().publish()
            republished["version"] = cache_tags.versions([cache_tags.page_tag(article.translation_key)])
        return original(node, context)

    monkeypatch.setattr(portal_tags.KeptPageNode, "render", publish_first)
    stale = client.get(f"{article.url}?lan=1").content.decode()  # read before the publish: the old text
    assert "Nội dung cũ" in stale and republished
    monkeypatch.setattr(portal_tags.KeptPageNode, "render", original)

    for url in (f"{article.url}?lan=1", f"{article.url}?lan=2"):  # its stale copy, and a first hit
        html = client.get(url).content.decode()
        assert "Nội dung mới" in html and "Nội dung cũ" not in html, url


def test_the_home_page_s_first_hits_reuse_its_kept_content_until_one_of_its_lists_changes(
    client, publish, settings, units
):
    publish(parent="hanoi_a", title="Tin đầu tiên của phường")
    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    uncached, _ = get(client, "/?utm_source=zalo")
    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    clear_process_caches()

    first, first_queries = get(client, "/?utm_source=facebook")
    second, second_queries = get(client, "/?utm_source=zalo")

    assert first[HEADER] == second[HEADER] == "miss"
    assert uncached.content == second.content  # byte for byte what the page cache off renders
    assert "Tin đầu tiên của phường" in second.content.decode()

    def lists(queries):  # the news, documents, questions, topic pages and offices the content shows
        return [sql for sql in queries if "content_articlepage" in sql or "content_topicpage" in sql]

    assert lists(first_queries) and not lists(second_queries)

    # A publish in a commune changes the national news list: the next first hit shows it.
    publish(parent="hue_b", title="Tin mới của xã ở Huế")
    assert "Tin mới của xã ở Huế" in client.get("/?utm_source=email").content.decode()

    # An event changes no list the context names, only the events box inside the content: shown too.
    factories.event(units["hanoi_a"], "Lễ ra quân BHYT hộ gia đình", user=None)  # in ten days
    assert "Lễ ra quân BHYT hộ gia đình" in client.get("/?utm_source=sms").content.decode()


def test_an_article_s_more_news_are_kept_until_one_of_them_leaves(client, publish, page_cache):
    article = publish(parent="hanoi_a", title="Bài đang đọc")
    other = publish(parent="hanoi_a", title="Tin khác của phường")
    _first, first_queries = get(client, f"{article.url}?utm_source=facebook")
    second, second_queries = get(client, f"{article.url}?utm_source=zalo")
    assert "Tin khác của phường" in second.content.decode()

    def news(queries):  # the office's latest news
        return [sql for sql in queries if "content_articlepage" in sql and "ORDER BY" in sql]

    assert news(first_queries) and not news(second_queries)

    # A new article reaches its office's "more news" within the page cache's lifetime (cache.more_tag); one that
    # leaves is gone from them at the next first hit.
    other.unpublish()
    html = client.get(f"{article.url}?utm_source=email").content.decode()
    assert "Bài đang đọc" in html and "Tin khác của phường" not in html


def test_kept_markup_is_never_older_than_the_page_cache_s_lifetime(client, publish, page_cache, monkeypatch):
    """A response showing kept markup is kept for what is left of the markup's lifetime, and markup past it is made
    again: what bumps no tag (a new article in "more news", an event that has begun) is never older than
    LANTOA_PAGE_CACHE_SECONDS (600 here), whether read from a kept response or from kept markup."""
    import time
    import types

    from lantoa import cache as cache_tags
    from lantoa.portal import cache as page_cache_module
    from lantoa.portal.templatetags import portal_tags

    now = [time.time()]
    clock = types.SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic)
    for module in (portal_tags, page_cache_module, cache_tags):  # kept markup, responses, an office's news
        monkeypatch.setattr(module, "time", clock)
    stored: list[int] = []
    store = page_cache_module.local_tier.set

    def spy(key, entry, timeout):
        stored.append(timeout)
        return store(key, entry, timeout)

    monkeypatch.setattr(page_cache_module.local_tier, "set", spy)
    article = publish(parent="hanoi_a", title="Bài có phần giữ lại")

    get(client, f"{article.url}?n=1")  # made now: kept for the whole lifetime
    now[0] += 590
    _response, reused = get(client, f"{article.url}?n=2")  # its markup, 590 s old: the response for 10 s more
    now[0] += 20
    _response, remade = get(client, f"{article.url}?n=3")  # 610 s old: made again

    def terms(queries):
        return [sql for sql in queries if "content_articlepage_policy_areas" in sql]

    assert stored[0] == 600 and stored[1] == 10 and stored[2] == 600, stored
    assert not terms(reused) and terms(remade)


def test_kept_context_inside_another_kept_block_is_refused_when_the_template_loads():
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="cannot be inside"):
        Template(
            '{% load portal_tags %}{% kept_page "a" %}{% kept_context "b" %}x{% endkept_context %}{% endkept_page %}'
        )


def test_a_first_hit_in_another_process_reuses_the_markup_one_process_rendered(client, publish, page_cache):
    """The article's markup and its "more news" are kept in the shared cache too: a process that never rendered the
    article (its own memory emptied here) renders only the layout around them, byte for byte the same page."""
    article = publish(parent="hanoi_a", title="Bài đọc ở tiến trình khác", areas=["bhxh-tu-nguyen"])
    publish(parent="hanoi_a", title="Tin khác cùng phường")
    first, first_queries = get(client, f"{article.url}?utm_source=facebook")
    clear_process_caches()  # another process: nothing of its own kept, the shared cache as it is

    second, second_queries = get(client, f"{article.url}?utm_source=facebook&utm_content=2")

    def reads(queries):  # the article's terms, and its office's latest news
        return [sql for sql in queries if "articlepage_policy_areas" in sql or ("ORDER BY" in sql and "date" in sql)]

    assert first[HEADER] == second[HEADER] == "miss"
    assert reads(first_queries) and not reads(second_queries)
    assert second.content.replace(b"%26utm_content%3D2", b"") == first.content

    article.title = "Bài đọc ở tiến trình khác, đã sửa"
    article.save_revision().publish()
    clear_process_caches()
    third = client.get(f"{article.url}?utm_source=zalo").content.decode()
    assert "Bài đọc ở tiến trình khác, đã sửa" in third


def test_an_office_s_news_are_read_once_for_the_more_news_of_all_its_articles(client, publish, settings):
    articles = [publish(parent="hanoi_a", title=f"Tin số {n} của phường") for n in range(3)]
    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    whole = [client.get(f"{article.url}?lan=1").content for article in articles]
    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    clear_process_caches()

    first, first_queries = get(client, f"{articles[0].url}?lan=1")
    others = [get(client, f"{article.url}?lan=1") for article in articles[1:]]

    def news(queries):  # the office's latest news
        return [sql for sql in queries if 'ORDER BY "content_articlepage"."date" DESC' in sql]

    assert len(news(first_queries)) == 1 and not any(news(queries) for _response, queries in others)
    # The same pages as read whole: each article's "more news" are the two others, newest first.
    assert [first.content, *(response.content for response, _queries in others)] == whole
    html = others[0][0].content.decode()
    more = html[html.index('id="related-heading"') :]
    assert "Tin số 2 của phường" in more and "Tin số 0 của phường" in more and "Tin số 1 của phường" not in more


def test_a_first_hit_reads_an_article_s_terms_in_one_query_in_their_order(client, publish, settings):
    from lantoa.taxonomy.models import PolicyArea, TargetGroup

    areas = list(PolicyArea.objects.order_by("pk").values_list("slug", flat=True)[:3])
    groups = list(TargetGroup.objects.order_by("pk").values_list("slug", flat=True)[:2])
    # Shown by position then name, not in the order they were made or chosen.
    for position, slug in enumerate(reversed(areas)):
        PolicyArea.objects.filter(slug=slug).update(position=position)
    article = publish(parent="hanoi_a", title="Bài có nhiều chủ đề", areas=areas[::2] + areas[1:2], groups=groups)
    settings.LANTOA_PAGE_CACHE_SECONDS = 0
    whole = client.get(f"{article.url}?lan=1").content
    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    clear_process_caches()

    response, queries = get(client, f"{article.url}?lan=1")

    terms = [sql for sql in queries if "policy_areas" in sql or "target_groups" in sql]
    assert len(terms) == 1 and "UNION ALL" in terms[0]
    assert response.content == whole
    html = response.content.decode()
    tags = html[html.index('class="tag-list"') :]
    names = [PolicyArea.objects.get(slug=slug).name for slug in reversed(areas)]
    assert [tags.index(name) for name in names] == sorted(tags.index(name) for name in names)
    assert all(TargetGroup.objects.get(slug=slug).name in tags for slug in groups)


def test_markup_showing_an_office_s_kept_news_is_as_old_as_those_news(client, publish, page_cache, monkeypatch):
    """An article first rendered from its office's news read 590 s earlier by a sibling: its "more news" block is kept
    as 590 s old, so 20 s later it is made again, with the news read again (never older than the lifetime, 600 s)."""
    import time
    import types

    from lantoa import cache as cache_tags
    from lantoa.portal import cache as page_cache_module
    from lantoa.portal.templatetags import portal_tags

    now = [time.time()]
    clock = types.SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic)
    for module in (portal_tags, page_cache_module, cache_tags):
        monkeypatch.setattr(module, "time", clock)
    stored: list[int] = []
    store = page_cache_module.local_tier.set
    monkeypatch.setattr(
        page_cache_module.local_tier,
        "set",
        lambda key, entry, timeout: stored.append(timeout) or store(key, entry, timeout),
    )
    first = publish(parent="hanoi_a", title="Bài thứ nhất của phường")
    second = publish(parent="hanoi_a", title="Bài thứ hai của phường")

    def news(queries):  # the office's latest news
        return [sql for sql in queries if 'ORDER BY "content_articlepage"."date" DESC' in sql]

    _response, queries = get(client, f"{first.url}?n=1")
    assert news(queries)
    now[0] += 590
    _response, queries = get(client, f"{second.url}?n=1")  # the office's news of 590 s ago
    assert not news(queries)
    now[0] += 20
    _response, queries = get(client, f"{second.url}?n=2")  # its "more news" block is 610 s old: made again

    assert stored == [600, 10, 580]  # the article's own markup, kept 20 s ago, is reused
    assert news(queries)
