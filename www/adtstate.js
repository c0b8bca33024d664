// The ADT sequence state the page checks against: the last SequenceNumber recorded per User
// ID. It changes only on purpose — "Record as submitted" on an accepted ADT file, its undo, or
// a reset — never because a file was checked (a trial check must not use up a number). It is
// kept in this browser's storage so it outlives a reload; a change made by another tab is
// offered, not silently used.

export const STATE_KEY = 'sec-rules.adt-state';

function read(storage) {
  try {
    const v = JSON.parse(storage.getItem(STATE_KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

export class AdtState {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
    this.recorded = read(storage);
    this.undo = []; // [{ user, before }] most recent last, made in this page
  }

  /** What the checks start from: a copy of what is recorded. */
  get state() { return { ...this.recorded }; }

  get size() { return Object.keys(this.recorded).length; }

  /** Records an accepted file's SequenceNumber for its User ID, as the DCC would. */
  record({ user_id: user, sequence_number: n }) {
    this.undo.push({ user, before: this.recorded[user] });
    this.recorded = { ...this.recorded, [user]: n };
    this.save();
  }

  /** Whether this file's number is what is recorded for its User ID. */
  isRecorded(adt) { return adt != null && this.recorded[adt.user_id] === adt.sequence_number; }

  /** Whether this file's record can be undone (it was made in this page, and is the last for its User ID). */
  canUndo(adt) {
    const last = this.undo.findLast((u) => u.user === adt.user_id);
    return Boolean(last) && this.isRecorded(adt);
  }

  /** Undoes this file's record: its User ID goes back to what was recorded before it. */
  undoFor(adt) {
    if (!this.canUndo(adt)) return false;
    const at = this.undo.findLastIndex((u) => u.user === adt.user_id);
    const [{ before }] = this.undo.splice(at, 1);
    const next = { ...this.recorded };
    if (before == null) delete next[adt.user_id]; else next[adt.user_id] = before;
    this.recorded = next;
    this.save();
    return true;
  }

  reset() {
    this.recorded = {};
    this.undo = [];
    this.save();
  }

  /** Takes what storage holds now (another tab's records). */
  reload() {
    this.recorded = read(this.storage);
    this.undo = [];
  }

  /** Whether storage holds something other than this page's state. */
  differs() { return JSON.stringify(read(this.storage)) !== JSON.stringify(this.recorded); }

  save() {
    try {
      if (this.size) this.storage.setItem(STATE_KEY, JSON.stringify(this.recorded));
      else this.storage.removeItem(STATE_KEY);
    } catch { /* storage refused (private mode): the state lives in this page only */ }
  }
}
