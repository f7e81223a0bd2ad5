// Request checks shared by the MetaStudio routes, with MetaStudio's error codes: MSS.00000002 for a
// body of the wrong shape, MSS.00000003 for a value out of range, MSS.10000002 for non-JSON.
import type { ParsedUrlQuery } from 'node:querystring';
import { ApiError, apiError, header, isJsonType } from './http';
import type { Call } from './router';

export const invalid = (detail: string): ApiError => apiError(400, 'MSS.00000003', `Invalid parameter: ${detail}`);
export const invalidBody = (detail: string): ApiError => apiError(400, 'MSS.00000002', `Invalid body: ${detail}`);
export const assetNotFound = (): ApiError => apiError(400, 'MSS.10001001', 'Asset not found');
export const fileNotFound = (): ApiError => apiError(400, 'MSS.10001004', 'The file not found');

export type Json = Record<string, unknown>;

export function jsonBody(call: Call, keys: string[]): Json {
  if (!isJsonType(header(call.req, 'content-type'))) {
    throw apiError(400, 'MSS.10000002', 'Request JSON exception: Content-Type must be application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8'));
  } catch {
    throw apiError(400, 'MSS.10000002', 'Request JSON exception');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidBody('a JSON object is required');
  }
  // Strict on purpose: a misspelt field in the client should fail here, not be silently ignored.
  const unknown = Object.keys(body).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw invalidBody(`unknown field ${unknown.join(', ')}`);
  }
  return body as Json;
}

export function expectType(body: Json, field: string, type: 'string' | 'number' | 'boolean' | 'array', required: boolean): void {
  const value = body[field];
  if (value === undefined) {
    if (required) {
      throw invalid(`${field} is required`);
    }
    return;
  }
  if (type === 'array' ? !Array.isArray(value) : typeof value !== type) {
    throw invalidBody(`${field} must be a ${type}`);
  }
}

/** Characters as the API counts them ("字符长度"): code points, so '𠀀' is one, as in the client's assetNameProblem. */
export function characters(value: string): number {
  return [...value].length;
}

export function checkLength(value: string, field: string, min: number, max: number): void {
  if (characters(value) < min || characters(value) > max) {
    throw invalid(`${field} must be ${min} to ${max} characters`);
  }
}

/** One query value; repeated keys are rejected where the API takes one value. */
export function single(query: ParsedUrlQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) {
    throw invalid(`${name} must be given once`);
  }
  return value;
}

export function integerParam(query: ParsedUrlQuery, name: string, min: number, max: number, fallback: number): number {
  const value = single(query, name);
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

export function listParam<T extends string>(query: ParsedUrlQuery, name: string, allowed: readonly T[]): T[] | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') {
    return undefined;
  }
  const items = value.split(',');
  const bad = items.find((v) => !allowed.includes(v as T));
  if (bad !== undefined) {
    throw invalid(`${name} has an unknown value ${bad}`);
  }
  return items as T[];
}
