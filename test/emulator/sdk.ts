// The official SDK's signing primitives, so the emulator judges signatures by Huawei's own code
// rather than by ours. Its .d.ts marks them protected, hence this typed require.

export interface SdkSigner {
  CanonicalQueryString(request: { queryParams: Record<string, string | string[] | undefined> }): string;
  buildCanonicalHeaders(headers: Record<string, string>): string;
  buildCanonicalRequest(
    method: string,
    canonicalUri: string,
    canonicalQuery: string,
    canonicalHeaders: string,
    signedHeaders: string,
    payloadHash: string,
  ): string;
  getStringToSign(algorithm: string, sdkDate: string, canonicalRequestHash: string): string;
  Hex(data: string | Buffer): string;
  hmacSHA256(secretKey: string, data: string): string;
  urlEncode(value: string): string;
  /** Signs a request object and returns all headers to send, `Authorization` included. */
  sign(
    request: { method: string; endpoint: string; headers: Record<string, string>; queryParams?: Record<string, string | string[]>; data?: unknown },
    credential: { getAk(): string; getSk(): string },
  ): Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const AKSKSigner: SdkSigner = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner').AKSKSigner;
