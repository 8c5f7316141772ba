#!/usr/bin/env python3
"""measure.py RUNS OUTFILE ERRFILE CMD [ARG...] - run CMD RUNS times, one
after the other, for tests/bench/bench.sh, and print one line:

    MEDIAN_S MIN_S MAX_S PEAK_RSS_KIB MAX_EXIT_STATUS MEDIAN_RSS_KIB MIN_RSS_KIB MEDIAN_CPU_S MIN_CPU_S

Wall time is taken around each run (fork to reap).  The command's stdout is
a pipe that this process drains: never /dev/null, because GNU grep notices
an output of /dev/null and stops at the first match, which would fake its
time.  What the last run wrote goes to OUTFILE (- for nowhere), its stderr
to ERRFILE.  The peak
RSS is the largest over the runs of what GNU time (`/usr/bin/time -f %M`,
or $OTL_BENCH_GNU_TIME) reports for the command: wait4() here would not do,
because a child forked from this Python process starts with the
interpreter's resident pages already counted in its ru_maxrss (about 14
MiB); GNU time is small, so its floor is about 1.5 MiB.  Without GNU time
the wait4() figure is printed, and is only an upper bound.  The median and
the smallest of the runs' peaks follow: one run's peak RSS varies by about
half a MiB with how the threads happen to interleave.  MEDIAN_CPU_S and
MIN_CPU_S are the median and the least of the runs' CPU time, user +
system, from wait4() (the command's and that of the children it waited for,
GNU time included, which is small): for a command on one thread it depends
less than wall time on what else the machine runs, and contention only adds
to it.  A command killed by a signal counts as exit status 128 + the
signal.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = os.environ.get("OTL_BENCH_GNU_TIME", "/usr/bin/time")


def once(cmd, out, errfile, rssfile):
    if rssfile is not None:
        cmd = [GNU_TIME, "-q", "-o", rssfile, "-f", "%M"] + cmd
    with open(errfile, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
        fd = p.stdout.fileno()
        while True:
            b = os.read(fd, 1 << 20)
            if not b:
                break
            if out is not None:
                out.write(b)
        _, status, ru = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        cpu = ru.ru_utime + ru.ru_stime
    p.stdout.close()
    rc = os.waitstatus_to_exitcode(status)
    p.returncode = rc  # reaped here: keep Popen from waiting again
    rss = ru.ru_maxrss
    if rssfile is not None:
        with open(rssfile, encoding="ascii", errors="replace") as f:
            lines = f.read().split()
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return t, rss, (128 - rc if rc < 0 else rc), cpu


def main(argv):
    if len(argv) < 5:
        sys.stderr.write("usage: measure.py RUNS OUTFILE ERRFILE CMD [ARG...]\n")
        return 2
    runs, outfile, errfile, cmd = max(1, int(argv[1])), argv[2], argv[3], argv[4:]
    times, rss, rcs, peaks, cpus = [], 0, [], [], []
    rssfile = None
    if os.access(GNU_TIME, os.X_OK):
        fd, rssfile = tempfile.mkstemp(prefix="otl-bench-rss.")
        os.close(fd)
    try:
        for k in range(runs):
            if outfile != "-" and k == runs - 1:
                with open(outfile, "wb") as out:
                    t, m, rc, c = once(cmd, out, errfile, rssfile)
            else:
                t, m, rc, c = once(cmd, None, errfile, rssfile)
            times.append(t)
            cpus.append(c)
            rss = max(rss, m)
            peaks.append(m)
            rcs.append(rc)
    except (OSError, ValueError) as e:
        sys.stderr.write("measure.py: %s: %s\n" % (cmd[0], e))
        return 1
    finally:
        if rssfile is not None:
            os.unlink(rssfile)
    print("%.4f %.4f %.4f %d %d %d %d %.4f %.4f" % (statistics.median(times), min(times), max(times), rss,
                                                   max(rcs), statistics.median_low(peaks), min(peaks),
                                                   statistics.median(cpus), min(cpus)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
