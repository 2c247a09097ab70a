// Documents as WeChat sends them: `data` is an array of JSON strings, one per document.
// A string that does not parse is kept (as text) so one bad document never hides a page.

export interface CloudDocument {
  /** `_id` as text; "" when the document has none (an aggregation's output may not). */
  id: string;
  /** The parsed document, or the raw string when it was not JSON. */
  value: Record<string, unknown> | string;
}

export function parseWireDocuments(data: unknown): CloudDocument[] {
  if (!Array.isArray(data)) return [];
  return data.map((item) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) return withId(item as Record<string, unknown>);
    if (typeof item !== 'string') return { id: '', value: JSON.stringify(item) ?? '' };
    try {
      const parsed: unknown = JSON.parse(item);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? withId(parsed as Record<string, unknown>) : { id: '', value: item };
    } catch {
      return { id: '', value: item };
    }
  });
}

function withId(doc: Record<string, unknown>): CloudDocument {
  const id = doc._id;
  return { id: typeof id === 'string' || typeof id === 'number' ? String(id) : '', value: doc };
}
