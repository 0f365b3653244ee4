// Random secrets and their stored form. Secrets (refresh tokens, API keys,
// invitation links) are high-entropy, so a SHA-256 digest is a safe lookup key;
// passwords are low-entropy and get argon2id.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export const apiKeyPrefix = "ek_";

export function newApiKeySecret(): string {
  return `${apiKeyPrefix}${newSecret(30)}`;
}

export function hashPassword(password: string): Promise<string> {
  // argon2id (the library's default algorithm), m=19 MiB, t=2, p=1: OWASP's recommended minimum.
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it spends the same time, so timing does not reveal unknown accounts. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword(newSecret());
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
