// The emulator's database at scale: an indexed equality query and an unindexed filter on a
// 100,000-document collection, each a bare fetch of tcb/databasequery against the emulator
// process, median over many queries for different values (so no answer is served twice).
export const DB = { documents: 100_000, queries: 40 };

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export async function databaseFigures({ withOwnEmulator, say }) {
  return withOwnEmulator(['--synthetic-documents', String(DB.documents)], async (emulator) => {
    const env = emulator.envs[0];
    const token = emulator.credentials.authorizer_access_token;
    const post = async (api, body) => {
      const res = await fetch(`${emulator.url}/${api}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: JSON.stringify(body) });
      const answer = await res.json();
      if (answer.errcode) throw new Error(`${api}: errcode ${answer.errcode} ${answer.errmsg}`);
      return answer;
    };
    const timedQuery = async (query) => {
      const started = performance.now();
      const answer = await post('tcb/databasequery', { env, query });
      const ms = performance.now() - started;
      if (answer.data.length !== 1) throw new Error(`${query} found ${answer.data.length} documents, not 1`);
      return ms;
    };
    say(`database: ${DB.documents} synthetic documents, an index on n, ${DB.queries} queries of each kind`);
    await post('tcb/updateindex', { env, collection_name: 'synthetic', create_indexes: [{ name: 'n_1', unique: false, keys: [{ name: 'n', direction: '1' }] }] });
    const values = Array.from({ length: DB.queries }, (_, i) => (i * 7919 + 13) % DB.documents);
    await timedQuery(`db.collection("synthetic").where({n: ${values[0]}}).get()`); // warm
    const indexed = [];
    const scanned = [];
    for (const n of values) {
      indexed.push(await timedQuery(`db.collection("synthetic").where({n: ${n}}).get()`));
      scanned.push(await timedQuery(`db.collection("synthetic").where({title: "Item ${n}"}).get()`));
    }
    return {
      emulator_db_query_ms: median(indexed),
      emulator_db_scan_ms_per_10k: median(scanned) / (DB.documents / 10_000),
      scanMedianMs: median(scanned),
    };
  }, { timeoutMs: 180_000 });
}
