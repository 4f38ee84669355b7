import { useState } from 'react';

/**
 * The state a dialog's confirm button needs: `busy` while the work runs, and the service's
 * refusal kept in `error` so the dialog can show it next to what the user typed.
 */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
