"""Background work of bulletins: the audio, synthesised or recorded, normalised and encoded."""

import logging

from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def produce_bulletin_audio(audio_id: int) -> str:
    """Produce one bulletin's audio; a failure is kept on the record with a message staff can act on."""
    from .models import BulletinAudio
    from .services import produce_audio

    try:
        return produce_audio(audio_id).status
    except BulletinAudio.DoesNotExist:
        return "gone"  # the page was deleted meanwhile
    except Exception:
        logger.exception("bulletin audio %s failed", audio_id)
        BulletinAudio.objects.filter(pk=audio_id).update(
            status=BulletinAudio.Status.FAILED, message=_("Không tạo được âm thanh: lỗi hệ thống, hãy thử lại.")
        )
        return BulletinAudio.Status.FAILED
