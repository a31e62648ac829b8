#!/usr/bin/env node
/**
 * Regenerates the sample datasets in sample-data/, byte for byte:
 *
 *   node sample-data/generate.mjs
 *
 * Writes
 *   sample-data/{cohort,charges,custody}.csv, desist.json        canonical columns, ISO dates
 *   sample-data/force-extract/{cohort,charges,custody}.csv, desist.json
 *                                                                 the same kind of data as a force
 *                                                                 system exports it, with bad rows
 *   sample-data/README.md                                         design, counts, bad-row line numbers
 *
 * Node built-ins only. All randomness comes from one seeded xoshiro128** stream per dataset, and
 * every date is an integer day number (days since 1970-01-01) until it is formatted, so no
 * time zone or `Date` object can move a day. The data are synthetic: no real person, force or
 * Home Office code list is represented.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const FORCE_DIR = join(HERE, 'force-extract');

// ---------------------------------------------------------------------------------------------
// Seeded random numbers: splitmix32 seeds xoshiro128**.

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}

function makeRng(seed) {
  let sm = seed >>> 0;
  const splitmix = () => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextU32 = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r >>> 0;
  };
  const rng = {
    /** Uniform on [0, 1). */
    u: () => nextU32() / 4294967296,
    /** Integer uniform on [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(rng.u() * (hi - lo + 1)),
    chance: (p) => rng.u() < p,
    /** Exponential with the given mean. */
    exp: (mean) => -Math.log(1 - rng.u()) * mean,
    normal: () => {
      const u1 = 1 - rng.u();
      const u2 = rng.u();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    /** Gamma(shape, scale), Marsaglia-Tsang (with the u^(1/shape) boost for shape < 1). */
    gamma: (shape, scale) => {
      if (shape < 1) return rng.gamma(shape + 1, scale) * Math.pow(rng.u(), 1 / shape);
      const dd = shape - 1 / 3;
      const cc = 1 / Math.sqrt(9 * dd);
      for (;;) {
        let x;
        let v;
        do {
          x = rng.normal();
          v = 1 + cc * x;
        } while (v <= 0);
        v = v * v * v;
        const uu = rng.u();
        if (Math.log(uu) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return dd * v * scale;
      }
    },
    poisson: (mean) => {
      const l = Math.exp(-mean);
      let k = 0;
      let p = rng.u();
      while (p > l) {
        k++;
        p *= rng.u();
      }
      return k;
    },
    pick: (arr) => arr[Math.floor(rng.u() * arr.length)],
    /** Pick from [[weight, value], ...]. */
    weighted: (pairs) => {
      let total = 0;
      for (const [w] of pairs) total += w;
      let x = rng.u() * total;
      for (const [w, v] of pairs) {
        x -= w;
        if (x < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// Calendar days as integers (Hinnant's days_from_civil / civil_from_days).

function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad2 = (n) => (n < 10 ? `0${n}` : String(n));
const day = (iso) => daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));
const isoOf = (z) => {
  const { y, m, d } = civilFromDays(z);
  return `${y}-${pad2(m)}-${pad2(d)}`;
};
const ukOf = (z) => {
  const { y, m, d } = civilFromDays(z);
  return `${pad2(d)}/${pad2(m)}/${y}`;
};
function addMonths(z, months) {
  const { y, m, d } = civilFromDays(z);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const dim = [31, (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][nm - 1];
  return daysFromCivil(ny, nm, Math.min(d, dim));
}

// ---------------------------------------------------------------------------------------------
// Offences. Codes and descriptions are illustrative, in the style of Home Office offence
// classification codes; they are not an authoritative list.

const OFFENCES = [
  // code, category, description, relative frequency, P(remand), P(sentence | convicted)
  ['008/01', 'violence', 'Assault occasioning actual bodily harm', 9, 0.2, 0.3],
  ['105/01', 'violence', 'Common assault', 14, 0.08, 0.1],
  ['005/01', 'violence', 'Wounding, with intent to do grievous bodily harm', 2, 0.55, 0.8],
  ['046/00', 'theft', 'Shoplifting', 16, 0.05, 0.12],
  ['039/00', 'theft', 'Theft from the person, of another', 3, 0.15, 0.3],
  ['049/00', 'theft', 'Other theft, or unauthorised taking', 7, 0.05, 0.12],
  ['092/01', 'drugs', 'Possession of a controlled drug, Class A', 6, 0.05, 0.12],
  ['092/02', 'drugs', 'Possession of a controlled drug, Class B', 9, 0.02, 0.04],
  ['092/03', 'drugs', 'Possession with intent to supply, Class A', 2, 0.45, 0.75],
  ['125/50', 'public order', 'Public order offence, causing fear or provocation of violence', 7, 0.05, 0.08],
  ['137/00', 'public order', 'Drunk and disorderly', 5, 0.02, 0.02],
  ['058/01', 'criminal damage', 'Criminal damage, value under 5,000 pounds', 9, 0.04, 0.06],
  ['056/01', 'criminal damage', 'Arson, not endangering life', 1, 0.3, 0.5],
  ['028/01', 'burglary', 'Burglary, in a dwelling', 4, 0.4, 0.6],
  ['030/01', 'burglary', 'Burglary, in a building other than a dwelling', 3, 0.25, 0.4],
].map(([code, category, description, weight, pRemand, pSentence]) => ({ code, category, description, weight, pRemand, pSentence }));
const OFFENCE_PAIRS = OFFENCES.map((o) => [o.weight, o]);

const logistic = (x) => 1 / (1 + Math.exp(-x));

/** Treated people's offending rate after cohort_start, relative to an otherwise similar comparison person. */
const TREATED_RATE_RATIO = 0.75;

// ---------------------------------------------------------------------------------------------
// Simulation: people, their offending over liberty time, and custody as a consequence.

/**
 * @param {object} spec  n, seed, asOf, startFrom, startTo, idDigits, idMax, strangers
 * @returns {{ people, charges, custody, notes }}
 *   people:  { id, start, end|null, group, age, sex, prior, risk }
 *   charges: { id, charge, offence|null, o (offence), outcome, tag? }
 *   custody: { id, start, end|null, type, tag? }
 */
function simulate(spec) {
  const rng = makeRng(spec.seed);
  const asOf = day(spec.asOf);
  const startFrom = day(spec.startFrom);
  const startTo = day(spec.startTo);
  const notes = { adjacent: 0, overlapping: 0, releaseDay: [] };

  // Distinct ids with leading zeros; some are kept back for people who are not in the cohort.
  const used = new Set();
  const newId = () => {
    for (;;) {
      const v = rng.int(1, spec.idMax);
      const s = String(v).padStart(spec.idDigits, '0');
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };

  const people = [];
  const charges = [];
  const custody = [];

  const lagDays = () => {
    // Most charges within 30 days of the offence; a long tail to about 9 months.
    const r = rng.u();
    if (r < 0.3) return 0;
    if (r < 0.88) return Math.min(30, Math.floor(rng.exp(7)));
    return Math.min(270, 31 + Math.floor(rng.exp(55)));
  };

  const outcomeFor = (chargeDay) => {
    const age = asOf - chargeDay; // days since charge at extract time
    if (rng.chance(Math.max(0.03, 1 - age / 200))) return 'pending';
    return rng.weighted([
      [72, 'convicted'],
      [15, 'discontinued'],
      [13, 'acquitted'],
    ]);
  };

  /** Simulate one person's offending from `from` to as-of; returns their episodes. */
  function live(p, from, ratePre, ratePost) {
    const episodes = [];
    const covering = (d) => {
      for (const e of episodes) if (d >= e.start && (e.end === null || d <= e.end)) return e;
      return null;
    };
    let t = from;
    for (;;) {
      const rate = t >= p.start ? ratePost : ratePre;
      const before = t;
      t += 1 + Math.floor(rng.exp(1 / rate));
      // Memoryless: crossing cohort_start, the wait restarts at the post-start rate.
      if (before < p.start && t >= p.start) t = p.start + Math.floor(rng.exp(1 / ratePost));
      let e;
      while ((e = covering(t))) {
        if (e.end === null) return episodes;
        t = e.end + 1 + Math.floor(rng.exp(0.5 / rate));
      }
      if (t > asOf) return episodes;
      const lag = lagDays();
      const charge = t + lag;
      if (charge > asOf) continue; // offended, not yet charged at extract time
      // One incident: one to three charges with different codes, same offence and charge day.
      const n = rng.weighted([
        [76, 1],
        [18, 2],
        [6, 3],
      ]);
      const os = [];
      while (os.length < n) {
        const o = rng.weighted(OFFENCE_PAIRS);
        if (!os.includes(o)) os.push(o);
      }
      let convicted = false;
      let pRemand = 0;
      let pSentence = 0;
      for (const o of os) {
        const outcome = outcomeFor(charge);
        if (outcome === 'convicted') convicted = true;
        pRemand = Math.max(pRemand, o.pRemand);
        pSentence = Math.max(pSentence, o.pSentence);
        charges.push({ id: p.id, charge, offence: t, o, outcome });
      }
      // Custody follows the charge: remand from the charge day (reception on the charge day),
      // then perhaps a sentence, perhaps a recall after release on licence.
      const riskBoost = 0.5 + p.risk;
      let remand = null;
      if (rng.chance(Math.min(0.9, pRemand * riskBoost))) {
        const len = 1 + Math.min(120, Math.floor(rng.exp(16)));
        const end = charge + len - 1;
        remand = { id: p.id, start: charge, end: end > asOf ? null : end, type: 'remand' };
        episodes.push(remand);
        custody.push(remand);
      }
      if (convicted && rng.chance(Math.min(0.95, pSentence * riskBoost * 1.3))) {
        let start;
        if (remand && remand.end !== null && rng.chance(0.45)) {
          start = remand.end + 1; // sentenced straight from remand: adjacent episodes
          notes.adjacent++;
        } else if (remand && rng.chance(0.25)) {
          start = remand.start + Math.floor((1 + (remand.end ?? asOf) - remand.start) / 2); // recorded overlap
          notes.overlapping++;
        } else {
          start = charge + 14 + Math.floor(rng.exp(70));
        }
        if (start <= asOf) {
          // Time served: median about 3 months, a long tail to years.
          const served = Math.max(14, Math.min(4 * 365, Math.round(30.4 * Math.exp(Math.log(3) + 0.9 * rng.normal()))));
          const end = start + served - 1;
          const sentence = { id: p.id, start, end: end > asOf ? null : end, type: 'sentence' };
          episodes.push(sentence);
          custody.push(sentence);
          if (sentence.end !== null && rng.chance(0.18)) {
            const rs = sentence.end + 20 + Math.floor(rng.exp(120));
            if (rs <= asOf) {
              const re = rs + 13 + Math.floor(rng.exp(40));
              const recall = { id: p.id, start: rs, end: re > asOf ? null : re, type: 'recall' };
              episodes.push(recall);
              custody.push(recall);
            }
          }
        }
      }
    }
  }

  for (let i = 0; i < spec.n; i++) {
    const id = newId();
    let age = 18 + Math.floor(rng.exp(11));
    while (age > 60) age = 18 + Math.floor(rng.exp(11));
    const sex = rng.chance(0.83) ? 'M' : 'F';
    const z = rng.gamma(0.9, 1 / 0.9); // frailty: propensity to offend, mean 1
    const prior = Math.min(15, rng.poisson(0.6 + 2.4 * z * (age < 25 ? 0.7 : 1)));
    const risk = logistic(-1.1 + 0.9 * Math.log(z) + 0.13 * prior - 0.025 * (age - 30) + (sex === 'M' ? 0.3 : 0) + 0.45 * rng.normal());
    // Assignment mildly favours the young and those with few priors (deferred prosecution is
    // offered to lower-level offenders), so treated and comparison are not balanced.
    const treated = rng.chance(logistic(0.15 - 0.09 * (prior - 2) - 0.015 * (age - 28)));
    const start = rng.int(startFrom, startTo);
    let end = null;
    if (rng.chance(0.1)) {
      const latest = Math.min(asOf - 1, start + 900);
      end = rng.int(start + 30, latest);
    }
    const p = { id, start, end, group: treated ? 'treated' : 'comparison', age, sex, prior, risk: Math.round(risk * 1000) / 1000 };
    people.push(p);
    // Offences per liberty day. About 40% of the comparison group are charged with an offence
    // in their first year; the treated group offends at a lower rate after the start.
    const base = spec.rate * z * Math.exp(-0.022 * (age - 30)) * (sex === 'F' ? 0.75 : 1) * (1 + 0.05 * prior);
    live(p, start - 365, base, treated ? base * TREATED_RATE_RATIO : base);
  }

  // A charge on the day of release from a sentence (the release day is still a custody day).
  const released = custody.filter((e) => e.type === 'sentence' && e.end !== null && e.end < asOf - 30);
  for (let k = 0; k < spec.releaseDay && released.length > 0; k++) {
    const e = released.splice(rng.int(0, released.length - 1), 1)[0];
    const o = rng.pick(OFFENCES.filter((x) => x.category === 'theft' || x.category === 'public order'));
    const c = { id: e.id, charge: e.end, offence: e.end, o, outcome: outcomeFor(e.end), tag: 'release-day' };
    charges.push(c);
    notes.releaseDay.push(c);
  }

  // People who are not in the cohort: charges and custody the extract holds for them anyway.
  const strangers = [];
  for (let k = 0; k < spec.strangers; k++) strangers.push(newId());
  for (let k = 0; k < spec.strangerCharges; k++) {
    const t = rng.int(startFrom - 200, asOf - 60);
    const charge = Math.min(asOf, t + lagDays());
    charges.push({ id: strangers[k % strangers.length], charge, offence: t, o: rng.weighted(OFFENCE_PAIRS), outcome: 'convicted', tag: 'not-in-cohort' });
  }
  for (let k = 0; k < spec.strangerCustody; k++) {
    const s = rng.int(startFrom, asOf - 30);
    custody.push({ id: strangers[k % strangers.length], start: s, end: s + rng.int(1, 60), type: 'remand', tag: 'not-in-cohort' });
  }

  // Missing offence dates (about 3%), then exact duplicate rows (about 1%), in extract order.
  for (const c of charges) if (rng.chance(0.03)) c.offence = null;
  const cmpCharge = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.charge - b.charge || (a.offence ?? 0) - (b.offence ?? 0));
  charges.sort(cmpCharge);
  const withDups = [];
  for (const c of charges) {
    withDups.push(c);
    if (!c.tag && rng.chance(spec.dupRate)) withDups.push({ ...c, tag: 'duplicate' });
  }
  custody.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.start - b.start || (a.end ?? 1e9) - (b.end ?? 1e9)));
  people.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { people, charges: withDups, custody, notes, asOf, strangers };
}

// ---------------------------------------------------------------------------------------------
// Facts about a dataset for the README (computed, so the README cannot drift from the data).

function mergedEpisodes(eps, asOf) {
  const sorted = eps.map((e) => [e.start, e.end === null ? asOf : e.end]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function custodyFacts(ds) {
  const byId = new Map();
  for (const e of ds.custody) {
    if (!byId.has(e.id)) byId.set(e.id, []);
    byId.get(e.id).push(e);
  }
  let overlapPeople = 0;
  let adjacentPeople = 0;
  let wholeQuarterPeople = 0;
  for (const eps of byId.values()) {
    const s = [...eps].sort((a, b) => a.start - b.start);
    let ov = false;
    let adj = false;
    for (let i = 0; i < s.length; i++) {
      for (let j = i + 1; j < s.length; j++) {
        const ei = s[i].end === null ? Infinity : s[i].end;
        if (s[j].start <= ei) ov = true;
        if (s[j].start === ei + 1) adj = true;
      }
    }
    if (ov) overlapPeople++;
    if (adj) adjacentPeople++;
    const merged = mergedEpisodes(eps, ds.asOf);
    if (merged.some(([a, b]) => quarterInside(a, b))) wholeQuarterPeople++;
  }
  return { overlapPeople, adjacentPeople, wholeQuarterPeople, open: ds.custody.filter((e) => e.end === null).length };
}

function quarterInside(a, b) {
  const { y, m } = civilFromDays(a);
  let qs = daysFromCivil(y, m - ((m - 1) % 3), 1);
  if (qs < a) qs = addMonths(qs, 3);
  return addMonths(qs, 3) - 1 <= b;
}

/** Share with an offence in [start, start + 12m - 1] charged by window end + 6m, among the mature. */
function twelveMonth(ds) {
  const first = new Map();
  for (const c of ds.charges) {
    const list = first.get(c.id) ?? [];
    list.push(c);
    first.set(c.id, list);
  }
  const r = { treated: [0, 0], comparison: [0, 0] };
  for (const p of ds.people) {
    const we = addMonths(p.start, 12) - 1;
    if (addMonths(we, 6) > ds.asOf) continue;
    const hit = (first.get(p.id) ?? []).some((c) => {
      const od = c.offence ?? c.charge;
      return od >= p.start && od <= we && c.charge <= addMonths(we, 6);
    });
    r[p.group][0] += hit ? 1 : 0;
    r[p.group][1] += 1;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** CSV field: quoted only when it holds the delimiter, a quote or a line break. */
function field(v, delim = ',') {
  const s = v === null || v === undefined ? '' : String(v);
  return s.includes(delim) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeTable(path, header, rows, { delim = ',', eol = '\n', bom = false } = {}) {
  const lines = [header.map((h) => field(h, delim)).join(delim), ...rows.map((r) => (typeof r === 'string' ? r : r.map((v) => field(v, delim)).join(delim)))];
  writeFileSync(path, (bom ? '\uFEFF' : '') + lines.join(eol) + eol);
  return lines.length - 1;
}

const writeJson = (path, obj) => writeFileSync(path, `${JSON.stringify(obj, null, 2)}\n`);

// --- canonical sample -------------------------------------------------------------------------

const SAMPLE = {
  seed: 20250331,
  n: 2000,
  asOf: '2025-03-31',
  startFrom: '2021-01-01',
  startTo: '2024-06-30',
  idDigits: 7,
  idMax: 199999,
  rate: 0.0015,
  releaseDay: 8,
  strangers: 6,
  strangerCharges: 14,
  strangerCustody: 4,
  dupRate: 0.01,
};

function writeSample() {
  const ds = simulate(SAMPLE);
  const cohortRows = ds.people.map((p) => [p.id, isoOf(p.start), p.end === null ? '' : isoOf(p.end), p.group, p.age, p.sex, p.prior, p.risk.toFixed(3)]);
  writeTable(join(HERE, 'cohort.csv'), ['person_id', 'cohort_start', 'cohort_end', 'group', 'age', 'sex', 'prior_offences', 'risk_score'], cohortRows);
  const chargeRows = ds.charges.map((c) => [c.id, isoOf(c.charge), c.offence === null ? '' : isoOf(c.offence), c.o.code, c.o.category, c.outcome]);
  writeTable(join(HERE, 'charges.csv'), ['person_id', 'charge_date', 'offence_date', 'offence_code', 'offence_category', 'outcome'], chargeRows);
  const custodyRows = ds.custody.map((e) => [e.id, isoOf(e.start), e.end === null ? '' : isoOf(e.end), e.type]);
  writeTable(join(HERE, 'custody.csv'), ['person_id', 'custody_start', 'custody_end', 'custody_type'], custodyRows);
  writeJson(join(HERE, 'desist.json'), {
    description: 'Synthetic sample: canonical column names and ISO dates, so no column map is needed.',
    options: { asOf: SAMPLE.asOf, treated: 'treated', comparison: 'comparison' },
  });
  return ds;
}

// --- force extract ----------------------------------------------------------------------------

const FORCE = {
  seed: 7031,
  n: 300,
  asOf: '2025-03-31',
  startFrom: '2021-04-01',
  startTo: '2024-03-31',
  idDigits: 6,
  idMax: 99999,
  rate: 0.0015,
  releaseDay: 2,
  strangers: 2,
  strangerCharges: 4,
  strangerCustody: 1,
  dupRate: 0,
};

const FORCE_GROUP = { treated: 'Checkpoint', comparison: 'Control' };
const FORCE_CUSTODY = { remand: 'Remand', sentence: 'Sentence', recall: 'Recall' };
const FORCE_ESTABLISHMENT = { remand: ['HMP Durham', 'HMP Durham', 'Police custody suite'], sentence: ['HMP Durham', 'HMP Holme House', 'HMP Northumberland'], recall: ['HMP Durham'] };
const hhmm = (rng, from, to) => `${pad2(rng.int(from, to))}:${pad2(rng.int(0, 59))}`;

function writeForce() {
  const ds = simulate(FORCE);
  const rng = makeRng(FORCE.seed + 1); // cosmetic draws (times, establishments) and bad-row placement
  const asOf = ds.asOf;
  const bad = []; // { file, row (0-based data row), kind, detail }

  const charged = new Set(ds.charges.map((c) => c.id));
  const detained = new Set(ds.custody.map((e) => e.id));

  // Cohort: one row whose end date is before its start (a person with no charges or custody,
  // so rejecting the row orphans nothing).
  const cohort = ds.people.map((p) => ({
    p,
    row: [p.id, ukOf(p.start), p.end === null ? '' : ukOf(p.end), FORCE_GROUP[p.group], p.age, p.sex === 'M' ? 'Male' : 'Female', p.prior, p.risk.toFixed(2)],
  }));
  const quiet = cohort.filter((r) => !charged.has(r.p.id) && !detained.has(r.p.id) && r.p.end === null);
  const victim = quiet[rng.int(0, quiet.length - 1)];
  victim.row[2] = ukOf(victim.p.start - rng.int(20, 200));
  victim.bad = { kind: 'cohort end before start', detail: `IOM End Date ${victim.row[2]} is before IOM Start Date ${victim.row[1]}` };

  // Charges.
  const chargeRow = (c) => [c.id, ukOf(c.charge), c.offence === null ? '' : ukOf(c.offence), c.o.code, c.o.description, c.o.category, c.outcome];
  const charges = ds.charges.map((c) => ({ c, row: chargeRow(c) }));
  const insertAfter = (list, index, item) => list.splice(index + 1, 0, item);
  const spot = (list) => rng.int(Math.floor(list.length * 0.1), Math.floor(list.length * 0.9));
  // An ordinary row (not itself odd), far enough from as-of that a made-up row has one fault only.
  const normalAt = (list, i) => {
    while (list[i].bad || list[i].c?.tag || list[i].c?.offence === null || list[i].c.charge > asOf - 60) i++;
    return i;
  };
  // Each bad row is an extra row placed after an ordinary row for the same person.
  let i = normalAt(charges, spot(charges));
  {
    const base = charges[i].row;
    insertAfter(charges, i, { row: [...base], bad: { kind: 'exact duplicate (de-duplicated, not rejected)' }, dup: true });
  }
  i = normalAt(charges, spot(charges));
  {
    const r = [...charges[i].row];
    r[1] = '31/02/2023';
    r[2] = '27/02/2023';
    insertAfter(charges, i, { row: r, bad: { kind: 'impossible date', detail: 'Charge Date 31/02/2023' } });
  }
  i = normalAt(charges, spot(charges));
  {
    const r = [...charges[i].row];
    r[0] = '';
    insertAfter(charges, i, { row: r, bad: { kind: 'missing person id', detail: 'Nominal ID empty' } });
  }
  i = normalAt(charges, spot(charges));
  {
    const c = charges[i].c;
    const r = chargeRow({ ...c, offence: c.charge + 12 });
    insertAfter(charges, i, { row: r, bad: { kind: 'charge date before offence date', detail: `Charge Date ${r[1]}, Offence Date ${r[2]}` } });
  }
  i = normalAt(charges, spot(charges));
  {
    const c = charges[i].c;
    const r = chargeRow({ ...c, charge: asOf + 14, offence: asOf - 5, outcome: 'pending' });
    insertAfter(charges, i, { row: r, bad: { kind: 'date after as-of', detail: `Charge Date ${r[1]} is after the as-of date ${ukOf(asOf)}` } });
  }
  i = normalAt(charges, spot(charges));
  {
    // A description with a comma the export forgot to quote: one field too many.
    const c = charges[i].c;
    const o = OFFENCES.find((x) => x.code === '058/01');
    const line = [c.id, ukOf(c.charge), ukOf(c.offence), o.code, o.description, o.category, 'pending'].join(',');
    const detail = `Offence Description "${o.description}" not quoted: ${line.split(',').length} fields, header has 7`;
    insertAfter(charges, i, { row: line, bad: { kind: 'wrong number of fields', detail } });
  }

  // Custody (pipe-delimited; times of day on the dates, as custody systems record them).
  const custodyRow = (e) => {
    const ests = FORCE_ESTABLISHMENT[e.type];
    return [e.id, `${ukOf(e.start)} ${hhmm(rng, 6, 13)}`, e.end === null ? '' : `${ukOf(e.end)} ${hhmm(rng, 14, 19)}`, FORCE_CUSTODY[e.type], ests[rng.int(0, ests.length - 1)]];
  };
  const custody = ds.custody.map((e) => ({ e, row: custodyRow(e) }));
  const normalCustodyAt = (j) => {
    while (custody[j].bad || custody[j].e.tag || custody[j].e.end === null || custody[j].e.end > asOf - 150) j++;
    return j;
  };
  let j = normalCustodyAt(spot(custody));
  {
    const e = custody[j].e;
    const s = e.end + rng.int(40, 120);
    const r = custodyRow({ ...e, start: s, end: s - 3, type: 'remand' });
    insertAfter(custody, j, { row: r, bad: { kind: 'custody end before start', detail: `Custody Out ${r[2]} is before Custody In ${r[1]}` } });
  }
  j = normalCustodyAt(spot(custody));
  {
    const e = custody[j].e;
    const s = e.end + rng.int(40, 120);
    const r = custodyRow({ ...e, start: s, end: s + 5, type: 'remand' });
    r[2] = 'UNKNOWN';
    insertAfter(custody, j, { row: r, bad: { kind: 'not a date', detail: 'Custody Out is the text UNKNOWN' } });
  }

  // Write, recording 1-based line numbers (header = line 1; no field holds a line break).
  const lineOf = (list, item) => list.indexOf(item) + 2;
  for (const item of cohort) if (item.bad) bad.push({ file: 'force-extract/cohort.csv', line: lineOf(cohort, item), ...item.bad });
  for (const item of charges) {
    if (!item.bad) continue;
    const line = lineOf(charges, item);
    const text = (r) => (typeof r === 'string' ? r : r.join('\u0000'));
    const detail = item.dup ? `repeats line ${charges.findIndex((x) => text(x.row) === text(item.row)) + 2} exactly` : item.bad.detail;
    bad.push({ file: 'force-extract/charges.csv', line, kind: item.bad.kind, detail });
  }
  for (const item of custody) if (item.bad) bad.push({ file: 'force-extract/custody.csv', line: lineOf(custody, item), ...item.bad });

  mkdirSync(FORCE_DIR, { recursive: true });
  writeTable(
    join(FORCE_DIR, 'cohort.csv'),
    ['Nominal ID', 'IOM Start Date', 'IOM End Date', 'Cohort', 'Age at Start', 'Gender', 'Previous Offences', 'Risk Score'],
    cohort.map((r) => r.row),
    { bom: true },
  );
  writeTable(
    join(FORCE_DIR, 'charges.csv'),
    ['Nominal ID', 'Charge Date', 'Offence Date', 'Home Office Code', 'Offence Description', 'Offence Group', 'Court Result'],
    charges.map((r) => r.row),
    { eol: '\r\n' },
  );
  writeTable(join(FORCE_DIR, 'custody.csv'), ['Nominal ID', 'Custody In', 'Custody Out', 'Custody Reason', 'Establishment'], custody.map((r) => r.row), { delim: '|' });
  writeJson(join(FORCE_DIR, 'desist.json'), {
    description: 'Synthetic force export: source column names, UK dates (custody dates carry a time of day).',
    columns: {
      cohort: {
        person_id: 'Nominal ID',
        cohort_start: 'IOM Start Date',
        cohort_end: 'IOM End Date',
        group: 'Cohort',
        age: 'Age at Start',
        sex: 'Gender',
        prior_offences: 'Previous Offences',
        risk_score: 'Risk Score',
      },
      charges: {
        person_id: 'Nominal ID',
        charge_date: 'Charge Date',
        offence_date: 'Offence Date',
        offence_code: 'Home Office Code',
        offence_category: 'Offence Group',
        outcome: 'Court Result',
      },
      custody: { person_id: 'Nominal ID', custody_start: 'Custody In', custody_end: 'Custody Out', custody_type: 'Custody Reason' },
    },
    dateFormat: 'dd/mm/yyyy',
    options: { asOf: FORCE.asOf, treated: FORCE_GROUP.treated, comparison: FORCE_GROUP.comparison },
  });
  bad.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { ds, bad, rows: { cohort: cohort.length, charges: charges.length, custody: custody.length } };
}

// --- README -----------------------------------------------------------------------------------

function compactLines(lines) {
  return lines.join(', ');
}

function writeReadme(sample, force) {
  const s = sample;
  const lineOfCharge = (c) => s.charges.indexOf(c) + 2;
  const dupLines = s.charges.map((c, k) => (c.tag === 'duplicate' ? k + 2 : 0)).filter(Boolean);
  const emptyOffence = s.charges.filter((c) => c.offence === null).length;
  const strangerChargeLines = s.charges.map((c, k) => (c.tag === 'not-in-cohort' ? k + 2 : 0)).filter(Boolean);
  const strangerCustodyLines = s.custody.map((e, k) => (e.tag === 'not-in-cohort' ? k + 2 : 0)).filter(Boolean);
  const facts = custodyFacts(s);
  const ff = custodyFacts(force.ds);
  const rm = twelveMonth(s);
  const pct = (a) => `${((100 * a[0]) / a[1]).toFixed(1)}% (${a[0]}/${a[1]})`;
  const groups = { treated: 0, comparison: 0 };
  for (const p of s.people) groups[p.group]++;
  const leavers = s.people.filter((p) => p.end !== null).length;
  const types = { remand: 0, sentence: 0, recall: 0 };
  for (const e of s.custody) types[e.type]++;
  const fbad = force.bad.filter((b) => !b.kind.startsWith('exact duplicate')).length;

  const md = `# Sample data

Synthetic extracts for trying \`desist\` and for its tests. No real person, force or offence
record is represented. Everything here is written by \`generate.mjs\` (Node built-ins only,
seeded xoshiro128**):

\`\`\`sh
node sample-data/generate.mjs   # rewrites every file in sample-data/, byte for byte, README included
\`\`\`

Do not edit these files by hand: change the generator and run it again.

## \`sample-data/\`: a Checkpoint-like deferred prosecution cohort

Canonical column names and ISO dates, so \`desist.json\` only sets defaults
(\`asOf\` ${SAMPLE.asOf}, groups \`treated\` / \`comparison\`).

| file | data rows | columns |
|---|---|---|
| \`cohort.csv\` | ${s.people.length} | person_id, cohort_start, cohort_end, group, age, sex, prior_offences, risk_score |
| \`charges.csv\` | ${s.charges.length} | person_id, charge_date, offence_date, offence_code, offence_category, outcome |
| \`custody.csv\` | ${s.custody.length} | person_id, custody_start, custody_end, custody_type |

How it is made:

- **People.** ${s.people.length} people (${groups.treated} treated, ${groups.comparison} comparison), ids of 7 digits with
  leading zeros (\`0012345\`: read them as strings). \`cohort_start\` uniform over
  ${SAMPLE.startFrom} .. ${SAMPLE.startTo}; ${leavers} people (about 10%) leave the cohort (\`cohort_end\` set, after the start),
  the rest have an empty \`cohort_end\`. Age 18-60 (skewed young), sex M/F (83% M),
  \`prior_offences\` 0-15 (skewed), \`risk_score\` 0-1.
- **Who offends.** Each person has a latent propensity (gamma frailty); priors and risk score
  rise with it, and offending falls with age and is lower for women. Offences follow a
  Poisson process on the *liberty* clock from a year before \`cohort_start\` (no offending
  while in custody). Treated people offend at ${TREATED_RATE_RATIO} times the rate after their start.
- **Assignment is mildly imbalanced**: treatment is more likely for younger people with fewer
  priors, so the naive treated-vs-comparison difference overstates the effect and matching has
  something to do.
- **Charges.** Each incident gives one to three charges (different codes, same offence and
  charge day). Charging lag: 30% the same day, most within 30 days, a tail to 9 months;
  offences not yet charged at as-of are absent (\`charge_date <= asOf\` always).
  Fifteen illustrative offence codes in six categories (violence, theft, drugs, public order,
  criminal damage, burglary); they look like Home Office codes but are not an authoritative
  list. Outcomes: convicted, discontinued, acquitted, and pending (mostly recent charges).
  Charges before \`cohort_start\` are present, as in a real extract.
- **Custody** follows charges: remand from the charge day (so many charges fall on a
  reception day), lasting days to weeks; sentences (median about 3 months served, up to
  4 years) after a conviction, some starting the day after remand ends (adjacent) and some
  recorded overlapping the remand; recalls after release on licence. Episodes still running at
  as-of have an empty \`custody_end\`.
- Rows are sorted by person, then date. Do not rely on it: the tool must not.

Rough check, computed by the generator on the raw rows (offence in \`[start, start + 12 months - 1]\`,
charged within 6 months of the window end, mature people only): 12-month reoffending is
${pct(rm.treated)} treated and ${pct(rm.comparison)} comparison.

### Deliberate features to find

Nothing in the top-level files should be rejected. These are the rows the tool has to treat
correctly rather than reject:

- **Exact duplicate charge rows** (${dupLines.length}, about 1%): each repeats the line before it exactly.
  Lines of \`charges.csv\`: ${compactLines(dupLines)}.
- **Empty \`offence_date\`**: ${emptyOffence} charge rows (about 3%); \`charge_date\` stands in for follow-up measures.
- **Charges for people not in the cohort** (${s.strangers.join(', ')}): \`charges.csv\` lines
  ${compactLines(strangerChargeLines)}; \`custody.csv\` lines ${compactLines(strangerCustodyLines)}.
- **Charges on a release day** (offence and charge on the day a sentence ends; that day is still a
  custody day): \`charges.csv\` lines ${compactLines(s.notes.releaseDay.map(lineOfCharge).sort((a, b) => a - b))}.
- **Custody**: ${types.remand} remand, ${types.sentence} sentence, ${types.recall} recall episodes. ${facts.open} open-ended at as-of (empty
  \`custody_end\`); ${facts.overlapPeople} people with overlapping episodes and
  ${facts.adjacentPeople} with adjacent ones (end + 1 = next start); ${facts.wholeQuarterPeople} people in custody for at least one
  whole calendar quarter.

## \`sample-data/force-extract/\`: the same kind of data as a force system exports it

${force.ds.people.length} people, made by the same simulation with another seed, written the way a force
records system exports them. \`desist.json\` maps the source column names to canonical ones,
declares \`"dateFormat": "dd/mm/yyyy"\`, \`asOf\` ${FORCE.asOf}, and the group values \`Checkpoint\` (treated)
and \`Control\` (comparison).

| file | data rows | format |
|---|---|---|
| \`cohort.csv\` | ${force.rows.cohort} | comma, **UTF-8 BOM**, LF; \`Nominal ID, IOM Start Date, IOM End Date, Cohort, Age at Start, Gender, Previous Offences, Risk Score\` |
| \`charges.csv\` | ${force.rows.charges} | comma, **CRLF** line ends; \`Nominal ID, Charge Date, Offence Date, Home Office Code, Offence Description, Offence Group, Court Result\`; descriptions containing commas are **quoted** (\`"Criminal damage, value under 5,000 pounds"\`) |
| \`custody.csv\` | ${force.rows.custody} | **pipe**-delimited, LF; \`Nominal ID\\|Custody In\\|Custody Out\\|Custody Reason\\|Establishment\`; dates carry a time of day (\`14/03/2023 09:15\`), cut to the date |

Dates are \`dd/mm/yyyy\`; ids have 6 digits with leading zeros; \`Gender\` is Male/Female;
\`Custody Reason\` is Remand/Sentence/Recall. The custody data include ${ff.open} open-ended episodes,
${ff.overlapPeople} people with overlapping and ${ff.adjacentPeople} with adjacent episodes.

### Deliberate bad rows

Line numbers are 1-based with the header as line 1. ${fbad} rows should be rejected, each for a
different reason, and one charge row is an exact duplicate (read and de-duplicated, not
rejected). There is no duplicate person in the cohort: that is a fatal error, not a bad row.

| file:line | kind | what is wrong |
|---|---|---|
${force.bad.map((b) => `| \`${b.file}:${b.line}\` | ${b.kind} | ${b.detail} |`).join('\n')}

Each rejected charge or custody row is an extra row for a person who is otherwise fine; the
rejected cohort row belongs to a person with no charges and no custody, so rejecting it
orphans nothing.
`;
  writeFileSync(join(HERE, 'README.md'), md);
}

const sample = writeSample();
const force = writeForce();
writeReadme(sample, force);

const out = (label, n) => `${label} ${n}`;
process.stdout.write(
  [
    `sample-data: ${out('cohort', sample.people.length)}, ${out('charges', sample.charges.length)}, ${out('custody', sample.custody.length)}`,
    `force-extract: ${out('cohort', force.rows.cohort)}, ${out('charges', force.rows.charges)}, ${out('custody', force.rows.custody)}`,
    ...force.bad.map((b) => `  ${b.file}:${b.line}: ${b.kind}`),
  ].join('\n') + '\n',
);
