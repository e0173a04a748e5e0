"""The audio of a loudspeaker bulletin (bản tin phát trên đài truyền thanh xã).

Speech is synthesised by Debian's ``espeak-ng`` (Vietnamese voices vi, vi-vn-x-central, vi-vn-x-south) and
recordings are checked, loudness-normalised and encoded by Debian's ``ffmpeg``/``ffprobe``. Nothing here uses a
Python TTS or audio package, a shell, or the network: every tool is called with an argument list, a time limit,
``stdin`` closed (or fed the text), and its files in a private temporary directory that is removed afterwards.

Messages of :class:`AudioError` are Vietnamese and meant for the staff screen; the tool's own last stderr line
(short, never logged here) is kept on ``AudioError.detail`` for developers.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.formats import figure

__all__ = [
    "VOICES",
    "AudioError",
    "Encoded",
    "check_upload",
    "describe",
    "encode",
    "make_video",
    "synthesise",
    "voice_for",
]

# Region of the commune → espeak-ng voice (the names `espeak-ng --voices=vi` lists on Debian 12, espeak-ng 1.51).
VOICES = {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}
DEFAULT_VOICE = "vi"

# Binaries, looked up on PATH at each call (so a missing tool is a clear error, not an import failure).
ESPEAK = "espeak-ng"
FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"

# Limits (module attributes so that tests and settings can lower them).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DURATION_SECONDS = 30 * 60
MIN_DURATION_SECONDS = 1.0
MAX_TEXT_CHARS = 20_000
ESPEAK_TIMEOUT = 60  # seconds; 20 000 characters take about 2 s
PROBE_TIMEOUT = 60  # ffprobe, and the decode that measures an upload's true length
ENCODE_TIMEOUT = 600  # a 30-minute recording takes about a minute

# Output: outdoor horn loudspeakers want speech loud and even, without rumble they cannot reproduce.
LOUDNESS_LUFS = -16
PRE_LEVEL_LUFS = -20  # the compressor's input level, whatever the recording's
COMPRESSOR = "acompressor=threshold=-26dB:ratio=4:attack=2:release=80:knee=4"
MAX_GAIN_DB = 40
SILENCE_LUFS = -60
TRUE_PEAK_DB = -1.5
LOUDNESS_RANGE = 7
HIGHPASS_HZ = 80
_PREPARE = f"aformat=channel_layouts=mono,highpass=f={HIGHPASS_HZ}"
OPUS_BITRATE = "32k"
OPUS_RATE = 48_000
MP3_BITRATE = "64k"
MP3_RATE = 44_100
# The video for social platforms (they take video, not audio): the bulletin's card as a still picture, H.264 at two
# frames a second (a still costs almost nothing) and the normalised sound as AAC, in an MP4 that starts playing
# before it has all arrived.
VIDEO_FPS = 2
VIDEO_AUDIO_BITRATE = "64k"

# Format key → ffmpeg demuxer, pinned so that ffmpeg never guesses (no playlists, no concat lists, no images).
_DEMUXERS = {
    "wav": "wav",
    "opus": "ogg",
    "vorbis": "ogg",
    "ogg": "ogg",
    "mp3": "mp3",
    "aac": "aac",
    "flac": "flac",
    "m4a": "mov",
    "3gp": "mov",
    "webm": "matroska",
    "mka": "matroska",
    "amr": "amr",
    "amr-wb": "amr",
}

# Common things that are not audio, named in the refusal so that staff see what they picked.
_NOT_AUDIO = [
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("ảnh PNG")),
    (b"\xff\xd8\xff", gettext_lazy("ảnh JPEG")),
    (b"GIF8", gettext_lazy("ảnh GIF")),
    (b"%PDF", gettext_lazy("tài liệu PDF")),
    (b"PK\x03\x04", gettext_lazy("tệp nén ZIP (hoặc Word/Excel)")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("tài liệu Office cũ")),
    (b"Rar!", gettext_lazy("tệp nén RAR")),
    (b"7z\xbc\xaf", gettext_lazy("tệp nén 7z")),
]


class AudioError(Exception):
    """A refusal or a failure, with a Vietnamese message for staff (``str(error)``)."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class Encoded:
    """A bulletin ready to publish: Ogg Opus for the web and apps, MP3 for loudspeaker players and Zalo."""

    opus: bytes
    mp3: bytes
    duration_seconds: float
    opus_size: int
    mp3_size: int

    def __repr__(self) -> str:  # never dump megabytes of audio into a log or a traceback
        return (
            f"Encoded(duration_seconds={self.duration_seconds:.2f}, "
            f"opus_size={self.opus_size}, mp3_size={self.mp3_size})"
        )


