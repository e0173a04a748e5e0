"""Bulletin audio against the real Debian tools: espeak-ng speaks, ffmpeg encodes, soxi and ffprobe measure.

No database. The default run (-m "not slow") takes a few seconds: one sentence per voice and one encode,
shared by the tests of this module.
"""

import io
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import wave
import zlib

import pytest

from lantoa.bulletins import audio
from lantoa.bulletins.audio import VOICES, AudioError, Encoded, check_upload, describe, encode, synthesise, voice_for

SENTENCE = (
    "Bảo hiểm xã hội xã thông báo: từ ngày một tháng bảy, người tham gia bảo hiểm xã hội tự nguyện "
    "được Nhà nước hỗ trợ một phần tiền đóng."
)
# About thirty seconds at 150 words a minute.
LONG_TEXT = (
    "Thông báo của Bảo hiểm xã hội huyện. Kính thưa bà con nhân dân trong xã. Từ ngày một tháng bảy năm nay, "
    "mức lương cơ sở được điều chỉnh tăng lên hai triệu ba trăm bốn mươi nghìn đồng mỗi tháng. Người tham gia "
    "bảo hiểm xã hội tự nguyện được Nhà nước hỗ trợ một phần tiền đóng, hộ nghèo được hỗ trợ ba mươi phần trăm, "
    "hộ cận nghèo được hỗ trợ hai mươi lăm phần trăm. Bà con có nhu cầu tìm hiểu, xin liên hệ cán bộ thu ở thôn "
    "hoặc gọi tổng đài một chín không không chín sáu tám sáu tám để được hướng dẫn miễn phí. "
    "Xin trân trọng cảm ơn."
)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is required (Debian packages espeak-ng, ffmpeg and sox, installed by scripts/bootstrap dev)."
        )
    return path


def run(*args: str, data: bytes | None = None) -> str:
    done = subprocess.run(  # noqa: S603 (Debian tools on files these tests wrote)
        [tool(args[0]), *args[1:]], input=data, capture_output=True, timeout=60, check=True
    )
    return done.stdout.decode()


def soxi_seconds(wav: bytes, tmp_path) -> float:
    path = tmp_path / "speech.wav"
    path.write_bytes(wav)
    return float(run("soxi", "-D", str(path)))


