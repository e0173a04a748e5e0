from lantoa.content.models import ArticlePage
from lantoa.units.roles import Role


def _assert_refused(response):
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code == 302
    assert response.url == "/admin/"


def _draft(parent, title, slug):
    page = parent.add_child(instance=ArticlePage(title=title, slug=slug, live=False))
    page.save_revision()
    return page


def test_viewer_reads_own_province_drafts_but_not_a_sibling_province(client, site, units, make_staff):
    viewer = make_staff(units["hanoi"], Role.VIEWER, password="mat-khau-thu-1")
    own = _draft(site["hanoi_a"], "Bản nháp Hoàn Kiếm", "ban-nhap-hk")
    sibling = _draft(site["hue"], "Bản nháp Huế", "ban-nhap-hue")
    client.login(username=viewer.username, password="mat-khau-thu-1")

    listing = client.get("/admin/lantoa/noi-dung/")
    assert listing.status_code == 200
    assert "Bản nháp Hoàn Kiếm" in listing.content.decode()
    assert "Bản nháp Huế" not in listing.content.decode()

    assert client.get(f"/admin/lantoa/noi-dung/{own.pk}/").status_code == 200
    _assert_refused(client.get(f"/admin/lantoa/noi-dung/{sibling.pk}/"))


def test_commune_viewer_cannot_read_the_province_drafts_above_it(client, site, units, make_staff):
    viewer = make_staff(units["hanoi_a"], Role.VIEWER, password="mat-khau-thu-1")
    parent_draft = _draft(site["hanoi"], "Bản nháp của tỉnh", "ban-nhap-tinh")
    client.login(username=viewer.username, password="mat-khau-thu-1")
    _assert_refused(client.get(f"/admin/lantoa/noi-dung/{parent_draft.pk}/"))
