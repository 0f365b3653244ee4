import { Alert, Button, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AppModal } from "../ui/app-modal.js";

/** Reads the codes in the video's current frame. */
export type FrameReader = (video: HTMLVideoElement) => Promise<string[]>;

interface DetectedBarcode {
  rawValue: string;
}

interface BarcodeDetectorInstance {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

/** The browser's BarcodeDetector when it has one that reads something; ZXing (WebAssembly, loaded now) otherwise. */
export async function createFrameReader(): Promise<FrameReader> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector) {
    const formats = await Detector.getSupportedFormats();
    if (formats.length > 0) {
      const detector = new Detector({ formats });
      return async (video) => (await detector.detect(video)).map((barcode) => barcode.rawValue);
    }
  }
  const { createZxingReader } = await import("./zxing-reader.js");
  return createZxingReader();
}

/** The same code seen again within this time is the same label still in view. */
const repeatWindowMs = 2000;
const frameIntervalMs = 200;

/**
 * Scans with the phone's back camera: every code read goes to `onScan`, like
 * a code typed into the scan field. Stays open for the next label.
 */
export function CameraModal({ opened, onClose, onScan, lastResult }: { opened: boolean; onClose: () => void; onScan: (code: string) => void; lastResult: string }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<"unavailable" | "denied" | undefined>();
  const latest = useRef(onScan);
  latest.current = onScan;

  useEffect(() => {
    if (!opened) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = { code: "", at: 0 };
    async function start(): Promise<void> {
      if (!("mediaDevices" in navigator)) {
        setProblem("unavailable");
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      } catch {
        setProblem("denied");
        return;
      }
      const element = video.current;
      if (stopped || !element) return;
      element.srcObject = stream;
      await element.play();
      const read = await createFrameReader();
      const tick = async () => {
        if (stopped) return;
        try {
          for (const code of await read(element)) {
            const now = Date.now();
            if (code === last.code && now - last.at < repeatWindowMs) continue;
            last = { code, at: now };
            latest.current(code);
          }
        } catch {
          // A frame that could not be read (the video paused, resized): try the next one.
        }
        timer = setTimeout(() => { void tick(); }, frameIntervalMs);
      };
      void tick();
    }
    setProblem(undefined);
    void start();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [opened]);

  return (
    <AppModal opened={opened} onClose={onClose} title={t("scanning.camera.title")} size="md">
      <Stack gap="sm">
        {problem ? (
          <Alert color="red" variant="light" role="alert">
            {problem === "denied" ? t("scanning.camera.denied") : t("scanning.camera.unavailable")}
          </Alert>
        ) : (
          <video ref={video} muted playsInline style={{ width: "100%", maxHeight: "60vh", background: "#000", borderRadius: 8 }} aria-label={t("scanning.camera.preview")} />
        )}
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {lastResult || t("scanning.camera.hint")}
        </Text>
        <Button variant="default" onClick={onClose}>
          {t("scanning.camera.close")}
        </Button>
      </Stack>
    </AppModal>
  );
}
