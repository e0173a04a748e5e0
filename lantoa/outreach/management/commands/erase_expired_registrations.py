"""Erase the personal fields of registrations older than the retention period; counts stay."""

from django.core.management.base import BaseCommand

from lantoa.outreach import services


class Command(BaseCommand):
    help = "Xoá họ tên, số điện thoại của đăng ký tư vấn quá thời hạn lưu trữ (LANTOA_REGISTRATION_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Thời hạn lưu trữ (ngày), mặc định theo cấu hình.")

    def handle(self, *args, days=None, **options):
        erased = services.erase_expired(days=days)
        self.stdout.write(f"Erased personal fields of {erased} registration(s).")
