"""Queue the channel posts and campaign chunks whose time has come, and recover what a dead worker left behind."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.channels import selectors, services


class Command(BaseCommand):
    help = _("Gửi các bài đăng kênh đã đến giờ (theo lịch hoặc gửi lại).")

    def handle(self, *args, **options):
        recovered = services.recover_stalled_posts()
        due = selectors.due_post_ids()
        queued = sum(services.enqueue_post(post_id) for post_id in due)
        chunks = selectors.due_chunk_ids()
        queued += sum(services.enqueue_chunk(chunk_id) for chunk_id in chunks)
        if options["verbosity"]:
            self.stdout.write(
                _("Đã đưa %(queued)s/%(due)s việc vào hàng đợi, khôi phục %(recovered)s việc gửi dở.")
                % {"queued": queued, "due": len(due) + len(chunks), "recovered": recovered}
            )
