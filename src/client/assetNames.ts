// Asset names MetaStudio takes. CreateDigitalAssetRequestBody: "只能使用中英文字符，字符长度0-256位"
// (Chinese and English characters only, up to 256). Our reading, as the emulator enforces it: Chinese
// (Han) characters, English letters and digits, spaces, and _ - . ( ) （ ）; 1 to 256 characters,
// counted as code points ("字符", so '𠀀' is one character though it takes two UTF-16 units).
import { englishOf, type ErrorSentence } from './errors';

export const ASSET_NAME_MAX = 256;

const ALLOWED = /^[\p{Script=Han}A-Za-z0-9 _\-.()（）]+$/u;
const NOT_ALLOWED = /[^\p{Script=Han}A-Za-z0-9 _\-.()（）]+/gu;

/** Why MetaStudio would refuse this asset name (a reason code and facts), or undefined. */
export function assetNameIssue(name: string): ErrorSentence | undefined {
  const chars = [...name];
  const length = chars.length;
  if (name.trim() === '') {
    return { reason: 'asset-name-empty', facts: {} };
  }
  if (length > ASSET_NAME_MAX) {
    return { reason: 'asset-name-too-long', facts: { max: ASSET_NAME_MAX, start: chars.slice(0, 20).join(''), length } };
  }
  const bad = [...new Set(name.match(NOT_ALLOWED)?.join('') ?? '')];
  return ALLOWED.test(name) ? undefined : { reason: 'asset-name-characters', facts: { characters: bad.map((c) => JSON.stringify(c)).join(' ') } };
}

/** `assetNameIssue` as an English sentence. */
export function assetNameProblem(name: string): string | undefined {
  return englishOf(assetNameIssue(name));
}

/**
 * The asset name for a file: its name without the extension, made valid. Accents are dropped (é → e),
 * full-width letters become ASCII, any other run of characters becomes "_", and it is cut to 256.
 * Never empty: a name with nothing usable becomes "asset".
 */
export function assetNameFor(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '') || fileName;
  const plain = base.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  const cleaned = plain.replace(NOT_ALLOWED, '_').replace(/\s+/g, ' ').replace(/^[ _]+|[ _]+$/g, '');
  const cut = [...cleaned].slice(0, ASSET_NAME_MAX).join('').trimEnd();
  return cut || 'asset';
}

/**
 * "name (n)", the n-th free variant of a taken name: the name is cut (in code points) so that the
 * whole, suffix included, stays within 256 characters.
 */
export function numberedAssetName(name: string, n: number): string {
  const suffix = ` (${n})`;
  return [...name].slice(0, ASSET_NAME_MAX - suffix.length).join('').trimEnd() + suffix;
}
