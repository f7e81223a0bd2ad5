// The one place where an error becomes the sentence a person reads, in the display language. The
// client and the upload flow give each error a reason code and its facts (client/sentences.ts holds
// the English template of each); here the same templates go through vscode.l10n, so the bundle's
// translation is used. What only the log needs (the server's own words, request ids, bodies) is in
// `error.message`, which the output channel gets; a toast or a row never shows it.
import vscode = require('vscode');
import { MetaStudioError, type ErrorSentence } from '../client/errors';
import { ADVICE, LEADING_NOTES, NOTES, SENTENCES, WORD_FACTS, WORDS, type Facts, type Note, type Reason } from '../client/sentences';

/**
 * The translated sentence of `error`: notes that lead, the reason's sentence, the advice, the other
 * notes. An error that is not the client's (a bug, a file system error) is said by its message.
 */
export function errorText(error: unknown): string {
  if (error instanceof MetaStudioError || isSentence(error)) {
    return sentenceText(error);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The same, from the parts kept in a record (an upload's last failure). */
export function sentenceText(said: ErrorSentence): string {
  const notes = said.notes ?? [];
  const note = (n: Note) => vscode.l10n.t(NOTES[n.reason], inWords(n.facts));
  return [
    ...notes.filter((n) => LEADING_NOTES.has(n.reason)).map(note),
    vscode.l10n.t(SENTENCES[said.reason], inWords(said.facts)),
    said.advice && vscode.l10n.t(ADVICE[said.advice]),
    ...notes.filter((n) => !LEADING_NOTES.has(n.reason)).map(note),
  ].filter(Boolean).join(' ');
}

/**
 * The short form of `error` for a toast: one sentence, what to do, without the operation's API name,
 * codes, hosts or the server's words (the log has those, from `error.message`, and tooltips have
 * `errorText`). The advice when there is one; else a sentence by the kind of reason; a finding of our
 * own checks or of the upload flow is said whole, as it names the file and is meant for a person.
 */
export function toastText(error: unknown): string {
  if (!(error instanceof MetaStudioError || isSentence(error))) {
    return error instanceof Error ? error.message : String(error);
  }
  const said: ErrorSentence = error;
  const kind = SHORT_KINDS.find(([reasons]) => reasons.includes(said.reason))?.[1];
  if (said.advice && kind !== undefined) {
    return vscode.l10n.t(ADVICE[said.advice]);
  }
  // The bytes go to OBS, not MetaStudio: a connection that broke there is resumed, not retried.
  if ((kind === 'network' || kind === 'slow') && said.facts.operation === 'Upload to OBS') {
    return vscode.l10n.t('The connection to OBS broke: check your network, then Resume the upload.');
  }
  switch (kind) {
    case 'network': return vscode.l10n.t('MetaStudio could not be reached: check your network and the proxy settings.');
    case 'slow': return vscode.l10n.t('MetaStudio did not answer in time: check your network, or try again later.');
    case 'tls': return vscode.l10n.t('The server\'s TLS certificate was not accepted: the output says what to change.');
    case 'proxy': return vscode.l10n.t('A proxy answered instead of MetaStudio: check the proxy settings.');
    case 'refused': return vscode.l10n.t('MetaStudio refused the request: the output says why.');
    case 'answer': return vscode.l10n.t('MetaStudio\'s answer could not be used: try again later; the output has the details.');
    case 'cancelled': return vscode.l10n.t('It was cancelled.');
    case 'unexpected': return vscode.l10n.t('Something unexpected went wrong: the output has the details.');
    default: return vscode.l10n.t(SENTENCES[said.reason], inWords(said.facts)) + (said.advice ? ' ' + vscode.l10n.t(ADVICE[said.advice]) : '');
  }
}

/** Reasons whose sentence names an API, a host or a code, by the short sentence a toast says instead. */
const SHORT_KINDS: ReadonlyArray<readonly [readonly Reason[], string]> = [
  [['dns-failed', 'host-unknown', 'connection-refused', 'unreachable', 'connection-reset', 'closed-while-sending', 'closed-before-answer', 'client-closed', 'network'], 'network'],
  [['connect-timeout', 'timeout', 'deadline'], 'slow'],
  [['tls'], 'tls'],
  [['proxy-refused', 'foreign-answer'], 'proxy'],
  [['http-error', 'auth-refused', 'obs-error'], 'refused'],
  [['http-status', 'answer-too-large', 'answer-not-json', 'answer-incomplete', 'iam-no-token', 'listing-unsettled'], 'answer'],
  [['cancelled'], 'cancelled'],
  [['unexpected'], 'unexpected'],
];

/** Why a row's last try failed, in the display language (a record of an older version has it in English only). */
export function failureText(row: { lastError?: string; lastFailure?: ErrorSentence }): string {
  return row.lastFailure ? sentenceText(row.lastFailure) : row.lastError ?? '';
}

/**
 * A row's tooltip lines about its last failure: the sentence, then the server's own words when it
 * gave some (they cannot be translated, and help whoever reads the log or asks support).
 */
export function failureLines(row: { lastError?: string; lastFailure?: ErrorSentence }): string[] {
  const words = row.lastFailure?.facts.errorMsg;
  return [failureText(row), ...(typeof words === 'string' && words !== '' ? [vscode.l10n.t('MetaStudio said: {0}', words)] : [])];
}

/** The facts, with the client's own words for an operation or a field in the display language. */
function inWords(facts: Facts): Facts {
  const words: readonly string[] = WORDS;
  const named = WORD_FACTS.filter((key) => typeof facts[key] === 'string' && words.includes(facts[key]));
  return named.length === 0 ? facts : { ...facts, ...Object.fromEntries(named.map((key) => [key, vscode.l10n.t(facts[key] as string)])) };
}

/** True when `error` says its upload stays pending under This machine, to resume (its notes). */
export function staysPending(error: unknown): boolean {
  const notes = error instanceof MetaStudioError || isSentence(error) ? (error as ErrorSentence).notes ?? [] : [];
  return notes.some((n) => n.reason === 'stays-pending' || n.reason === 'parts-left');
}

function isSentence(value: unknown): value is ErrorSentence {
  return typeof value === 'object' && value !== null && typeof (value as ErrorSentence).reason === 'string' && Object.hasOwn(SENTENCES, (value as ErrorSentence).reason);
}
