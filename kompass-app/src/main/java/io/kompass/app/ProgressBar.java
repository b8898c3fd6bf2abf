package io.kompass.app;

import io.kompass.engine.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows progress on stderr. On a terminal it redraws one line in place, such as
 * {@code [#########...........]  45% deals.csv: loading}; elsewhere (a CI log, a file) it prints
 * one line each time the task changes, so logs stay readable.
 */
public final class ProgressBar implements Progress {

  private static final int BAR = 20;
  private static final int MAX_LINE = 79;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private String task;
  private int percent = -2;
  private long drawnAt;
  private int drawnWidth;

  public ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(String task, long done, long total) {
    int now = total > 0 ? (int) Math.max(0, Math.min(100, done * 100 / total)) : -1;
    boolean newTask = !task.equals(this.task);
    if (terminal) {
      long time = System.nanoTime();
      if (!newTask && (now == percent || time - drawnAt < REDRAW_NANOS)) {
        return;
      }
      draw(line(task, now, done), time);
    } else if (newTask) {
      err.println(now >= 0 ? String.format(Locale.ROOT, "%3d%% %s", now, task) : task);
      err.flush();
    }
    this.task = task;
    this.percent = now;
  }

  /** The task shown last, or null when none is running. */
  public synchronized String task() {
    return task;
  }

  /** Clears the progress line so that what follows starts on a clean line. */
  public synchronized void finish() {
    if (terminal && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
    task = null;
    percent = -2;
  }

  static String line(String task, int percent, long done) {
    String text;
    if (percent >= 0) {
      int filled = percent * BAR / 100;
      text = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3d%% ", percent) + task;
    } else {
      text = "[" + "~".repeat(BAR) + "] " + task + String.format(Locale.ROOT, " (%,d)", done);
    }
    return text.length() > MAX_LINE ? text.substring(0, MAX_LINE - 3) + "..." : text;
  }

  private void draw(String text, long time) {
    int pad = Math.max(0, drawnWidth - text.length());
    err.print("\r" + text + " ".repeat(pad));
    err.flush();
    drawnWidth = text.length();
    drawnAt = time;
  }
}
