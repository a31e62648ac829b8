/**
 * Kaplan-Meier: every expected number comes from R (survival 3.5-3), produced by
 * test/stats/r/survival.R and pasted here as literals. The R call is above each block.
 * Tolerance: 1e-6 relative (1e-12 absolute near zero).
 */
import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt, type KaplanMeierResult } from '../../src/stats/kaplan-meier.js';
import { AML_TIME, AML_STATUS, AML_X, TIE_TIME, TIE_EVENT, LUNG } from './survival-data.js';

function expectClose(actual: number | null | undefined, expected: number | null, label = ''): void {
  if (expected === null) {
    expect(actual, `${label}: expected null`).toBeNull();
    return;
  }
  expect(actual, `${label}: expected ${expected}, got null`).not.toBeNull();
  const a = actual as number;
  const tol = Math.max(1e-12, 1e-6 * Math.abs(expected));
  expect(Math.abs(a - expected), `${label}: ${a} vs R ${expected}`).toBeLessThanOrEqual(tol);
}

function expectAllClose(actual: ReadonlyArray<number | null>, expected: ReadonlyArray<number | null>, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i], e, `${label}[${i}]`));
}

interface RTable {
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  survival: number[];
  std_err: (number | null)[];
  ci_low: (number | null)[];
  ci_high: (number | null)[];
  median: (number | null)[];
}

function expectMatchesR(km: KaplanMeierResult, r: RTable): void {
  const t = km.table;
  expect(t.map((x) => x.time)).toEqual(r.time);
  expect(t.map((x) => x.n_risk)).toEqual(r.n_risk);
  expect(t.map((x) => x.n_event)).toEqual(r.n_event);
  expect(t.map((x) => x.n_censor)).toEqual(r.n_censor);
  expectAllClose(t.map((x) => x.survival), r.survival, 'survival');
  expectAllClose(t.map((x) => x.std_err), r.std_err, 'std_err');
  expectAllClose(t.map((x) => x.ci_low), r.ci_low, 'ci_low');
  expectAllClose(t.map((x) => x.ci_high), r.ci_high, 'ci_high');
  expectAllClose([km.median.estimate, km.median.ci_low, km.median.ci_high], r.median, 'median');
}

