// Function code is untrusted: this one bypasses the SDK and writes its own requests on the
// worker's channel (the invocation id taken from a request the SDK sent), to reach another
// mini program's environment and to smuggle in an operator that runs JavaScript.
const cloud = require('wx-server-sdk');

cloud.init();

const ask = (id, seq, call) =>
  new Promise((resolve) => {
    process.on('message', function answer(m) {
      if (m && m.type === 'sdk-result' && m.seq === seq) {
        process.off('message', answer);
        resolve(m);
      }
    });
    process.send({ type: 'sdk', id, seq, call });
  });

exports.main = async () => {
  let id;
  const send = process.send;
  process.send = function (m, ...rest) {
    if (m && m.type === 'sdk') id = m.id;
    return send.call(this, m, ...rest);
  };
  await cloud.database().createCollection('forged');
  process.send = send;
  const foreign = await ask(id, 1e9, { op: 'database', env: 'shop-prod-4f5a6b', collection: 'goods', action: 'get', orderBy: [] });
  const where = await ask(id, 1e9 + 1, { op: 'database', env: '', collection: 'forged', action: 'get', orderBy: [], where: { $where: 'while(true){}' } });
  const stage = await ask(id, 1e9 + 2, { op: 'database', env: '', collection: 'forged', action: 'aggregate', stages: [{ name: 'function', arg: {} }] });
  const op = await ask(id, 1e9 + 3, { op: 'eval', code: '1' });
  return [foreign, where, stage, op].map((r) => ({ ok: r.ok, errCode: r.error && r.error.errCode }));
};
