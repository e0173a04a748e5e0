"""Queue the channel posts whose scheduled or retry time has come, and recover posts a dead worker left behind."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.channels import selectors, services
from lantoa.channels.tasks import publish_post


class Command(BaseCommand):
    help = _("Gửi các bài đăng kênh đã đến giờ (theo lịch hoặc gửi lại).")

    def handle(self, *args, **options):
        recovered = services.recover_stalled_posts()
        due = selectors.due_post_ids()
        for post_id in due:
            publish_post.enqueue(post_id)
        if options["verbosity"]:
            self.stdout.write(
                _("Đã đưa %(due)s bài vào hàng đợi, khôi phục %(recovered)s bài gửi dở.")
                % {"due": len(due), "recovered": recovered}
            )
