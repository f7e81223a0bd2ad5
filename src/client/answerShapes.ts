// What each MetaStudio call's success body looks like: the one place that decides whether a 2xx
// body is the API's answer to that call. A body of another shape (a proxy's JSON, `[]`, a policy
// page's `{"code": ..., "message": ...}`) says nothing about whether the call was applied.
// Source: the API pages of each call (huawei-api.md §2) and the SDK's response models.

/** What is wrong with `body` as the answer to the call, or undefined when it has the call's shape. `body` is undefined for an empty body. */
export type ShapeCheck = (body: unknown) => string | undefined;

type Json = Record<string, unknown>;

function object(body: unknown): Json | undefined {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : undefined;
}

/** ConfirmFileUpload, DeleteFile, DeleteAsset answer nothing but X-Request-Id: an empty body or `{}`. */
const nothing: ShapeCheck = (body) => (body === undefined || (object(body) && Object.keys(body as Json).length === 0) ? undefined : 'a body where the API answers none');

function strings(...fields: string[]): ShapeCheck {
  return (body) => {
    const o = object(body);
    const missing = fields.find((f) => typeof o?.[f] !== 'string' || (o[f] as string).length === 0);
    return missing ? `no ${missing}` : undefined;
  };
}

export const ANSWER_SHAPES = {
  ConfirmFileUpload: nothing,
  DeleteFile: nothing,
  DeleteAsset: nothing,
  CreateDigitalAsset: strings('asset_id'),
  CreateFile: strings('file_id', 'upload_url'),
  CreateLargeFile: strings('file_id'),
  ListAssets: ((body) => {
    const o = object(body);
    return typeof o?.count === 'number' && Array.isArray(o.assets) ? undefined : 'no count and asset list';
  }) as ShapeCheck,
  /** ShowAsset of `assetId`: that asset, with its `files` array. */
  ShowAsset: (assetId: string): ShapeCheck => (body) => {
    const o = object(body);
    if (o?.asset_id !== assetId) {
      return typeof o?.asset_id === 'string' ? `asset ${o.asset_id}, not ${assetId}` : 'no asset_id';
    }
    return Array.isArray(o.files) ? undefined : 'no files list';
  },
};