# --- voices and speech -----------------------------------------------------------------------------------------


def voice_for(region: str) -> str:
    """The espeak-ng voice for a region ("north", "central", "south"); anything else gets the northern "vi"."""
    return VOICES.get((region or "").strip().lower(), DEFAULT_VOICE)


def synthesise(text: str, *, voice: str, words_per_minute: int = 150) -> bytes:
    """WAV bytes (mono, 22.05 kHz, 16-bit) of espeak-ng reading ``text`` with ``voice``.

    The text goes in on stdin (``--stdin``), never on the command line; the WAV is written to a temporary file
    so that its header carries the real length (espeak-ng's ``--stdout`` leaves it unset).
    """
    if voice not in VOICES.values():
        raise AudioError(
            _("Giọng đọc “%(voice)s” không có; hãy chọn giọng Bắc, Trung hoặc Nam.") % {"voice": str(voice)[:40]}
        )
    if not 80 <= words_per_minute <= 450:
        raise ValueError("words_per_minute must be between 80 and 450")
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise AudioError(_("Chưa có nội dung để đọc."))
    if len(text) > MAX_TEXT_CHARS:
        raise AudioError(_("Nội dung quá dài để đọc tự động (tối đa %(n)s ký tự).") % {"n": figure(MAX_TEXT_CHARS)})
    with tempfile.TemporaryDirectory(prefix="lantoa-audio-") as tmp:
        out = Path(tmp) / "speech.wav"
        _run(
            ESPEAK,
            ["-v", voice, "-s", str(words_per_minute), "-b", "1", "--stdin", "-w", str(out)],
            stdin=text.encode("utf-8"),
            timeout=ESPEAK_TIMEOUT,
            failure=_("Không tạo được giọng đọc tự động."),
        )
        data = out.read_bytes() if out.exists() else b""
    if len(data) <= 44:  # a WAV header and no samples
        raise AudioError(_("Không tạo được giọng đọc tự động (espeak-ng không trả về âm thanh)."))
    return data


# --- uploads ---------------------------------------------------------------------------------------------------


def check_upload(data: bytes, filename: str) -> str:
    """The format key of an uploaded recording ("wav", "opus", "vorbis", "mp3", "m4a", "webm", "amr", …).

    The format is read from the content (magic bytes), never from ``filename``, which only appears in the
    refusal. ffprobe must then find an audio stream with that format pinned, and ffmpeg must decode between
    ``MIN_DURATION_SECONDS`` and ``MAX_DURATION_SECONDS`` of it; the file must be under ``MAX_UPLOAD_BYTES``.
    Raises :class:`AudioError` with a Vietnamese message otherwise.
    """
    kind = _recognised(data, filename)
    with tempfile.TemporaryDirectory(prefix="lantoa-audio-") as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(data)
        _probe_audio(path, kind)
        seconds = _decoded_seconds(path, kind)
    if seconds > MAX_DURATION_SECONDS:
        raise AudioError(
            _("Bản ghi dài quá %(limit)s; hãy cắt bớt rồi tải lên lại.") % {"limit": _limit_text(MAX_DURATION_SECONDS)}
        )
    if seconds < MIN_DURATION_SECONDS:
        raise AudioError(
            _("Bản ghi quá ngắn (dưới %(limit)s) hoặc hỏng: không nghe được nội dung.")
            % {"limit": _limit_text(MIN_DURATION_SECONDS)}
        )
    return kind


