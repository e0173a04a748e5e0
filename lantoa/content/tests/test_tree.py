from lantoa.content.models import ArticlePage
from lantoa.units.roles import Role


def test_article_belongs_to_the_unit_whose_part_of_the_tree_holds_it(site, units):
    article = site["hue_a"].add_child(instance=ArticlePage(title="Đối thoại chính sách", slug="doi-thoai"))
    assert article.unit == units["hue_a"]


def test_provincial_author_can_edit_pages_of_own_province_not_sibling(site, units, make_staff):
    author = make_staff(units["hanoi"], Role.AUTHOR)
    own = site["hanoi_a"].add_child(instance=ArticlePage(title="Tin Hoàn Kiếm", slug="tin-hk"))
    sibling = site["hue"].add_child(instance=ArticlePage(title="Tin Huế", slug="tin-hue"))
    assert own.permissions_for_user(author).can_edit()
    assert not sibling.permissions_for_user(author).can_edit()
    assert not own.permissions_for_user(author).can_publish()