describe('kaplanMeier against R survfit(conf.type = "log-log")', () => {
  it('aml, pooled: full table, median and CI', () => {
    // KM aml pooled  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    // summary(f, censored = TRUE); summary(f)$table[c("median", "0.95LCL", "0.95UCL")]
    const r = {
      time: [5, 8, 9, 12, 13, 16, 18, 23, 27, 28, 30, 31, 33, 34, 43, 45, 48, 161],
      n_risk: [23, 21, 19, 18, 17, 15, 14, 13, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1],
      n_event: [2, 2, 1, 1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0],
      n_censor: [0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1],
      survival: [0.913043478261, 0.826086956522, 0.782608695652, 0.739130434783, 0.695652173913, 0.695652173913, 0.645962732919, 0.546583850932, 0.496894409938, 0.496894409938, 0.441683919945, 0.386473429952, 0.331262939959, 0.276052449965, 0.220841959972, 0.165631469979, 0.0828157349896, 0.0828157349896],
      std_err: [0.0587533847558, 0.0790341964475, 0.0860061487038, 0.0915605371517, 0.0959438755422, 0.0959438755422, 0.101142675175, 0.10725064174, 0.108401780789, 0.108401780789, 0.109518069978, 0.108858801495, 0.106390972888, 0.10198337609, 0.0953674384864, 0.0860352084086, 0.0726618005035, 0.0726618005035],
      ci_low: [0.694947537532, 0.600610411237, 0.554211506669, 0.509209438754, 0.465641749762, 0.465641749762, 0.413952950717, 0.319250413971, 0.275565628012, 0.275565628012, 0.227381168463, 0.182836618649, 0.141825693482, 0.104441343234, 0.0709966489829, 0.0421142812616, 0.00695596679854, 0.00695596679854],
      ci_high: [0.977515669901, 0.930903558387, 0.903207489882, 0.873375781698, 0.841721291392, 0.841721291392, 0.805307764482, 0.726449173821, 0.684213788448, 0.684213788448, 0.63709268746, 0.587476914418, 0.535273789989, 0.480284660417, 0.422167443381, 0.360361360273, 0.286760367981, 0.286760367981],
      median: [27, 13, 34],
      at_times: [0, 8, 10, 30, 47, 161],
      at_surv: [1, 0.826086956522, 0.782608695652, 0.441683919945, 0.165631469979, 0.0828157349896],
      at_lower: [1, 0.600610411237, 0.554211506669, 0.227381168463, 0.0421142812616, 0.00695596679854],
      at_upper: [1, 0.930903558387, 0.903207489882, 0.63709268746, 0.360361360273, 0.286760367981],
    };
    const km = kaplanMeier(AML_TIME, AML_STATUS);
    expect(km.n).toBe(23);
    expect(km.n_event).toBe(18);
    expect(km.reason).toBeUndefined();
    expectMatchesR(km, r);
    // summary(f, times = at_times, extend = TRUE)
    r.at_times.forEach((t, i) => {
      const s = survivalAt(km, t);
      expectClose(s.estimate, r.at_surv[i], `survivalAt(${t})`);
      if (t > 0) {
        expectClose(s.ci_low, r.at_lower[i], `survivalAt(${t}).ci_low`);
        expectClose(s.ci_high, r.at_upper[i], `survivalAt(${t}).ci_high`);
      }
    });
  });

  it('aml, Maintained arm, level 0.90', () => {
    // KM aml Maintained, level 0.90  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.9)
    const r = {
      time: [9, 13, 18, 23, 28, 31, 34, 45, 48, 161],
      n_risk: [11, 10, 8, 7, 6, 5, 4, 3, 2, 1],
      n_event: [1, 1, 1, 1, 0, 1, 1, 0, 1, 0],
      n_censor: [0, 1, 0, 0, 1, 0, 0, 1, 0, 1],
      survival: [0.909090909091, 0.818181818182, 0.715909090909, 0.613636363636, 0.613636363636, 0.490909090909, 0.368181818182, 0.368181818182, 0.184090909091, 0.184090909091],
      std_err: [0.0866784172041, 0.11629129983, 0.139664970557, 0.152632331027, 0.152632331027, 0.164193267221, 0.162668885827, 0.162668885827, 0.153492745786, 0.153492745786],
      ci_low: [0.610157457097, 0.525523549839, 0.417704095477, 0.323455510895, 0.323455510895, 0.214030302913, 0.126459974124, 0.126459974124, 0.0222433979987, 0.0222433979987],
      ci_high: [0.981780712557, 0.93932733919, 0.879904440048, 0.809534436375, 0.809534436375, 0.720096791569, 0.617050413941, 0.617050413941, 0.471166182529, 0.471166182529],
      median: [31, 18, 48],
    };
    const time = AML_TIME.filter((_, i) => AML_X[i] === 0);
    const status = AML_STATUS.filter((_, i) => AML_X[i] === 0);
    expectMatchesR(kaplanMeier(time, status, { level: 0.9 }), r);
  });

  it('tied times and censoring at event times (censored at t still at risk at t)', () => {
    // KM ties  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    const r = {
      time: [2, 3, 5, 7, 8, 10, 12],
      n_risk: [14, 11, 9, 6, 5, 3, 1],
      n_event: [2, 1, 2, 0, 2, 1, 0],
      n_censor: [1, 1, 1, 1, 0, 1, 1],
      survival: [0.857142857143, 0.779220779221, 0.606060606061, 0.606060606061, 0.363636363636, 0.242424242424, 0.242424242424],
      std_err: [0.0935219529583, 0.112908179383, 0.139185222849, 0.139185222849, 0.15685969351, 0.143980756339, 0.143980756339],
      ci_low: [0.539448177623, 0.458960422408, 0.292210686643, 0.292210686643, 0.0969722211184, 0.0398692866627, 0.0398692866627],
      ci_high: [0.962231856406, 0.923202384874, 0.815595791388, 0.815595791388, 0.644955965107, 0.53622030127, 0.53622030127],
      median: [8, 3, null],
      at_times: [1, 2, 4, 10, 12],
      at_surv: [1, 0.857142857143, 0.779220779221, 0.242424242424, 0.242424242424],
      at_lower: [1, 0.539448177623, 0.458960422408, 0.0398692866627, 0.0398692866627],
      at_upper: [1, 0.962231856406, 0.923202384874, 0.53622030127, 0.53622030127],
    };
    const km = kaplanMeier(TIE_TIME, TIE_EVENT);
    expectMatchesR(km, r);
    expect(km.median.reason).toMatch(/upper confidence curve never falls to 0.5/);
    r.at_times.forEach((t, i) => {
      const s = survivalAt(km, t);
      expectClose(s.estimate, r.at_surv[i], `survivalAt(${t})`);
      if (r.at_surv[i] < 1) {
        expectClose(s.ci_low, r.at_lower[i], `survivalAt(${t}).ci_low`);
        expectClose(s.ci_high, r.at_upper[i], `survivalAt(${t}).ci_high`);
      }
    });
  });

  it('median when survival equals 0.5 exactly over an interval is the midpoint', () => {
    // KM median exactly 0.5  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    const r = {
      time: [1, 2, 3, 4],
      n_risk: [4, 3, 2, 1],
      n_event: [1, 1, 1, 1],
      n_censor: [0, 0, 0, 0],
      survival: [0.75, 0.5, 0.25, 0],
      std_err: [0.216506350946, 0.25, 0.216506350946, null],
      ci_low: [0.127946917595, 0.0578470829951, 0.0089478244166, null],
      ci_high: [0.960548642285, 0.84486128119, 0.665325342789, null],
      median: [2.5, 1, null],
    };
    expectMatchesR(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1]), r);
  });

  it('lung subset (59 subjects, one tie, censoring at the end)', () => {
    // KM lung subset  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    const r = {
      time: [5, 12, 26, 53, 61, 65, 81, 88, 93, 95, 107, 118, 122, 132, 144, 145, 153, 166, 170, 189, 210, 218, 246, 301, 303, 306, 310, 345, 361, 371, 390, 394, 433, 455, 460, 473, 519, 520, 533, 567, 574, 583, 613, 624, 643, 654, 687, 689, 707, 728, 731, 735, 765, 814, 883, 965, 1010, 1022],
      n_risk: [59, 58, 57, 56, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      n_event: [1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0],
      n_censor: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
      survival: [0.983050847458, 0.966101694915, 0.949152542373, 0.915254237288, 0.898305084746, 0.881355932203, 0.864406779661, 0.847457627119, 0.830508474576, 0.813559322034, 0.796610169492, 0.779661016949, 0.762711864407, 0.745762711864, 0.728813559322, 0.71186440678, 0.694915254237, 0.677966101695, 0.661016949153, 0.64406779661, 0.627118644068, 0.610169491525, 0.593220338983, 0.576271186441, 0.559322033898, 0.542372881356, 0.525423728814, 0.508474576271, 0.491525423729, 0.474576271186, 0.457627118644, 0.440677966102, 0.423728813559, 0.406779661017, 0.389830508475, 0.372881355932, 0.35593220339, 0.338983050847, 0.322033898305, 0.305084745763, 0.28813559322, 0.271186440678, 0.254237288136, 0.237288135593, 0.220338983051, 0.203389830508, 0.186440677966, 0.169491525424, 0.152542372881, 0.135593220339, 0.118644067797, 0.101694915254, 0.0847457627119, 0.0677966101695, 0.0508474576271, 0.0508474576271, 0.0508474576271, 0.0508474576271],
      std_err: [0.0168049018124, 0.0235599523744, 0.0286006974195, 0.0362580016684, 0.0393491669556, 0.0420990867032, 0.0445709677753, 0.0468088788762, 0.0488449897216, 0.0507036172891, 0.0524036496585, 0.0539600787147, 0.0553850123978, 0.0566883674818, 0.0578783579866, 0.0589618482134, 0.0599446133718, 0.0608315354556, 0.0616267526771, 0.0623337748832, 0.0629555735649, 0.0634946525357, 0.0639531036339, 0.0643326506078, 0.0646346834917, 0.0648602851671, 0.0650102513446, 0.0650851048539, 0.0650851048539, 0.0650102513446, 0.0648602851671, 0.0646346834917, 0.0643326506078, 0.0639531036339, 0.0634946525357, 0.0629555735649, 0.0623337748832, 0.0616267526771, 0.0608315354556, 0.0599446133718, 0.0589618482134, 0.0578783579866, 0.0566883674818, 0.0553850123978, 0.0539600787147, 0.0524036496585, 0.0507036172891, 0.0488449897216, 0.0468088788762, 0.0445709677753, 0.0420990867032, 0.0393491669556, 0.0362580016684, 0.0327290442255, 0.0286006974195, 0.0286006974195, 0.0286006974195, 0.0286006974195],
      ci_low: [0.885717260162, 0.871185533523, 0.850588920423, 0.808307131084, 0.787566746163, 0.767171446488, 0.747108063725, 0.727354111337, 0.707886315595, 0.688683255233, 0.6697260228, 0.650998204608, 0.632485642274, 0.614176146541, 0.596059225023, 0.578125843362, 0.560368223012, 0.54277967293, 0.52535445071, 0.508087648565, 0.490975100072, 0.474013304231, 0.457199364041, 0.440530937347, 0.424006198216, 0.407623807492, 0.391382891519, 0.375283028354, 0.359324240997, 0.343506997462, 0.327832217705, 0.312301287699, 0.296916081185, 0.281678989933, 0.266592963708, 0.251661561592, 0.236889016855, 0.222280318351, 0.20784131241, 0.193578830577, 0.179500850492, 0.165616699921, 0.15193731798, 0.13847559342, 0.125246808817, 0.112269233366, 0.0995649291363, 0.0871608722725, 0.0750905533351, 0.0633963331864, 0.0521330419588, 0.0413737307166, 0.0312193935628, 0.0218166184253, 0.0133927861815, 0.0133927861815, 0.0133927861815, 0.0133927861815],
      ci_high: [0.997594972575, 0.991412763378, 0.983311952304, 0.963822787728, 0.952978699188, 0.941596102239, 0.929763093244, 0.917543410999, 0.904984936361, 0.89212469925, 0.87899200488, 0.865610478218, 0.851999452421, 0.838174941719, 0.824150341259, 0.809936941859, 0.795544315847, 0.780980610937, 0.766252777096, 0.751366743604, 0.736327558447, 0.721139498683, 0.705806158096, 0.690330516731, 0.674714995721, 0.658961499926, 0.643071450237, 0.627045806885, 0.610885084688, 0.594589360833, 0.578158275479, 0.56159102521, 0.544886349074, 0.528042506658, 0.511057247324, 0.493927769326, 0.476650667026, 0.459221863818, 0.441636527507, 0.423888963742, 0.405972481569, 0.387879222916, 0.369599944679, 0.351123737441, 0.332437657933, 0.313526241845, 0.294370847139, 0.274948751777, 0.2552318867, 0.235185012437, 0.214763023588, 0.193906852472, 0.172537102997, 0.150544212861, 0.127775456073, 0.127775456073, 0.127775456073, 0.127775456073],
      median: [361, 210, 473],
    };
    expectMatchesR(kaplanMeier(LUNG.time, LUNG.event), r);
  });

  it('100,000 subjects with heavy ties, from typed arrays', () => {
    // i = 1..100000; g = i %% 2; time = (i * 7919) %% 1009 + 1 + g * ((i * 31) %% 200);
    // event = as.integer((i * 13) %% 10 < 7)
    // KM large deterministic data set: rows at selected times, and the median
    // summary(fb, times = c(1, 100, 500, 1000, 1200)); length(fb$time); summary(fb)$table
    const r = {
      at_times: [1, 100, 500, 1000, 1200],
      at_n_risk: [100000, 93876, 55506, 5945, 11],
      at_surv: [0.99961, 0.952647444988, 0.658397475384, 0.135894126898, 0.00298602549897],
      at_std_err: [6.24378010503e-05, 0.000674061701629, 0.00156861953345, 0.00144407355828, 0.00075663462315],
      at_lower: [0.999466253902, 0.951308185154, 0.655313046152, 0.133078552654, 0.00177797432389],
      at_upper: [0.999715038565, 0.95395076685, 0.661461911606, 0.138739113831, 0.00480646121467],
      n_rows: [1206],
      median: [681, 678, 685],
    };
    const n = 100000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    for (let i = 1; i <= n; i++) {
      const g = i % 2;
      time[i - 1] = ((i * 7919) % 1009) + 1 + g * ((i * 31) % 200);
      event[i - 1] = (i * 13) % 10 < 7 ? 1 : 0;
    }
    const km = kaplanMeier(time, event);
    expect(km.table.length).toBe(r.n_rows[0]);
    r.at_times.forEach((t, i) => {
      const s = survivalAt(km, t);
      expectClose(s.estimate, r.at_surv[i], `S(${t})`);
      expectClose(s.std_err, r.at_std_err[i], `se(${t})`);
      expectClose(s.ci_low, r.at_lower[i], `lower(${t})`);
      expectClose(s.ci_high, r.at_upper[i], `upper(${t})`);
    });
    const row100 = km.table.find((x) => x.time === 100);
    expect(row100?.n_risk).toBe(r.at_n_risk[1]);
    expectAllClose([km.median.estimate, km.median.ci_low, km.median.ci_high], r.median, 'median');
  });
});

