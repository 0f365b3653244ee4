// Small real files for upload tests.

/** A 2 × 2 red PNG that browsers render. */
export const pngBytes = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGO4Iyd3R06OAUIBACGmBGHH+C56AAAAAElFTkSuQmCC",
  "base64",
);

/** The smallest PDF header and trailer; enough for a document upload. */
export const pdfBytes = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
