// What a drop holds: its files, and the files of its folders (recursively), each named by its
// path in the drop so that files of the same name from different folders stay apart. Files are
// File handles (read when checked); an entry that cannot be read becomes `{ name, error }`, its
// own error line, never a page error that loses the rest of the drop.
//
// The DataTransfer is only readable during the drop event: `readDrop` takes its entries at
// once and walks them after.

const path = (entry) => entry.fullPath.replace(/^\/+/, '') || entry.name;

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
const entriesOf = (reader) => new Promise((resolve, reject) => reader.readEntries(resolve, reject));

async function walk(entry, out) {
  if (entry.isFile) {
    try {
      out.push({ name: path(entry), file: await fileOf(entry) });
    } catch (e) {
      out.push({ name: path(entry), error: e?.message ?? String(e) });
    }
    return;
  }
  if (!entry.isDirectory) return;
  const reader = entry.createReader();
  // readEntries gives a folder's entries a batch at a time, until an empty batch
  for (;;) {
    let batch;
    try {
      batch = await entriesOf(reader);
    } catch (e) {
      out.push({ name: `${path(entry)}/`, error: `the folder cannot be read: ${e?.message ?? e}` });
      return;
    }
    if (!batch.length) return;
    batch.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of batch) await walk(e, out);
  }
}

/** The drop's items as `[{ name, file } | { name, error }]`, folders walked, in name order. */
export function readDrop(dataTransfer) {
  const items = [...(dataTransfer?.items ?? [])].filter((i) => i.kind === 'file');
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  const files = [...(dataTransfer?.files ?? [])];
  return (async () => {
    const out = [];
    if (entries.length && entries.every(Boolean)) {
      for (const e of entries) await walk(e, out);
    } else {
      // no entries API: the files as given (a folder among them cannot be read as one)
      for (const f of files) out.push({ name: f.name, file: f });
    }
    return out;
  })();
}
