// The one storage interface against both backends: a local folder and a real
// S3-compatible server (s3rver). Same cases, same expectations.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type TestS3 } from "../../test/support/s3.js";
import { LocalFileStorage, S3FileStorage, type FileStorage } from "./file-storage.js";

let folder: string;
let s3: TestS3;
const backends: Record<string, () => FileStorage> = {};

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "eventkit-storage-"));
  s3 = await startS3();
  backends.local = () => new LocalFileStorage(folder);
  backends.s3 = () => new S3FileStorage(s3.settings);
});
afterAll(async () => {
  await s3.close();
  await rm(folder, { recursive: true, force: true });
});

const key = () => `product/${randomUUID()}`;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A body that sends some bytes and then fails, like a dropped upload. */
function failingBody(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) {
        this.destroy(new Error("client went away"));
        return;
      }
      sent = true;
      this.push(randomBytes(64 * 1024));
    },
  });
}

describe.each(["local", "s3"])("%s storage", (name) => {
  const storage = () => {
    const make = backends[name];
    if (!make) throw new Error(`no backend ${name}`);
    return make();
  };

  it("stores a multi-megabyte stream and serves the same bytes", async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const k = key();
    await storage().put(k, Readable.from([data.subarray(0, 1000), data.subarray(1000)]), { contentType: "image/png", sizeBytes: data.length });
    const got = await storage().get(k);
    expect(got?.sizeBytes).toBe(data.length);
    const back = await bytesOf(got?.body ?? Readable.from([]));
    expect(createHash("sha256").update(back).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
  });

  it("answers undefined for a key with nothing under it, and deletes idempotently", async () => {
    const k = key();
    expect(await storage().get(k)).toBeUndefined();
    await storage().put(k, Readable.from([Buffer.from("hello")]), { contentType: "text/plain", sizeBytes: 5 });
    expect(await text((await storage().get(k))?.body ?? Readable.from([]))).toBe("hello");
    await storage().delete(k);
    expect(await storage().get(k)).toBeUndefined();
    await storage().delete(k);
  });

  it("leaves nothing under the key when the body fails half-way", async () => {
    const k = key();
    await expect(storage().put(k, failingBody(), { contentType: "image/png", sizeBytes: 1 << 20 })).rejects.toThrow();
    expect(await storage().get(k)).toBeUndefined();
  });

  it("refuses keys it did not make (no paths, no traversal)", async () => {
    await expect(storage().get("../../etc/passwd")).rejects.toThrow(/invalid storage key/);
    await expect(storage().put("product/x", Readable.from([]), { contentType: "text/plain", sizeBytes: 0 })).rejects.toThrow(/invalid storage key/);
  });
});

describe("local storage", () => {
  it("keeps no partial files after a failed write", async () => {
    const k = key();
    await expect(new LocalFileStorage(folder).put(k, failingBody(), { contentType: "image/png", sizeBytes: 1 << 20 })).rejects.toThrow();
    expect((await readdir(path.join(folder, "product"))).filter((f) => f.endsWith(".part"))).toEqual([]);
  });
});

describe("S3 storage", () => {
  it("fails when the server cannot be reached instead of pretending to store", async () => {
    const away = new S3FileStorage({ ...s3.settings, endpoint: "http://127.0.0.1:9" });
    await expect(away.put(key(), Readable.from([Buffer.from("x")]), { contentType: "text/plain", sizeBytes: 1 })).rejects.toThrow();
  });

  it("fails for a bucket that does not exist", async () => {
    const missing = new S3FileStorage({ ...s3.settings, bucket: "no-such-bucket" });
    await expect(missing.put(key(), Readable.from([Buffer.from("x")]), { contentType: "text/plain", sizeBytes: 1 })).rejects.toThrow();
  });
});
