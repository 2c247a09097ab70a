// 待办事项：列出、添加、完成、删除。Written as for WeChat's cloud, with wx-server-sdk; in the
// local emulator the same code reads and writes the emulator's database.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
const todos = db.collection('todos');

// 云函数入口函数: event.action is list (the default), add, complete or remove.
exports.main = async (event) => {
  switch (event.action) {
    case 'add': {
      const title = String(event.title || '').trim();
      if (!title) throw new Error('todos: add needs a title');
      const { _id } = await todos.add({
        data: { title, done: false, priority: Number(event.priority) || 2, tags: Array.isArray(event.tags) ? event.tags : [], createdAt: db.serverDate() },
      });
      return { _id };
    }
    case 'complete': {
      const { stats } = await todos.doc(String(event.id)).update({ data: { done: true, doneAt: db.serverDate() } });
      return { updated: stats.updated };
    }
    case 'remove': {
      const { stats } = await todos.doc(String(event.id)).remove();
      return { removed: stats.removed };
    }
    default: {
      const where = event.includeDone ? {} : { done: _.eq(false) };
      const { data } = await todos.where(where).orderBy('priority', 'asc').limit(50).get();
      console.log(`todos: ${data.length} listed`);
      return { todos: data };
    }
  }
};
