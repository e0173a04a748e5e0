"""Wagtail's users screen, searched with or without diacritics ("nguyen van an" finds "Nguyễn Văn An")."""

from wagtail.users.views.users import IndexView, UserViewSet

from lantoa.listing import folded_match


class FoldedUserIndexView(IndexView):
    """Wagtail's list of users; its search box matches name, login and e-mail folded, as every staff list does
    (Wagtail's own asks the database for the text as typed, so "nguyen" misses "Nguyễn")."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_match(queryset, self.search_query, ["username", "first_name", "last_name", "email"])


class StaffUserViewSet(UserViewSet):
    index_view_class = FoldedUserIndexView
