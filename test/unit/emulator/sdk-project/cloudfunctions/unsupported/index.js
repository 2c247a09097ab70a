// What the local emulator does not emulate is refused by name, never a TypeError.
const cloud = require('wx-server-sdk');

cloud.init();
const db = cloud.database();

const reason = (f) => {
  try {
    return Promise.resolve(f()).then(() => 'resolved', (e) => e.errMsg);
  } catch (e) {
    return Promise.resolve(e.errMsg);
  }
};

exports.main = async () => ({
  transaction: await reason(() => db.runTransaction(async () => {})),
  startTransaction: await reason(() => db.startTransaction()),
  watch: await reason(() => db.collection('books').watch({ onChange() {}, onError() {} })),
  geo: await reason(() => db.Geo.Point(113, 23)),
});
