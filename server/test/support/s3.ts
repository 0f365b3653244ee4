// A real S3-compatible server on a loopback port (s3rver, from npm): objects in
// a temporary folder, requests signed and checked as S3 does.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import type { S3Settings } from "../../src/store/file-storage.js";

export interface TestS3 {
  settings: S3Settings;
  close(): Promise<void>;
}

export async function startS3(bucket = "eventkit-test"): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "eventkit-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    // s3rver's fixed credentials; it refuses requests signed with others.
    settings: { endpoint: `http://127.0.0.1:${port}`, bucket, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, forcePathStyle: true },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
