// The camera's fallback decoder where the browser has no BarcodeDetector:
// ZXing-C++ compiled to WebAssembly. Loaded on demand (dynamic import), so it
// is not part of the main bundle, and its .wasm file is served by EventKit
// itself rather than fetched from a CDN.
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";
import type { FrameReader } from "./camera.js";

prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
});

export function createZxingReader(): FrameReader {
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!context || video.videoWidth === 0) return [];
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const results = await readBarcodes(image, { tryHarder: true, maxNumberOfSymbols: 1 });
    return results.filter((result) => result.isValid).map((result) => result.text);
  };
}
