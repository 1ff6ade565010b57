"""Write the speech clip the speech-recognition page transcribes (run once; the WAV is committed).

The voice is synthetic: Debian's ``espeak-ng`` speaks ``SENTENCE`` (``hfguide.weights.speech``
resamples it to the 16 kHz Whisper expects), so readers can pass the samples straight to the
pipeline without an audio library.

    python scripts/make_speech_sample.py            # writes docs/assets/audio/speech-sample.wav
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

from hfguide.weights.speech import SAMPLING_RATE, speak

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "assets" / "audio" / "speech-sample.wav"
SENTENCE = "Hugging Face hosts thousands of models for speech recognition."


def main() -> int:
    samples = speak(SENTENCE)
    pcm = np.clip(np.round(samples * 32768), -32768, 32767).astype(np.int16)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUTPUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLING_RATE)
        out.writeframes(pcm.tobytes())
    print(
        f"Wrote {OUTPUT.relative_to(ROOT)}: {len(pcm) / SAMPLING_RATE:.1f} s at {SAMPLING_RATE} Hz"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
