/**
 * Writes the PWA icons (web/public/icons/*.png) with no image library: a blue tile with a white
 * warning triangle. Run `npx tsx web/scripts/make-icons.ts` after changing the design; the PNGs
 * are committed because they are inputs of the build, not outputs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x3d, 0x91];
const WHITE = [0xff, 0xff, 0xff];

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `inset` is the share of the side left around the triangle: maskable icons need a safe zone. */
function icon(size: number, inset: number, rounded: boolean): Buffer {
  const rows: Buffer[] = [];
  const radius = rounded ? size * 0.18 : 0;
  const top = size * inset;
  const bottom = size * (1 - inset);
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // Rounded corners: outside the corner circle is transparent.
      const cx = Math.min(Math.max(x, radius), size - radius);
      const cy = Math.min(Math.max(y, radius), size - radius);
      const outside = rounded && Math.hypot(x - cx, y - cy) > radius;
      // Warning triangle: apex at the top centre, base at the bottom.
      const t = (y - top) / (bottom - top);
      const halfWidth = (t * (bottom - top)) / Math.sqrt(3);
      const inTriangle = t >= 0 && t <= 1 && Math.abs(x - size / 2) <= halfWidth;
      // The "!" inside the triangle, in the tile colour.
      const barX = Math.abs(x - size / 2) <= size * 0.035;
      const inMark = barX && ((t > 0.35 && t < 0.72) || (t > 0.8 && t < 0.9));
      const colour = inTriangle && !inMark ? WHITE : BLUE;
      row.set([...colour, outside ? 0 : 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}icon-192.png`, icon(192, 0.2, true));
writeFileSync(`${dir}icon-512.png`, icon(512, 0.2, true));
writeFileSync(`${dir}maskable-512.png`, icon(512, 0.3, false));
