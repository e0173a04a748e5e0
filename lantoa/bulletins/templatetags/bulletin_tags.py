from django import template

register = template.Library()


@register.simple_tag
def audio_summary(audio) -> str:
    """ "2 phút 05 giây · 480 KB" for a bulletin's audio (the MP3 most players fetch)."""
    from lantoa.bulletins.audio import describe

    return describe(audio.duration or 0, audio.mp3_size)
