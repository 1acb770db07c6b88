/**
 * summariseProfile reads a V8 .cpuprofile (node --cpu-prof) and says where
 * the time went: self time per function, and per area (TLS, HTTP, JSON,
 * the product's own code, garbage collection), as shares of the time the
 * process was busy (idle samples left out, since a server under a noisy
 * load waits a lot), so that a profile can be read without opening
 * DevTools. Runnable on its own:
 *
 *   node bench/lib/profile-summary.js bench/results/profiles/CPU.*.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** AREAS classify a profile node by its function name and script; the first match wins. */
const AREAS = [
  ['garbage collection', (n) => n.functionName === '(garbage collector)'],
  ['V8/native, unattributed', (n) => n.functionName === '(program)'],
  ['JSON.parse', (n) => n.functionName === 'parse' && n.url === ''],
  ['JSON.stringify', (n) => n.functionName === 'stringify' && n.url === ''],
  ['product: admission (dist/admission)', (n) => /\/dist\/admission\//.test(n.url)],
  ['product: validation and rules', (n) => /\/dist\/(validation|resources)\//.test(n.url)],
  ['product: server (dist/server)', (n) => /\/dist\/server\//.test(n.url)],
  ['ajv compiled validators', (n) => /ajv/.test(n.url) || (n.url === '' && /^validate\d*$/.test(n.functionName))],
  ['logging (pino, sonic-boom)', (n) => /node_modules\/(pino|sonic-boom|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)\//.test(n.url)],
  ['metrics (prom-client)', (n) => /node_modules\/(prom-client|tdigest|bintrees)\//.test(n.url)],
  ['node: fs (log writes)', (n) => /node:(fs|internal\/fs)/.test(n.url)],
  ['express', (n) => /node_modules\/(express|router|body-parser|finalhandler|send|on-finished|type-is|content-type)/.test(n.url)],
  ['node: tls and crypto', (n) => /node:(_)?tls|node:internal\/tls|node:crypto|node:internal\/crypto/.test(n.url) || /^(TLSWrap|SSL)/.test(n.functionName)],
  ['node: http', (n) => /node:(_http|http|internal\/http)/.test(n.url)],
  ['node: streams and net', (n) => /node:(internal\/streams|stream|net|internal\/stream_base_commons)/.test(n.url)],
  ['node: other internals', (n) => /^node:/.test(n.url)],
  ['native (writev, buffers, …)', (n) => n.url === ''],
];

function areaOf(callFrame) {
  return AREAS.find(([, test]) => test(callFrame))?.[0] ?? 'other JavaScript';
}

/** summariseProfile returns self time by area and the top functions, as percentages of the busy samples. */
export function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const areas = new Map();
  const functions = new Map();
  for (const [id, count] of counts) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + count);
    const where = frame.url ? `${frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : '(native)';
    const key = `${frame.functionName || '(anonymous)'}\t${where}`;
    functions.set(key, (functions.get(key) ?? 0) + count);
  }
  const busy = [...areas.values()].reduce((a, b) => a + b, 0);
  return {
    samples: total,
    busyPercent: (busy / total) * 100,
    areas: [...areas].map(([area, count]) => ({ area, percent: (count / busy) * 100 })).sort((a, b) => b.percent - a.percent),
    functions: [...functions]
      .map(([key, count]) => {
        const [name, where] = key.split('\t');
        return { name, where, percent: (count / busy) * 100 };
      })
      .sort((a, b) => b.percent - a.percent)
      .slice(0, 40),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) {
    const summary = summariseProfile(file);
    process.stdout.write(`${file}: ${summary.samples} samples, ${summary.busyPercent.toFixed(1)} % busy; shares of the busy time:\n`);
    for (const a of summary.areas) process.stdout.write(`  ${a.percent.toFixed(1).padStart(5)} %  ${a.area}\n`);
    process.stdout.write('top functions by self time:\n');
    for (const f of summary.functions.slice(0, 30)) process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}\n`);
  }
}
