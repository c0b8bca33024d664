// Exports of reports (the contract JSON objects): JSON Lines, CSV (one row per finding) and
// SARIF 2.1.0 (one result per failed or not-evaluated finding), for code review and CI tools.
// Made by the module (sec_rules::export), the same code as `sec-check --format csv|sarif|json`.
import { exportReports } from '../pkg/sec_rules.js';

export const toJsonLines = (reports) => exportReports('jsonl', reports);
export const toCsv = (reports) => exportReports('csv', reports);
export const toSarif = (reports) => JSON.parse(exportReports('sarif', reports));
