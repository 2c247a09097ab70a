// The test plants a fake wx-server-sdk in node_modules: the emulator's must win.
const cloud = require('wx-server-sdk');
const viaDeep = require('./lib');

exports.main = async () => ({ planted: cloud.planted === true, same: viaDeep === cloud, hasDatabase: typeof cloud.database === 'function' });
