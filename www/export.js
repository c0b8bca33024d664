// Exports of reports (the contract JSON objects): JSON Lines, CSV (one row per finding) and
// SARIF 2.1.0 (one result per failed or not-evaluated finding), for code review and CI tools.

export function toJsonLines(reports) {
  return reports.map((r) => JSON.stringify(r)).join('\n') + (reports.length ? '\n' : '');
}

const cell = (v) => {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(reports) {
  const head = ['file', 'kind', 'as_of', 'verdict', 'first_failure', 'response_code', 'rule', 'document', 'clause', 'outcome', 'advisory', 'line', 'column', 'path', 'message'];
  const rows = [head.join(',')];
  for (const r of reports) {
    for (const f of r.findings) {
      rows.push([r.file, r.kind, r.as_of, r.verdict, r.first_failure, r.response_code, f.rule, f.document, f.clause, f.outcome,
        f.advisory ? 'yes' : '', f.location?.line, f.location?.column, f.location?.path, f.message].map(cell).join(','));
    }
  }
  return rows.join('\r\n') + '\r\n';
}

export function toSarif(reports, catalogue, version) {
  const rules = catalogue.rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.document} ${r.clause}${r.assumption ? ` (assumption: ${r.note})` : ''}` },
    properties: { document: r.document, clause: r.clause, response_code: r.response_code, assumption: r.assumption },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.outcome !== 'fail' && f.outcome !== 'not-evaluated') continue;
      const loc = { physicalLocation: { artifactLocation: { uri: r.file } } };
      if (f.location?.line) loc.physicalLocation.region = { startLine: f.location.line, ...(f.location.column ? { startColumn: f.location.column } : {}) };
      if (f.location?.path) loc.logicalLocations = [{ fullyQualifiedName: f.location.path, kind: 'element' }];
      results.push({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: f.outcome === 'fail' ? (f.advisory ? 'warning' : 'error') : 'note',
        kind: f.outcome === 'fail' ? 'fail' : 'open',
        message: { text: `${f.message} [${f.clause}]` },
        locations: [loc],
        properties: { verdict: r.verdict, as_of: r.as_of, outcome: f.outcome, response_code: f.response_code ?? null },
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'sec-rules', version, informationUri: 'https://smartenergycodecompany.co.uk/', rules } }, results }],
  };
}
