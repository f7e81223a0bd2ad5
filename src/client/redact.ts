// The one redaction function: everything the client logs, and every error it raises, passes through it.

const PATTERNS: Array<[RegExp, string]> = [
  [/(Signature=)[0-9A-Za-z%+/=._-]{8,}/g, '$1***'], // AK/SK Authorization and OBS presigned URLs
  [/((?:x-auth-token|x-subject-token|x-security-token|authorization)["']?\s*[:=]\s*["']?)[^\s"',|]+/gi, '$1***'],
  [/("(?:password|sk|secret|token|securitytoken|security_token)"\s*:\s*")[^"]*/gi, '$1***'],
];

/** Replaces each known secret value, and anything shaped like a credential, with `***`. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      out = out.split(secret).join('***');
    }
  }
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}
