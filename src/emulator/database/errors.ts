// The database's errcodes, as WeChat answers them (negative and specific, detail in errmsg).
import { fail } from '../wire';

export const INVALID_PARAM = -501007;
export const COLLECTION_EXISTS = -501001;
export const REQUEST_FAILED = -502001;
export const COLLECTION_MISSING = -502005;

/** A query or command the database cannot run: nothing has been changed. */
export function invalid(detail: string): never {
  return fail(INVALID_PARAM, detail);
}

export function collectionMissing(name: string): never {
  return fail(COLLECTION_MISSING, `collection ${name} does not exist`);
}

export function duplicateKey(collection: string, index: string, key: string): never {
  return fail(REQUEST_FAILED, `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`);
}
