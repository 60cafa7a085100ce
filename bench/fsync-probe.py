#!/usr/bin/env python3
"""Disk fsync stalls, to tell them apart from the server's own: writes 8 KB and calls fdatasync every 5 ms on a
file in DIR (put it on the disk PostgreSQL's WAL is on) for SECONDS, then prints each fsync over 20 ms with when it
started (UTC). Run it beside bench/ingest-load.sh and lay its stalls against the benchmark's SLOW_FILE.

    python3 bench/fsync-probe.py /var/lib/postgresql 100 > /tmp/fsync.txt &
"""
import os
import sys
import time

directory, seconds = sys.argv[1], float(sys.argv[2])
path = os.path.join(directory, f"aigate-fsync-probe-{os.getpid()}.bin")
fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
block, end, count, slow = b"x" * 8192, time.time() + seconds, 0, []
try:
    while time.time() < end:
        started = time.time()
        os.pwrite(fd, block, (count % 128) * 8192)
        os.fdatasync(fd)
        took = (time.time() - started) * 1000
        count += 1
        if took > 20:
            slow.append((time.strftime("%H:%M:%S", time.gmtime(started)) + ".%03d" % int(started % 1 * 1000), took))
        time.sleep(0.005)
finally:
    os.close(fd)
    os.unlink(path)
print(f"fsyncs {count}, over 20 ms: {len(slow)}")
for when, took in slow:
    print(when, f"{took:.1f} ms")
