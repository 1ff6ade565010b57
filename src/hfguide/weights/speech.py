"""Synthetic speech for trying speech recognition offline: espeak-ng, as 16 kHz samples."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from math import gcd
from pathlib import Path

import numpy as np

SAMPLING_RATE = 16_000


def speak(text: str, voice: str = "en-us") -> np.ndarray:
    """``text`` spoken by espeak-ng: mono float32 samples in [-1, 1] at 16 kHz.

    This is what ``pipeline("automatic-speech-recognition")`` takes as
    ``{"raw": samples, "sampling_rate": 16000}`` (a file path would need ffmpeg).

    Args:
        text: What to say.
        voice: An espeak-ng voice name.

    Raises:
        FileNotFoundError: espeak-ng is not installed.
        ValueError: espeak-ng wrote audio other than 16-bit mono.
    """
    from scipy.signal import resample_poly  # scipy takes a second to load; few callers speak

    if shutil.which("espeak-ng") is None:
        raise FileNotFoundError("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
        with wave.open(str(path)) as clip:
            if clip.getsampwidth() != 2 or clip.getnchannels() != 1:
                raise ValueError("espeak-ng wrote audio other than 16-bit mono")
            rate = clip.getframerate()
            pcm = np.frombuffer(clip.readframes(clip.getnframes()), dtype=np.int16)
    samples = pcm.astype(np.float32) / 32768
    step = gcd(SAMPLING_RATE, rate)
    return resample_poly(samples, SAMPLING_RATE // step, rate // step).astype(np.float32)
