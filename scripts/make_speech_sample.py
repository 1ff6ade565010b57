"""Write the speech clip the speech-recognition page transcribes (run once; the WAV is committed).

The voice is synthetic: Debian's ``espeak-ng`` speaks ``SENTENCE``. espeak-ng writes 22,050 Hz;
the clip is resampled to the 16 kHz that Whisper's feature extractor expects, so readers can pass
the samples straight to the pipeline without an audio library.

    python scripts/make_speech_sample.py            # writes docs/assets/audio/speech-sample.wav
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "assets" / "audio" / "speech-sample.wav"
SENTENCE = "Hugging Face hosts thousands of models for speech recognition."
RATE = 16_000


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "espeak.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), SENTENCE], check=True
        )
        with wave.open(str(raw)) as clip:
            source_rate = clip.getframerate()
            samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype=np.int16)
    resampled = resample_poly(samples.astype(np.float64), RATE, source_rate)
    pcm = np.clip(np.round(resampled), -32768, 32767).astype(np.int16)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUTPUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    print(f"Wrote {OUTPUT.relative_to(ROOT)}: {len(pcm) / RATE:.1f} s at {RATE} Hz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