describe('kaplanMeier degenerate input', () => {
  it('a single subject with an event: survival 0, standard error and interval null', () => {
    // KM single subject, event  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    const r = {
      time: [5],
      n_risk: [1],
      n_event: [1],
      n_censor: [0],
      survival: [0],
      std_err: [null],
      ci_low: [null],
      ci_high: [null],
      median: [5, null, null],
    };
    const km = kaplanMeier([5], [1]);
    expectMatchesR(km, r);
    expect(km.median.reason).toMatch(/lower confidence curve never falls/);
    expect(survivalAt(km, 5).reason).toMatch(/survival is 0/);
    expect(survivalAt(km, 99).estimate).toBe(0);
  });

  it('all events at one time', () => {
    // KM all events at one time  survfit(Surv(time, event) ~ 1, conf.type = 'log-log', conf.int = 0.95)
    const r = {
      time: [4],
      n_risk: [3],
      n_event: [3],
      n_censor: [0],
      survival: [0],
      std_err: [null],
      ci_low: [null],
      ci_high: [null],
      median: [4, null, null],
    };
    expectMatchesR(kaplanMeier([4, 4, 4], [1, 1, 1]), r);
  });

  it('a single censored subject: survival 1, interval null, median not reached', () => {
    const km = kaplanMeier([7], [0]);
    expect(km.table).toEqual([
      { time: 7, n_risk: 1, n_event: 0, n_censor: 1, survival: 1, std_err: 0, ci_low: null, ci_high: null },
    ]);
    expect(km.median.estimate).toBeNull();
    expect(km.median.reason).toMatch(/no events/);
  });

  it('all censored: no events, with a reason, never NaN', () => {
    const km = kaplanMeier([3, 1, 2, 2], [0, 0, 0, 0]);
    expect(km.reason).toMatch(/no events/);
    expect(km.table.map((r) => r.survival)).toEqual([1, 1, 1]);
    expect(km.table.every((r) => r.ci_low === null && r.ci_high === null && r.std_err === 0)).toBe(true);
    expect(km.median).toMatchObject({ estimate: null, ci_low: null, ci_high: null });
    expect(JSON.stringify(km)).not.toMatch(/NaN|Infinity/);
  });

  it('no subjects: empty table and a reason', () => {
    const km = kaplanMeier([], []);
    expect(km.table).toEqual([]);
    expect(km.reason).toBe('no subjects');
    expect(km.median.estimate).toBeNull();
    expect(survivalAt(km, 10)).toMatchObject({ estimate: null, reason: 'no subjects' });
  });

  it('the median is not reached when survival stays above 0.5', () => {
    const km = kaplanMeier([1, 2, 3, 4, 5], [1, 0, 0, 0, 0]);
    expect(km.median.estimate).toBeNull();
    expect(km.median.reason).toMatch(/not reached/);
  });
});