def _recognised(data: bytes, filename: str) -> str:
    """The format key of `data` if it is a non-empty audio file within the size limit; AudioError otherwise."""
    if not data:
        raise AudioError(_("Tệp trống: không phải âm thanh."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise AudioError(
            _("Tệp quá lớn (%(size)s); tối đa %(max)s.")
            % {"size": _size_text(len(data)), "max": _size_text(MAX_UPLOAD_BYTES)}
        )
    kind = sniff(data)
    if kind is None:
        raise AudioError(_not_audio_message(data, filename))
    return kind


def sniff(data: bytes) -> str | None:
    """The audio format key that ``data`` starts like, or None. Only a first look: ffprobe has the last word."""
    head = data[:64]
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        page = data[:512]
        if b"OpusHead" in page:
            return "opus"
        if b"\x01vorbis" in page:
            return "vorbis"
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:9] == b"#!AMR-WB\n":
        return "amr-wb"
    if head[:6] == b"#!AMR\n":
        return "amr"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "3gp" if head[8:11] == b"3gp" else "m4a"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm" if b"webm" in head else "mka"
    if len(head) >= 10 and head[:3] == b"ID3" and head[3] in (2, 3, 4):
        return "mp3"
    if len(head) >= 4 and head[0] == 0xFF:
        b1, b2 = head[1], head[2]
        if (b1 & 0xF6) == 0xF0:  # ADTS AAC: sync 0xFFF, layer 00 (some Android recorders)
            return "aac"
        version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
        bitrate, rate = b2 >> 4, (b2 >> 2) & 3
        if (b1 & 0xE0) == 0xE0 and version != 1 and layer != 0 and bitrate != 15 and rate != 3:
            return "mp3"
    return None


def _not_audio_message(data: bytes, filename: str) -> str:
    name = os.path.basename(filename or "")[:80]
    what = next((label for magic, label in _NOT_AUDIO if data.startswith(magic)), None)
    if what is None and data[:1024].lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml", b"<svg")):
        what = _("trang web / văn bản HTML")
    said = _(", dù tên tệp là “%(name)s”") % {"name": name} if name else ""
    if what:
        return _("Tệp không phải âm thanh: nội dung là %(what)s%(said)s.") % {"what": what, "said": said}
    return _(
        "Tệp không phải âm thanh (không nhận ra định dạng%(said)s). "
        "Hãy tải lên bản ghi MP3, M4A, WAV, OGG/Opus, WebM, FLAC hoặc AMR."
    ) % {"said": said}


def _input(kind: str, path: Path, *, tool: str = FFMPEG, limit: float | None = None, verbosity: str = "error"):
    """The arguments every ffmpeg/ffprobe run starts with: quiet, local files only, the demuxer pinned to what the
    content was recognised as (never guessed: no playlists or concat lists), at most `limit` seconds read."""
    if tool == FFPROBE:
        return ["-v", verbosity, "-protocol_whitelist", "file", "-f", _DEMUXERS[kind], "-i", str(path)]
    head = ["-nostdin", "-hide_banner", "-v", verbosity, "-nostats", "-protocol_whitelist", "file"]
    return [*head, "-f", _DEMUXERS[kind], *(["-t", str(limit)] if limit else []), "-i", str(path)]


def _probe_audio(path: Path, kind: str) -> dict:
    """ffprobe's view of the first audio stream, with the demuxer pinned; AudioError if there is none."""
    done = _run(
        FFPROBE,
        [
            *_input(kind, path, tool=FFPROBE),
            *["-select_streams", "a:0", "-show_entries", "stream=codec_name,channels,sample_rate,duration"],
            *["-show_entries", "format=duration", "-of", "json"],
        ],
        timeout=PROBE_TIMEOUT,
        failure=_("Tệp không phải âm thanh hoặc đã hỏng."),
    )
    try:
        info = json.loads(done.stdout or b"{}")
    except ValueError as error:
        raise AudioError(_("Tệp không phải âm thanh hoặc đã hỏng.")) from error
    streams = info.get("streams") or []
    if not streams or not streams[0].get("codec_name"):
        raise AudioError(_("Tệp không phải âm thanh: không có kênh âm thanh nào đọc được."))
    return info


def _decoded_seconds(path: Path, kind: str) -> float:
    """Seconds of audio ffmpeg really decodes (headers can lie, and phone WebM has no duration at all).

    Decoding stops a little past ``MAX_DURATION_SECONDS``: enough to tell that a recording is too long.
    """
    done = _run(
        FFMPEG,
        [
            *_input(kind, path),
            *f"-map 0:a:0 -t {MAX_DURATION_SECONDS + 1} -f null -progress pipe:1 -".split(),
        ],
        timeout=PROBE_TIMEOUT,
        failure=_("Tệp không phải âm thanh hoặc đã hỏng."),
    )
    seconds = 0.0
    for line in done.stdout.decode("ascii", "replace").splitlines():
        key, _sep, value = line.partition("=")
        if key == "out_time_us" and value.strip().lstrip("-").isdigit():
            seconds = max(seconds, int(value) / 1_000_000)
    return seconds


# --- encoding --------------------------------------------------------------------------------------------------


def encode(source: bytes) -> Encoded:
    """Loudness-normalise ``source`` (any format :func:`check_upload` accepts, or :func:`synthesise`'s WAV) and
    encode it to mono Ogg Opus (48 kHz, ~32 kbit/s, VoIP mode) and mono MP3 (44.1 kHz, 64 kbit/s CBR).

    Two ffmpeg runs. The first measures the integrated loudness (``ebur128``) of the mono, high-passed source.
    The second brings it to −20 LUFS with a fixed gain, compresses it gently (so the compressor acts the same
    on a quiet phone recording as on a loud one), and lets a single-pass ``loudnorm`` set −16 LUFS with a true
    peak of −1.5 dB; then it splits to the two encoders. Without the compressor, single-pass ``loudnorm`` leaves
    espeak-ng's very peaky speech near −19 LUFS. Metadata of the source (titles, phone location tags) is dropped.
    """
    kind = _recognised(source, "")
    with tempfile.TemporaryDirectory(prefix="lantoa-audio-") as tmp:
        src, opus, mp3 = Path(tmp) / "source", Path(tmp) / "bulletin.ogg", Path(tmp) / "bulletin.mp3"
        src.write_bytes(source)
        loudness = _loudness(src, kind)
        if loudness <= SILENCE_LUFS:
            raise AudioError(_("Bản ghi gần như không có tiếng: không chuẩn hoá được âm lượng."))
        gain = min(max(PRE_LEVEL_LUFS - loudness, -MAX_GAIN_DB), MAX_GAIN_DB)
        graph = (
            f"[0:a:0]{_PREPARE},volume={gain:.2f}dB,{COMPRESSOR},"
            f"loudnorm=I={LOUDNESS_LUFS}:TP={TRUE_PEAK_DB}:LRA={LOUDNESS_RANGE},"
            "aformat=channel_layouts=mono,asplit=2[o][m];"  # loudnorm's output layout is unset: say mono again
            f"[o]aresample={OPUS_RATE}[opus];[m]aresample={MP3_RATE}[mp3]"
        )
        _run(
            FFMPEG,
            [
                *_input(kind, src, limit=MAX_DURATION_SECONDS),
                *["-filter_complex", graph],
                *["-map", "[opus]", "-map_metadata", "-1", "-map_chapters", "-1"],
                *f"-c:a libopus -b:a {OPUS_BITRATE} -application voip -f ogg".split(),
                str(opus),
                *["-map", "[mp3]", "-map_metadata", "-1", "-map_chapters", "-1"],
                *f"-c:a libmp3lame -b:a {MP3_BITRATE} -f mp3".split(),
                str(mp3),
            ],
            timeout=ENCODE_TIMEOUT,
            failure=_("Không chuyển được bản ghi sang Opus/MP3 (tệp hỏng hoặc không phải âm thanh)."),
        )
        opus_bytes, mp3_bytes = opus.read_bytes(), mp3.read_bytes()
        info = _probe_audio(opus, "opus")
    duration = _float(info.get("format", {}).get("duration")) or _float(info["streams"][0].get("duration"))
    if not duration:
        raise AudioError(_("Không chuyển được bản ghi: bản kết quả không có âm thanh."))
    return Encoded(
        opus=opus_bytes,
        mp3=mp3_bytes,
        duration_seconds=round(duration, 3),
        opus_size=len(opus_bytes),
        mp3_size=len(mp3_bytes),
    )


def make_video(mp3: bytes, picture: bytes, *, seconds: float) -> bytes:
    """An MP4 (H.264 + AAC) of ``picture`` (JPEG or PNG, shown throughout) over ``mp3`` (:func:`encode`'s), lasting
    ``seconds``: what Facebook, Zalo, YouTube and TikTok publish where a loudspeaker plays the MP3."""
    kind = _recognised(mp3, "")
    picture_kind = "png" if picture.startswith(b"\x89PNG") else "jpeg" if picture.startswith(b"\xff\xd8\xff") else ""
    if not picture_kind:
        raise AudioError(_("Ảnh của video không phải JPEG hay PNG."))
    with tempfile.TemporaryDirectory(prefix="lantoa-video-") as tmp:
        sound, still, video = Path(tmp) / "sound", Path(tmp) / f"card.{picture_kind}", Path(tmp) / "bulletin.mp4"
        sound.write_bytes(mp3)
        still.write_bytes(picture)
        _run(
            FFMPEG,
            [
                *_input(kind, sound, limit=MAX_DURATION_SECONDS),
                *["-protocol_whitelist", "file", "-f", "image2", "-loop", "1", "-framerate", str(VIDEO_FPS)],
                *["-i", str(still), "-map", "1:v:0", "-map", "0:a:0", "-map_metadata", "-1"],
                *f"-c:v libx264 -preset veryfast -tune stillimage -pix_fmt yuv420p -r {VIDEO_FPS}".split(),
                *f"-c:a aac -b:a {VIDEO_AUDIO_BITRATE} -t {min(seconds, MAX_DURATION_SECONDS):.3f}".split(),
                *["-movflags", "+faststart", "-f", "mp4", str(video)],
            ],
            timeout=ENCODE_TIMEOUT,
            failure=_("Không tạo được video của bản tin để đăng lên mạng xã hội."),
        )
        return video.read_bytes()


def _loudness(path: Path, kind: str) -> float:
    """Integrated loudness (LUFS, EBU R 128) of the mono, high-passed source; −70 for silence."""
    done = _run(
        FFMPEG,
        [
            *_input(kind, path, limit=MAX_DURATION_SECONDS, verbosity="info"),
            *["-map", "0:a:0", "-af", f"{_PREPARE},ebur128", "-f", "null", "-"],
        ],
        timeout=ENCODE_TIMEOUT,
        failure=_("Không đo được âm lượng của bản ghi (tệp hỏng hoặc không phải âm thanh)."),
    )
    summary = done.stderr.decode("utf-8", "replace").rpartition("Integrated loudness:")[2]
    found = re.search(r"\bI:\s*(-?(?:\d+(?:\.\d+)?|inf))\s*LUFS", summary)
    if not found:
        raise AudioError(_("Không đo được âm lượng của bản ghi."), detail="ebur128: no summary")
    value = float(found.group(1))
    return value if math.isfinite(value) else SILENCE_LUFS


# --- text for staff screens ------------------------------------------------------------------------------------


def describe(seconds: float, size: int) -> str:
    """Length and size of a bulletin for staff screens: "2 phút 05 giây · 480 KB", "45 giây · 1,2 MB".

    Seconds are rounded; sizes use KB/MB of 1024 and the Vietnamese decimal comma."""
    return f"{_duration_text(seconds)} · {_size_text(size)}"


def _duration_text(seconds: float) -> str:
    total = round(seconds) if seconds and math.isfinite(seconds) and seconds > 0 else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)s giờ %(m)s phút %(s)s giây") % {"h": hours, "m": f"{minutes:02d}", "s": f"{secs:02d}"}
    if minutes:
        return _("%(m)s phút %(s)s giây") % {"m": minutes, "s": f"{secs:02d}"}
    return _("%(s)s giây") % {"s": secs}


