module.exports = require('wx-server-sdk');
