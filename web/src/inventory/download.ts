// Files the server returns as bytes (CSV exports, label PDFs) become Blob URLs.

export function blobUrl(bytes: Uint8Array, type: string): string {
  // Copy into a fresh ArrayBuffer: the response's buffer may be shared or larger than the view.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return URL.createObjectURL(new Blob([copy], { type }));
}

/** Saves bytes as a file through a temporary link. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = blobUrl(bytes, type);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes away.
  window.setTimeout(() => { URL.revokeObjectURL(url); }, 60_000);
}
