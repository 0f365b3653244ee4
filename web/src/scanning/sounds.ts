// Feedback sounds made with Web Audio (no audio files): a warehouse hears the
// result without looking at the screen, so the three kinds differ in pitch,
// rhythm and timbre.

export type FeedbackKind = "success" | "warning" | "error";

export interface Tone {
  /** Hz */
  frequency: number;
  /** Start, seconds after the first tone. */
  at: number;
  /** Seconds */
  duration: number;
  wave: OscillatorType;
}

/** The notes of each feedback sound. */
export function tonesFor(kind: FeedbackKind): Tone[] {
  switch (kind) {
    // One short high beep, like a till.
    case "success":
      return [{ frequency: 1760, at: 0, duration: 0.09, wave: "sine" }];
    // Two medium beeps.
    case "warning":
      return [
        { frequency: 880, at: 0, duration: 0.12, wave: "triangle" },
        { frequency: 880, at: 0.18, duration: 0.12, wave: "triangle" },
      ];
    // A low, long, rough buzz falling in pitch.
    case "error":
      return [
        { frequency: 220, at: 0, duration: 0.25, wave: "square" },
        { frequency: 165, at: 0.25, duration: 0.35, wave: "square" },
      ];
  }
}

/** Vibration pattern (ms) for phones that have one. */
export function vibrationFor(kind: FeedbackKind): number[] {
  switch (kind) {
    case "success":
      return [40];
    case "warning":
      return [80, 60, 80];
    case "error":
      return [300, 100, 300];
  }
}

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | undefined {
  if (typeof window === "undefined") return undefined;
  const scope = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return scope.AudioContext ?? scope.webkitAudioContext;
}

let context: AudioContext | undefined;

/**
 * Browsers start audio only after a user gesture: call this from a key press
 * or click (the first scan is one) so later feedback can sound.
 */
export function unlockAudio(): void {
  const Context = audioContextClass();
  if (!Context) return;
  context ??= new Context();
  if (context.state === "suspended") void context.resume();
}

/** Plays the feedback sound (and vibrates) where the device can. */
export function playFeedback(kind: FeedbackKind, options: { sound: boolean }): void {
  if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") navigator.vibrate(vibrationFor(kind));
  if (!options.sound) return;
  unlockAudio();
  const audio = context;
  if (!audio) return;
  const start = audio.currentTime + 0.01;
  for (const tone of tonesFor(kind)) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = tone.wave;
    oscillator.frequency.value = tone.frequency;
    // Short ramps avoid clicks at the start and end of each note.
    gain.gain.setValueAtTime(0, start + tone.at);
    gain.gain.linearRampToValueAtTime(0.25, start + tone.at + 0.01);
    gain.gain.setValueAtTime(0.25, start + tone.at + tone.duration - 0.02);
    gain.gain.linearRampToValueAtTime(0, start + tone.at + tone.duration);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + tone.at);
    oscillator.stop(start + tone.at + tone.duration);
  }
}
