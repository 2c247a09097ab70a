// getWXContext, and the part of wx-server-sdk the emulator does not provide.
const cloud = require('wx-server-sdk');

cloud.init();

const reason = (p) => p.then(() => 'resolved', (e) => e.errMsg);

exports.main = async (event) => ({
  event,
  wxContext: cloud.getWXContext(),
  openapi: await reason(cloud.openapi.security.msgSecCheck({ content: 'hi' })),
});
