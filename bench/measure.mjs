// The measurements, shared by node and the browser: the module `m` (pkg/sec_rules.js, already
// initialised), a batch of distinct signed documents, and the inputs they are checked with.
// Each run uses a fresh Session (an empty cache) and goes once through the batch: no document
// is checked twice within a timed run.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureBatch(m, docs, trust, context, { runs = 5, opts = { as_of: '2024-03-01' }, verifier = null, fileRuns = runs } = {}) {
  const session = () => {
    const s = new m.Session();
    if (verifier) s.setVerifier(verifier);
    s.addCertificates('trust.pem', trust);
    s.setContext('context.json', context);
    return s;
  };
  const verdicts = new Map();
  const count = (r) => verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
  const file = [];
  for (let r = 0; r < fileRuns; r++) {
    const s = session();
    const t0 = performance.now();
    for (const d of docs) {
      const rep = s.checkFile(d.name, d.bytes, opts);
      if (r === 0) count(rep);
    }
    file.push(((performance.now() - t0) * 1000) / docs.length);
    s.free();
  }
  const batch = [];
  let fallback = 0;
  let same = true;
  for (let r = 0; r < runs; r++) {
    const s = session();
    const t0 = performance.now();
    const reps = await s.checkBatch(docs, opts);
    batch.push(((performance.now() - t0) * 1000) / docs.length);
    if (r === 0) {
      const ref = session();
      for (let i = 0; i < docs.length; i += 17) {
        if (JSON.stringify(ref.checkFile(docs[i].name, docs[i].bytes, opts)) !== JSON.stringify(reps[i])) same = false;
      }
      ref.free();
    }
    fallback += s.fallbackVerifications;
    s.free();
  }
  return { checkFile: fileRuns ? median(file) : null, checkBatch: median(batch), fallback, same, verdicts: Object.fromEntries(verdicts) };
}

export function rows(m, n) {
  const enc = new TextEncoder();
  let inv = 'device_id,device_type,smets,status,cos_credentials,manufacturer,model,hardware_version,firmware_version,chf_device_id,commissioned_date,pending_cos_date,last_cos_date,technical_issue,gas_supplier,electricity_supplier\n';
  for (let i = 0; i < n; i++) inv += `${i.toString(16).padStart(16, '0')},ESME,2,Commissioned,TCoS,M,${'ABCD'[i % 4]},1,${i % 7},,2020-01-01,,,,,\n`;
  let adt = 'UserID,SequenceNumber,ServiceReferenceVariant,TimePeriodApplicable,AnomalyDetectionThreshold,WarningThreshold\n';
  for (let i = 0; i < n; i++) adt += `90-B3-D5-1F-30-01-00-00,9,6.23,${i + 1},${i % 1000},${i % 500}\n`;
  const invBytes = enc.encode(inv);
  const adtBytes = enc.encode(adt);
  const s = new m.Session();
  s.setModels('models.json', enc.encode('{"non_migratable":[],"proven":[],"migrated_counts":[]}'));
  let t0 = performance.now();
  const r = s.checkInventorySummary ? s.checkInventorySummary('inv.csv', invBytes, { as_of: '2024-03-01' }) : s.checkFile('inv.csv', invBytes, { as_of: '2024-03-01' });
  const inventory = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const a = s.checkFile('adt.csv', adtBytes, { as_of: '2024-03-01' });
  const adtRate = n / ((performance.now() - t0) / 1000);
  s.free();
  return { inventory, adt: adtRate, inventoryVerdict: r.verdict, adtVerdict: a.verdict };
}
