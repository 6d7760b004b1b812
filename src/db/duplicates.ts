// Bulk inserts that may meet documents stored already (a restore run again after it stopped):
// with `ordered: false` the server inserts every other document and reports the duplicates,
// which are then no error. Any other write error still is.

type WriteError = { code?: number; err?: { code?: number } };

function isOnlyDuplicates(error: unknown): boolean {
  const { code, writeErrors } = error as { code?: number; writeErrors?: WriteError | WriteError[] };
  if (writeErrors === undefined) return code === 11000;
  const errors = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return errors.length > 0 && errors.every((entry) => (entry.code ?? entry.err?.code) === 11000);
}

/** Waits for an unordered bulk insert, taking documents that exist already as inserted. */
export async function ignoringDuplicates(insert: Promise<unknown>): Promise<void> {
  try {
    await insert;
  } catch (error) {
    if (!isOnlyDuplicates(error)) throw error;
  }
}
