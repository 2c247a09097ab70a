// File storage through wx-server-sdk: put a text file, read it back three ways, delete it.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  if (event.action === 'put') {
    return cloud.uploadFile({ cloudPath: event.cloudPath, fileContent: Buffer.from(event.text) });
  }
  if (event.action === 'get') {
    const { fileContent, statusCode } = await cloud.downloadFile({ fileID: event.fileID });
    const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID: event.fileID, maxAge: 60 }] });
    const served = await (await fetch(fileList[0].tempFileURL)).text();
    // A file of a mini program that is not this one's is refused.
    const foreignId = event.fileID.replace(/^cloud:\/\/[^.]+/, 'cloud://shop-prod-4f5a6b');
    const foreign = await cloud.downloadFile({ fileID: foreignId }).then(() => 0, (e) => e.errCode);
    return { text: fileContent.toString('utf8'), statusCode, tempStatus: fileList[0].status, served, foreign };
  }
  return cloud.deleteFile({ fileList: [event.fileID] });
};
