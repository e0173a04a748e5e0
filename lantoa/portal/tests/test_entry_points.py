"""Entry points: every page leads to the calculators, the registration of interest and the events; articles on a
scheme with a calculator offer it and the registration, and a registration made from there records the article."""

import datetime
import re

import pytest
from django.utils import timezone

from lantoa.content.models import TopicPage
from lantoa.outreach.forms import fill_token
from lantoa.outreach.models import Event, Registration

pytestmark = pytest.mark.django_db

VSI = "/cong-cu/bhxh-tu-nguyen/"
HHI = "/cong-cu/bhyt-ho-gia-dinh/"


def nav(html: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)


def box(html: str) -> str:
    match = re.search(r'<section class="entry-points.*?</section>', html, re.S)
    return match.group(0) if match else ""


def hrefs(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


@pytest.fixture
def soon(units):
    return Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_a"],
        kind=Event.Kind.KICK_OFF,
        title="Lễ ra quân BHYT hộ gia đình",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Nhà văn hoá",
    )


def test_the_main_navigation_of_every_page_leads_to_calculators_registration_and_events(client, site):
    for path in ("/", "/tin-tuc/", VSI, "/su-kien/"):
        links = hrefs(nav(client.get(path).text))
        assert "/su-kien/" in links, path
        assert VSI in links and HHI in links, path
        assert any(link.startswith("/dang-ky-tu-van/") for link in links), path


def test_english_navigation_stays_in_english_paths(client, site):
    links = hrefs(nav(client.get("/en/").text))
    assert "/en/su-kien/" in links and "/en/cong-cu/bhxh-tu-nguyen/" in links


def test_the_home_page_offers_both_calculators_the_registration_and_the_next_events(client, site, soon):
    html = box(client.get("/").text)
    links = hrefs(html)
    assert links[:2] == [VSI, HHI]
    assert "/dang-ky-tu-van/?nguon=trang-chu" in links
    assert "/su-kien/" in links
    assert "Lễ ra quân BHYT hộ gia đình" in html and soon.get_absolute_url() in links


def test_a_topic_page_puts_its_own_calculator_first_and_registers_interest_in_it(client, site, soon):
    topic = TopicPage.objects.get(policy_area__slug="bhyt-ho-gia-dinh")
    links = hrefs(box(client.get(topic.url).text))
    assert links[0] == f"{HHI}?trang={topic.pk}"
    assert links[1] == f"{VSI}?trang={topic.pk}"
    assert f"/dang-ky-tu-van/?nguon=chu-de&trang={topic.pk}&quan_tam=bhyt-ho-gia-dinh" in links
    assert "/su-kien/" in links


def test_an_article_on_voluntary_insurance_offers_its_calculator_and_the_registration(client, publish):
    article = publish(title="Tham gia BHXH tự nguyện", areas=["bhxh-tu-nguyen"])
    html = box(client.get(article.url).text)
    assert "Tính thử mức đóng, đăng ký tư vấn" in html
    assert hrefs(html) == [
        f"{VSI}?trang={article.pk}",
        f"/dang-ky-tu-van/?nguon=bai-viet&trang={article.pk}&quan_tam=bhxh-tu-nguyen",
    ]


def test_an_article_on_another_policy_has_no_calculator_box(client, publish):
    article = publish(title="Bảo hiểm thất nghiệp", areas=["bao-hiem-that-nghiep"])
    assert box(client.get(article.url).text) == ""


def test_a_registration_made_from_an_article_records_the_article(client, publish, units, settings):
    settings.LANTOA_REGISTRATION_MIN_FILL_SECONDS = 0
    article = publish(title="BHYT hộ gia đình", areas=["bhyt-ho-gia-dinh"])
    register = hrefs(box(client.get(article.url).text))[-1]

    form = client.get(f"{register}&tinh=01").text
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert hidden["trang"] == str(article.pk) and hidden["nguon"] == "bai-viet"
    data = {**hidden, "ho_ten": "Lò Thị Mai", "dien_thoai": "0912345678", "xa": units["hanoi_a"].pk}
    data.update(quan_tam="bhyt-ho-gia-dinh", thoi_gian="any", dong_y="on", ts=fill_token())
    assert client.post("/dang-ky-tu-van/", data).status_code == 302

    registration = Registration.objects.get()
    assert registration.source == "article" and registration.page_id == article.pk


def test_the_calculator_keeps_the_article_through_the_result_to_the_registration(client):
    form = client.get(f"{HHI}?trang=42").text
    assert '<input type="hidden" name="trang" value="42">' in form
    result = client.get(HHI, {"trang": "42", "members": "2", "on_date": "2025-07-01"}).text
    assert "trang=42" in re.search(r'class="calc-button" href="(/dang-ky-tu-van/[^"]+)"', result).group(1)
    assert 'name="trang"' not in client.get(f"{HHI}?trang=abc").text