describe('survivalAt', () => {
  const km = kaplanMeier(AML_TIME, AML_STATUS);
  it('is 1 before the first observed time, with no interval', () => {
    expect(survivalAt(km, 0)).toMatchObject({ estimate: 1, std_err: 0, ci_low: null, ci_high: null });
  });
  it('holds the value between observed times (right-continuous step)', () => {
    expect(survivalAt(km, 12.99).estimate).toBe(km.table[3].survival);
    expect(survivalAt(km, 13).estimate).toBe(km.table[4].survival);
  });
  it('is null beyond the last follow-up time when survival has not reached 0', () => {
    const s = survivalAt(km, 162);
    expect(s.estimate).toBeNull();
    expect(s.reason).toMatch(/after the last follow-up time \(161\)/);
  });
  it('rejects a NaN time', () => {
    expect(() => survivalAt(km, Number.NaN)).toThrow(RangeError);
  });
});

describe('kaplanMeier bad arguments throw RangeError', () => {
  it.each([
    ['unequal lengths', () => kaplanMeier([1, 2], [1])],
    ['event flag 2', () => kaplanMeier([1, 2], [1, 2])],
    ['negative time', () => kaplanMeier([-1, 2], [1, 0])],
    ['NaN time', () => kaplanMeier([Number.NaN], [1])],
    ['infinite time', () => kaplanMeier([Infinity], [1])],
    ['level 1', () => kaplanMeier([1], [1], { level: 1 })],
    ['level 0', () => kaplanMeier([1], [1], { level: 0 })],
  ])('%s', (_label, f) => {
    expect(f).toThrow(RangeError);
  });
});
