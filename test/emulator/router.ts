// Route matching on decoded path segments. A parameter is one whole segment compared exactly, so
// an id holding "/", ".." or "%2F" stays an id: it can never reach another route.
import type { IncomingMessage } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';
import type { Principal } from './auth';

export interface Call {
  req: IncomingMessage;
  params: Record<string, string>;
  query: ParsedUrlQuery;
  body: Buffer;
  /** The URL's project id on MetaStudio routes. */
  projectId: string;
  /** Who the gateway let in; absent on anonymous routes. */
  principal?: Principal;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** e.g. `/v1/:project_id/files/:file_id/complete` */
  path: string;
  service: 'metastudio' | 'iam';
  /** Routes that need no gateway authentication (the IAM password login). */
  anonymous?: boolean;
  handle(call: Call): Reply | Promise<Reply>;
}

export function splitUrl(url: string): { rawPath: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQuery: '' } : { rawPath: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** Returns the route and its parameters, or undefined for 404. */
export function match(routes: readonly Route[], method: string, rawPath: string): { route: Route; params: Record<string, string> } | undefined {
  let segments: string[];
  try {
    segments = rawPath.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (route.method !== method || pattern.length !== segments.length) {
      continue;
    }
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = segments[i];
        return segments[i] !== '';
      }
      return p === segments[i];
    });
    if (ok) {
      return { route, params };
    }
  }
  return undefined;
}
