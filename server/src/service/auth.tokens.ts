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

/**
 * Verified tokens remembered, so that a client's every request does not pay an Ed25519 check
 * (WebCrypto: about a third of a millisecond of CPU, the largest single cost of a cheap RPC).
 * Bounded: past this, the oldest entry goes.
 */
const verifiedCacheSize = 10_000;

interface Verified {
  claims: AccessClaims;
  /** `exp` of the token, in seconds since the epoch. */
  exp: number;
}

export class AccessTokens {
  private keys = new Map<string, KeyPair>();
  // Keyed by the whole token: a changed byte (header, claims or signature) is another key and is verified afresh.
  // Only the signature and claims are remembered: whether the session still stands is the caller's check, per request.
  private readonly verified = new Map<string, Verified>();
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

  /**
   * Verifies signature (only EdDSA with our keys; `alg: none` and foreign keys fail), issuer, audience and expiry.
   * A token verified before is not checked again until its expiry (signing keys are never withdrawn).
   */
  async verify(token: string, now: Date): Promise<AccessClaims> {
    const seconds = Math.floor(now.getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      // As jose decides expiry: expired once `exp` <= now, in whole seconds.
      if (known.exp > seconds) return known.claims;
      this.verified.delete(token);
      throw new AuthError("TOKEN_EXPIRED", "access token expired");
    }
    const verified = await this.verifySignature(token, now);
    if (this.verified.size >= verifiedCacheSize) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, verified);
    return verified.claims;
  }

  private async verifySignature(token: string, now: Date): Promise<Verified> {
    try {
      const { payload } = await jwtVerify(token, async (header) => this.publicKey(header.kid), {
        algorithms: [algorithm],
        issuer,
        audience,
        currentDate: now,
        typ: "at+jwt",
        requiredClaims: ["sub", "exp", "iat"],
      });
      if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.exp !== "number") {
        throw new AuthError("TOKEN_INVALID", "access token is missing claims");
      }
      return { claims: { userId: payload.sub, sessionId: payload.sid }, exp: payload.exp };
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
