import { deflateSync } from 'node:zlib';

/**
 * Receptive fields as an image: each excitatory neuron's incoming weights reshaped to the input
 * image (28×28 for MNIST), tiled in a near-square grid, grey level = w / wMax. Encoded as an
 * 8-bit greyscale PNG (zlib from node, CRC table here) so no image dependency is needed.
 */
export function receptiveFieldsPng(weights: Float64Array, inputs: number, neurons: number, rows: number, cols: number, wMax: number, scale = 2): Uint8Array {
  const gridC = Math.ceil(Math.sqrt(neurons));
  const gridR = Math.ceil(neurons / gridC);
  const pad = 1;
  const W = (gridC * (cols + pad) + pad) * scale;
  const H = (gridR * (rows + pad) + pad) * scale;
  const px = new Uint8Array(W * H).fill(64);
  for (let j = 0; j < neurons; j++) {
    const gx = (j % gridC) * (cols + pad) + pad,
      gy = Math.floor(j / gridC) * (rows + pad) + pad;
    for (let i = 0; i < inputs; i++) {
      // all-to-all CSR: synapse (i, j) is i·neurons + j
      const v = Math.max(0, Math.min(255, Math.round((weights[i * neurons + j] / wMax) * 255)));
      const x = gx + (i % cols),
        y = gy + Math.floor(i / cols);
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) px[(y * scale + dy) * W + x * scale + dx] = v;
    }
  }
  return encodePngGrey(px, W, H);
}

let crcTable: Uint32Array | null = null;
function crc32(buf: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** 8-bit greyscale PNG of a W×H image (row-major). */
export function encodePngGrey(px: Uint8Array, W: number, H: number): Uint8Array {
  const raw = new Uint8Array(H * (W + 1));
  for (let y = 0; y < H; y++) raw.set(px.subarray(y * W, (y + 1) * W), y * (W + 1) + 1); // filter byte 0
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, W);
  dv.setUint32(4, H);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
