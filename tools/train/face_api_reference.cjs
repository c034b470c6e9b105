// Writes fixtures/face_landmark_68_reference.json: face-api's own FaceLandmark68Net output (tfjs CPU backend) for
// the deterministic input test_train.py feeds the torch port (127.5 + reference_input(1, 112), channels last).
//   npm install @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0
//   node tools/train/face_api_reference.cjs node_modules/@vladmandic/face-api
const fs = require('fs');
const path = require('path');
const faceapi = require(path.resolve(process.argv[2], 'dist/face-api.node-wasm.js'));

(async () => {
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  const dir = path.resolve(process.argv[2], 'model');
  const manifest = JSON.parse(fs.readFileSync(`${dir}/face_landmark_68_model-weights_manifest.json`));
  const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(`${dir}/${p}`))));
  const weights = faceapi.tf.io.decodeWeights(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), manifest.flatMap((g) => g.weights));
  faceapi.nets.faceLandmark68Net.loadFromWeightMap(weights);
  const size = 112;
  const pixels = new Float32Array(size * size * 3);
  for (let h = 0; h < size; h++) {
    for (let w = 0; w < size; w++) {
      for (let c = 0; c < 3; c++) {
        pixels[(h * size + w) * 3 + c] = 127.5 + 100 * Math.sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1));
      }
    }
  }
  const input = new faceapi.NetInput([faceapi.tf.tensor3d(pixels, [size, size, 3])]);
  const output = Array.from(faceapi.nets.faceLandmark68Net.runNet(input).dataSync()).map((v) => +v.toFixed(7));
  const about = 'face-api 1.7.15 FaceLandmark68Net.runNet (tfjs 4.22 CPU backend) on 127.5 + reference_input(1, 112) '
    + 'as HWC: 68 (x, y) pairs as fractions of the input';
  fs.writeFileSync(path.join(__dirname, 'fixtures', 'face_landmark_68_reference.json'),
    JSON.stringify({ about, output }) + '\n');
})();
