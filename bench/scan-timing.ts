/**
 * Throwaway timing of src/io/csv-scan.ts (not run by tests).
 *
 *   npx tsx bench/scan-timing.ts [rows=10000000] [file=/tmp/desist-scan-timing.csv] [--keep]
 *
 * Writes a charges-like CSV (unless the file exists), then times two ways of reading it:
 * scanFileSync (readSync into a reused 4 MiB buffer) and createReadStream (1 MiB chunks) + push,
 * each with a sink that parses both dates from bytes and decodes the id. Deletes the file unless --keep.
 * Prints wall and CPU time (CPU time is the steadier figure on a shared machine). To time plain JS
 * rather than tsx's loader, bundle first:
 *   npx esbuild bench/scan-timing.ts --bundle --platform=node --format=esm --outfile=/tmp/st.mjs && node /tmp/st.mjs
 */
import { createReadStream, existsSync, openSync, closeSync, writeSync, statSync, unlinkSync } from 'node:fs';
import { scanFileSync, scanStream, NOT_ISO, type FieldView, type ScanSink } from '../src/io/csv-scan.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const keep = process.argv.includes('--keep');
const rows = Number(args[0] ?? 10_000_000);
const file = args[1] ?? '/tmp/desist-scan-timing.csv';

function generate(): void {
  const cats = ['violence', 'theft', 'drugs', 'public order', 'criminal damage', 'burglary'];
  const outs = ['charged', 'summonsed', 'cautioned', 'no further action'];
  const fd = openSync(file, 'w');
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let chunk = 'person_id,charge_date,offence_date,offence_code,offence_category,outcome\n';
  for (let i = 0; i < rows; i++) {
    const y = 2015 + Math.floor(rnd() * 10);
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const od = Math.max(1, d - Math.floor(rnd() * 20));
    chunk += `P${pad(Math.floor(rnd() * 2_000_000), 7)},${y}-${pad(m, 2)}-${pad(d, 2)},${y}-${pad(m, 2)}-${pad(od, 2)},C${pad(Math.floor(rnd() * 9000), 4)},${cats[i % cats.length]},${outs[i % outs.length]}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

function makeSink() {
  const st = { n: 0, dateSum: 0, bad: 0, idLen: 0, errors: 0 };
  const sink: ScanSink = {
    record(f: FieldView) {
      st.n++;
      const a = f.dayNumberIsoAt(1);
      const b = f.dayNumberIsoAt(2);
      if (a === NOT_ISO || b === NOT_ISO) st.bad++;
      else st.dateSum += a - b;
      st.idLen += f.get(0).length;
    },
    error() {
      st.errors++;
    },
  };
  return { st, sink };
}

if (!existsSync(file)) {
  const t = performance.now();
  generate();
  console.log(`generated ${rows} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

function timed(): () => string {
  const t = performance.now();
  const c = process.cpuUsage();
  return () => {
    const u = process.cpuUsage(c);
    return `wall ${((performance.now() - t) / 1000).toFixed(2)} s, cpu ${((u.user + u.system) / 1e6).toFixed(2)} s`;
  };
}

for (let rep = 0; rep < 3; rep++) {
  {
    const { st, sink } = makeSink();
    const done = timed();
    const sc = scanFileSync(file, ',', sink);
    console.log(`scanFileSync      ${done()}  records=${st.n} lines=${sc.linesSeen} not-iso=${st.bad} errors=${st.errors}`);
  }
  {
    const { st, sink } = makeSink();
    const done = timed();
    await scanStream(createReadStream(file, { highWaterMark: 1 << 20 }), ',', sink);
    console.log(`createReadStream  ${done()}  records=${st.n}`);
  }
}
if (!keep) unlinkSync(file);
