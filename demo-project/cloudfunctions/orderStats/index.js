// 订单统计：按状态汇总订单数和金额（可选按商品 SKU 过滤）。Written as for WeChat's cloud, with
// wx-server-sdk's aggregation; in the local emulator it runs on the emulator's database.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const $ = db.command.aggregate;

exports.main = async (event) => {
  let pipeline = db.collection('orders').aggregate();
  if (event.sku) pipeline = pipeline.match({ 'items.sku': String(event.sku) });
  const { list } = await pipeline
    .group({ _id: '$status', orders: $.sum(1), revenue: $.sum('$total') })
    .sort({ revenue: -1 })
    .end();
  return {
    byStatus: list.map((g) => ({ status: g._id, orders: g.orders, revenue: Math.round(g.revenue * 100) / 100 })),
  };
};
