import { afterEach, describe, expect, it, vi } from 'vitest';
import { abandonOnSignal, type BuildHandles } from '../../src/index/build-handles.js';
import type { BuildProgress } from '../../src/index/build-progress.js';
import { tempDir } from '../helpers/fixtures.js';

afterEach(() => vi.restoreAllMocks());

describe('a build stopped by a signal', () => {
  it('finishes removing what it wrote when a second signal comes meanwhile, then ends by the first', () => {
    const { dir, cleanup } = tempDir();
    const raised = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const notices: string[] = [];
    const listening: number[] = [];
    let abandoned = 0;
    let released = 0;
    const handles = {
      indexDir: dir,
      inUse: () => false,
      abandon: () => {
        abandoned++;
        // Ctrl-C pressed again while the first is handled: with no handler left, it would end the process here
        listening.push(process.listenerCount('SIGINT'));
        process.emit('SIGINT', 'SIGINT');
      },
    } as unknown as BuildHandles;
    const progress: BuildProgress = { phase() {}, tick() {}, skipped() {}, notice: (m) => void notices.push(m), end() {} };
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    try {
      abandonOnSignal(handles, progress, { release: () => void released++ });
      process.emit('SIGINT', 'SIGINT');
      expect(listening).toEqual([before + 1]);
      expect(abandoned).toBe(1);
      expect(notices).toEqual(['build interrupted (SIGINT); there is no index yet']);
      expect(released).toBe(1);
      expect(raised.mock.calls).toEqual([[process.pid, 'SIGINT']]);
      // the handlers are off before the signal is raised again, so that it ends the process
      expect(process.listenerCount('SIGINT')).toBe(before);
      expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
    } finally {
      cleanup();
    }
  });
});
