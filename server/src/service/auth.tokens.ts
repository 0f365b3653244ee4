// Access tokens: short-lived EdDSA (Ed25519) JWTs. Signing keys live in the
// database so every server process signs and verifies with the same keys.
import { randomUUID } from "node:crypto";
import { errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type CryptoKey } from "jose";
import { AuthError } from "../domain/auth.errors.js";
import type { Db } from "../store/db.js";
import { insertSigningKeyIfNone, listSigningKeys } from "../store/auth.store.js";

const issuer = "eventkit";
const audience = "eventkit";
const algorithm = "EdDSA";

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface AccessClaims {
  userId: string;
  /** Refresh-token family the access token was issued with (the session). */
  sessionId: string;
}

export class AccessTokens {
  private keys = new Map<string, KeyPair>();
  private signingKid = "";
  private lastReload = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlSeconds: number,
  ) {}

  /** Loads the keys, creating the first one on a new instance. */
  async init(): Promise<void> {
    if ((await listSigningKeys(this.db)).length === 0) {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { crv: "Ed25519", extractable: true });
      const kid = randomUUID();
      await insertSigningKeyIfNone(this.db, {
        kid,
        privateJwk: JSON.stringify(await exportJWK(privateKey)),
        publicJwk: JSON.stringify(await exportJWK(publicKey)),
      });
    }
    await this.reload();
  }

  private async reload(): Promise<void> {
    const rows = await listSigningKeys(this.db);
    const keys = new Map<string, KeyPair>();
    for (const row of rows) {
      keys.set(row.kid, {
        kid: row.kid,
        privateKey: (await importJWK(row.privateJwk as JWK, algorithm)) as CryptoKey,
        publicKey: (await importJWK(row.publicJwk as JWK, algorithm)) as CryptoKey,
      });
    }
    this.keys = keys;
    this.lastReload = Date.now();
    // Several processes may race to create the first key: all sign with the oldest.
    this.signingKid = rows[0]?.kid ?? "";
  }

  async issue(claims: AccessClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const key = this.keys.get(this.signingKid);
    if (!key) throw new Error("access token keys are not loaded");
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: "at+jwt" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(claims.userId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Verifies signature (only EdDSA with our keys; `alg: none` and foreign keys fail), issuer, audience and expiry. */
  async verify(token: string, now: Date): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, async (header) => this.publicKey(header.kid), {
        algorithms: [algorithm],
        issuer,
        audience,
        currentDate: now,
        typ: "at+jwt",
        requiredClaims: ["sub", "exp", "iat"],
      });
      if (typeof payload.sub !== "string" || typeof payload.sid !== "string") throw new AuthError("TOKEN_INVALID", "access token is missing claims");
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthError("TOKEN_EXPIRED", "access token expired");
      throw new AuthError("TOKEN_INVALID", "access token is not valid");
    }
  }

  private async publicKey(kid: string | undefined): Promise<CryptoKey> {
    if (kid === undefined) throw new AuthError("TOKEN_INVALID", "access token has no key id");
    // A key made by another process since we loaded; reloads are rationed so forged kids cannot hammer the database.
    if (!this.keys.has(kid) && Date.now() - this.lastReload > 10_000) await this.reload();
    const key = this.keys.get(kid);
    if (!key) throw new AuthError("TOKEN_INVALID", "access token was signed by an unknown key");
    return key.publicKey;
  }
}