def probe(data: bytes, tmp_path, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    return json.loads(run("ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)))


def convert(source: bytes, *options: str) -> bytes:
    """ffmpeg ``source`` → bytes with the given output options (how a phone's recording could look)."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "in.wav"), os.path.join(tmp, "out")
        with open(src, "wb") as handle:
            handle.write(source)
        run("ffmpeg", "-nostdin", "-v", "error", "-i", src, *options, out)
        with open(out, "rb") as handle:
            return handle.read()


def tiny_wav(seconds: float) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x10\x00\xf0\xff" * int(22050 * seconds / 2))
    return buffer.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def speech() -> dict[str, bytes]:
    """The sentence in each voice (espeak-ng takes a few milliseconds each)."""
    return {voice: synthesise(SENTENCE, voice=voice) for voice in VOICES.values()}


@pytest.fixture(scope="module")
def encoded(speech) -> Encoded:
    return encode(speech["vi"])


# --- voices ----------------------------------------------------------------------------------------------------


def test_voices_are_the_ones_espeak_ng_offers():
    listed = run("espeak-ng", "--voices=vi").split()
    assert set(VOICES.values()) <= set(listed)
    assert VOICES == {"north": "vi", "central": "vi-vn-x-central", "south": "vi-vn-x-south"}


@pytest.mark.parametrize(
    ("region", "voice"),
    [("north", "vi"), ("central", "vi-vn-x-central"), ("South ", "vi-vn-x-south"), ("", "vi"), ("mekong", "vi")],
)
def test_voice_for_a_region(region, voice):
    assert voice_for(region) == voice


# --- speech ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("voice", sorted(VOICES.values()))
def test_each_voice_speaks_the_sentence_as_a_wav_soxi_measures(speech, voice, tmp_path):
    wav = speech[voice]
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert soxi_seconds(wav, tmp_path) > 1.0
    assert run("soxi", "-c", str(tmp_path / "speech.wav")).strip() == "1"
    assert check_upload(wav, "giong-doc.bin") == "wav"


def test_the_three_voices_sound_different(speech):
    assert len(set(speech.values())) == 3


def test_a_faster_reading_is_shorter(speech, tmp_path):
    slow = soxi_seconds(speech["vi"], tmp_path)
    fast = soxi_seconds(synthesise(SENTENCE, voice="vi", words_per_minute=220), tmp_path)
    assert fast < slow * 0.85


def test_the_text_goes_in_on_stdin_not_the_command_line(monkeypatch):
    seen = {}
    real_run = subprocess.run

    def spy(args, **kwargs):
        seen["args"], seen["input"] = args, kwargs.get("input")
        assert not kwargs.get("shell")
        return real_run(args, **kwargs)

    monkeypatch.setattr(audio.subprocess, "run", spy)
    synthesise("--help; rm -rf / $(reboot)", voice="vi-vn-x-south")
    assert "--stdin" in seen["args"] and not any("rm -rf" in arg for arg in seen["args"])
    assert seen["input"] == b"--help; rm -rf / $(reboot)"


@pytest.mark.parametrize(
    ("text", "voice", "message"),
    [("   ", "vi", "Chưa có nội dung"), ("Xin chào", "en", "Giọng đọc"), ("a" * 20_001, "vi", "quá dài")],
)
def test_synthesise_refuses(text, voice, message):
    with pytest.raises(AudioError, match=message):
        synthesise(text, voice=voice)


def test_a_missing_espeak_ng_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AudioError, match="chưa cài espeak-ng"):
        synthesise(SENTENCE, voice="vi")


def test_a_failing_or_hanging_espeak_ng_is_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "espeak-ng"
    fake.write_text("#!/bin/sh\necho 'espeak-ng: voice not found' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AudioError, match="Không tạo được giọng đọc") as failed:
        synthesise(SENTENCE, voice="vi")
    assert "voice not found" in failed.value.detail

    fake.write_text("#!/bin/sh\nexec /bin/sleep 5\n")
    monkeypatch.setattr(audio, "ESPEAK_TIMEOUT", 0.3)
    started = time.monotonic()
    with pytest.raises(AudioError, match="quá lâu"):
        synthesise(SENTENCE, voice="vi")
    assert time.monotonic() - started < 3


# --- encoding --------------------------------------------------------------------------------------------------


def test_encode_gives_mono_ogg_opus_at_32k_and_mp3_at_64k(encoded, speech, tmp_path):
    opus = probe(encoded.opus, tmp_path, "bulletin.ogg")
    assert opus["format"]["format_name"] == "ogg"
    (stream,) = opus["streams"]
    assert (stream["codec_name"], stream["channels"], stream["sample_rate"]) == ("opus", 1, "48000")
    assert 26_000 <= int(opus["format"]["bit_rate"]) <= 40_000
    assert encoded.opus[:4] == b"OggS" and encoded.opus[28:36] == b"OpusHead" and encoded.opus[37] == 1

    mp3 = probe(encoded.mp3, tmp_path, "bulletin.mp3")
    assert mp3["format"]["format_name"] == "mp3"
    (stream,) = mp3["streams"]
    assert (stream["codec_name"], stream["channels"], stream["sample_rate"]) == ("mp3", 1, "44100")
    assert stream["bit_rate"] == "64000"

    spoken = soxi_seconds(speech["vi"], tmp_path)
    for seconds in (encoded.duration_seconds, float(opus["format"]["duration"]), float(mp3["format"]["duration"])):
        assert abs(seconds - spoken) < 0.3
    assert (encoded.opus_size, encoded.mp3_size) == (len(encoded.opus), len(encoded.mp3))
    assert "opus=b" not in repr(encoded)


@pytest.mark.parametrize(("attr", "kind"), [("opus", "opus"), ("mp3", "mp3")])
def test_check_upload_accepts_what_encode_produced_even_renamed(encoded, attr, kind):
    assert check_upload(getattr(encoded, attr), "ban-tin.bin") == kind


def test_encode_drops_the_recording_s_metadata(speech, tmp_path):
    tagged = convert(  # a stereo 44.1 kHz phone memo with the speaker's name and where it was recorded
        speech["vi"],
        *["-ac", "2", "-ar", "44100", "-metadata", "title=Nguyễn Văn A", "-metadata", "location=+21.0285+105.8542/"],
        *["-f", "ipod"],
    )
    result = encode(tagged)
    for data, name in ((result.opus, "b.ogg"), (result.mp3, "b.mp3")):
        info = probe(data, tmp_path, name)
        tags = {**info["format"].get("tags", {}), **info["streams"][0].get("tags", {})}
        assert not any("Nguyễn" in value or "105.85" in value for value in tags.values()), tags


def test_encode_refuses_silence():
    silent = io.BytesIO()
    with wave.open(silent, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(bytes(2 * 22050 * 3))
    assert check_upload(silent.getvalue(), "im-lang.wav") == "wav"
    with pytest.raises(AudioError, match="không có tiếng"):
        encode(silent.getvalue())


def test_encode_refuses_what_is_not_audio():
    with pytest.raises(AudioError, match="không phải âm thanh"):
        encode(png())
    with pytest.raises(AudioError, match="Tệp trống"):
        encode(b"")


def test_temporary_files_are_removed_even_after_a_failure(speech, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    synthesise("Xin chào bà con.", voice="vi")
    check_upload(speech["vi"], "a.wav")
    with pytest.raises(AudioError):
        check_upload(speech["vi"][:60], "a.wav")
    assert list(tmp_path.iterdir()) == []


# --- uploads ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "kind"),
    [
        (["-c:a", "aac", "-b:a", "48k", "-f", "ipod"], "m4a"),  # iPhone voice memo
        (["-c:a", "libopus", "-f", "webm", "-live", "1"], "webm"),  # browser MediaRecorder: no duration in header
        (["-c:a", "libvorbis", "-f", "ogg"], "vorbis"),
        (["-c:a", "flac", "-f", "flac"], "flac"),
        (["-c:a", "aac", "-f", "adts"], "aac"),
    ],
)
def test_check_upload_accepts_phone_and_browser_recordings(speech, options, kind):
    assert check_upload(convert(speech["vi"], *options), "ghi-am.bin") == kind


def test_check_upload_accepts_amr():
    # AMR-NB 12.2 kbit/s: a header byte and 31 bytes per 20 ms frame; two seconds of (silent-ish) frames.
    amr = b"#!AMR\n" + (b"\x3c" + bytes(31)) * 100
    assert check_upload(amr, "voice.amr") == "amr"


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda s: b"", "x.mp3", "Tệp trống"),
        (lambda s: png(), "x.mp3", "Tệp không phải âm thanh: nội dung là ảnh PNG, dù tên tệp là “x.mp3”"),
        (lambda s: b"<!DOCTYPE html><html><body>Xin chao</body></html>", "x.ogg", "Tệp không phải âm thanh: .*HTML"),
        (lambda s: b"PK\x03\x04" + bytes(200), "x.m4a", "Tệp không phải âm thanh: .*ZIP"),
        (lambda s: b"Just some text, not a recording at all.", "x.wav", "Tệp không phải âm thanh"),
        (lambda s: s[:30], "x.wav", "Tệp không phải âm thanh"),  # the header cut short
        (lambda s: b"OggS" + bytes(60), "x.ogg", "Tệp không phải âm thanh"),
        (lambda s: b"ID3\x04" + bytes(300), "x.mp3", "Tệp không phải âm thanh"),
        (lambda s: tiny_wav(0.2), "x.wav", "quá ngắn"),
    ],
    ids=["empty", "png", "html", "zip", "text", "truncated-wav", "ogg-no-stream", "id3-only", "0.2s"],
)
def test_check_upload_refuses(speech, make, name, message):
    with pytest.raises(AudioError, match=message):
        check_upload(make(speech["vi"]), name)


def test_check_upload_refuses_a_single_frame_and_a_fifth_of_a_second(speech, encoded):
    one_frame = convert(encoded.mp3, "-c:a", "copy", "-frames:a", "1", "-f", "mp3")
    assert len(one_frame) < 1000
    with pytest.raises(AudioError, match=r"hỏng|quá ngắn"):  # ffmpeg needs a second MP3 frame to believe the first
        check_upload(one_frame, "x.mp3")
    clip = convert(speech["vi"], "-t", "0.2", "-c:a", "libopus", "-f", "ogg")
    with pytest.raises(AudioError, match="Bản ghi quá ngắn"):
        check_upload(clip, "x.ogg")


def test_check_upload_refuses_an_oversize_file(speech, monkeypatch):
    monkeypatch.setattr(audio, "MAX_UPLOAD_BYTES", 100 * 1024)
    with pytest.raises(AudioError, match=r"Tệp quá lớn \(\d+ KB\); tối đa 100 KB"):
        check_upload(speech["vi"], "x.wav")


def test_check_upload_refuses_a_recording_longer_than_the_limit(speech, monkeypatch):
    assert check_upload(speech["vi"], "x.wav") == "wav"
    monkeypatch.setattr(audio, "MAX_DURATION_SECONDS", 120)
    assert check_upload(speech["vi"], "x.wav") == "wav"
    monkeypatch.setattr(audio, "MAX_DURATION_SECONDS", 2)
    with pytest.raises(AudioError, match="Bản ghi dài quá 2 giây"):
        check_upload(speech["vi"], "x.wav")
    assert audio._limit_text(30 * 60) == "30 phút"


def test_a_missing_ffmpeg_is_a_clear_error(speech, monkeypatch, tmp_path):
    monkeypatch.setattr(audio, "FFPROBE", "ffprobe-not-installed")
    with pytest.raises(AudioError, match="chưa cài ffprobe-not-installed"):
        check_upload(speech["vi"], "x.wav")


# --- text for staff --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "size", "text"),
    [
        (125.4, 480 * 1024, "2 phút 05 giây · 480 KB"),
        (45, int(1.2 * 1024 * 1024), "45 giây · 1,2 MB"),
        (59.6, 900, "1 phút 00 giây · 900 B"),
        (3725, 50 * 1024 * 1024, "1 giờ 02 phút 05 giây · 50 MB"),
        (0, 1024 * 1024 - 1, "0 giây · 1 MB"),
        (float("nan"), 0, "0 giây · 0 B"),
    ],
)
def test_describe(seconds, size, text):
    assert describe(seconds, size) == text


# --- slower: loudness and a 30-second bulletin -----------------------------------------------------------------


def integrated_loudness(data: bytes, tmp_path, name: str) -> float:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(  # noqa: S603 (ffmpeg on a file this test wrote)
        [tool("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    summary = done.stderr.decode().rsplit("Integrated loudness:", 1)[1]
    return float(summary.split("I:", 1)[1].split("LUFS", 1)[0])


@pytest.mark.slow
def test_a_thirty_second_bulletin_is_normalised_to_about_minus_16_lufs(tmp_path):
    wav = synthesise(LONG_TEXT, voice="vi-vn-x-central")
    quiet = convert(wav, "-af", "volume=-20dB", "-f", "wav")
    spoken = soxi_seconds(wav, tmp_path)
    assert 25 < spoken < 45
    assert integrated_loudness(quiet, tmp_path, "quiet.wav") < -30
    result = encode(quiet)
    assert abs(result.duration_seconds - spoken) < 0.3
    for data, name in ((result.opus, "b.ogg"), (result.mp3, "b.mp3")):
        assert -17.5 < integrated_loudness(data, tmp_path, name) < -14.5
    # 32 and 64 kbit/s: about 4 and 8 KB a second.
    assert 3_500 * spoken < result.opus_size < 5_000 * spoken
    assert 7_500 * spoken < result.mp3_size < 8_500 * spoken


# --- the video for social platforms ------------------------------------------------------------------------------


def test_the_video_is_the_card_over_the_sound_as_h264_and_aac_lasting_as_long(encoded, tmp_path):
    import datetime

    from lantoa.bulletins import card

    picture = card.render(title="Bản tin tháng 7", unit=None, date=datetime.date(2026, 7, 1))
    video = audio.make_video(encoded.mp3, picture, seconds=encoded.duration_seconds)

    info = probe(video, tmp_path, "bulletin.mp4")
    assert "mp4" in info["format"]["format_name"]
    streams = {stream["codec_type"]: stream for stream in info["streams"]}
    assert (streams["video"]["codec_name"], streams["video"]["width"], streams["video"]["height"]) == (
        "h264",
        1280,
        720,
    )
    assert streams["video"]["pix_fmt"] == "yuv420p"  # what every phone and platform plays
    assert streams["audio"]["codec_name"] == "aac"
    assert abs(float(info["format"]["duration"]) - encoded.duration_seconds) < 0.3
    assert video.index(b"moov") < video.index(b"mdat")  # plays before it has all arrived


def test_a_video_picture_that_is_not_an_image_is_refused(encoded):
    with pytest.raises(AudioError, match="không phải JPEG hay PNG"):
        audio.make_video(encoded.mp3, b"<svg onload=alert(1)>", seconds=2)


def test_the_card_is_a_small_jpeg_with_a_long_title_cut_at_a_word_and_marked():
    import datetime

    from PIL import Image, ImageDraw

    from lantoa.bulletins import card

    title = "Bản tin tháng 7: mức đóng bảo hiểm xã hội tự nguyện mới " * 6
    picture = card.render(title=title, unit=None, date=datetime.date(2026, 7, 1))
    image = Image.open(io.BytesIO(picture))
    assert (image.format, image.size) == ("JPEG", card.SIZE)
    assert len(picture) < 1024 * 1024  # Zalo's limit for a cover

    draw = ImageDraw.Draw(image)
    font = card._font(card.FONTS, 60)
    lines = card._wrap(draw, title, font, 1120, card.MAX_TITLE_LINES)
    assert len(lines) == card.MAX_TITLE_LINES and lines[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= 1120 for line in lines)
    assert " ".join(lines).removesuffix("…").split() == title.split()[: len(" ".join(lines).split())]
