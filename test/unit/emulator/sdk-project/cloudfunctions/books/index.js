// Every database call of wx-server-sdk the emulator answers, chosen by event.op.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
const $ = db.command.aggregate;
const books = db.collection('books');

const caught = (p) => p.then(
  (r) => ({ unexpected: r }),
  (e) => ({ errCode: e.errCode, errMsg: e.errMsg, isError: e instanceof Error }),
);

exports.main = async (event) => {
  switch (event.op) {
    case 'seed': {
      const created = await db.createCollection('books');
      const added = [];
      for (const b of event.books) added.push(await books.add({ data: { ...b, addedAt: db.serverDate() } }));
      return { created, added };
    }
    case 'query':
      return books
        .where({ year: _.gte(1960).and(_.lt(2000)), tags: _.in(['sf', 'fantasy']), author: _.neq('Nobody') })
        .orderBy('year', 'desc')
        .skip(1)
        .limit(2)
        .field({ title: true, year: true })
        .get();
    case 'or':
      return books.where(_.or([{ year: _.lt(1950) }, { title: db.RegExp({ regexp: '^the dis', options: 'i' }) }])).orderBy('title', 'asc').field({ title: true }).get();
    case 'count':
      return books.where({ tags: _.elemMatch(_.eq('sf')), pages: _.exists(true) }).count();
    case 'update':
      return books.where({ author: 'Ursula K. Le Guin' }).update({ data: { reads: _.inc(2), tags: _.push(['classic']), shelf: { row: 3 } } });
    case 'doc': {
      const r = await books.doc(event.id).get();
      return { ...r, addedAtIsDate: r.data.addedAt instanceof Date };
    }
    case 'docWrites': {
      const set = await books.doc('custom-id').set({ data: { title: 'Kindred', year: 1979, tags: ['sf'] } });
      const update = await books.doc('custom-id').update({ data: { year: _.max(1980), tags: _.addToSet('classic') } });
      const removed = await books.doc(event.removeId).remove();
      return { set, update, removed };
    }
    case 'removeWhere':
      return books.where({ year: _.lt(1950) }).remove();
    case 'aggregate':
      return books.aggregate().match({ year: _.gt(1900) }).group({ _id: '$author', n: $.sum(1), first: $.min('$year') }).sort({ _id: 1 }).end();
    case 'many': {
      await db.createCollection('many');
      for (let i = 0; i < 120; i++) await db.collection('many').add({ data: { i } });
      const all = await db.collection('many').get();
      const capped = await db.collection('many').limit(1000).get();
      return { byDefault: all.data.length, withLimit: capped.data.length };
    }
    case 'missing':
      return { collection: await caught(db.collection('nope').get()), doc: await caught(books.doc('no-such-id').get()) };
    case 'foreignEnv':
      return caught(cloud.database({ env: 'shop-prod-4f5a6b' }).collection('goods').get());
    case 'badCommand':
      return caught(books.where({ year: { $wx: 'command', family: 'query', op: 'where', args: ['1'] } }).get());
  }
  throw new Error(`unknown op ${event.op}`);
};
