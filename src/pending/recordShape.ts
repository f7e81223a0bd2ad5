// The shape of an upload record read from disk: a record file can be cut short, edited by hand or
// written by another version. A record that breaks its shape is never trusted (Resume refuses it) and
// never dropped: it is shown with the reason, to Mark as Failed or Cancelled, or to Forget.
// One validator for every kind of record (single PUT and parts). Imports no `vscode`.
import * as path from 'node:path';
import { inputError, sentenceOf, type ErrorSentence } from '../client/errors';
import { ADVICE, NOTES, SENTENCES } from '../client/sentences';
import type { AssetFileCategory, ConfirmState } from '../client/types';
import { MAX_PARTS } from '../client/largeFileRules';
import type { UploadParts, UploadRecord, UploadStep } from './records';

const STEPS: readonly UploadStep[] = ['creating', 'created', 'uploading', 'uploaded', 'confirming'];
const CATEGORIES: readonly AssetFileCategory[] = ['MAIN', 'COVER', 'PAGE', 'SAMPLE', 'OTHER', 'TEMPORARY', 'PACKAGE'];
const CONFIRM_STATES: readonly ConfirmState[] = ['CREATED', 'FAILED', 'CANCELLED'];

type Fields = Record<string, unknown>;

/**
 * A record as parsed JSON, checked: undefined when it has no string `id` (nothing to show or forget it
 * by; its file stays on disk). A record that breaks its shape comes back with `damaged` (the first
 * problem, in words), a `lastError` saying what to do, its fields made safe to show (a broken `parts`
 * left out, a missing name taken from its path) and nothing else changed. `damaged` is kept when the
 * record is saved again, so it stays untrusted.
 */
export function readRecord(raw: unknown): UploadRecord | undefined {
  if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') {
    return undefined;
  }
  // Only said in the view (lastError says it too): one this version cannot say is left out.
  const value: Fields = raw.lastFailure !== undefined && !isSentence(raw.lastFailure) ? { ...raw, lastFailure: undefined } : raw;
  const problem = typeof value.damaged === 'string' ? value.damaged : recordProblem(value);
  if (problem === undefined) {
    return value as unknown as UploadRecord;
  }
  const localPath = typeof value.localPath === 'string' ? value.localPath : '';
  const fileName = typeof value.fileName === 'string' && value.fileName !== '' ? value.fileName : path.basename(localPath) || raw.id;
  const assetId = typeof value.assetId === 'string' ? value.assetId : '';
  const shown: Fields = {
    ...value,
    localPath,
    fileName,
    assetId,
    assetName: typeof value.assetName === 'string' ? value.assetName : assetId,
    size: isCount(value.size) ? value.size : 0,
    category: CATEGORIES.includes(value.category as AssetFileCategory) ? value.category : 'MAIN',
    step: STEPS.includes(value.step as UploadStep) ? value.step : 'created',
    fileId: typeof value.fileId === 'string' && value.fileId !== '' ? value.fileId : undefined,
    createdAt: isTime(value.createdAt) ? value.createdAt : 0,
    updatedAt: isTime(value.updatedAt) ? value.updatedAt : 0,
    parts: partsProblem(value.parts, value.size) === undefined ? value.parts : undefined,
    damaged: problem,
    // A later error (a refused confirm) is kept once the damage has been said.
    ...(typeof value.damaged === 'string' && typeof value.lastError === 'string' ? {} : damageSaid(fileName, problem)),
  };
  return shown as unknown as UploadRecord;
}

