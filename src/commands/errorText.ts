// The one place where an error becomes the sentence a person reads, in the display language. The
// client and the upload flow give each error a reason code and its facts (client/sentences.ts holds
// the English template of each); here the same templates go through vscode.l10n, so the bundle's
// translation is used. What only the log needs (the server's own words, request ids, bodies) is in
// `error.message`, which the output channel gets; a toast or a row never shows it.
import vscode = require('vscode');
import { MetaStudioError, type ErrorSentence } from '../client/errors';
import { ADVICE, LEADING_NOTES, NOTES, SENTENCES, WORD_FACTS, WORDS, type Facts, type Note } from '../client/sentences';

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

function isSentence(value: unknown): value is ErrorSentence {
  return typeof value === 'object' && value !== null && typeof (value as ErrorSentence).reason === 'string' && Object.hasOwn(SENTENCES, (value as ErrorSentence).reason);
}