def _size_text(size: int) -> str:
    size = max(int(size or 0), 0)
    if size < 1024:
        return f"{size} B"
    if round(size / 1024) < 1024:
        return f"{round(size / 1024)} KB"
    if round(size / 1024**2, 1) < 1024:
        return f"{_decimal(size / 1024**2)} MB"
    return f"{_decimal(size / 1024**3)} GB"


def _decimal(value: float) -> str:
    """One decimal in the active language's form, none when it is zero: "1,2", "50"."""
    rounded = round(value, 1)
    return figure(rounded, 0 if rounded == int(rounded) else 1)


def _limit_text(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return _("%(m)s phút") % {"m": int(seconds // 60)}
    return _("%(s)s giây") % {"s": _decimal(seconds)}


def _float(value: object) -> float:
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return result if math.isfinite(result) else 0.0


# --- running the tools -----------------------------------------------------------------------------------------


def _run(
    tool: str, args: list[str], *, timeout: float, failure: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``tool`` (looked up on PATH) with ``args``: no shell, bounded time, output captured, never logged."""
    binary = shutil.which(tool)
    if binary is None:
        raise AudioError(
            _("Máy chủ chưa cài %(tool)s: chưa xử lý được âm thanh. Hãy báo quản trị hệ thống.") % {"tool": tool}
        )
    try:
        done = subprocess.run(  # noqa: S603 (a Debian tool, an argument list, no shell)
            [binary, *args],
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise AudioError(
            _("%(failure)s Xử lý quá lâu, đã dừng lại.") % {"failure": failure}, detail=f"{tool}: timeout {timeout}s"
        ) from error
    except OSError as error:
        raise AudioError(
            _("Không chạy được %(tool)s trên máy chủ. Hãy báo quản trị hệ thống.") % {"tool": tool}, detail=str(error)
        ) from error
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(failure, detail=f"{tool} exit {done.returncode}: {lines[-1][:200] if lines else ''}")
    return done