/** What breaks an upload record's shape, in words, or undefined when it has none. */
export function recordProblem(value: Fields): string | undefined {
  for (const field of ['endpoint', 'projectId', 'localPath', 'fileName', 'assetId', 'assetName'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      return `${field} is not a name`;
    }
  }
  for (const field of ['fileType', 'contentType', 'md5'] as const) {
    if (typeof value[field] !== 'string') {
      return `${field} is not text`;
    }
  }
  if (!isCount(value.size) || value.size < 1) {
    return 'size is not a number of bytes';
  }
  for (const field of ['mtimeMs', 'createdAt', 'updatedAt'] as const) {
    if (!isTime(value[field])) {
      return `${field} is not a time`;
    }
  }
  for (const field of ['ctimeMs', 'ino', 'urlExpiresAt'] as const) {
    if (value[field] !== undefined && !isNumber(value[field])) {
      return `${field} is not a number`;
    }
  }
  if (!CATEGORIES.includes(value.category as AssetFileCategory)) {
    return `category ${JSON.stringify(value.category)} is not a file category`;
  }
  if (!STEPS.includes(value.step as UploadStep)) {
    return `step ${JSON.stringify(value.step)} is not a step of an upload`;
  }
  if (value.confirming !== undefined && !CONFIRM_STATES.includes(value.confirming as ConfirmState)) {
    return `confirming ${JSON.stringify(value.confirming)} is not a state`;
  }
  if (value.fileId !== undefined && (typeof value.fileId !== 'string' || value.fileId === '')) {
    return 'fileId is not an id';
  }
  if (value.step !== 'creating' && value.fileId === undefined) {
    return `step ${String(value.step)} comes after CreateFile, yet there is no fileId`;
  }
  return value.parts === undefined ? undefined : partsProblem(value.parts, value.size);
}

/** What breaks a large file's `parts`, or undefined: 1 to 100 parts, each ETag null (not yet) or text, that cover `size`. */
function partsProblem(parts: unknown, size: unknown): string | undefined {
  if (parts === undefined) {
    return undefined;
  }
  if (!isObject(parts)) {
    return 'parts is not a list of parts';
  }
  const { partSize, count, etags } = parts as Partial<UploadParts>;
  if (!isCount(count) || count < 1 || count > MAX_PARTS) {
    return `parts.count ${JSON.stringify(count)} is not 1 to ${MAX_PARTS}`;
  }
  if (!isCount(partSize) || partSize < 1) {
    return `parts.partSize ${JSON.stringify(partSize)} is not a number of bytes`;
  }
  if (!Array.isArray(etags) || etags.length !== count) {
    return `parts.etags holds ${Array.isArray(etags) ? etags.length : 'no list of'} ETags for ${count} parts`;
  }
  if (!etags.every((e) => e === null || typeof e === 'string')) {
    return 'parts.etags holds something that is not an ETag';
  }
  if (!isCount(size) || (count - 1) * partSize >= size || size > count * partSize) {
    return `${count} parts of ${partSize} bytes do not make ${JSON.stringify(size)} bytes`;
  }
  return undefined;
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Milliseconds a Date can hold (ECMA-262: ±8.64e15), so showing it never throws. */
function isTime(value: unknown): value is number {
  return isNumber(value) && Math.abs(value) <= 8.64e15;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** What the view says on a damaged record's row: what to do with it. */
function damageSaid(fileName: string, problem: string): Fields {
  const error = inputError('record-damaged', { fileName, problem });
  return { lastError: error.message, lastFailure: sentenceOf(error) };
}

/** A record's `lastFailure`: a reason code this version knows, its facts, advice and notes. */
function isSentence(value: unknown): value is ErrorSentence {
  const facts = (f: unknown) => isObject(f) && Object.values(f).every((v) => typeof v === 'string' || typeof v === 'number');
  return isObject(value)
    && typeof value.reason === 'string' && Object.hasOwn(SENTENCES, value.reason) && facts(value.facts)
    && (value.advice === undefined || (typeof value.advice === 'string' && Object.hasOwn(ADVICE, value.advice)))
    && (value.notes === undefined || (Array.isArray(value.notes) && value.notes.every((n: unknown) => isObject(n) && typeof n.reason === 'string' && Object.hasOwn(NOTES, n.reason) && facts(n.facts))));
}
