// cloud.callFunction runs another function of the environment.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  const counted = await cloud.callFunction({ name: 'books', data: { op: 'count' } });
  const context = await cloud.callFunction({ name: 'context', data: { at: new Date(0) } });
  const missing = await cloud.callFunction({ name: 'nope', data: {} }).catch((e) => ({ errCode: e.errCode, errMsg: e.errMsg }));
  return { counted, context: context.result.wxContext, calleeEvent: context.result.event, missing, event };
};
