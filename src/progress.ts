import cliProgress from 'cli-progress';
import type { Skipped } from './index/article.js';
import type { BuildProgress } from './index/build-progress.js';
import { printable } from './text/text.js';

/** How the line of a skipped file starts, for a reader of the build's output (the bot's /reindex). */
export const SKIPPED = 'skipped ';
/** What the build's summary says after its count of skipped files: they are on the lines before it. */
export const LISTED_ABOVE = ' (listed above)';

/** A skipped file on one line, whatever its name holds (a line feed in a name must not forge another line). */
const skipLine = (item: Skipped) => `${SKIPPED}${printable(item.source)}: ${printable(item.reason)}`;

/**
 * Build progress for a person: a bar per counted phase on a terminal, plain lines (each phase, then every tenth)
 * in logs and pipes. Skipped files are always reported on their own line with the reason.
 */
export function buildProgress(stream: NodeJS.WriteStream = process.stderr): BuildProgress {
  if (stream.isTTY) {
    // a MultiBar of one: it logs lines above its bar and redraws the bar under them (a line feed after a SingleBar
    // left a blank line whenever the bar was not redrawn between two lines, and its stop went back to where it started)
    let bars: cliProgress.MultiBar | null = null;
    let bar: cliProgress.SingleBar | null = null;
    const stop = () => {
      bars?.stop();
      [bars, bar] = [null, null];
    };
    const above = (line: string) => {
      if (!bars) return void stream.write(`${line}\n`);
      bars.log(`${line}\n`);
      bars.update();
    };
    return {
      phase(name, total) {
        stop();
        if (total === undefined) return void stream.write(`${name}…\n`);
        // redrawn on every update, not only when its value moved: a line logged above it must not leave it undrawn
        bars = new cliProgress.MultiBar(
          { stream, format: `${name} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: false, forceRedraw: true },
          cliProgress.Presets.shades_classic,
        );
        bar = bars.create(total, 0);
      },
      tick(n = 1) {
        bar?.increment(n);
      },
      skipped(item) {
        above(skipLine(item));
      },
      notice(message) {
        above(`wenda: ${printable(message)}`);
      },
      end: stop,
    };
  }
  let name = '';
  let total = 0;
  let done = 0;
  let nextReport = 0;
  return {
    phase(phaseName, phaseTotal) {
      name = phaseName;
      total = phaseTotal ?? 0;
      done = 0;
      nextReport = total / 10;
      stream.write(total ? `${name}: 0/${total}\n` : `${name}\n`);
    },
    tick(n = 1) {
      done += n;
      if (total && (done >= nextReport || done === total)) {
        stream.write(`${name}: ${done}/${total}\n`);
        nextReport = done + total / 10;
      }
    },
    skipped(item) {
      stream.write(`${skipLine(item)}\n`);
    },
    notice(message) {
      stream.write(`wenda: ${printable(message)}\n`);
    },
    end() {},
  };
}

/** Download progress: a bar per file on a terminal, a line per file once it is all there otherwise. */
export function downloadProgress(stream: NodeJS.WriteStream = process.stderr): (file: string, loaded: number, total: number) => void {
  const bars = new Map<string, cliProgress.SingleBar>();
  return (file, loaded, total) => {
    if (!stream.isTTY) {
      if (total && loaded >= total) stream.write(`${file}: ${Math.ceil(total / 1024)} KB\n`);
      return;
    }
    let bar = bars.get(file);
    if (!bar) {
      bar = new cliProgress.SingleBar({ stream, format: `${file} [{bar}] {percentage}%`, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total || 1, 0);
      bars.set(file, bar);
    }
    bar.update(loaded);
    if (total && loaded >= total) bar.stop();
  };
}
