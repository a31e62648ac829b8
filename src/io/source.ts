/**
 * Opening an input: a file path or `-` for stdin, plain or gzip (detected from the magic
 * bytes, whatever the name), hashed (SHA-256 of the bytes as stored) while it is read.
 */
import { createReadStream, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { inputError, dataError } from '../core/errors.js';
import { isParquet, parquetAsCsv } from './parquet.js';

export interface OpenedSource {
  /** The name shown to users: the path as given, or `<stdin>`. */
  name: string;
  /** Decoded bytes, in chunks of up to a few MiB. */
  chunks: AsyncGenerator<Buffer>;
  /** SHA-256 of the stored bytes; complete once `chunks` is exhausted. */
  sha256: () => string;
  gzip: () => boolean;
  /** Size in bytes as stored (0 for stdin). */
  size: number;
}

const CHUNK = 4 << 20;

/** `shown` is the name used in messages (the path as the user gave it). */
export function openSource(path: string, stdin: Readable, shown = path): OpenedSource {
  const isStdin = path === '-';
  const name = isStdin ? '<stdin>' : shown;
  let size = 0;
  if (!isStdin) {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw inputError(code === 'ENOENT' ? 'no such file' : `cannot read (${code})`, name);
    }
    if (st.isDirectory()) throw inputError('is a folder, expected a CSV file', name);
    size = st.size;
  }
  const raw: Readable = isStdin ? stdin : createReadStream(path, { highWaterMark: CHUNK });
  const hash = createHash('sha256');
  let digest = '';
  let isGzip = false;
  async function* gen(): AsyncGenerator<Buffer> {
    const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let first: IteratorResult<Buffer>;
    try {
      first = await it.next();
    } catch (e) {
      throw inputError(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, name);
    }
    if (first.done) {
      digest = hash.digest('hex');
      return;
    }
    const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
    hash.update(head);
    isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (isParquet(head)) {
      // Parquet keeps its index at the end: the whole file, then its rows as CSV text
      const parts = [head];
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        hash.update(n.value);
        parts.push(n.value);
      }
      digest = hash.digest('hex');
      try {
        yield* parquetAsCsv(Buffer.concat(parts));
      } catch (e) {
        throw dataError(`not a readable Parquet file (${(e as Error).message})`, name);
      }
      return;
    }
    if (!isGzip) {
      yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        hash.update(n.value);
        yield n.value;
      }
      digest = hash.digest('hex');
      return;
    }
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    const feed = (async () => {
      if (!gunzip.write(head)) await once(gunzip, 'drain');
      for (;;) {
        const n = await it.next();
        if (n.done) break;
        hash.update(n.value);
        if (!gunzip.write(n.value)) await once(gunzip, 'drain');
      }
      gunzip.end();
    })();
    feed.catch((e) => gunzip.destroy(e as Error));
    try {
      for await (const c of gunzip) yield c as Buffer;
    } catch (e) {
      throw dataError(`not a valid gzip file (${(e as Error).message})`, name);
    }
    await feed;
    digest = hash.digest('hex');
  }
  return { name, chunks: gen(), sha256: () => digest, gzip: () => isGzip, size };
}
