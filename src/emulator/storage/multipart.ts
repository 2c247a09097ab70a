// A small multipart/form-data reader for the upload form (COS's POST Object): the whole body
// is already in memory and bounded by the caller, so this only splits it on the boundary.

export interface Part {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** The boundary of a `multipart/form-data` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function param(header: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${key}=([^;\\s]*)`, 'i').exec(header);
  return m ? m[1] : undefined;
}

/** The parts of a body, or a reason it is not well-formed multipart (at most `maxParts` parts). */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 32): Part[] | string {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return 'no boundary in the body';
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return 'a boundary is not followed by a line break';
    at += 2;
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return 'a part has no end of headers';
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) return 'the body has no closing boundary';
    if (parts.length >= maxParts) return `more than ${maxParts} parts`;
    const headers = body.subarray(at, headEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const type = headers.find((h) => /^content-type:/i.test(h));
    const name = disposition ? param(disposition, 'name') : undefined;
    if (name === undefined) return 'a part has no name';
    parts.push({
      name,
      filename: disposition ? param(disposition, 'filename') : undefined,
      contentType: type?.replace(/^content-type:\s*/i, '').trim(),
      data: body.subarray(headEnd + 4, next),
    });
    at = next + 2;
  }
}
